/**
 * "Import CSV into a sheet", on the engine's side of the worker: the file is read and decoded here,
 * parsed in chunks between which a cancel gets through, and written into the workbook as one undo
 * step. The page picks the file, shows the choices and the progress, and asks.
 */
import { csvSizeProblem, csvToSheet, decodeCsvBytes, firstRowIsHeader, previewCsv, type CsvEncoding, type CsvPreview } from '../io/csvImport';
import { sheetNameProblem } from '../model';
import type { DocSession } from './session/docSession';
import { EditError } from './session/editError';
import type { CsvImports } from '../shared/csvImport';
import type { CsvReading, Selected, Update, WindowRequest } from '../shared/messages';

const PREVIEW_ROWS = 10;
const SHEET_NAME_LENGTH = 31;

interface HeldFile {
  fileName: string;
  size: number;
  text: string;
  encoding: CsvEncoding;
  note: string | undefined;
  detected: CsvPreview;
  sheetName: string;
  /** While the rows are read: what cancel aborts. */
  reading?: AbortController | undefined;
  /** Once written: where, and the revision it made, so a cancel that arrives late can take back exactly that. */
  written?: { docId: string; revision: number } | undefined;
}

export interface ImportTarget {
  session(docId: string): DocSession;
  /** The engine's answer to an edit: the new state, the window on screen, where to look; the edit is saved. */
  answer(doc: DocSession, request: WindowRequest | null, select?: Selected): Update;
}

export function createCsvImports(target: ImportTarget): CsvImports {
  const files = new Map<string, HeldFile>();
  let count = 0;

  function reading(importId: string, held: HeldFile, preview: CsvPreview): CsvReading {
    return {
      ok: true,
      importId,
      fileName: held.fileName,
      size: held.size,
      encoding: held.encoding,
      ...(held.note === undefined ? {} : { encodingNote: held.note }),
      delimiter: preview.delimiter,
      detectedDelimiter: held.detected.delimiter,
      rows: preview.rows,
      estimatedRows: preview.estimatedRows,
      headerRows: firstRowIsHeader(preview.rows) ? 1 : 0,
      sheetName: held.sheetName,
    };
  }

  function held(importId: string): HeldFile {
    const found = files.get(importId);
    if (!found) throw new EditError('the CSV file is no longer held; choose it again');
    return found;
  }

  return {
    async readCsv(docId, file) {
      const { name: fileName, size } = file;
      const tooBig = csvSizeProblem(size);
      if (tooBig) return { ok: false, fileName, size, problem: tooBig.problem };
      const decoded = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
      if (!decoded.ok) return { ok: false, fileName, size, problem: decoded.problem };
      const detected = previewCsv(decoded.text, PREVIEW_ROWS);
      count += 1;
      const importId = `csv-${count}`;
      const entry: HeldFile = { fileName, size, text: decoded.text, encoding: decoded.encoding, note: decoded.note, detected, sheetName: sheetNameFor(fileName, target.session(docId).sheetNames()) };
      files.set(importId, entry);
      return reading(importId, entry, detected);
    },

    previewCsv(importId, delimiter) {
      const entry = held(importId);
      return reading(importId, entry, delimiter === entry.detected.delimiter ? entry.detected : previewCsv(entry.text, PREVIEW_ROWS, delimiter));
    },

    async importCsv(docId, importId, choice, request, onStep) {
      const entry = held(importId);
      if (!Number.isInteger(choice.headerRows) || choice.headerRows < 0) {
        return { outcome: 'refused', problem: `the number of header rows must be a whole number, 0 or more, not ${choice.headerRows}` };
      }
      const doc = target.session(docId);
      const controller = new AbortController();
      entry.reading = controller;
      entry.written = undefined;
      let result: Awaited<ReturnType<typeof csvToSheet>>;
      try {
        result = await csvToSheet(entry.text, {
          delimiter: choice.delimiter,
          headerRows: choice.headerRows,
          formulas: choice.formulas,
          signal: controller.signal,
          onProgress: (progress) => onStep({ stage: 'reading', rows: progress.rows, fraction: progress.fraction }),
        });
        // The last rows are typed without a pause: one more turn lets a cancel sent meanwhile arrive.
        await new Promise((resolve) => setTimeout(resolve, 0));
      } catch (error) {
        if (controller.signal.aborted) return { outcome: 'cancelled' };
        throw error;
      } finally {
        entry.reading = undefined;
      }
      if (controller.signal.aborted) return { outcome: 'cancelled' };
      if (!result.ok) return { outcome: 'refused', problem: result.problem };
      const { cells, warnings } = result.value;
      onStep({ stage: 'writing', rows: cells.length, fraction: 1 });
      const sheet = choice.target.kind === 'new' ? choice.target.name.trim() : choice.target.sheet;
      let select: Selected;
      try {
        select = doc.importSheet(sheet, cells, choice.target.kind);
      } catch (error) {
        if (error instanceof EditError || (error instanceof Error && error.name === 'WorkbookError')) return { outcome: 'refused', problem: error.message };
        throw error;
      }
      entry.written = { docId, revision: doc.revision };
      return { outcome: 'imported', update: target.answer(doc, request, select), sheet, rows: cells.length, cols: cells[0]?.length ?? 0, warnings };
    },

    cancelCsvImport(importId, request) {
      const entry = files.get(importId);
      if (!entry) return null;
      if (entry.reading) {
        entry.reading.abort();
        return null;
      }
      const written = entry.written;
      entry.written = undefined;
      if (!written) return null;
      const doc = target.session(written.docId);
      // Anything edited since is the person's own: the import stays, for undo to take back.
      if (doc.revision !== written.revision) return null;
      return target.answer(doc, request, doc.withdrawLast());
    },

    closeCsv(importId) {
      files.delete(importId);
    },
  };
}

/** The file's name without its extension, as a sheet name no other sheet has ("exports", "exports (2)"). */
export function sheetNameFor(fileName: string, taken: readonly string[]): string {
  const stem = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .replace(/[:\\/?*[\]]+/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim();
  // A sheet name may not begin with a digit (see sheetNameProblem): "2024 exports" becomes "CSV 2024 exports".
  let base = (/^[0-9]/.test(stem) ? `CSV ${stem}` : stem).slice(0, SHEET_NAME_LENGTH).trim();
  if (sheetNameProblem(base)) base = 'Imported';
  const used = new Set(taken.map((name) => name.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n += 1) {
    const suffix = ` (${n})`;
    const candidate = `${base.slice(0, SHEET_NAME_LENGTH - suffix.length).trim()}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
