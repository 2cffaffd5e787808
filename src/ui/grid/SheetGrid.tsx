/**
 * The sheet as a spreadsheet grid: react-data-grid draws it (virtualized rows and columns, the ARIA
 * grid pattern, a frozen column of row numbers as row headers); the Editor decides what every key and
 * click does, so the grid's own navigation and editing are switched off.
 */
import { memo, startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Cell, DataGrid, type CalculatedColumn, type CellRendererProps, type Column, type DataGridHandle, type RenderCellProps } from 'react-data-grid';
import 'react-data-grid/lib/styles.css';
import { columnLetters } from '../../model/address';
import type { Editor } from '../editor/editor';
import { noteGridScroll, renderSheetRow, rowIndexes, useRowCell, useRowHeaderSelected } from './SheetRow';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { FormulaField } from './FormulaField';
import { RangeFinder } from './RangeFinder';
import { dragPointing, pointAt } from '../editor/pointing';
import { isFillCorner } from '../editor/fill';
import { FillHandle } from './FillHandle';

/** Every grid row's height in pixels, header included: the scroll arithmetic and the grid share it. */
const ROW_HEIGHT = 24;

const ROW_HEADER = 'row-header';
const ROW_HEADER_WIDTH = 52;
const NO_ROWS: readonly number[] = [];

export interface GridMenuRequest {
  x: number;
  y: number;
  kind: 'cell' | 'row' | 'column';
}

interface Props {
  onContextMenu: (request: GridMenuRequest) => void;
}

