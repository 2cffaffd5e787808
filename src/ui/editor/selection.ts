/** The selection on the shown sheet: its range, its active cell, and the asks for the active cell to take the keyboard once it is drawn. */
import { rectContains, rectOf, type Position, type Rect } from '../../shared/cellRange';
import type { Subscriptions } from './subscriptions';

export type Direction = 'down' | 'up' | 'right' | 'left';

const ORIGIN: Position = { row: 0, col: 0 };

export class Selection {
  private current = { active: ORIGIN, anchor: ORIGIN, head: ORIGIN };
  private version = 0;
  private snapshot = { version: -1, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
  /** The column a run of Tabs began in, which Enter returns to. */
  tabStartCol: number | undefined;
  /** Bumped to ask the active cell to take the keyboard once it is drawn (see DataCell). */
  private focusTicket = 0;
  private focusPolite = false;
  private focusAnswered = -1;
  /** What had the keyboard when the last request was made: a field the person moves to after it keeps the keyboard. */
  private focusedAtRequest: Element | null = null;

  constructor(private readonly subscriptions: Subscriptions) {}

  /** The cell the selection started from, and where typing goes. */
  get active(): Position {
    return this.current.active;
  }

  get anchor(): Position {
    return this.current.anchor;
  }

  get head(): Position {
    return this.current.head;
  }

  /** The same object until the selection changes, so components may read it as a snapshot. */
  get range(): Rect {
    if (this.snapshot.version !== this.version) {
      this.snapshot = { version: this.version, rect: rectOf(this.current.anchor, this.current.head) };
    }
    return this.snapshot.rect;
  }

  set(active: Position, head: Position = active, anchor: Position = active): void {
    this.current = { active, anchor, head };
    this.version += 1;
  }

  /** Enter or Tab inside a selected range: the active cell walks the range, which stays as it is. */
  walk(direction: Direction): Position {
    const next = walk(this.range, this.current.active, direction);
    this.current = { ...this.current, active: next };
    this.version += 1;
    return next;
  }

  /** The classes that draw the selection and the copied block's marching border on a cell. */
  classAt(row: number, col: number, copied: Rect | undefined): string {
    const range = this.range;
    const { active } = this.current;
    let classes = '';
    if (rectContains(range, row, col)) {
      classes = row === active.row && col === active.col ? 'is-active' : 'in-range';
      if (row === range.top) classes += ' edge-t';
      if (row === range.bottom) classes += ' edge-b';
      if (col === range.left) classes += ' edge-l';
      if (col === range.right) classes += ' edge-r';
    }
    if (copied && rectContains(copied, row, col)) {
      classes += ' copy';
      if (row === copied.top) classes += ' copy-t';
      if (row === copied.bottom) classes += ' copy-b';
      if (col === copied.left) classes += ' copy-l';
      if (col === copied.right) classes += ' copy-r';
    }
    return classes;
  }

  rowSelected(row: number): boolean {
    const range = this.range;
    return row >= range.top && row <= range.bottom;
  }

  colSelected(col: number): boolean {
    const range = this.range;
    return col >= range.left && col <= range.right;
  }

  // Focus

  /** Puts the keyboard on the active cell; `polite` leaves it where it is when a field elsewhere has it. */
  focus(polite: boolean): void {
    if (polite && focusBelongsElsewhere()) return;
    const { row, col } = this.current.active;
    this.subscriptions.onGrid((grid) => grid.showCell(row, col));
    this.focusTicket += 1;
    this.focusPolite = polite;
    this.focusedAtRequest = document.activeElement;
    this.subscriptions.emit('focus');
  }

  /**
   * Whether the active cell, drawn now, may take the keyboard for the last request. A cell drawn later (a
   * sheet's grid comes a few frames after the switch, a row scrolls back in) must not take it from a
   * field the person opened meanwhile, such as a tab's rename box, when the request was polite, was
   * answered once already, or was made before the person moved to that field.
   */
  mayTakeFocus(): boolean {
    // A field the person moved to after the request (the name box, typed into while the row was still to be drawn) keeps the keyboard.
    const movedOn = document.activeElement !== this.focusedAtRequest;
    const settled = this.focusPolite || this.focusAnswered === this.focusTicket || movedOn;
    return !(settled && focusBelongsElsewhere());
  }

  /** The active cell has the keyboard for the last request. */
  focusTaken(): void {
    this.focusAnswered = this.focusTicket;
  }

  /** The ticket the cell at (row, col) should answer by taking focus, or -1 when it is not the active cell. */
  focusFor(row: number, col: number): number {
    const { active } = this.current;
    return active.row === row && active.col === col ? this.focusTicket : -1;
  }
}

function focusBelongsElsewhere(): boolean {
  const focused = document.activeElement;
  // A sheet tab the keyboard is on keeps it, for its arrows go on from sheet to sheet; a clicked tab (not
  // :focus-visible) still hands the keyboard to the grid, as in Excel.
  const keyboardOnTab = !!focused?.matches('[role="tab"]:focus-visible');
  return !!focused && focused !== document.body && (focused.matches('input, textarea, select, [contenteditable]') || !!focused.closest('dialog, [role="menu"]') || keyboardOnTab) && !focused.closest('.grid-host');
}

/** A position kept inside the largest sheet a spreadsheet has. */
export function clampPosition(position: Position): Position {
  return { row: Math.max(0, Math.min(position.row, 1_048_575)), col: Math.max(0, Math.min(position.col, 16_383)) };
}

function walk(range: Rect, from: Position, direction: Direction): Position {
  let { row, col } = from;
  if (direction === 'down' || direction === 'up') {
    row += direction === 'down' ? 1 : -1;
    if (row > range.bottom) {
      row = range.top;
      col = col >= range.right ? range.left : col + 1;
    } else if (row < range.top) {
      row = range.bottom;
      col = col <= range.left ? range.right : col - 1;
    }
  } else {
    col += direction === 'right' ? 1 : -1;
    if (col > range.right) {
      col = range.left;
      row = row >= range.bottom ? range.top : row + 1;
    } else if (col < range.left) {
      col = range.right;
      row = row <= range.top ? range.bottom : row - 1;
    }
  }
  return { row, col };
}

/** The cells of a range that can hold something: past the sheet's filled part every cell is empty already. */
export function cellsOf(range: Rect, size: { rows: number; cols: number }): Position[] {
  const bottom = Math.min(range.bottom, size.rows - 1);
  const right = Math.min(range.right, size.cols - 1);
  const cells: Position[] = [];
  for (let row = range.top; row <= bottom; row += 1) for (let col = range.left; col <= right; col += 1) cells.push({ row, col });
  return cells;
}

/** Every cell of a range, for Ctrl+Enter, which writes past the sheet's end too. */
export function allCellsOf(range: Rect): Position[] {
  const cells: Position[] = [];
  for (let row = range.top; row <= range.bottom; row += 1) for (let col = range.left; col <= range.right; col += 1) cells.push({ row, col });
  return cells;
}
