/**
 * What a paste writes: a block at the top-left of the target, tiled when the target is a multiple of it
 * (as Excel pastes one cell into many). Cells copied from this workbook keep their formulas, moved like
 * Excel's; cells cut in another document land as they are. A cut pasted in the document it was cut from
 * is a move instead (see moves.ts), which takes every reference to the block with it. Cells copied in the
 * app bring their number formats, tiled alike; text from elsewhere leaves the target's as they are.
 */
import type { CellContent } from '../../model';
import { shiftFormula } from '../../model/formula/shiftFormula';
import { rectCols, rectRows, type Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import type { PasteSource, Selected } from '../../shared/messages';
import { MAX_PASTE_CELLS, pastePastEdge, pasteTooManyCells } from '../../shared/tsv';
import { EditError } from './editError';

export interface PasteWrites {
  refs: CellRef[];
  contents: CellContent[];
  /** The cells pasted into, for the page to select. */
  select: Selected;
  /** The number format code each cell of `select` takes (null: General); absent when the paste brings none. */
  formats?: (row: number, col: number) => string | null;
}

/** The cells a paste into `sheet` writes, and what they hold; undefined for an empty block. */
export function pasteWrites(sheet: string, target: Rect, source: PasteSource): PasteWrites | undefined {
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
        }
      }
    }
  }
  const bottom = target.top + tilesDown * height - 1;
  const right = target.left + tilesAcross * width - 1;
  const select = { sheet, rect: { top: target.top, left: target.left, bottom, right } };
  const codes = source.kind === 'cells' ? source.formats : undefined;
  if (!codes) return { refs, contents, select };
  return { refs, contents, select, formats: (row, col) => codes[(row - target.top) % height]?.[(col - target.left) % width] ?? null };
}