export function SheetGrid({ onContextMenu }: Props) {
  const editor = useEditor();
  const docId = useEditorValue('doc', (e) => e.docId);
  const sheet = useEditorValue('doc', (e) => e.sheet);
  const gridRows = useEditorValue('doc', (e) => e.gridRows);
  const gridCols = useEditorValue('doc', (e) => e.gridCols);
  const fitted = useEditorValue('cells', (e) => e.widths.get(e.sheet));
  const gridRef = useRef<DataGridHandle>(null);
  const hostRef = useRef<HTMLDivElement>(null);

  // Another scenario or sheet gets a grid of its own, mounted in a transition after the switch is on the
  // page: tearing down the old grid and building and laying out the new one in one task held the page for
  // well over 100 ms at 100,000 rows (several times that on a busy machine). Now the old grid goes with the
  // switch, the new one is built in a transition's slices, and its first layout and rows (react-data-grid
  // measures itself, then draws them) come in tasks of their own. Nothing shows the wrong sheet meanwhile.
  const gridKey = `${docId ?? ''}\u0000${sheet}`;
  const [mountedKey, setMountedKey] = useState(gridKey);
  const mounted = mountedKey === gridKey;
  useEffect(() => {
    if (!mounted) startTransition(() => setMountedKey(gridKey));
  }, [mounted, gridKey]);

  const columns = useMemo<Column<number>[]>(() => {
    const rowHeader: Column<number> = {
      key: ROW_HEADER,
      name: '',
      frozen: true,
      width: ROW_HEADER_WIDTH,
      minWidth: ROW_HEADER_WIDTH,
      resizable: false,
      renderCell: renderRowNumber,
      renderHeaderCell: renderCorner,
    };
    const letters = Array.from({ length: gridCols }, (_, col) => ({
      key: String(col),
      name: columnLetters(col),
      width: fitted?.get(col) ?? editor.columnWidth(col),
      minWidth: 24,
      resizable: true,
      renderCell: renderBody,
      renderHeaderCell: renderColumnHeader,
    }));
    return [rowHeader, ...letters];
  }, [gridCols, fitted, editor]);
  // Built with the grid, in its transition: at 100,000 rows the array alone takes several milliseconds.
  const rows = useMemo(() => (mounted ? rowIndexes(gridRows) : NO_ROWS), [mounted, gridRows]);

  useLayoutEffect(() => {
    let shown = { row: -1, col: -1 };
    const handle = {
      showCell(row: number, col: number) {
        const grid = gridRef.current;
        if (!grid) return;
        // Telling the grid only when the cell changes keeps it from measuring the page (scrollIntoView) on every key.
        if (shown.row !== row || shown.col !== col) grid.setActivePosition({ idx: col + 1, rowIdx: row }, { shouldFocus: false });
        shown = { row, col };
        scrollCellIntoView(editor, grid.element, row, col);
      },
      scrollToCell(row: number, col: number) {
        scrollCellIntoView(editor, gridRef.current?.element ?? null, row, col);
      },
      pageRows() {
        return Math.max(1, Math.floor(viewportSize.height / ROW_HEIGHT) - 2);
      },
      cellBox(row: number, col: number) {
        // ARIA counts the header row and the row numbers, both 1.
        return gridRef.current?.element?.querySelector(`:scope > [role="row"][aria-rowindex="${row + 2}"] > [aria-colindex="${col + 2}"]`)?.getBoundingClientRect();
      },
    };
    editor.attachGrid(handle);
    return () => editor.attachGrid(undefined);
  }, [editor, mountedKey]);

  // The grid opens with the remembered cell active and focused, and tells the editor what is on screen.
  useEffect(() => {
    const element = gridRef.current?.element;
    if (!mounted || !element) return;
    reportViewport(editor, element);
    // A new grid (another scenario or sheet) takes the keyboard unless something else on the page has it.
    editor.focusActive(true);
    const observer = new ResizeObserver(() => reportViewport(editor, element));
    observer.observe(element);
    return () => observer.disconnect();
  }, [editor, mountedKey, mounted]);

  // Keys pressed while nothing has focus (after a click on the page's background) go to the grid, as in a spreadsheet.
  useEffect(() => {
    const stray = (event: KeyboardEvent) => {
      if (event.target !== document.body || document.querySelector('dialog[open]')) return;
      keyToGrid(editor, event);
    };
    document.addEventListener('keydown', stray);
    return () => document.removeEventListener('keydown', stray);
  }, [editor]);

  const onKeyDownCapture = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).closest('.cell-editor')) return;
    if (editor.gridKey(event.nativeEvent)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    const ctrl = event.ctrlKey || event.metaKey;
    const typed = (event.key.length === 1 && !ctrl && !event.altKey) || event.key === 'Process';
    if (typed) {
      // The editor takes focus before the key's character is inserted, so the character lands in it.
      flushSync(() => editor.startEdit('replace'));
      event.stopPropagation();
    } else if (!ctrl) {
      event.stopPropagation();
    }
  };

  const onMouseDownCapture = (event: React.MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.closest('.cell-editor, .rdg-resize-handle, .fill-handle')) return;
    const hit = hitTest(target);
    if (!hit) return;
    event.stopPropagation();
    if (event.button !== 0 && event.button !== 2) return;
    event.preventDefault();
    // While a formula is typed, a click at a place for a reference points at the cell (a drag at a range).
    if (editor.editing && hit.kind === 'cell' && event.button === 0 && pointAt(editor, hit, event.shiftKey)) {
      dragPointing(editor, (x, y) => {
        const under = document.elementFromPoint(x, y);
        const found = under instanceof HTMLElement ? hitTest(under) : undefined;
        return found?.kind === 'cell' ? found : undefined;
      });
      return;
    }
    if (editor.editing) void editor.commit('none');
    const { active, anchor } = editor.selection;
    if (event.button === 2) {
      const inside = hit.kind === 'cell' ? isSelected(editor, hit.row, hit.col) : hit.kind === 'row' ? editor.wholeRows() && editor.rowHeaderSelected(hit.row) : editor.wholeColumns() && editor.colHeaderSelected(hit.col);
      if (!inside) selectHit(editor, hit, false);
      editor.focusActive();
      return;
    }
    selectHit(editor, hit, event.shiftKey, active, anchor);
    editor.focusActive();
    startDrag(editor, hit.kind, gridRef);
  };

  const onDoubleClickCapture = (event: React.MouseEvent<HTMLDivElement>) => {
    // The fill handle's double-click is its own (a fill down), not an edit of the cell it sits on.
    if ((event.target as HTMLElement).closest('.fill-handle')) return;
    const hit = hitTest(event.target as HTMLElement);
    event.stopPropagation();
    // A double-click while a formula points (its clicks wrote a reference) is not a new edit.
    if (editor.editing) return;
    if (hit?.kind === 'cell' && !(event.target as HTMLElement).closest('.cell-editor')) editor.startEdit('edit');
  };

  const onContextMenuCapture = (event: React.MouseEvent<HTMLDivElement>) => {
    const hit = hitTest(event.target as HTMLElement);
    if (!hit || (event.target as HTMLElement).closest('.cell-editor')) return;
    event.preventDefault();
    event.stopPropagation();
    onContextMenu({ x: event.clientX, y: event.clientY, kind: hit.kind === 'corner' ? 'cell' : hit.kind });
  };

  const clipboardEvent = (event: React.ClipboardEvent<HTMLDivElement>, kind: 'copy' | 'cut' | 'paste') => {
    if ((event.target as HTMLElement).closest('.cell-editor')) return;
    if (kind === 'paste') {
      event.preventDefault();
      void editor.paste(event.clipboardData.getData('text/plain'));
    } else {
      editor.copy(event.nativeEvent, kind === 'cut');
    }
  };

  return (
    <div
      ref={hostRef}
      className="grid-host"
      onKeyDownCapture={onKeyDownCapture}
      onMouseDownCapture={onMouseDownCapture}
      onDoubleClickCapture={onDoubleClickCapture}
      onContextMenuCapture={onContextMenuCapture}
      onCopy={(event) => clipboardEvent(event, 'copy')}
      onCut={(event) => clipboardEvent(event, 'cut')}
      onPaste={(event) => clipboardEvent(event, 'paste')}
    >
      {mounted && (
        <DataGrid
          key={gridKey}
          ref={gridRef}
          className="sheet-grid rdg-light"
          aria-label={`Sheet ${sheet}`}
          // Tab stays among the cells, as in a spreadsheet: a screen reader is told the way out (see regionKeys.ts).
          aria-description="Arrows and Tab move between cells, F2 edits. F6 moves on to the scenario panel, Shift+F6 to the top bar; Shift+F10 opens the cell's menu."
          columns={columns}
          rows={rows}
          rowHeight={ROW_HEIGHT}
          headerRowHeight={ROW_HEIGHT}
          renderers={renderers}
          onCellKeyDown={(_, event) => event.preventGridDefault()}
          onCellMouseDown={(_, event) => event.preventGridDefault()}
          onCellDoubleClick={(_, event) => event.preventGridDefault()}
          onColumnResize={(column: CalculatedColumn<number>, width: number) => editor.setColumnWidth(column.idx - 1, width)}
          onScroll={(event) => {
            noteGridScroll(editor);
            reportViewport(editor, event.currentTarget, { scrolled: true });
          }}
        />
      )}
      {mounted && <RangeFinder host={hostRef} rowHeight={ROW_HEIGHT} rowHeaderWidth={ROW_HEADER_WIDTH} />}
    </div>
  );
}

