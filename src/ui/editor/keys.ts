/** Keyboard handling: the grid's keys, the cell editor's and formula bar's, Enter and Tab walking a selected range, and the name box's Go To. */
import { parseCellAddress, parseLocalAddress } from '../../model/address';
import { rectSize, type Position } from '../../shared/cellRange';
import type { DocState } from '../../shared/messages';
import { forgetCopy, type ClipboardTarget } from './clipboard';
import type { EditState, Move } from './editing';
import { fillSelection, type FillTarget } from './fill';
import { clampPosition, type Direction, type Selection } from './selection';
import type { Viewport } from './viewport';

/** What the keys use of the editor, named here so this file need not import editor.ts, which imports it. */
interface KeyTarget extends Pick<ClipboardTarget, 'copyMark' | 'subscriptions'>, FillTarget {
  readonly selection: Selection;
  readonly viewport: Viewport;
  readonly state: DocState | undefined;
  readonly sheet: string;
  readonly gridRows: number;
  readonly gridCols: number;
  editing: EditState | null;
  select(active: Position, head?: Position): void;
  moveTo(position: Position, options?: { extend?: boolean }): void;
  focusActive(): void;
  selectAll(): void;
  selectRows(from: number, to: number, active?: Position): void;
  selectColumns(from: number, to: number, active?: Position): void;
  wholeRows(): boolean;
  wholeColumns(): boolean;
  switchSheet(sheet: string, active?: Position): Promise<void>;
  startEdit(how: 'replace' | 'edit'): void;
  commit(move: Move, options?: { fillSelection?: boolean }): Promise<void>;
  cancelEdit(): void;
  undo(): Promise<unknown>;
  redo(): Promise<unknown>;
  insertCells(): Promise<unknown>;
  deleteCells(): Promise<unknown>;
  clearSelection(): Promise<unknown>;
}

const ARROWS: Record<string, Position> = { ArrowUp: { row: -1, col: 0 }, ArrowDown: { row: 1, col: 0 }, ArrowLeft: { row: 0, col: -1 }, ArrowRight: { row: 0, col: 1 } };

/** A key on the grid; true when the key was used. */
export function gridKey(editor: KeyTarget, event: KeyboardEvent): boolean {
  const ctrl = event.ctrlKey || event.metaKey;
  const { key, shiftKey, altKey } = event;
  const { active, head, range } = editor.selection;
  const step = ARROWS[key];
  if (step && !altKey) {
    const from = shiftKey ? head : active;
    if (ctrl) {
      void editor.viewport.edge(from, step).then((target) => editor.moveTo(target, { extend: shiftKey }));
    } else {
      editor.moveTo(clampPosition({ row: from.row + step.row, col: from.col + step.col }), { extend: shiftKey });
    }
    editor.selection.tabStartCol = undefined;
    return true;
  }
  if (ctrl && !altKey) {
    switch (key.toLowerCase()) {
      case 'a':
        editor.selectAll();
        return true;
      case 'z':
        void (shiftKey ? editor.redo() : editor.undo());
        return true;
      case 'y':
        void editor.redo();
        return true;
      case 'd':
      case 'r':
        if (shiftKey) return false;
        void fillSelection(editor, key.toLowerCase() === 'd' ? 'down' : 'right');
        return true;
      case '=':
      case '+':
        if (key === '+' || shiftKey) {
          void editor.insertCells();
          return true;
        }
        return false;
      case '-':
        void editor.deleteCells();
        return true;
      case ' ':
        editor.selectColumns(range.left, range.right, active);
        return true;
      case 'home':
        editor.moveTo({ row: 0, col: 0 }, { extend: shiftKey });
        return true;
      case 'end': {
        const size = editor.viewport.sheetSize();
        editor.moveTo({ row: Math.max(0, size.rows - 1), col: Math.max(0, size.cols - 1) }, { extend: shiftKey });
        return true;
      }
      case 'pagedown':
      case 'pageup':
        cycleSheet(editor, key === 'PageDown' ? 1 : -1);
        return true;
      default:
        return false;
    }
  }
  switch (key) {
    case 'Enter':
    case 'Tab': {
      advance(editor, key === 'Enter' ? (shiftKey ? 'up' : 'down') : shiftKey ? 'left' : 'right');
      return true;
    }
    case 'Home':
      editor.moveTo({ row: (shiftKey ? head : active).row, col: 0 }, { extend: shiftKey });
      return true;
    case 'PageDown':
    case 'PageUp': {
      const page = editor.subscriptions.grid?.pageRows() ?? 20;
      const from = shiftKey ? head : active;
      editor.moveTo(clampPosition({ row: from.row + (key === 'PageDown' ? page : -page), col: from.col }), { extend: shiftKey });
      return true;
    }
    case 'F2':
      editor.startEdit('edit');
      return true;
    case 'Escape':
      forgetCopy(editor);
      return true;
    case 'Delete':
    case 'Backspace':
      void editor.clearSelection();
      return true;
    case ' ':
      if (shiftKey) {
        editor.selectRows(range.top, range.bottom, active);
        return true;
      }
      return false;
    default:
      return false;
  }
}

