/**
 * The moves a session makes beside HyperFormula's plain edits: cells cut and pasted in the document they
 * were cut from (HyperFormula's moveCells re-points every formula that referred to them, as Excel's cut
 * and paste does), and sheets moved along the tabs (a tab order HyperFormula does not have).
 */
import type { CellContent, Workbook } from '../../model';
import type { Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import type { PasteSource, Selected } from '../../shared/messages';
import { pastePastEdge } from '../../shared/tsv';
import { EditError } from './editError';
import { guardInputs } from './guards';
import type { HistoryEntry } from './history';
import type { PresetChanges } from './presetChanges';

/** A block of cells moved by a cut and paste: its top-left corner, its size and where it goes. */
export interface CellMove {
  from: CellRef;
  rows: number;
  cols: number;
  to: CellRef;
  /** Where the block lands, for the page to select. */
  select: Selected;
}

/**
 * The move a paste makes, when it pastes cells cut in this same document on the same sheet, as Excel
 * does: formulas anywhere that referred to the cut cells then refer to where they went. Undefined for a
 * copy, text from elsewhere, or a cut from another document or sheet, which paste as written. Onto
 * another sheet HyperFormula 3.5.0 (and its main branch) moves a reference written without a sheet
 * (`=A1+B1` beside the cut cells) to the new row and column but not to the new sheet
 * (CellAddress.moved keeps its sheet undefined): the formula would read empty cells of its own sheet.
 */
export function cutMove(sheet: string, target: Rect, source: PasteSource, docId: string, hasSheet: (sheet: string) => boolean): CellMove | undefined {
  if (source.kind !== 'cells' || !source.cut || source.docId !== docId || !hasSheet(source.from.sheet)) return undefined;
  if (source.from.sheet !== sheet) return undefined;
  const rows = source.rows.length;
  const cols = Math.max(0, ...source.rows.map((row) => row.length));
  if (rows === 0 || cols === 0) return undefined;
  const pastEdge = pastePastEdge(target.top, target.left, rows, cols);
  if (pastEdge) throw new EditError(pastEdge);
  const select = { sheet, rect: { top: target.top, left: target.left, bottom: target.top + rows - 1, right: target.left + cols - 1 } };
  return { from: source.from, rows, cols, to: { sheet, row: target.top, col: target.left }, select };
}

/**
 * The cells a move writes over, outside the block itself, and what lands in each: an input there must get
 * a number, as a paste there must. An input inside the block moves with it, its name following its cell.
 */
export function movedOnto(move: CellMove, contentAt: (ref: CellRef) => CellContent): { refs: CellRef[]; contents: CellContent[] } {
  const refs: CellRef[] = [];
  const contents: CellContent[] = [];
  const { from, to } = move;
  for (let r = 0; r < move.rows; r += 1) {
    for (let c = 0; c < move.cols; c += 1) {
      const row = to.row + r;
      const col = to.col + c;
      const insideBlock = to.sheet === from.sheet && row >= from.row && row < from.row + move.rows && col >= from.col && col < from.col + move.cols;
      if (insideBlock) continue;
      refs.push({ sheet: to.sheet, row, col });
      contents.push(contentAt({ sheet: from.sheet, row: from.row + r, col: from.col + c }));
    }
  }
  return { refs, contents };
}

/**
 * Moves the block in one undo step, `log` recording it: the cells it lands on must take what lands there
 * as a paste's would (see movedOnto), and every sheet is compared with the preset again when asked, since
 * formulas anywhere may now read differently.
 */
export function moveCut(move: CellMove, live: Workbook, changes: PresetChanges, log: (entry: HistoryEntry) => void): Selected {
  const landing = movedOnto(move, (ref) => live.cellContent(ref));
  guardInputs(live, landing.refs, landing.contents);
  live.moveCells(move.from, move.rows, move.cols, move.to);
  for (const sheet of live.sheetNames()) changes.sheetReplaced(sheet);
  log({ kind: 'moved', select: move.select });
  return move.select;
}

/** Puts a sheet at `index` along the tabs, in the live workbook and the preset's alike (it moves no cell). */
export function placeSheet(live: Workbook, changes: PresetChanges, sheet: string, index: number): void {
  changes.reorder((reference) => {
    live.moveSheet(sheet, index);
    reference.moveSheet(sheet, index);
  });
}