type Hit = { kind: 'cell'; row: number; col: number } | { kind: 'row'; row: number; col: -1 } | { kind: 'column'; row: -1; col: number } | { kind: 'corner'; row: -1; col: -1 };

function hitTest(target: HTMLElement): Hit | undefined {
  const cell = target.closest<HTMLElement>('[role="gridcell"], [role="rowheader"], [role="columnheader"]');
  const row = cell?.parentElement;
  if (!cell || !row) return undefined;
  const rowIndex = Number(row.getAttribute('aria-rowindex')) - 2;
  const colIndex = Number(cell.getAttribute('aria-colindex')) - 2;
  const role = cell.getAttribute('role');
  if (role === 'columnheader') return colIndex < 0 ? { kind: 'corner', row: -1, col: -1 } : { kind: 'column', row: -1, col: colIndex };
  if (role === 'rowheader') return { kind: 'row', row: rowIndex, col: -1 };
  return { kind: 'cell', row: rowIndex, col: colIndex };
}

function isSelected(editor: Editor, row: number, col: number): boolean {
  const range = editor.range;
  return row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;
}

function selectHit(editor: Editor, hit: Hit, extend: boolean, active = editor.selection.active, anchor = editor.selection.anchor): void {
  switch (hit.kind) {
    case 'corner':
      editor.selectAll();
      return;
    case 'row':
      if (extend) editor.selectRows(Math.min(anchor.row, hit.row), Math.max(anchor.row, hit.row), active);
      else editor.selectRows(hit.row, hit.row);
      return;
    case 'column':
      if (extend) editor.selectColumns(Math.min(anchor.col, hit.col), Math.max(anchor.col, hit.col), active);
      else editor.selectColumns(hit.col, hit.col);
      return;
    case 'cell':
      if (extend) editor.select(active, { row: hit.row, col: hit.col }, anchor);
      else editor.select({ row: hit.row, col: hit.col });
  }
}

