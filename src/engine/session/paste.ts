/**
 * What a paste writes: a block at the top-left of the target, tiled when the target is a multiple of it
 * (as Excel pastes one cell into many). Cells copied from this workbook keep their formulas, moved like
 * Excel's; cut cells move as they are and leave their old place empty. A cut pasted in the document it was
 * cut from is a move instead (see moves.ts), which HyperFormula makes with every reference to the block.
 */
import type { CellContent } from '../../model';
import { shiftFormula } from '../../model/formula/shiftFormula';
import { cellKey, rectCols, rectRows, type Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import type { PasteSource, Selected } from '../../shared/messages';
import { MAX_PASTE_CELLS, pastePastEdge, pasteTooManyCells } from '../../shared/tsv';
import { EditError } from './editError';

export interface PasteWrites {
  refs: CellRef[];
  contents: CellContent[];
  /** The cells pasted into, for the page to select. */
  select: Selected;
}

/**
 * The cells a paste into `sheet` of the document `docId` writes, and what they hold; undefined for an
 * empty block. A cut's old place is emptied only when it is in this document, on a sheet it still has.
 */
export function pasteWrites(sheet: string, target: Rect, source: PasteSource, docId: string, hasSheet: (sheet: string) => boolean): PasteWrites | undefined {
  const block = source.rows;
  const height = block.length;
  const width = Math.max(0, ...block.map((row) => row.length));
  if (height === 0 || width === 0) return undefined;
  const targetRows = rectRows(target);
  const targetCols = rectCols(target);
  const tilesDown = targetRows % height === 0 && !(source.kind === 'cells' && source.cut) ? targetRows / height : 1;
  const tilesAcross = targetCols % width === 0 && !(source.kind === 'cells' && source.cut) ? targetCols / width : 1;
  const cells = tilesDown * height * tilesAcross * width;
  if (cells > MAX_PASTE_CELLS) throw new EditError(pasteTooManyCells(cells));
  const pastEdge = pastePastEdge(target.top, target.left, tilesDown * height, tilesAcross * width);
  if (pastEdge) throw new EditError(pastEdge);
  const refs: CellRef[] = [];
  const contents: CellContent[] = [];
  const written = new Set<number>();
  for (let tileRow = 0; tileRow < tilesDown; tileRow += 1) {
    for (let tileCol = 0; tileCol < tilesAcross; tileCol += 1) {
      for (let r = 0; r < height; r += 1) {
        for (let c = 0; c < width; c += 1) {
          const row = target.top + tileRow * height + r;
          const col = target.left + tileCol * width + c;
          let content = block[r]?.[c] ?? null;
          if (source.kind === 'cells' && !source.cut && typeof content === 'string') {
            content = shiftFormula(content, row - (source.from.row + r), col - (source.from.col + c));
          }
          refs.push({ sheet, row, col });
          contents.push(content);
          written.add(cellKey(row, col));
        }
      }
    }
  }
  if (source.kind === 'cells' && source.cut && source.docId === docId && hasSheet(source.from.sheet)) {
    for (let r = 0; r < height; r += 1) {
      for (let c = 0; c < width; c += 1) {
        const row = source.from.row + r;
        const col = source.from.col + c;
        if (source.from.sheet === sheet && written.has(cellKey(row, col))) continue;
        refs.push({ sheet: source.from.sheet, row, col });
        contents.push(null);
      }
    }
  }
  const bottom = target.top + tilesDown * height - 1;
  const right = target.left + tilesAcross * width - 1;
  return { refs, contents, select: { sheet, rect: { top: target.top, left: target.left, bottom, right } } };
}
