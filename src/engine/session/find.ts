/**
 * Find and replace over a session's sheets: which cells match a query, in reading order, and what a cell
 * holds once the query's text in it is replaced. Values are matched as the text a cell shows, formulas as
 * what was typed; replacing never touches a formula's computed value, only what was typed.
 */
import type { CellContent, CellValue } from '../../model';
import type { Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import { listedMatches, matchAt, type FindQuery, type FindResult, type FoundCell } from '../../shared/find';
import type { Selected } from '../../shared/messages';
import { EditError } from './editError';

/** What the search reads of the session. */
export interface FindSource {
  sheetNames(): string[];
  sheetValues(sheet: string): CellValue[][];
  sheetContents(sheet: string): CellContent[][];
}

/** What a replacement reads and writes of the session. */
export interface ReplaceSession extends FindSource {
  hasSheet(sheet: string): boolean;
  rangeValues(sheet: string, rect: Rect): CellValue[][];
  cellContent(ref: CellRef): CellContent;
  setCells(refs: readonly CellRef[], contents: readonly CellContent[]): Selected | undefined;
}

/**
 * Replaces the query's text in `cells` that still match it, or in every match (`all`): one undo step.
 * A replacement that would put text in an input's cell is refused whole, naming the cell, as typing it would be.
 */
export function replaceCells(doc: ReplaceSession, query: FindQuery, replacement: string, cells: readonly FoundCell[] | 'all'): { select: Selected | undefined; replaced: number; formulasLeft: number } {
  if (query.text === '') throw new EditError('Type what to find before replacing it.');
  const isMatch = textMatcher(query);
  const candidates = cells === 'all' ? allMatches(doc, query) : cells.filter((cell) => {
    if (!doc.hasSheet(cell.sheet)) return false;
    if (query.lookIn === 'formulas') return true;
    const value = doc.rangeValues(cell.sheet, { top: cell.row, left: cell.col, bottom: cell.row, right: cell.col })[0]?.[0] ?? null;
    return valueTexts(value).some(isMatch);
  });
  const refs: CellRef[] = [];
  const contents: CellContent[] = [];
  let formulasLeft = 0;
  for (const cell of candidates) {
    const content = doc.cellContent(cell);
    const next = replacedContent(content, query, replacement);
    if (next === undefined && query.lookIn === 'values' && typeof content === 'string' && content.startsWith('=')) formulasLeft += 1;
    if (next === undefined) continue;
    refs.push({ sheet: cell.sheet, row: cell.row, col: cell.col });
    contents.push(next);
  }
  if (refs.length === 0) return { select: undefined, replaced: 0, formulasLeft };
  const select = doc.setCells(refs, contents);
  return { select: cells === 'all' ? undefined : select, replaced: refs.length, formulasLeft };
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
        source.sheetValues(sheet).forEach((row, r) => {
          row.forEach((value, c) => {
            if (value !== null && valueTexts(value).some(isMatch)) note(sheetIndex, r, c);
          });
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
