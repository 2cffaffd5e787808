/** What find and replace ask of the engine, and what fill does: the searches run in the worker, so a sheet of a million cells never holds up the page. */
import type { Rect } from './cellRange';
import type { Update, WindowRequest } from './messages';

/** A search as the find bar sets it. */
export interface FindQuery {
  text: string;
  /** `values`: the text a cell shows; `formulas`: what was typed into it (a formula's text, a literal as typed). */
  lookIn: 'values' | 'formulas';
  /** `sheet`: only `sheet`; `all`: every sheet of the scenario, in tab order. */
  scope: 'sheet' | 'all';
  sheet: string;
  matchCase: boolean;
  /** The cell's whole text must equal the query, not merely contain it. */
  wholeCell: boolean;
}

/** A cell of a sheet by name (the engine's CellRef, which this file cannot import: engine.ts imports it). */
export interface FoundCell {
  sheet: string;
  row: number;
  col: number;
}

export interface FindResult {
  /** The sheets the matches are on, in tab order. */
  sheets: string[];
  /**
   * The matching cells in reading order (sheet by sheet in tab order, then row by row), at most
   * MAX_FIND_MATCHES of them, as three numbers each: the index of the sheet in `sheets`, the row, the
   * column. Numbers, not objects: 100,000 objects held the page for a third of a second to receive.
   */
  cells: Int32Array;
  /** How many cells match, those past MAX_FIND_MATCHES included. */
  total: number;
}

/** How many matches a result lists. */
export function listedMatches(result: FindResult): number {
  return Math.floor(result.cells.length / 3);
}

/** The `index`th match a result lists. */
export function matchAt(result: FindResult, index: number): FoundCell | undefined {
  if (index < 0 || index >= listedMatches(result)) return undefined;
  const sheet = result.sheets[result.cells[index * 3] ?? -1];
  return sheet === undefined ? undefined : { sheet, row: result.cells[index * 3 + 1] ?? 0, col: result.cells[index * 3 + 2] ?? 0 };
}

/** Matches a search hands the page at most: a million cells' worth would be a long message for a list nobody walks. */
export const MAX_FIND_MATCHES = 100_000;

/**
 * How a fill writes the cells it fills: `copy` repeats the source (Ctrl+D, Ctrl+R), `series` continues two
 * or more numbers as a linear trend and copies the rest (the fill handle, as Excel's does).
 */
export type FillMode = 'copy' | 'series';

export interface ReplaceAnswer {
  update: Update;
  replaced: number;
  formulasLeft: number;
  /** Cells that match only as their number format shows them ("bn" in 8.15 bn), left alone: a replacement changes what was typed. */
  formattedLeft: number;
}

export interface FillAndFind {
  /**
   * Fills `target`, a block beside `source` (below, above, right or left of it, as tall or as wide), from
   * `source`: formulas with their relative references moved, one undo step.
   */
  fill(docId: string, sheet: string, source: Rect, target: Rect, mode: FillMode, request: WindowRequest | null): Update;
  find(docId: string, query: FindQuery): FindResult;
  /**
   * Replaces the query's text with `replacement` in `cells` (those that still match), or in every match
   * when `cells` is 'all': one undo step. `replaced` counts the cells changed; `formulasLeft` the formulas
   * whose value matched when looking in values, and `formattedLeft` the cells matched only as their format
   * shows them, which are left alone.
   */
  replace(docId: string, query: FindQuery, replacement: string, cells: FoundCell[] | 'all', request: WindowRequest | null): ReplaceAnswer;
}
