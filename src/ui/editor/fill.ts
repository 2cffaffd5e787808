/**
 * Fill from the page: Ctrl+D and Ctrl+R copy the selection's first row down or first column right, and the
 * fill handle's drag fills the cells it reaches, with a preview of them meanwhile. The worker does the fill.
 */
import { rectCols, rectContains, rectRows, type Position, type Rect } from '../../shared/cellRange';
import { messageOf } from '../../shared/errors';
import type { FillMode } from '../../shared/find';
import type { Update, WindowRequest } from '../../shared/messages';
import type { EngineClient } from '../engineClient';
import type { Subscriptions } from './subscriptions';
import type { Viewport } from './viewport';

/** What a fill uses of the editor, named here so this file need not import editor.ts, which imports it. */
export interface FillTarget {
  readonly docId: string | undefined;
  readonly sheet: string;
  readonly range: Rect;
  readonly subscriptions: Subscriptions;
  readonly viewport: Pick<Viewport, 'sheetSize' | 'contentAt' | 'edge'>;
  request(): WindowRequest;
  engineCall<T>(call: (engine: EngineClient) => Promise<T>): Promise<T>;
  showEdit(update: Update, options?: { select?: boolean }): void;
  setNotice(notice: { kind: 'problem' | 'info'; text: string }): void;
  wholeRows(): boolean;
  wholeColumns(): boolean;
}

/**
 * Ctrl+D (down) and Ctrl+R (right): the selection's first row (or column) copied over the rest of it, as
 * Excel does; a selection one row high (or one column wide) takes the row above (or the column to the left).
 * Whole columns or rows stop at the sheet's filled extent, as copying them does.
 */
export function fillSelection(editor: FillTarget, direction: 'down' | 'right'): Promise<void> {
  const size = editor.viewport.sheetSize();
  const selected = editor.range;
  const range = { ...selected };
  if (editor.wholeColumns()) range.bottom = Math.max(selected.top, Math.min(selected.bottom, size.rows - 1));
  if (editor.wholeRows()) range.right = Math.max(selected.left, Math.min(selected.right, size.cols - 1));
  // The selection stays as it was, as in Excel, even when the row above (or column left) was the source.
  const keep = { select: false };
  if (direction === 'down') {
    if (rectRows(range) > 1) return fillRange(editor, { ...range, bottom: range.top }, { ...range, top: range.top + 1 }, 'copy', keep);
    if (range.top === 0) return Promise.resolve();
    return fillRange(editor, { ...range, top: range.top - 1, bottom: range.top - 1 }, range, 'copy', keep);
  }
  if (rectCols(range) > 1) return fillRange(editor, { ...range, right: range.left }, { ...range, left: range.left + 1 }, 'copy', keep);
  if (range.left === 0) return Promise.resolve();
  return fillRange(editor, { ...range, left: range.left - 1, right: range.left - 1 }, range, 'copy', keep);
}

/**
 * Fills `target` from `source` beside it, one undo step, then selects both (`select: false` leaves the
 * selection as it is); the worker's refusal shows as the notice.
 */
export async function fillRange(editor: FillTarget, source: Rect, target: Rect, mode: FillMode, options: { select?: boolean } = {}): Promise<void> {
  const docId = editor.docId;
  if (!docId) return;
  const sheet = editor.sheet;
  try {
    const update = await editor.engineCall((engine) => engine.fill(docId, sheet, source, target, mode, editor.request()));
    // Selecting the filled cells would move the view when the person has since moved to another sheet.
    editor.showEdit(update, { select: options.select !== false && editor.sheet === sheet });
  } catch (error) {
    editor.setNotice({ kind: 'problem', text: messageOf(error) });
  }
}

/**
 * A double-click on the fill handle, as in Excel: fills down as far as the column beside the selection
 * (the one to its left, else the one to its right) goes on holding something, from the row below it on.
 */
export async function fillAlongNeighbour(editor: FillTarget): Promise<void> {
  const source = editor.range;
  const below = source.bottom + 1;
  const filled = (row: number, col: number) => {
    const content = editor.viewport.contentAt(row, col);
    return content !== undefined && content !== null && content !== '';
  };
  const column = [source.left - 1, source.right + 1].find((col) => col >= 0 && filled(below, col));
  if (column === undefined) return;
  // From a filled cell with a filled one below, Ctrl+Down's landing is the last of the run.
  const end = filled(below + 1, column) ? (await editor.viewport.edge({ row: below, col: column }, { row: 1, col: 0 })).row : below;
  await fillRange(editor, source, { top: below, left: source.left, bottom: end, right: source.right }, 'series');
}

/**
 * The cells a drag of the fill handle from `source` to the cell at `pointer` fills: the rows below it or
 * the columns right of it, whichever the pointer went further into. Undefined while it is inside the source.
 */
export function dragTarget(source: Rect, pointer: Position): Rect | undefined {
  const down = pointer.row - source.bottom;
  const right = pointer.col - source.right;
  if (down <= 0 && right <= 0) return undefined;
  if (down >= right) return { top: source.bottom + 1, left: source.left, bottom: pointer.row, right: source.right };
  return { top: source.top, left: source.right + 1, bottom: source.bottom, right: pointer.col };
}

/** The block a fill handle's drag outlines, source and target together, by editor. */
const previews = new WeakMap<object, Rect>();

/** Shows (or, with null, takes away) the outline of the block a fill handle's drag would leave filled. */
export function setFillPreview(editor: FillTarget, rect: Rect | null): void {
  const before = previews.get(editor);
  if (rect === null ? before === undefined : before !== undefined && sameRect(before, rect)) return;
  if (rect === null) previews.delete(editor);
  else previews.set(editor, rect);
  editor.subscriptions.emit('selection');
}

/** The classes that draw the fill preview's outline on a cell: empty when it is outside it. */
export function fillPreviewClass(editor: object, row: number, col: number): string {
  const rect = previews.get(editor);
  if (!rect || !rectContains(rect, row, col)) return '';
  let classes = ' fill-preview';
  if (row === rect.top) classes += ' fill-t';
  if (row === rect.bottom) classes += ' fill-b';
  if (col === rect.left) classes += ' fill-l';
  if (col === rect.right) classes += ' fill-r';
  return classes;
}

/** Whether a cell's selection classes mark the selection's bottom-right corner, where the fill handle sits. */
export function isFillCorner(selectionClasses: string): boolean {
  const classes = selectionClasses.split(' ');
  return classes.includes('edge-b') && classes.includes('edge-r');
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;
}
