/** Cell positions and rectangular ranges of a sheet, zero-based, inclusive at both ends. */
import { formatLocalAddress } from '../model/address';

export interface Position {
  row: number;
  col: number;
}

export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function rectOf(a: Position, b: Position): Rect {
  return { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}

export function rectContains(rect: Rect, row: number, col: number): boolean {
  return row >= rect.top && row <= rect.bottom && col >= rect.left && col <= rect.right;
}

export function rectRows(rect: Rect): number {
  return rect.bottom - rect.top + 1;
}

export function rectCols(rect: Rect): number {
  return rect.right - rect.left + 1;
}

export function rectSize(rect: Rect): number {
  return rectRows(rect) * rectCols(rect);
}

/** `B3`, or `B3:D7` for a range, as Excel's name box shows a selection. */
export function formatRect(rect: Rect): string {
  const start = formatLocalAddress(rect.top, rect.left);
  return rect.top === rect.bottom && rect.left === rect.right ? start : `${start}:${formatLocalAddress(rect.bottom, rect.right)}`;
}

/** A number that names a cell, for maps and sets (MAX_COLUMNS is 16,384). */
export function cellKey(row: number, col: number): number {
  return row * 16_384 + col;
}

export function keyPosition(key: number): Position {
  return { row: Math.floor(key / 16_384), col: key % 16_384 };
}

/**
 * Where Ctrl+arrow lands, as in Excel: from a filled cell with a filled neighbour, the last filled cell
 * of that run; otherwise the next filled cell, or the edge of the sheet when there is none.
 */
export function edgeTarget(
  isFilled: (row: number, col: number) => boolean,
  from: Position,
  step: Position,
  limits: { rows: number; cols: number },
): Position {
  const inside = (row: number, col: number) => row >= 0 && col >= 0 && row < limits.rows && col < limits.cols;
  let { row, col } = from;
  if (!inside(row + step.row, col + step.col)) return from;
  if (isFilled(row, col) && isFilled(row + step.row, col + step.col)) {
    while (inside(row + step.row, col + step.col) && isFilled(row + step.row, col + step.col)) {
      row += step.row;
      col += step.col;
    }
    return { row, col };
  }
  row += step.row;
  col += step.col;
  while (!isFilled(row, col) && inside(row + step.row, col + step.col)) {
    row += step.row;
    col += step.col;
  }
  return { row, col };
}