/** Dragging over cells (or row or column headers) extends the selection, scrolling when the pointer leaves the grid. */
function startDrag(editor: Editor, kind: Hit['kind'], gridRef: React.RefObject<DataGridHandle | null>): void {
  if (kind === 'corner') return;
  const origin = editor.selection.active;
  let pointer = { x: 0, y: 0 };
  const extendTo = () => {
    const element = gridRef.current?.element;
    if (!element) return;
    const bounds = element.getBoundingClientRect();
    const x = Math.max(bounds.left + ROW_HEADER_WIDTH + 2, Math.min(pointer.x, bounds.right - 14));
    const y = Math.max(bounds.top + ROW_HEIGHT + 2, Math.min(pointer.y, bounds.bottom - 14));
    if (pointer.y > bounds.bottom - 4) element.scrollTop += ROW_HEIGHT;
    if (pointer.y < bounds.top + ROW_HEIGHT) element.scrollTop -= ROW_HEIGHT;
    if (pointer.x > bounds.right - 4) element.scrollLeft += 40;
    if (pointer.x < bounds.left + ROW_HEADER_WIDTH) element.scrollLeft -= 40;
    const under = document.elementFromPoint(x, y);
    const hit = under instanceof HTMLElement ? hitTest(under) : undefined;
    if (!hit) return;
    const { anchor, head } = editor.selection;
    if (kind === 'row' && hit.row >= 0) {
      if (hit.row !== head.row) editor.selectRows(Math.min(anchor.row, hit.row), Math.max(anchor.row, hit.row), origin);
    } else if (kind === 'column' && hit.col >= 0) {
      if (hit.col !== head.col) editor.selectColumns(Math.min(anchor.col, hit.col), Math.max(anchor.col, hit.col), origin);
    } else if (kind === 'cell' && hit.kind === 'cell' && (hit.row !== head.row || hit.col !== head.col)) {
      editor.select(origin, { row: hit.row, col: hit.col }, anchor);
    }
  };
  const move = (event: PointerEvent) => {
    pointer = { x: event.clientX, y: event.clientY };
    extendTo();
  };
  const stop = () => {
    document.removeEventListener('pointermove', move);
    document.removeEventListener('pointerup', stop);
    clearInterval(timer);
  };
  document.addEventListener('pointermove', move);
  document.addEventListener('pointerup', stop);
  const timer = setInterval(() => {
    const element = gridRef.current?.element;
    if (!element || pointer.x === 0) return;
    const bounds = element.getBoundingClientRect();
    if (pointer.y > bounds.bottom - 4 || pointer.y < bounds.top + ROW_HEIGHT || pointer.x > bounds.right - 4 || pointer.x < bounds.left + ROW_HEADER_WIDTH) extendTo();
  }, 60);
}

/** The grid's scroll position and size as last measured, so moving the selection never has to measure the page. */
const viewportSize = { top: 0, left: 0, width: 800, height: 600 };

/**
 * Scrolls just enough to show the cell below the sticky header row and right of the row numbers, by
 * arithmetic on row heights and column widths: reading positions from the page would force a layout per key.
 */
function scrollCellIntoView(editor: Editor, grid: HTMLDivElement | null, row: number, col: number): void {
  if (!grid) return;
  const top = row * ROW_HEIGHT;
  const bodyHeight = viewportSize.height - ROW_HEIGHT;
  if (top < viewportSize.top) grid.scrollTop = top;
  else if (top + ROW_HEIGHT > viewportSize.top + bodyHeight) grid.scrollTop = top + ROW_HEIGHT - bodyHeight;
  let left = 0;
  for (let index = 0; index < col; index += 1) left += editor.columnWidth(index);
  const right = left + editor.columnWidth(col);
  const bodyWidth = viewportSize.width - ROW_HEADER_WIDTH;
  if (left < viewportSize.left) grid.scrollLeft = left;
  else if (right > viewportSize.left + bodyWidth) grid.scrollLeft = Math.min(left, right - bodyWidth);
}

function reportViewport(editor: Editor, element: HTMLDivElement, how: { scrolled?: boolean } = {}): void {
  viewportSize.top = element.scrollTop;
  viewportSize.left = element.scrollLeft;
  viewportSize.width = element.clientWidth;
  viewportSize.height = element.clientHeight;
  const top = Math.floor(element.scrollTop / ROW_HEIGHT);
  const bottom = top + Math.ceil(element.clientHeight / ROW_HEIGHT);
  let x = 0;
  let left = -1;
  let right = 0;
  const start = element.scrollLeft;
  const end = start + element.clientWidth - ROW_HEADER_WIDTH;
  for (let col = 0; col < editor.gridCols; col += 1) {
    const width = editor.widths.get(editor.sheet)?.get(col) ?? editor.columnWidth(col);
    if (left < 0 && x + width > start) left = col;
    x += width;
    right = col;
    if (x >= end) break;
  }
  editor.setViewport({ top, left: Math.max(0, left), bottom, right }, how);
}