/** Ctrl+PageDown and Ctrl+PageUp: the next or previous sheet, round the end. */
function cycleSheet(editor: KeyTarget, step: number): void {
  const names = editor.state?.sheets.map((sheet) => sheet.name) ?? [];
  const index = names.indexOf(editor.sheet);
  const next = names[(index + step + names.length) % names.length];
  if (next !== undefined) void editor.switchSheet(next);
}

/** Keys in the in-cell editor or the formula bar; true when the key was used. */
export function editKey(editor: KeyTarget, event: KeyboardEvent, origin: 'cell' | 'bar'): boolean {
  if (event.isComposing || event.keyCode === 229) return false;
  const editing = editor.editing;
  if (!editing) return false;
  const { key, shiftKey } = event;
  const ctrl = event.ctrlKey || event.metaKey;
  switch (key) {
    case 'Enter':
      if (event.altKey) return false;
      if (ctrl) {
        void editor.commit('none', { fillSelection: true });
        return true;
      }
      void editor.commit(shiftKey ? 'up' : 'down');
      return true;
    case 'Tab':
      void editor.commit(shiftKey ? 'left' : 'right');
      return true;
    case 'Escape':
      editor.cancelEdit();
      return true;
    case 'F2':
      editor.editing = { ...editing, mode: editing.mode === 'enter' ? 'edit' : 'enter' };
      editor.subscriptions.emit('editing');
      return true;
    case 'ArrowUp':
    case 'ArrowDown':
    case 'ArrowLeft':
    case 'ArrowRight':
      if (origin === 'cell' && editing.mode === 'enter' && !shiftKey && !ctrl) {
        void editor.commit({ ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' }[key] as 'up');
        return true;
      }
      return false;
    default:
      return false;
  }
}

/** Enter, Tab and their Shift forms: inside a selected range they walk the range, as in Excel. */
export function advance(editor: KeyTarget, direction: Direction): void {
  const { selection } = editor;
  const { active, range } = selection;
  if (rectSize(range) > 1 && !editor.wholeRows() && !editor.wholeColumns()) {
    const next = selection.walk(direction);
    editor.viewport.refreshActiveContent();
    editor.subscriptions.emit('selection', 'editing');
    editor.focusActive();
    editor.subscriptions.onGrid((grid) => grid.scrollToCell(next.row, next.col));
    return;
  }
  if (direction === 'right' || direction === 'left') {
    selection.tabStartCol ??= active.col;
    editor.moveTo(clampPosition({ row: active.row, col: active.col + (direction === 'right' ? 1 : -1) }));
    return;
  }
  // Enter after a run of Tabs returns to the column where the run began.
  const col = direction === 'down' && selection.tabStartCol !== undefined ? selection.tabStartCol : active.col;
  selection.tabStartCol = undefined;
  editor.moveTo(clampPosition({ row: active.row + (direction === 'down' ? 1 : -1), col }));
}

/** Goes to what the name box was given: `B7`, `Autos!B7`, `B2:D4`, or the name of an input or output. */
export function goTo(editor: KeyTarget, text: string): boolean {
  const trimmed = text.trim();
  const [start = '', end] = trimmed.split(':');
  const local = parseLocalAddress(start);
  if (local) {
    const last = end === undefined ? local : parseLocalAddress(end);
    if (!last) return false;
    const extent = [editor.gridRows, editor.gridCols];
    editor.select(local, last);
    const reveal = () => {
      editor.subscriptions.grid?.scrollToCell(last.row, last.col);
      editor.focusActive();
    };
    reveal();
    // A cell beyond the grid's extent grows it, which the page shows only once React renders: reveal it again then.
    if (editor.gridRows !== extent[0] || editor.gridCols !== extent[1]) requestAnimationFrame(reveal);
    return true;
  }
  const named = [...(editor.state?.inputs ?? []), ...(editor.state?.outputs ?? [])].find((item) => item.name.toLowerCase() === trimmed.toLowerCase());
  const address = parseCellAddress(named ? named.cell : trimmed);
  if (!address) return false;
  void editor.switchSheet(address.sheet, { row: address.row, col: address.col }).then(() => editor.moveTo({ row: address.row, col: address.col }));
  return true;
}
