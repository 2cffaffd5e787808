/**
 * Number formats on cells: each sheet's Excel format codes by range, kept disjoint, moved by row and
 * column edits as Excel moves them, and written as a scenario file's `"formats"` ("Summary!B4" or
 * "Inputs!B2:B24" -> "#,##0").
 */
import { isValidFormat } from 'numfmt';
import { MAX_COLUMNS, MAX_ROWS, formatLocalAddress, parseCellAddress, parseLocalAddress, sheetReference } from './address';

/** A block of cells by zero-based, inclusive bounds (the same shape as shared/cellRange's Rect). */
export interface CellRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface FormatRange {
  rect: CellRect;
  code: string;
}

/** Sheet name -> its formatted ranges, which never overlap, so their order means nothing. */
export type SheetFormats = ReadonlyMap<string, readonly FormatRange[]>;

/** As a scenario file writes them: a cell or range, sheet-qualified, to its format code. */
export type FormatRecord = Record<string, string>;

export const NO_FORMATS: SheetFormats = new Map();

/** Excel keeps a number format's code to 255 characters. */
export const MAX_FORMAT_CODE_LENGTH = 255;

/** What is wrong with a format code, in words, or undefined when numfmt (and so the grid and Excel) can read it. */
export function formatCodeProblem(code: string): string | undefined {
  if (code.trim() === '') return 'a format code must not be empty (leave the cell without one for General)';
  if (code.length > MAX_FORMAT_CODE_LENGTH) return `a format code has at most ${MAX_FORMAT_CODE_LENGTH} characters, this one ${code.length}`;
  if (!isValidFormat(code)) return `${JSON.stringify(code)} is not an Excel number format code (such as "#,##0.00", "0.0%" or "$#,##0,,\\" M\\"")`;
  return undefined;
}

/** `Sheet!B4` or `Sheet!B2:C24` (either corner first) as a sheet and a rectangle, or undefined when it is neither. */
export function parseFormatKey(key: string): { sheet: string; rect: CellRect } | undefined {
  const colon = key.lastIndexOf(':');
  const hasEnd = colon > key.lastIndexOf('!');
  const start = parseCellAddress(hasEnd ? key.slice(0, colon) : key);
  if (!start) return undefined;
  const end = hasEnd ? parseLocalAddress(key.slice(colon + 1)) : start;
  if (!end) return undefined;
  return {
    sheet: start.sheet,
    rect: { top: Math.min(start.row, end.row), left: Math.min(start.col, end.col), bottom: Math.max(start.row, end.row), right: Math.max(start.col, end.col) },
  };
}

/** The key a scenario file writes for a range: a single cell without the colon. */
export function formatKey(sheet: string, rect: CellRect): string {
  const start = formatLocalAddress(rect.top, rect.left);
  const single = rect.top === rect.bottom && rect.left === rect.right;
  return `${sheetReference(sheet)}!${single ? start : `${start}:${formatLocalAddress(rect.bottom, rect.right)}`}`;
}

/** A file's formats as ranges; where keys overlap, the later key wins for the cells they share. Keys that do not parse are skipped (validation names them). */
export function formatsFromRecord(record: Readonly<FormatRecord> | undefined): SheetFormats {
  let formats: SheetFormats = NO_FORMATS;
  for (const [key, code] of Object.entries(record ?? {})) {
    const place = parseFormatKey(key);
    if (place) formats = withFormat(formats, place.sheet, place.rect, code);
  }
  return formats;
}

