/**
 * Sheets stored in blocks of rows, each block its own stored value: which blocks a save writes (those
 * holding a row changed since the last stored write), and the sheets assembled again from the blocks a
 * record lists, or why they cannot be.
 */
import type { SheetData } from '../../model';
import type { UnsavedMarks } from '../session/unsavedRows';

/**
 * Rows in a block. A one-cell edit writes one block: 1,000 rows of 10 columns took 2.7 ms to read out of
 * HyperFormula and 1.2 ms to copy as IndexedDB does (4,096 rows: 35 and 8 ms, a fifth of the 200 ms an
 * edit has to be stored in), and a 1,000,000-cell sheet is 100 blocks, a list of some 7 KB in the record
 * a tab reads before every save (250 rows: 400 blocks to list, and to read at each open).
 */
export const BLOCK_ROWS = 1000;

/** A stored block as the record lists it: where, which write stored it, and how many rows it holds. */
export interface BlockEntry {
  key: string;
  stamp: string;
  rows: number;
}

/** A sheet in a record: its name (the record keeps the sheets in tab order), its width, and its blocks top to bottom. */
export interface SheetBlocks {
  name: string;
  cols: number;
  blocks: BlockEntry[];
}

/** A block as stored: the stamp of the write that stored it, which the record lists beside its key. */
export interface StoredBlock {
  stamp: string;
  rows: SheetData;
}

/** The scenario as it stands, or the preset's copy beside it. */
export type PartName = 'current' | 'base';

/** A sheet as a save reads it: a block's rows are read only when the block is written. */
export interface SheetSource {
  name: string;
  rows: number;
  cols: number;
  read(top: number, count: number): SheetData;
}

/** Never parsed back: the record lists each key. A sheet's name is encoded, so no name can run into the index. */
export function blockKey(docId: string, part: PartName, sheet: string, index: number): string {
  return `block:${docId}:${part}:${encodeURIComponent(sheet)}:${index}`;
}

/** Whether each block of a sheet must be written: every one, or those whose indexes are listed. */
type ChangedBlocks = { whole: true } | { whole: false; indexes: ReadonlySet<number> };

function changedBlocks(marks: UnsavedMarks, sheet: string): ChangedBlocks {
  if (marks.structure || marks.wholeSheets.has(sheet)) return { whole: true };
  return { whole: false, indexes: new Set([...(marks.rows.get(sheet) ?? [])].map((row) => Math.floor(row / BLOCK_ROWS))) };
}

/**
 * A part's sheets in blocks after a save, and the blocks it writes: a block is written when the marks
 * say a row of it changed, when its sheet is new, renamed or of another width, or when it holds another
 * number of rows than the stored one (the sheet grew or shrank); every other block stays as stored.
 */
export function planBlocks(
  docId: string,
  part: PartName,
  sheets: readonly SheetSource[],
  stored: readonly SheetBlocks[] | undefined,
  marks: UnsavedMarks,
  stamp: string,
): { sheets: SheetBlocks[]; writes: Map<string, StoredBlock> } {
  const writes = new Map<string, StoredBlock>();
  const planned = sheets.map((sheet): SheetBlocks => {
    const before = stored?.find((candidate) => candidate.name === sheet.name);
    const changed: ChangedBlocks = !before || before.cols !== sheet.cols ? { whole: true } : changedBlocks(marks, sheet.name);
    const blocks: BlockEntry[] = [];
    for (let index = 0, top = 0; top < sheet.rows; index += 1, top += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, sheet.rows - top);
      const key = blockKey(docId, part, sheet.name, index);
      const kept = before?.blocks[index];
      if (!changed.whole && !changed.indexes.has(index) && kept?.key === key && kept.rows === rows) {
        blocks.push(kept);
        continue;
      }
      writes.set(key, { stamp, rows: sheet.read(top, rows) });
      blocks.push({ key, stamp, rows });
    }
    return { name: sheet.name, cols: sheet.cols, blocks };
  });
  return { sheets: planned, writes };
}

/** The sheets of a scenario held whole (the preset's copy), as a save reads them. */
export function wholeSheets(sheets: Readonly<Record<string, SheetData>>): SheetSource[] {
  return Object.entries(sheets).map(([name, rows]) => ({
    name,
    rows: rows.length,
    cols: rows.reduce((widest, row) => Math.max(widest, row.length), 0),
    read: (top, count) => rows.slice(top, top + count),
  }));
}

/** Every block key a part's sheets list. */
export function blockKeys(sheets: readonly SheetBlocks[]): string[] {
  return sheets.flatMap((sheet) => sheet.blocks.map((block) => block.key));
}

/** Cells a save would write for these marks, when the stored blocks are known: what its delay is sized by. */
export function cellsToWrite(marks: Readonly<UnsavedMarks>, sheets: readonly { name: string; rows: number; cols: number }[]): number {
  return sheets.reduce((sum, sheet) => {
    const changed = changedBlocks(marks, sheet.name);
    const rows = changed.whole ? sheet.rows : Math.min(sheet.rows, changed.indexes.size * BLOCK_ROWS);
    return sum + rows * sheet.cols;
  }, 0);
}

/**
 * A part's sheets from its blocks, read by key; or which rows of which sheet are missing, damaged, or
 * `stale`: stored by another write than the record lists, as when another tab saved meanwhile.
 */
export function assembleSheets(
  sheets: readonly SheetBlocks[],
  values: ReadonlyMap<string, unknown>,
): { ok: true; sheets: Record<string, SheetData> } | { ok: false; problem: string; stale: boolean } {
  // Entries, not assignment: a sheet may be named "__proto__".
  const assembled: [string, SheetData][] = [];
  for (const sheet of sheets) {
    const rows: SheetData = [];
    for (const entry of sheet.blocks) {
      const where = `rows ${(rows.length + 1).toLocaleString('en-US')} to ${(rows.length + entry.rows).toLocaleString('en-US')} of sheet "${sheet.name}"`;
      const block = values.get(entry.key) as Partial<StoredBlock> | undefined;
      if (block === undefined || block === null || typeof block !== 'object') return { ok: false, problem: `${where} are missing`, stale: false };
      if (block.stamp !== entry.stamp) return { ok: false, problem: `${where} were stored by another save than the rest`, stale: true };
      if (!Array.isArray(block.rows) || block.rows.length !== entry.rows || !block.rows.every(Array.isArray)) return { ok: false, problem: `${where} are damaged`, stale: false };
      for (const row of block.rows) rows.push(row);
    }
    assembled.push([sheet.name, rows]);
  }
  return { ok: true, sheets: Object.fromEntries(assembled) };
}

/** A record's list of a part's sheets, checked as far as reading the blocks needs; undefined when it is not one. */
export function sheetBlocksOf(stored: unknown): SheetBlocks[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  const isEntry = (entry: unknown) => {
    const { key, stamp, rows } = (entry ?? {}) as Partial<BlockEntry>;
    return typeof key === 'string' && typeof stamp === 'string' && typeof rows === 'number' && Number.isInteger(rows) && rows > 0;
  };
  const valid = stored.every((sheet: unknown) => {
    const { name, cols, blocks } = (sheet ?? {}) as Partial<SheetBlocks>;
    return typeof name === 'string' && typeof cols === 'number' && Array.isArray(blocks) && blocks.every(isEntry);
  });
  return valid ? (stored as SheetBlocks[]) : undefined;
}
