/**
 * The moves a session makes beside HyperFormula's plain edits: cells cut and pasted in the document they
 * were cut from, re-pointing every formula that referred to them as Excel's cut and paste does (their
 * number formats going with them), and sheets moved along the tabs (a tab order HyperFormula does not have).
 */
import { parseCellAddress, type CellAddress, type CellContent, type CellEdit, type Workbook } from '../../model';
import { formulaMovedWithCut, movedReferences, type CutCells } from '../../model/formula/movedReferences';
import type { Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import type { PasteSource, Selected } from '../../shared/messages';
import { pastePastEdge } from '../../shared/tsv';
import type { CellFormats } from './cellFormats';
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
 * The move a paste makes, when it pastes cells cut in this same document, as Excel does: formulas anywhere
 * that referred to the cut cells then refer to where they went. Undefined for a copy, text from elsewhere,
 * or a cut from another document or from a sheet since deleted, which paste as written.
 */
export function cutMove(sheet: string, target: Rect, source: PasteSource, docId: string, hasSheet: (sheet: string) => boolean): CellMove | undefined {
  if (source.kind !== 'cells' || !source.cut || source.docId !== docId || !hasSheet(source.from.sheet)) return undefined;
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
 * Moves the block, number formats and all, in one undo step, `log` recording it: the cells it lands on
 * must take what lands there as a paste's would (see movedOnto), and every sheet is compared with the
 * preset again when asked, since formulas anywhere may now read differently.
 */
export function moveCut(move: CellMove, live: Workbook, changes: PresetChanges, formats: CellFormats, log: (entry: HistoryEntry) => void): Selected {
  const landing = movedOnto(move, (ref) => live.cellContent(ref));
  guardInputs(live, landing.refs, landing.contents);
  if (move.to.sheet === move.from.sheet) {
    live.moveCells(move.from, move.rows, move.cols, move.to);
  } else {
    const { edits, renamed } = moveToSheet(move, live);
    live.setCells(edits, renamed);
  }
  for (const sheet of live.sheetNames()) changes.sheetReplaced(sheet);
  const { from } = move;
  const cut = { sheet: from.sheet, rect: { top: from.row, left: from.col, bottom: from.row + move.rows - 1, right: from.col + move.cols - 1 } };
  const formatsMoved = formats.cut({ sheet: from.sheet, ...cut.rect }, move.to);
  log(formatsMoved ? { kind: 'moved', select: move.select, cut, formats: formatsMoved } : { kind: 'moved', select: move.select, cut });
  return move.select;
}

/**
 * The writes that move a block onto another sheet, for one batch. HyperFormula 3.5.0's moveCells (and its
 * main branch) cannot: it moves a reference written without a sheet (`=A1+B1` beside the cut cells) to the
 * new row and column but not to the new sheet (CellAddress.moved keeps its sheet undefined), so the formula
 * would read empty cells of its own sheet. So every formula of the scenario is read and those that refer to
 * the block are re-pointed here (movedReferences), and named inputs and outputs in the block follow it,
 * as they do on HyperFormula's own move. The scan is linear in the scenario's cells.
 */
function moveToSheet(move: CellMove, live: Workbook): { edits: CellEdit[]; renamed: Map<string, CellAddress> } {
  const { from, to } = move;
  const cut: CutCells = { sheet: from.sheet, top: from.row, left: from.col, bottom: from.row + move.rows - 1, right: from.col + move.cols - 1, to };
  const inBlock = (row: number, col: number) => row >= cut.top && row <= cut.bottom && col >= cut.left && col <= cut.right;
  const onLanding = (row: number, col: number) => row >= to.row && row < to.row + move.rows && col >= to.col && col < to.col + move.cols;
  const edits: CellEdit[] = [];
  const block = live.rangeContents(from.sheet, from.row, from.col, move.rows, move.cols);
  const landed = live.rangeContents(to.sheet, to.row, to.col, move.rows, move.cols);
  for (let r = 0; r < move.rows; r += 1) {
    for (let c = 0; c < move.cols; c += 1) {
      const content = block[r]?.[c] ?? null;
      // An empty cell (or one an array formula spills into) needs no write: HyperFormula refuses one into a spill.
      if (content !== null || (landed[r]?.[c] ?? null) !== null) {
        edits.push({ address: { sheet: to.sheet, row: to.row + r, col: to.col + c }, content: typeof content === 'string' ? formulaMovedWithCut(content, cut) : content });
      }
      if (content !== null) edits.push({ address: { sheet: from.sheet, row: from.row + r, col: from.col + c }, content: null });
    }
  }
  for (const sheet of live.sheetNames()) {
    // Elsewhere a formula reaches the block, or the cells it lands on, only through a sheet's name.
    const namesSheets = sheet !== from.sheet && sheet !== to.sheet;
    live.sheetContents(sheet).forEach((row, r) => {
      row.forEach((content, c) => {
        if (typeof content !== 'string' || !content.startsWith('=') || (namesSheets && !content.includes('!'))) return;
        if ((sheet === from.sheet && inBlock(r, c)) || (sheet === to.sheet && onLanding(r, c))) return;
        const rewritten = movedReferences(content, sheet, cut);
        if (rewritten !== content) edits.push({ address: { sheet, row: r, col: c }, content: rewritten });
      });
    });
  }
  const renamed = new Map<string, CellAddress>();
  for (const named of [...live.inputs(), ...live.outputs()]) {
    const address = parseCellAddress(named.cell);
    if (address?.sheet === from.sheet && inBlock(address.row, address.col)) {
      renamed.set(named.name, { sheet: to.sheet, row: to.row + address.row - from.row, col: to.col + address.col - from.col });
    }
  }
  return { edits, renamed };
}

/** Puts a sheet at `index` along the tabs, in the live workbook and the preset's alike (it moves no cell). */
export function placeSheet(live: Workbook, changes: PresetChanges, sheet: string, index: number): void {
  changes.reorder((reference) => {
    live.moveSheet(sheet, index);
    reference.moveSheet(sheet, index);
  });
}
