/** The Import CSV dialog: the file picked or dropped, its preview and choices, progress and Cancel. */
import { memo, useEffect, useRef, useState } from 'react';
import { proxy } from 'comlink';
import { columnLetters } from '../../model/address';
import { Dialog } from './Dialog';
import type { CsvFileReading, CsvImportAnswer, CsvImportChoice, CsvImportStep, CsvReading, Update } from '../../shared/messages';
import { useEditor } from '../editor/useEditor';
import { messageOf } from '../../shared/errors';

/** The progress bar shows only for an import that is still running after this long. */
const PROGRESS_DELAY_MS = 1000;
/** A preview wider than this shows its first columns and says how many more there are. */
const PREVIEW_COLUMNS = 40;

const DELIMITERS: { value: string; label: string }[] = [
  { value: ',', label: 'Comma ,' },
  { value: ';', label: 'Semicolon ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Vertical bar |' },
];

const ENCODINGS: Record<CsvFileReading['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with a byte order mark',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  shift_jis: 'Shift_JIS (Japanese)',
  'windows-1252': 'Windows-1252 (Western European)',
};

type Phase =
  | { kind: 'reading' }
  | { kind: 'ready' }
  | { kind: 'importing'; step: CsvImportStep | undefined; cancelling: boolean }
  | { kind: 'done'; answer: Extract<CsvImportAnswer, { outcome: 'imported' }> };