// Cells

const renderers = {
  renderRow: renderSheetRow,
  renderCell: (key: React.Key, props: CellRendererProps<number, unknown>): ReactNode =>
    props.column.key === ROW_HEADER ? <RowHeaderCell key={key} {...props} /> : <DataCell key={key} {...props} />,
};

function DataCell(props: CellRendererProps<number, unknown>) {
  const { view, selection, editing } = useRowCell(props.column.idx - 1);
  const selected = selection.startsWith('is-active') || selection.startsWith('in-range');
  return (
    <Cell
      {...props}
      className={`sheet-cell ${view.className} ${selection}${editing ? ' is-editing' : ''}`}
      title={editing ? undefined : view.title}
      aria-selected={selected}
    />
  );
}

function RowHeaderCell(props: CellRendererProps<number, unknown>) {
  const selected = useRowHeaderSelected();
  return <Cell {...props} role="rowheader" className={`row-head${selected ? ' is-selected' : ''}`} aria-selected={selected} />;
}

function renderRowNumber({ rowIdx }: RenderCellProps<number, unknown>): ReactNode {
  return rowIdx + 1;
}

function renderBody({ column }: RenderCellProps<number, unknown>): ReactNode {
  return <CellBody col={column.idx - 1} />;
}

const CellBody = memo(function CellBody({ col }: { col: number }) {
  const { view, editing, selection } = useRowCell(col);
  if (editing) return <CellEditor />;
  // The text sits in a box of its own (see .cell-text) so a value that changes lays out that box, not the whole grid.
  const text = view.text === '' ? null : <span className="cell-text">{view.text}</span>;
  return isFillCorner(selection) ? <>{text}<FillHandle /></> : text;
});

function renderCorner(): ReactNode {
  // Text, not aria-label: a plain span may not carry one, and the corner column header needs a name.
  return (
    <span className="corner-head" title="Select all (Ctrl+A)">
      <span className="visually-hidden">Select all</span>
    </span>
  );
}

function renderColumnHeader({ column }: { column: CalculatedColumn<number, unknown> }): ReactNode {
  return <ColumnHeader col={column.idx - 1} />;
}

function ColumnHeader({ col }: { col: number }) {
  const selected = useEditorValue('selection', (e) => e.colHeaderSelected(col));
  return <span className={`col-head${selected ? ' is-selected' : ''}`}>{columnLetters(col)}</span>;
}

/** A key for the grid from outside it (the page's background, or an entry's editor still drawn after its commit): moves, or starts an entry with what was typed. */
function keyToGrid(editor: Editor, event: KeyboardEvent): void {
  if (editor.gridKey(event)) {
    event.preventDefault();
    return;
  }
  if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    editor.focusActive();
    flushSync(() => editor.startEdit('replace'));
  }
}

/** The in-cell editor: what is typed shows here and in the formula bar at once. */
function CellEditor() {
  const editor = useEditor();
  const text = useEditorValue('editing', (e) => e.editing?.text ?? '');
  const editing = useEditorValue('editing', (e) => e.editing !== null);
  // Takes the keyboard once, when drawn: a ref made anew at each render would be called again at every
  // re-render and pull the keyboard back from a field the person moved to meanwhile (the name box).
  const focus = useCallback((input: HTMLInputElement | null) => {
    if (!input || document.activeElement === input) return;
    input.focus({ preventScroll: true });
    input.setSelectionRange(input.value.length, input.value.length);
  }, []);
  return (
    <FormulaField
      origin="cell"
      editing={editing}
      inputRef={focus}
      className="cell-editor"
      aria-label="Cell contents"
      value={text}
      style={{ width: `max(100%, ${text.length + 2}ch)` }}
      onText={(typed) => {
        if (!editor.entryClosing) editor.setEditText(typed, 'cell');
      }}
      onKey={(event) => {
        event.stopPropagation();
        if (editor.entryClosing) {
          // The entry is committed and this editor is only still drawn: the key is the grid's, as the next entry's first.
          flushSync(() => editor.showHeld());
          keyToGrid(editor, event.nativeEvent);
          return;
        }
        if (editor.editKey(event.nativeEvent, 'cell')) event.preventDefault();
      }}
      onBlur={(event) => {
        const next = event.relatedTarget as HTMLElement | null;
        if (next?.classList.contains('formula-input')) editor.moveEditTo('bar');
        else if (document.hasFocus() && editor.editing?.origin === 'cell') void editor.commit('none', { polite: true });
      }}
    />
  );
}
