/**
 * What a fill writes, as Excel's fill handle and Ctrl+D / Ctrl+R do: the source block repeated across the
 * cells beside it, formulas with their relative references moved and absolute ones kept; with the fill
 * handle, a line of two or more numbers continues as a linear trend instead. The source's number formats
 * repeat across the filled cells alike, a trend's too.
 */
import type { CellContent } from '../../model';
import { MAX_COLUMNS, MAX_ROWS, formatLocalAddress } from '../../model/address';
import { shiftFormula } from '../../model/formula/shiftFormula';
import { rectCols, rectRows, rectSize, type Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import type { FillMode } from '../../shared/find';
import type { Selected } from '../../shared/messages';
import { MAX_PASTE_CELLS } from '../../shared/tsv';
import { EditError } from './editError';

/** What a fill reads and writes of the session. */
export interface FillSession {
  hasSheet(sheet: string): boolean;
  rangeContents(sheet: string, rect: Rect): CellContent[][];
  formatCodes(sheet: string, rect: Rect): (string | null)[][];
  setCellsWithFormats(refs: readonly CellRef[], contents: readonly CellContent[], sheet: string, rect: Rect, codeAt: (row: number, col: number) => string | null): Selected | undefined;
}

/** Fills `target` from `source` beside it in one undo step (see fillWrites), formats and all; an input's cell takes only a number there, as when typed. */
export function fillCells(doc: FillSession, sheet: string, source: Rect, target: Rect, mode: FillMode): Selected {
  if (!doc.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
  const writes = fillWrites(sheet, source, target, mode, (rect) => doc.rangeContents(sheet, rect));
  const codes = doc.formatCodes(sheet, source);
  // The source repeats both ways, as its contents do: counted back from its far end before it.
  const origin = (line: number, first: number, length: number) => (((line - first) % length) + length) % length;
  doc.setCellsWithFormats(writes.refs, writes.contents, sheet, target, (row, col) => codes[origin(row, source.top, rectRows(source))]?.[origin(col, source.left, rectCols(source))] ?? null);
  return writes.select;
}

export type FillDirection = 'down' | 'up' | 'right' | 'left';

export interface FillWrites {
  refs: CellRef[];
  contents: CellContent[];
  /** The source and the filled cells together, for the page to select, as Excel leaves them after a fill. */
  select: Selected;
}

/** Where `target` lies from `source`: right beside it and as tall (or as wide), else undefined. */
export function fillDirection(source: Rect, target: Rect): FillDirection | undefined {
  const sameCols = target.left === source.left && target.right === source.right;
  const sameRows = target.top === source.top && target.bottom === source.bottom;
  if (sameCols && target.top === source.bottom + 1) return 'down';
  if (sameCols && target.bottom === source.top - 1) return 'up';
  if (sameRows && target.left === source.right + 1) return 'right';
  if (sameRows && target.right === source.left - 1) return 'left';
  return undefined;
}

/**
 * The cells a fill of `target` from `source` writes and what they hold. `read` gives the source block's
 * contents. Refuses a target that is not beside the source, off the sheet, or too big to write at once.
 */
export function fillWrites(sheet: string, source: Rect, target: Rect, mode: FillMode, read: (rect: Rect) => CellContent[][]): FillWrites {
  const where = `${formatLocalAddress(source.top, source.left)}:${formatLocalAddress(source.bottom, source.right)}`;
  const direction = fillDirection(source, target);
  if (!direction || source.top < 0 || source.left < 0 || target.top < 0 || target.left < 0) {
    throw new EditError(`A fill writes the rows just below or above ${where}, or the columns just right or left of it; nothing was filled.`);
  }
  if (target.bottom >= MAX_ROWS || target.right >= MAX_COLUMNS) throw new EditError("The fill would run past the sheet's last row or column; nothing was filled.");
  const cells = rectSize(target);
  if (cells > MAX_PASTE_CELLS) {
    throw new EditError(`The fill would write ${cells.toLocaleString('en-US')} cells; a fill writes at most ${MAX_PASTE_CELLS.toLocaleString('en-US')}. Nothing was filled. Fill in parts.`);
  }
  const block = read(source);
  const vertical = direction === 'down' || direction === 'up';
  // A line runs along the fill: a column of the source when filling down or up, a row when filling across.
  const length = vertical ? rectRows(source) : rectCols(source);
  const lines = vertical ? rectCols(source) : rectRows(source);
  const refs: CellRef[] = [];
  const contents: CellContent[] = [];
  for (let line = 0; line < lines; line += 1) {
    const cellOf = (step: number): CellContent => (vertical ? block[step]?.[line] : block[line]?.[step]) ?? null;
    const sourceLine = Array.from({ length }, (_, step) => cellOf(step));
    const trend = mode === 'series' ? linearTrend(sourceLine) : undefined;
    const from = vertical ? target.top - source.top : target.left - source.left;
    const to = vertical ? target.bottom - source.top : target.right - source.left;
    for (let step = from; step <= to; step += 1) {
      const row = vertical ? source.top + step : source.top + line;
      const col = vertical ? source.left + line : source.left + step;
      refs.push({ sheet, row, col });
      if (trend) {
        contents.push(trend(step));
        continue;
      }
      // The source repeats: a step before the source (filling up or left) counts back from its far end.
      const origin = ((step % length) + length) % length;
      const content = cellOf(origin);
      contents.push(typeof content === 'string' ? shiftFormula(content, vertical ? step - origin : 0, vertical ? 0 : step - origin) : content);
    }
  }
  const rect = { top: Math.min(source.top, target.top), left: Math.min(source.left, target.left), bottom: Math.max(source.bottom, target.bottom), right: Math.max(source.right, target.right) };
  return { refs, contents, select: { sheet, rect } };
}

/**
 * The least-squares line through a line of two or more numbers, as Excel's fill handle extends them (1, 2
 * gives 3, 4, 5; 1, 2, 4 gives 5.33, 6.83): the value at each step, counted from the line's first cell.
 * Undefined when the line holds anything but numbers, or a single one, which a fill copies.
 */
function linearTrend(line: readonly CellContent[]): ((step: number) => number) | undefined {
  if (line.length < 2 || !line.every((content) => typeof content === 'number')) return undefined;
  const values = line as readonly number[];
  const n = values.length;
  const meanStep = (n - 1) / 2;
  const meanValue = values.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((value, step) => {
    covariance += (step - meanStep) * (value - meanValue);
    variance += (step - meanStep) ** 2;
  });
  const slope = covariance / variance;
  // Rounded to the 15 significant digits a spreadsheet keeps, so 0.1, 0.2 continues 0.3, not 0.30000000000000004.
  return (step) => {
    const value = meanValue + slope * (step - meanStep);
    return value === 0 ? 0 : Number(value.toPrecision(15));
  };
}
