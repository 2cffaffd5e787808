/**
 * Find and replace over a session's sheets: which cells match a query, in reading order, and what a cell
 * holds once the query's text in it is replaced. Values are matched as the text a cell shows (through its
 * number format, as a percentage, in General) and as the number itself; formulas as what was typed.
 * Replacing never touches a formula's computed value or a number format, only what was typed.
 */
import type { CellContent, CellValue, FormatRange } from '../../model';
import { cellKey, type Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import { listedMatches, matchAt, type FindQuery, type FindResult, type FoundCell } from '../../shared/find';
import type { Selected, SheetInfo } from '../../shared/messages';
import { generalIsGrouped, percentColumn, shownText } from '../../shared/numberFormat';
import { EditError } from './editError';

/** What the search reads of the session. */
export interface FindSource {
  sheetNames(): string[];
  sheetValues(sheet: string): CellValue[][];
  sheetContents(sheet: string): CellContent[][];
  /** How the grid shows a sheet's numbers: its number formats, and the units of the named inputs and outputs on it. */
  sheetDisplay(sheet: string): SheetDisplay;
  rangeContents(sheet: string, rect: Rect): CellContent[][];
}

export interface SheetDisplay {
  formats: readonly FormatRange[];
  /** cellKey -> the unit of the input or output there, which says whether the grid shows it as a percentage. */
  units: ReadonlyMap<number, string>;
}

/** What a replacement reads and writes of the session. */
export interface ReplaceSession extends FindSource {
  hasSheet(sheet: string): boolean;
  sheets(): SheetInfo[];
  rangeValues(sheet: string, rect: Rect): CellValue[][];
  cellContent(ref: CellRef): CellContent;
  setCells(refs: readonly CellRef[], contents: readonly CellContent[]): Selected | undefined;
}

/**
 * Replaces the query's text in `cells` that still match it, or in every match (`all`): one undo step.
 * A replacement that would put text in an input's cell is refused whole, naming the cell, as typing it would be.
 */
export function replaceCells(doc: ReplaceSession, query: FindQuery, replacement: string, cells: readonly FoundCell[] | 'all'): { select: Selected | undefined; replaced: number; formulasLeft: number; formattedLeft: number } {
  if (query.text === '') throw new EditError('Type what to find before replacing it.');
  const candidates = cells === 'all' ? allMatches(doc, query) : cells.filter((cell) => {
    if (!doc.hasSheet(cell.sheet)) return false;
    if (query.lookIn === 'formulas') return true;
    const cols = doc.sheets().find((sheet) => sheet.name === cell.sheet)?.cols ?? cell.col + 1;
    const values = doc.rangeValues(cell.sheet, { top: cell.row, left: 0, bottom: cell.row, right: Math.max(cols, cell.col + 1) - 1 })[0] ?? [];
    return valueMatcher(doc, query, cell.sheet)(values, cell.row, cell.col);
  });
  const refs: CellRef[] = [];
  const contents: CellContent[] = [];
  let formulasLeft = 0;
  let formattedLeft = 0;
  for (const cell of candidates) {
    const content = doc.cellContent(cell);
    const next = replacedContent(content, query, replacement);
    if (next === undefined && query.lookIn === 'values') {
      // Matched by what it shows, not by what was typed: a formula's value, or a number's format ("bn").
      if (typeof content === 'string' && content.startsWith('=')) formulasLeft += 1;
      else if (content !== null) formattedLeft += 1;
    }
    if (next === undefined) continue;
    refs.push({ sheet: cell.sheet, row: cell.row, col: cell.col });
    contents.push(next);
  }
  if (refs.length === 0) return { select: undefined, replaced: 0, formulasLeft, formattedLeft };
  const select = doc.setCells(refs, contents);
  return { select: cells === 'all' ? undefined : select, replaced: refs.length, formulasLeft, formattedLeft };
}

/** Whether the value at `col` of a row (its values, `row` its index) matches, looking in values. */
type ValueMatcher = (values: readonly CellValue[], row: number, col: number) => boolean;

/**
 * Values match as the number itself (its shortest exact text and its 15-digit one) or as the grid shows it:
 * through its number format, as a percentage for a "%" unit, in General with thousands separators. So
 * "8.15" finds a cell showing "8.15 bn", and "1,234" one showing "1,234.5", as Excel's Find looks in values.
 */
function valueMatcher(source: FindSource, query: FindQuery, sheet: string): ValueMatcher {
  const isMatch = textMatcher(query);
  const hasComma = query.text.includes(',');
  const { formats, units } = source.sheetDisplay(sheet);
  let shown: { row: number; ranges: readonly FormatRange[]; percentBefore: number } | undefined;
  const rowDisplay = (values: readonly CellValue[], row: number) => {
    if (shown?.row === row) return shown;
    // A "%" unit cell is typed text, so the row's values hold it; what was typed says which cell is one, as the page reads it.
    const typed = values.includes('%') ? source.rangeContents(sheet, { top: row, bottom: row, left: 0, right: values.length - 1 })[0] : undefined;
    shown = { row, ranges: formats.filter(({ rect }) => rect.top <= row && rect.bottom >= row), percentBefore: typed ? percentColumn(typed) : -1 };
    return shown;
  };
  return (values, row, col) => {
    const value = values[col] ?? null;
    if (value === null) return false;
    if (valueTexts(value).some(isMatch)) return true;
    const display = rowDisplay(values, row);
    const code = display.ranges.find(({ rect }) => col >= rect.left && col <= rect.right)?.code;
    // Text, true/false and errors show as they are, but text through a code's text section ("Item: "@).
    if (typeof value !== 'number' && (code === undefined || typeof value !== 'string')) return false;
    const unit = units.size === 0 ? undefined : units.get(cellKey(row, col));
    const percent = unit === undefined ? col < display.percentBefore : unit === '%';
    // General's text of a short number is the number with separators: text without a comma that matches it matches the number itself.
    if (code === undefined && !percent && typeof value === 'number' && !hasComma && generalIsGrouped(value)) return false;
    return isMatch(shownText(value, percent, code));
  };
}

/** The texts a cell is matched on: for a number, its shortest exact text and its 15-digit one (0.1+0.2 shows 0.3). */
export function valueTexts(value: CellValue): string[] {
  if (value === null) return [];
  if (typeof value === 'number') {
    const exact = String(value);
    const shown = String(Number(value.toPrecision(15)));
    return shown === exact ? [exact] : [exact, shown];
  }
  if (typeof value === 'boolean') return [value ? 'TRUE' : 'FALSE'];
  if (typeof value === 'string') return value === '' ? [] : [value];
  return [value.error];
}

/** What was typed into a cell: a formula's text, a literal as the formula bar shows it. */
export function contentText(content: CellContent): string {
  if (content === null) return '';
  if (typeof content === 'number') return String(content);
  if (typeof content === 'boolean') return content ? 'TRUE' : 'FALSE';
  return content;
}

/** Whether a text matches the query, with its case and whole-cell options. */
export function textMatcher(query: FindQuery): (text: string) => boolean {
  const wanted = query.matchCase ? query.text : query.text.toLowerCase();
  return (text) => {
    const seen = query.matchCase ? text : text.toLowerCase();
    return query.wholeCell ? seen === wanted : seen.includes(wanted);
  };
}

/** The sheets a query searches, in tab order. */
function searchedSheets(source: FindSource, query: FindQuery): string[] {
  const names = source.sheetNames();
  return query.scope === 'all' ? names : names.filter((name) => name === query.sheet);
}

/** The cells that match, sheet by sheet in tab order and row by row; `limit` caps the list, not the count. */
export function findCells(source: FindSource, query: FindQuery, limit: number): FindResult {
  const sheets = searchedSheets(source, query);
  const listed: number[] = [];
  let total = 0;
  const note = (sheetIndex: number, row: number, col: number) => {
    total += 1;
    if (listed.length < limit * 3) listed.push(sheetIndex, row, col);
  };
  if (query.text !== '') {
    const isMatch = textMatcher(query);
    sheets.forEach((sheet, sheetIndex) => {
      if (query.lookIn === 'values') {
        const matches = valueMatcher(source, query, sheet);
        source.sheetValues(sheet).forEach((row, r) => {
          for (let c = 0; c < row.length; c += 1) if (matches(row, r, c)) note(sheetIndex, r, c);
        });
      } else {
        source.sheetContents(sheet).forEach((row, r) => {
          row.forEach((content, c) => {
            if (content !== null && isMatch(contentText(content))) note(sheetIndex, r, c);
          });
        });
      }
    });
  }
  return { sheets, cells: Int32Array.from(listed), total };
}

/** Every cell that matches, for Replace all, which has no cap. */
export function allMatches(source: FindSource, query: FindQuery): FoundCell[] {
  const result = findCells(source, query, Infinity);
  return Array.from({ length: listedMatches(result) }, (_, index) => matchAt(result, index)).filter((cell) => cell !== undefined);
}

/**
 * What a cell holds once the query's text in what was typed is replaced, or undefined when the cell is
 * not replaced: it does not hold the text, or (looking in values) it holds a formula, whose value a
 * replacement cannot change without losing the formula. The new text is read as an entry typed in: "200" is
 * a number, "=B2*3" a formula.
 */
export function replacedContent(content: CellContent, query: FindQuery, replacement: string): CellContent | undefined {
  if (content === null || query.text === '') return undefined;
  const text = contentText(content);
  if (query.lookIn === 'values' && typeof content === 'string' && content.startsWith('=')) return undefined;
  if (!textMatcher(query)(text)) return undefined;
  const next = query.wholeCell ? replacement : text.replace(new RegExp(escapeRegExp(query.text), query.matchCase ? 'g' : 'gi'), () => replacement);
  if (next === text) return undefined;
  // Text that reads as a number ('007) stays text, as its apostrophe keeps it in Excel.
  if (typeof content === 'string' && typeof readEntry(text) !== 'string') return next;
  return readEntry(next);
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Text read as a cell entry: empty clears, `=` starts a formula, a plain number or TRUE/FALSE is one; anything else is text. */
function readEntry(text: string): CellContent {
  if (text === '') return null;
  if (text.startsWith('=')) return text;
  if (PLAIN_NUMBER.test(text.trim())) return Number(text);
  if (/^(?:true|false)$/i.test(text.trim())) return text.trim().toUpperCase() === 'TRUE';
  return text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