/** The formats as a file writes them, each sheet's ranges in reading order; undefined when there are none. */
export function formatsToRecord(formats: SheetFormats): FormatRecord | undefined {
  const entries: [string, string][] = [];
  for (const [sheet, ranges] of formats) {
    const sorted = [...ranges].sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left);
    for (const range of sorted) entries.push([formatKey(sheet, range.rect), range.code]);
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A file's formats with another's laid over them, as an extending scenario's are: a repeated key moves last, so it wins where ranges overlap. */
export function mergeFormatRecords(base: Readonly<FormatRecord> | undefined, over: Readonly<FormatRecord> | undefined): FormatRecord | undefined {
  if (!over) return base && { ...base };
  const merged = Object.entries(base ?? {}).filter(([key]) => !Object.hasOwn(over, key));
  merged.push(...Object.entries(over));
  return merged.length > 0 ? Object.fromEntries(merged) : undefined;
}

/** The cells of `rect` given `code` (null: back to General), on top of whatever they had. */
export function withFormat(formats: SheetFormats, sheet: string, rect: CellRect, code: string | null): SheetFormats {
  const kept = (formats.get(sheet) ?? []).flatMap((range) => subtract(range.rect, rect).map((part) => ({ rect: part, code: range.code })));
  if (code !== null) kept.push({ rect: { ...rect }, code });
  return withSheet(formats, sheet, kept);
}

/** The ranges that reach into `area`, whole: what the page needs to draw a window of the sheet. */
export function formatsIn(ranges: readonly FormatRange[] | undefined, area: CellRect): FormatRange[] {
  return (ranges ?? []).filter(({ rect }) => rect.top <= area.bottom && rect.bottom >= area.top && rect.left <= area.right && rect.right >= area.left);
}

/**
 * Rows inserted (count > 0) or deleted (count < 0) at `index`: ranges below move, a range the edit falls
 * inside grows or shrinks, a range wholly deleted goes, as Excel moves formats with their cells.
 */
export function shiftRows(formats: SheetFormats, sheet: string, index: number, count: number): SheetFormats {
  return shifted(formats, sheet, (rect) => {
    const span = moveSpan(rect.top, rect.bottom, index, count, MAX_ROWS);
    return span && { ...rect, top: span[0], bottom: span[1] };
  });
}

/** Columns inserted (count > 0) or deleted (count < 0) at `index`, as shiftRows moves rows. */
export function shiftColumns(formats: SheetFormats, sheet: string, index: number, count: number): SheetFormats {
  return shifted(formats, sheet, (rect) => {
    const span = moveSpan(rect.left, rect.right, index, count, MAX_COLUMNS);
    return span && { ...rect, left: span[0], right: span[1] };
  });
}

/** A sheet renamed: its formats go with it, in the same place among the sheets. */
export function renameSheetFormats(formats: SheetFormats, sheet: string, newName: string): SheetFormats {
  if (!formats.has(sheet)) return formats;
  return new Map([...formats].map(([name, ranges]) => [name === sheet ? newName : name, ranges]));
}

/** A sheet removed, and its formats with it. */
export function removeSheetFormats(formats: SheetFormats, sheet: string): SheetFormats {
  return formats.has(sheet) ? withSheet(formats, sheet, []) : formats;
}

/** Whether two sets of formats give every cell the same code. */
export function sameFormats(a: SheetFormats, b: SheetFormats): boolean {
  return JSON.stringify(formatsToRecord(a) ?? {}) === JSON.stringify(formatsToRecord(b) ?? {});
}

function withSheet(formats: SheetFormats, sheet: string, ranges: FormatRange[]): SheetFormats {
  const next = new Map(formats);
  if (ranges.length > 0) next.set(sheet, ranges);
  else next.delete(sheet);
  return next;
}

function shifted(formats: SheetFormats, sheet: string, move: (rect: CellRect) => CellRect | undefined): SheetFormats {
  const ranges = formats.get(sheet);
  if (!ranges) return formats;
  return withSheet(formats, sheet, ranges.flatMap((range) => {
    const rect = move(range.rect);
    return rect ? [{ rect, code: range.code }] : [];
  }));
}

/** Where the span first..last goes when `count` lines are inserted (or -count deleted) at `index`; undefined when it is deleted or pushed off the sheet. */
function moveSpan(first: number, last: number, index: number, count: number, limit: number): [number, number] | undefined {
  if (count >= 0) {
    const from = first >= index ? first + count : first;
    const to = last >= index ? Math.min(last + count, limit - 1) : last;
    return from <= to ? [from, to] : undefined;
  }
  const removed = -count;
  const end = index + removed;
  const at = (line: number, side: 'first' | 'last') => (line < index ? line : line >= end ? line - removed : side === 'first' ? index : index - 1);
  const from = at(first, 'first');
  const to = at(last, 'last');
  return from <= to ? [from, to] : undefined;
}

/** `rect` less `hole`: up to four rectangles (above, below, left, right of it). */
function subtract(rect: CellRect, hole: CellRect): CellRect[] {
  if (hole.top > rect.bottom || hole.bottom < rect.top || hole.left > rect.right || hole.right < rect.left) return [rect];
  const parts: CellRect[] = [];
  if (hole.top > rect.top) parts.push({ ...rect, bottom: hole.top - 1 });
  if (hole.bottom < rect.bottom) parts.push({ ...rect, top: hole.bottom + 1 });
  const top = Math.max(rect.top, hole.top);
  const bottom = Math.min(rect.bottom, hole.bottom);
  if (hole.left > rect.left) parts.push({ top, bottom, left: rect.left, right: hole.left - 1 });
  if (hole.right < rect.right) parts.push({ top, bottom, left: hole.right + 1, right: rect.right });
  return parts;
}
