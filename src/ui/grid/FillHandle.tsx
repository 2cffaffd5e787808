/**
 * The fill handle: the small square at the selection's bottom-right corner. Dragged down or right it
 * outlines the cells it would fill, and on release fills them as Excel's does (numbers continue their
 * series, the rest is copied with formulas moved). Escape during the drag lets go without filling; a
 * double-click fills down as far as the column beside it holds data.
 * The keyboard has Ctrl+D and Ctrl+R for the same, so the handle itself is hidden from assistive technology.
 */
import type { Position, Rect } from '../../shared/cellRange';
import type { Editor } from '../editor/editor';
import { dragTarget, fillAlongNeighbour, fillRange, setFillPreview } from '../editor/fill';
import { useEditor, useEditorValue } from '../editor/useEditor';

/** How far the grid scrolls on each step while the pointer is held past its edge, in pixels. */
const SCROLL_STEP = { rows: 24, cols: 40 };

export function FillHandle() {
  const editor = useEditor();
  // Hidden while a cell is typed in, as Excel hides it: a click there then points at a cell for the formula.
  const typing = useEditorValue('editing', (e) => e.editing !== null);
  if (typing) return null;
  return (
    <span
      className="fill-handle"
      aria-hidden="true"
      title="Drag to fill down or right (Ctrl+D, Ctrl+R)"
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        // Kept from the grid, whose own mouse-down would start a new selection here.
        event.preventDefault();
        event.stopPropagation();
        const grid = event.currentTarget.closest<HTMLElement>('.rdg');
        if (grid) startFillDrag(editor, grid);
      }}
      onDoubleClick={(event) => {
        event.stopPropagation();
        void fillAlongNeighbour(editor);
      }}
    />
  );
}

/** Follows the pointer until it is let go: the outline of the cells the fill would reach, then the fill. */
function startFillDrag(editor: Editor, grid: HTMLElement): void {
  const source = editor.range;
  let target: Rect | undefined;
  let pointer = { x: 0, y: 0 };
  const follow = () => {
    const bounds = grid.getBoundingClientRect();
    if (pointer.y > bounds.bottom - 4) grid.scrollTop += SCROLL_STEP.rows;
    if (pointer.x > bounds.right - 4) grid.scrollLeft += SCROLL_STEP.cols;
    const x = Math.min(pointer.x, bounds.right - 14);
    const y = Math.min(pointer.y, bounds.bottom - 14);
    const cell = cellAt(x, y);
    if (!cell) return;
    target = dragTarget(source, cell);
    setFillPreview(editor, target ? { top: source.top, left: source.left, bottom: Math.max(source.bottom, target.bottom), right: Math.max(source.right, target.right) } : null);
  };
  const move = (event: PointerEvent) => {
    pointer = { x: event.clientX, y: event.clientY };
    follow();
  };
  const stop = () => {
    document.removeEventListener('pointermove', move);
    document.removeEventListener('pointerup', release);
    document.removeEventListener('keydown', escape, true);
    clearInterval(timer);
    setFillPreview(editor, null);
  };
  const release = () => {
    stop();
    if (target) void fillRange(editor, source, target, 'series');
  };
  const escape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    target = undefined;
    stop();
  };
  document.addEventListener('pointermove', move);
  document.addEventListener('pointerup', release);
  document.addEventListener('keydown', escape, true);
  // Held past the grid's bottom or right edge, the pointer goes on scrolling it, and the fill goes on growing.
  const timer = setInterval(() => {
    const bounds = grid.getBoundingClientRect();
    if (pointer.x !== 0 && (pointer.y > bounds.bottom - 4 || pointer.x > bounds.right - 4)) follow();
  }, 60);
}

/** The sheet cell at a point of the page: aria-rowindex counts the header row, aria-colindex the row numbers. */
function cellAt(x: number, y: number): Position | undefined {
  const under = document.elementFromPoint(x, y);
  const cell = under instanceof HTMLElement ? under.closest<HTMLElement>('[role="gridcell"]') : null;
  const row = cell?.parentElement;
  if (!cell || !row) return undefined;
  return { row: Number(row.getAttribute('aria-rowindex')) - 2, col: Number(cell.getAttribute('aria-colindex')) - 2 };
}