/** The dialog for a file picked or dropped (see useCsvImport), loaded the first time a CSV is imported. */
export default function ImportCsvDialog({ file, sheet, onClose }: { file: File; sheet: string; onClose: () => void }) {
  const editor = useEditor();
  const [reading, setReading] = useState<CsvReading>();
  const [phase, setPhase] = useState<Phase>({ kind: 'reading' });
  const [problem, setProblem] = useState<string>();
  // Text, so the field can be emptied on the way to another number.
  const [headerRowsText, setHeaderRowsText] = useState('0');
  const [target, setTarget] = useState<'new' | 'replace'>('new');
  const [sheetName, setSheetName] = useState('');
  const [formulas, setFormulas] = useState(false);
  const [progressShown, setProgressShown] = useState(false);
  const cancelled = useRef<Promise<Update | null> | undefined>(undefined);
  const importId = reading?.ok ? reading.importId : undefined;
  const headerRows = reading?.ok ? headerRowCount(headerRowsText, reading.rows.length) : undefined;

  useEffect(() => {
    const docId = editor.docId;
    if (!docId) return;
    let current = true;
    editor
      .engineCall((engine) => engine.readCsv(docId, file))
      .catch((error: unknown): CsvReading => ({ ok: false, fileName: file.name, size: file.size, problem: messageOf(error) }))
      .then((answer) => {
        if (!current) {
          if (answer.ok) void editor.engineCall((engine) => engine.closeCsv(answer.importId));
          return;
        }
        setReading(answer);
        setPhase({ kind: 'ready' });
        if (answer.ok) {
          setHeaderRowsText(String(answer.headerRows));
          setSheetName(answer.sheetName);
        }
      });
    return () => {
      current = false;
    };
  }, [editor, file]);

  // The worker holds the file's text until the dialog closes.
  useEffect(() => {
    if (importId === undefined) return;
    return () => void editor.engineCall((engine) => engine.closeCsv(importId));
  }, [editor, importId]);

  const changeDelimiter = async (delimiter: string) => {
    if (!reading?.ok) return;
    const answer = await editor.engineCall((engine) => engine.previewCsv(reading.importId, delimiter)).catch((error: unknown) => {
      setProblem(messageOf(error));
      return undefined;
    });
    if (!answer?.ok) return;
    setReading(answer);
    setHeaderRowsText(String(answer.headerRows));
    setProblem(undefined);
  };

  const start = async () => {
    const docId = editor.docId;
    if (!reading?.ok || phase.kind !== 'ready' || !docId || headerRows === undefined) return;
    if (editor.editing) await editor.commit('none', { polite: true });
    const choice: CsvImportChoice = {
      delimiter: reading.delimiter,
      headerRows,
      formulas: formulas ? 'evaluate' : 'as-text',
      target: target === 'new' ? { kind: 'new', name: sheetName } : { kind: 'replace', sheet },
    };
    setProblem(undefined);
    setProgressShown(false);
    setPhase({ kind: 'importing', step: undefined, cancelling: false });
    const timer = setTimeout(() => setProgressShown(true), PROGRESS_DELAY_MS);
    const onStep = proxy((step: CsvImportStep) => setPhase((now) => (now.kind === 'importing' ? { ...now, step } : now)));
    let answer: CsvImportAnswer;
    try {
      answer = await editor.engineCall((engine) => engine.importCsv(docId, reading.importId, choice, editor.request(), onStep));
    } catch (error) {
      answer = { outcome: 'refused', problem: messageOf(error) };
    } finally {
      clearTimeout(timer);
    }
    // A cancel that reached the worker after the rows were written takes them back: show that answer instead.
    const cancelAnswer = cancelled.current;
    cancelled.current = undefined;
    const taken = cancelAnswer && (await cancelAnswer.catch(() => null));
    if (answer.outcome === 'cancelled' || taken) {
      if (taken) editor.showEdit(taken);
      editor.setNotice({ kind: 'info', text: `The import of ${reading.fileName} was cancelled; nothing changed.` });
      onClose();
      return;
    }
    if (answer.outcome === 'refused') {
      setProblem(answer.problem);
      setPhase({ kind: 'ready' });
      return;
    }
    editor.showEdit(answer.update);
    if (answer.warnings.length > 0) {
      setPhase({ kind: 'done', answer });
      return;
    }
    editor.setNotice({ kind: 'info', text: summary(reading.fileName, answer, target) });
    onClose();
  };

  const cancel = () => {
    if (phase.kind !== 'importing') {
      onClose();
      return;
    }
    if (phase.cancelling || importId === undefined) return;
    setPhase({ ...phase, cancelling: true });
    cancelled.current = editor.engineCall((engine) => engine.cancelCsvImport(importId, editor.request()));
  };

  const busy = phase.kind === 'importing';
  if (phase.kind === 'done') {
    return (
      <Dialog title={`Imported ${reading?.fileName ?? file.name}`} confirm="Done" cancel={null} danger={false} onClose={onClose} onConfirm={onClose} className="dialog-wide">
        <p>{summary(reading?.fileName ?? file.name, phase.answer, target)}</p>
        <ul className="csv-warnings" aria-label="What to check">
          {phase.answer.warnings.map((warning) => (
            <li key={warning}>{sentence(warning)}</li>
          ))}
        </ul>
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Import CSV"
      confirm={busy ? 'Importing…' : 'Import'}
      danger={false}
      confirmDisabled={busy || !reading?.ok || headerRows === undefined}
      onClose={cancel}
      onConfirm={() => void start()}
      className="dialog-wide"
    >
      <p className="csv-file">
        <strong>{file.name}</strong>
        <span>{formatBytes(file.size)}</span>
        {reading?.ok && <span>{ENCODINGS[reading.encoding]}</span>}
        {reading?.ok && <span>{rowCount(reading)}</span>}
      </p>
      {phase.kind === 'reading' && (
        <p className="muted" role="status">
          Reading the file…
        </p>
      )}
      {reading && !reading.ok && (
        <p className="field-problem" role="alert">
          {sentence(reading.problem)}
        </p>
      )}
      {reading?.ok && (
        <fieldset className="csv-form" disabled={busy}>
          {reading.encodingNote && <p className="csv-note">{reading.encodingNote}</p>}
          <div className="csv-row">
            <label className="csv-inline">
              <span>Delimiter</span>
              <select value={reading.delimiter} onChange={(event) => void changeDelimiter(event.target.value)}>
                {DELIMITERS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                    {option.value === reading.detectedDelimiter ? ' (detected)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <label className="csv-inline" title="Rows at the top kept as text: column names, and a title or units above or below them. The numbers below them are typed as numbers.">
              <span>Header rows</span>
              <input
                type="number"
                min={0}
                max={reading.rows.length}
                step={1}
                value={headerRowsText}
                aria-invalid={headerRows === undefined}
                onChange={(event) => setHeaderRowsText(event.target.value)}
              />
            </label>
          </div>
          {headerRows === undefined && (
            <p className="field-problem" role="alert">
              Header rows: a whole number from 0 to {reading.rows.length}, the rows shown below.
            </p>
          )}
          <CsvPreview rows={reading.rows} headerRows={headerRows ?? 0} />
          <div className="csv-target" role="radiogroup" aria-label="Import into">
            <div className="csv-check">
              <label className="csv-check">
                <input type="radio" name="csv-target" checked={target === 'new'} onChange={() => setTarget('new')} />
                A new sheet named
              </label>
              <input
                className="csv-sheet-name"
                aria-label="New sheet name"
                value={sheetName}
                maxLength={31}
                onChange={(event) => {
                  setSheetName(event.target.value);
                  setTarget('new');
                }}
              />
            </div>
            <label className="csv-check">
              <input type="radio" name="csv-target" checked={target === 'replace'} onChange={() => setTarget('replace')} />
              Replace everything on the sheet “{sheet}”
            </label>
          </div>
          <label className="csv-check">
            <input type="checkbox" checked={formulas} onChange={(event) => setFormulas(event.target.checked)} />
            Treat text starting with = as formulas
          </label>
          <p className="csv-note">{formulas ? 'Fields such as =A1*2 become live formulas; only do this for a file you trust.' : 'Off: a field such as =A1*2 stays text, so a file cannot run formulas you did not write.'}</p>
        </fieldset>
      )}
      {busy && progressShown && <ImportProgress step={phase.step} cancelling={phase.cancelling} />}
      {problem && (
        <p className="field-problem" role="alert">
          {sentence(problem)}
        </p>
      )}
    </Dialog>
  );
}

/** The header rows typed, when they are a whole number the preview can show; none otherwise. */
function headerRowCount(text: string, previewRows: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const count = Number(text);
  return count <= previewRows ? count : undefined;
}

// Memoised: progress re-renders the dialog several times a second while the preview stays as it is.
const CsvPreview = memo(function CsvPreview({ rows, headerRows }: { rows: string[][]; headerRows: number }) {
  const width = rows.reduce((widest, row) => Math.max(widest, row.length), 0);
  const shown = Math.min(width, PREVIEW_COLUMNS);
  const columns = Array.from({ length: shown }, (_, col) => col);
  return (
    <div className="csv-preview" role="region" aria-label="Preview of the first rows" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">Row</span>
            </th>
            {columns.map((col) => (
              <th key={col} scope="col">
                {columnLetters(col)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className={index < headerRows ? 'is-header' : undefined}>
              <th scope="row">{index + 1}</th>
              {columns.map((col) => (
                <td key={col} title={row[col]}>
                  {row[col] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {width > shown && <p className="csv-note">and {(width - shown).toLocaleString('en-US')} more columns</p>}
    </div>
  );
});

function ImportProgress({ step, cancelling }: { step: CsvImportStep | undefined; cancelling: boolean }) {
  const writing = step?.stage === 'writing';
  const text = cancelling
    ? 'Cancelling…'
    : writing
      ? `Writing ${step.rows.toLocaleString('en-US')} rows into the sheet…`
      : `Reading the rows… ${Math.round((step?.fraction ?? 0) * 100)}%`;
  return (
    <div className="csv-progress" role="status">
      <span>{text}</span>
      {/* Writing is one step in the worker, with no steps to count: the bar runs without a value. */}
      {writing || cancelling ? <progress aria-label="Import progress" /> : <progress aria-label="Import progress" max={1} value={step?.fraction ?? 0} />}
    </div>
  );
}

function summary(fileName: string, answer: Extract<CsvImportAnswer, { outcome: 'imported' }>, target: 'new' | 'replace'): string {
  const size = `${answer.rows.toLocaleString('en-US')} row${answer.rows === 1 ? '' : 's'} × ${answer.cols.toLocaleString('en-US')} column${answer.cols === 1 ? '' : 's'}`;
  const where = target === 'new' ? `the new sheet “${answer.sheet}”` : `the sheet “${answer.sheet}”`;
  return `Imported ${size} from ${fileName} into ${where}. Undo takes it back.`;
}

function rowCount(reading: CsvFileReading): string {
  const rows = reading.estimatedRows.toLocaleString('en-US');
  return reading.estimatedRows > reading.rows.length ? `about ${rows} rows` : `${rows} row${reading.estimatedRows === 1 ? '' : 's'}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The engine's messages are clauses ("row 3: a quoted field…"); the dialog shows them as sentences. */
function sentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

