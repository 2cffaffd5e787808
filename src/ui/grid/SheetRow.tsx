/**
 * The grid's rows. Each row listens to the editor once and hands its cells what they show through a
 * context, so a cell costs no subscription of its own: scrolling a screenful mounts and unmounts
 * hundreds of cells. And a row is drawn in two steps: at once with only its number, then with its cells
 * on a later frame, a few rows per frame and only once the worker has sent their values, so opening a
 * sheet or a fast scroll never holds the page; it shows empty rows for a moment instead.
 */
import { createContext, memo, use, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type Key, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Row, type RenderRowProps } from 'react-data-grid';
import type { Editor } from '../editor/editor';
import type { Topic } from '../editor/subscriptions';
import { useEditor } from '../editor/useEditor';
import type { CellView } from '../editor/viewport';

/** What one cell shows, as its row last read it from the editor. */
export interface CellState {
  view: CellView;
  selection: string;
  editing: boolean;
}

interface RowView {
  headerSelected: boolean;
  /** The cells the row draws, by column. */
  cells: ReadonlyMap<number, CellState>;
  /** The column of the row's cell that should hold the keyboard, with the editor's request number; -1 when none. */
  focusCol: number;
  focusTicket: number;
}

type ColumnIterator = RenderRowProps<number>['iterateOverViewportColumnsForRow'];

const TOPICS: readonly Topic[] = ['cells', 'selection', 'editing', 'focus'];
const NO_CELLS: ReadonlyMap<number, CellState> = new Map();
const LOADING: CellState = { view: { text: '', className: 'c-loading', title: undefined }, selection: '', editing: false };
const RowViewContext = createContext<RowView>({ headerSelected: false, cells: NO_CELLS, focusCol: -1, focusTicket: -1 });

/** The state of the cell in column `col` of the row being drawn. */
export function useRowCell(col: number): CellState {
  return use(RowViewContext).cells.get(col) ?? LOADING;
}

export function useRowHeaderSelected(): boolean {
  return use(RowViewContext).headerSelected;
}

/**
 * The grid's rows, 0 to count - 1. Filled with zeros first: V8 gives `new Array(n)` of this size slow
 * (dictionary) elements until the writes make it dense again, and the first build of a 100,100-row grid,
 * before the loop is optimised, took 19 ms in Chromium that way against 5 ms this way (Array.from: 8 ms).
 */
export function rowIndexes(count: number): number[] {
  const rows = new Array<number>(count).fill(0);
  for (let row = 1; row < count; row += 1) rows[row] = row;
  return rows;
}

export function renderSheetRow(key: Key, props: RenderRowProps<number>): ReactNode {
  return <SheetRow key={key} {...props} />;
}

const SheetRow = memo(function SheetRow(props: RenderRowProps<number>) {
  const editor = useEditor();
  const { rowIdx, activeCellIdx, iterateOverViewportColumnsForRow: iterate } = props;
  const [whole, setWhole] = useState(false);
  // The row that holds the active cell is drawn whole at once, and stays so: the keyboard's focus lives in that cell.
  if (activeCellIdx !== undefined && !whole) setWhole(true);
  useEffect(() => {
    if (whole) return;
    return rowFillerFor(editor).wait(rowIdx, () => setWhole(true));
  }, [editor, rowIdx, whole]);

  const shown = whole ? iterate : frozenOnly(iterate);
  const columns = useMemo(() => [...shown(activeCellIdx)].flatMap(([column]) => (column.frozen ? [] : [column.idx - 1])), [shown, activeCellIdx]);
  const view = useRowView(editor, rowIdx, columns);

  const rowRef = useRef<HTMLDivElement>(null);
  // The active cell takes the keyboard once it is drawn, when the editor asks (a ticket per request);
  // aria-colindex counts from 1 and the row numbers take the first.
  useLayoutEffect(() => {
    const cell = view.focusCol < 0 ? null : rowRef.current?.querySelector<HTMLElement>(`:scope > [aria-colindex="${view.focusCol + 2}"]`);
    if (!cell) return;
    if (!cell.contains(document.activeElement)) {
      if (!editor.mayTakeFocus()) return;
      cell.focus({ preventScroll: true });
    }
    editor.focusTaken();
  }, [editor, view.focusCol, view.focusTicket]);

  return (
    <RowViewContext value={view}>
      <Row {...props} ref={rowRef} className={whole ? undefined : 'row-pending'} iterateOverViewportColumnsForRow={shown} />
    </RowViewContext>
  );
});

/** The row's view, read again on every change the editor announces, and the same object while nothing in the row changed. */
function useRowView(editor: Editor, row: number, columns: readonly number[]): RowView {
  const last = useRef<RowView | null>(null);
  const subscribe = useCallback(
    (listener: () => void) => {
      const stops = TOPICS.map((topic) => editor.subscribe(topic, listener));
      return () => stops.forEach((stop) => stop());
    },
    [editor],
  );
  const read = useCallback(() => {
    const next = readRowView(editor, row, columns);
    if (last.current && sameRowView(last.current, next)) return last.current;
    last.current = next;
    return next;
  }, [editor, row, columns]);
  return useSyncExternalStore(subscribe, read);
}

function readRowView(editor: Editor, row: number, columns: readonly number[]): RowView {
  const cells = new Map<number, CellState>();
  for (const col of columns) cells.set(col, { view: editor.cellView(row, col), selection: editor.selectionClass(row, col), editing: editor.isEditingAt(row, col) });
  const active = editor.selection.active;
  const focusCol = active.row === row && columns.includes(active.col) ? active.col : -1;
  return { headerSelected: editor.rowHeaderSelected(row), cells, focusCol, focusTicket: focusCol < 0 ? -1 : editor.focusFor(row, focusCol) };
}

function sameRowView(a: RowView, b: RowView): boolean {
  if (a.headerSelected !== b.headerSelected || a.focusCol !== b.focusCol || a.focusTicket !== b.focusTicket || a.cells.size !== b.cells.size) return false;
  for (const [col, cell] of a.cells) {
    const other = b.cells.get(col);
    if (!other || other.selection !== cell.selection || other.editing !== cell.editing || !sameView(other.view, cell.view)) return false;
  }
  return true;
}

function sameView(a: CellView, b: CellView): boolean {
  return a === b || (a.text === b.text && a.className === b.className && a.title === b.title);
}

const frozenIterators = new WeakMap<ColumnIterator, ColumnIterator>();

/** The same columns as `iterate`, stopping after the frozen row-number column; one function per `iterate`, so rows stay memoized. */
function frozenOnly(iterate: ColumnIterator): ColumnIterator {
  let frozen = frozenIterators.get(iterate);
  if (!frozen) {
    frozen = function* (activeColumnIdx, args) {
      for (const entry of iterate(activeColumnIdx, args)) {
        if (!entry[0].frozen) return;
        yield entry;
      }
    };
    frozenIterators.set(iterate, frozen);
  }
  return frozen;
}

/** Script time per frame for drawing rows' cells: the rest of the frame is the browser's, to lay them out and paint. */
const FRAME_BUDGET_MS = 6;

/**
 * Gives waiting rows their cells on animation frames, top row first, one at a time until the budget is
 * spent; never on the frame after the grid scrolled: the rows that scroll brought may be gone by the next.
 * Rows that appear without a scroll (a sheet opened, rows inserted) are filled on the first frame.
 */
class RowFiller {
  private readonly waiting = new Map<number, () => void>();
  private frame = 0;
  private scrolled = false;

  constructor(private readonly editor: Editor) {
    editor.subscribe('cells', () => this.schedule());
  }

  wait(row: number, fill: () => void): () => void {
    this.waiting.set(row, fill);
    this.schedule();
    return () => {
      if (this.waiting.get(row) === fill) this.waiting.delete(row);
    };
  }

  noteScroll(): void {
    this.scrolled = true;
  }

  private schedule(): void {
    if (this.frame === 0 && this.waiting.size > 0) this.frame = requestAnimationFrame(() => this.run());
  }

  private run(): void {
    this.frame = 0;
    if (this.scrolled) {
      this.scrolled = false;
      this.schedule();
      return;
    }
    const ready = [...this.waiting.keys()].filter((row) => this.editor.rowLoaded(row)).sort((a, b) => a - b);
    const start = performance.now();
    let filled = 0;
    for (const row of ready) {
      if (performance.now() - start >= FRAME_BUDGET_MS) break;
      const fill = this.waiting.get(row);
      this.waiting.delete(row);
      if (fill) flushSync(fill);
      filled += 1;
    }
    if (filled < ready.length) this.schedule();
  }
}

const fillers = new WeakMap<Editor, RowFiller>();

/** The grid scrolled: rows waiting for their cells wait one frame more, in case the scroll goes on. */
export function noteGridScroll(editor: Editor): void {
  rowFillerFor(editor).noteScroll();
}

function rowFillerFor(editor: Editor): RowFiller {
  let filler = fillers.get(editor);
  if (!filler) {
    filler = new RowFiller(editor);
    fillers.set(editor, filler);
  }
  return filler;
}
