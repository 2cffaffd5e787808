/** The shown sheet as the page holds it: the window of cells fetched from the worker, each cell's view, the grid's extent and widths, and the bars' reads of the selection. */
import { parseCellAddress } from '../../model/address';
import type { CellContent, CellValue } from '../../model';
import { cellKey, edgeTarget, keyPosition, rectContains, rectSize, type Position, type Rect } from '../../shared/cellRange';
import type { DocInfo, DocState, RangeStats, SheetWindow, WindowRequest } from '../../shared/messages';
import type { EngineClient } from '../engineClient';
import { exactValue } from '../formatValue';
import { formatCodeAt, formatColourOf, percentColumn, shownText } from '../../shared/numberFormat';
import { noStats, tally } from '../../shared/rangeStats';
import { entryText } from './entry';
import type { Subscriptions } from './subscriptions';

const DEFAULT_WIDTH = 96;
/** Blank rows and columns a sheet shows past its last filled cell, as a spreadsheet does. */
const SPARE_ROWS = 100;
const MIN_ROWS = 1000;
const MIN_COLS = 26;
/** Rows and columns fetched around the screen for a sheet too big to travel whole. */
const OVERSCAN_ROWS = 60;
const OVERSCAN_COLS = 8;

export interface CellView {
  text: string;
  className: string;
  title: string | undefined;
}

const EMPTY_VIEW: CellView = { text: '', className: 'c-empty', title: undefined };
const LOADING_VIEW: CellView = { text: '', className: 'c-loading', title: undefined };

/** What the viewport reads of the editor, named here so this file need not import editor.ts, which imports it. */
interface ViewportHost {
  readonly docId: string | undefined;
  readonly info: DocInfo | undefined;
  readonly state: DocState | undefined;
  readonly sheet: string;
  readonly selection: { readonly active: Position; readonly range: Rect };
}

interface NamedCell {
  kind: 'input' | 'output';
  label: string;
  name: string;
  unit: string;
}

/**
 * A sheet too big to travel whole comes as a window around the screen, fetched again as the grid
 * scrolls; each cell's view is kept until its value, content or mark changes, so only changed cells
 * re-render. The formula bar's content and the status bar's sum come from the window when it holds the
 * cells, so most moves cost no round trip to the worker.
 */
export class Viewport {
  window: SheetWindow | undefined;
  /** Column widths by sheet; set from content when a sheet is first shown, then by dragging. */
  readonly widths = new Map<string, Map<number, number>>();
  gridRows = MIN_ROWS;
  gridCols = MIN_COLS;
  activeContent: CellContent = null;
  stats: RangeStats | null = null;
  /** Rows the person scrolled or moved past the sheet's end: the grid grows to follow. */
  private reach = 0;
  private views = new Map<number, CellView>();
  private changedKeys = new Set<number>();
  private named = new Map<number, NamedCell>();
  private namedSource: { info: DocInfo | undefined; sheet: string; cells: string } | undefined;
  private percentLimit = new Map<number, number>();
  /** The cells on screen. */
  private screen: Rect = { top: 0, left: 0, bottom: 40, right: 12 };
  private fetching = false;
  private refetch = false;
  /** The window the fetch in flight asked for. */
  private asked: WindowRequest | undefined;
  /** The frame that checks whether a scroll has come to rest; 0 when none is waiting. */
  private scrollRestFrame = 0;
  private scrolledThisFrame = false;
  private statsTicket = 0;

  constructor(
    private readonly engine: EngineClient,
    private readonly host: ViewportHost,
    private readonly subscriptions: Subscriptions,
  ) {}

  /** For a sheet shown afresh: nothing held of it, and the screen at its top-left corner. */
  restart(): void {
    this.forget();
    this.reach = 0;
    this.screen = this.topLeft();
  }

  /** For a sheet about to be shown instead of the one held. */
  forget(): void {
    this.window = undefined;
    this.views.clear();
  }

  /** The window request for what is on screen now, or for the top-left corner of a sheet about to be shown. */
  request(sheet = this.host.sheet, fromTop = false): WindowRequest {
    const { top, left, bottom, right } = fromTop ? this.topLeft() : this.screen;
    return {
      sheet,
      whole: false,
      top: Math.max(0, top - OVERSCAN_ROWS),
      left: Math.max(0, left - OVERSCAN_COLS),
      rows: bottom - top + 1 + 2 * OVERSCAN_ROWS,
      cols: right - left + 1 + 2 * OVERSCAN_COLS,
    };
  }

  private topLeft(): Rect {
    return { top: 0, left: 0, bottom: this.screen.bottom - this.screen.top, right: this.screen.right - this.screen.left };
  }

  // Reading

  cellView(row: number, col: number): CellView {
    const key = cellKey(row, col);
    const cached = this.views.get(key);
    if (cached) return cached;
    const view = this.computeView(row, col);
    this.views.set(key, view);
    return view;
  }

  valueAt(row: number, col: number): CellValue | undefined {
    const window = this.window;
    if (!window) return undefined;
    const inside = row >= window.top && col >= window.left && row < window.top + window.values.length && col < window.left + (window.values[0]?.length ?? 0);
    if (inside) return window.values[row - window.top]?.[col - window.left] ?? null;
    return window.whole ? null : undefined;
  }

  contentAt(row: number, col: number): CellContent | undefined {
    const window = this.window;
    if (!window) return undefined;
    const inside = row >= window.top && col >= window.left && row < window.top + window.contents.length && col < window.left + (window.contents[0]?.length ?? 0);
    if (inside) return window.contents[row - window.top]?.[col - window.left] ?? null;
    return window.whole ? null : undefined;
  }

  /** A cell's number format code, from the window's formatted ranges; undefined for General (or a cell the page does not hold). */
  formatAt(row: number, col: number): string | undefined {
    return formatCodeAt(this.window?.formats, row, col);
  }

  isChanged(row: number, col: number): boolean {
    return this.changedKeys.has(cellKey(row, col));
  }

  /** Whether the range holds a cell that differs from the preset (as far as the page can see). */
  hasChangesIn(range: Rect): boolean {
    if (rectSize(range) > 5000) return this.changedKeys.size > 0;
    // The range's cells, not the set: after scrolling an imported sheet the set holds every cell of it.
    for (let row = range.top; row <= range.bottom; row += 1) for (let col = range.left; col <= range.right; col += 1) if (this.changedKeys.has(cellKey(row, col))) return true;
    return false;
  }

  columnWidth(col: number): number {
    return this.widths.get(this.host.sheet)?.get(col) ?? DEFAULT_WIDTH;
  }

  setColumnWidth(col: number, width: number): void {
    let sheetWidths = this.widths.get(this.host.sheet);
    if (!sheetWidths) {
      sheetWidths = new Map();
      this.widths.set(this.host.sheet, sheetWidths);
    }
    sheetWidths.set(col, Math.round(width));
  }

  sheetSize(): { rows: number; cols: number } {
    return this.host.state?.sheets.find((sheet) => sheet.name === this.host.sheet) ?? { rows: 0, cols: 0 };
  }

  /** Where Ctrl+arrow lands: found in the window when it is the whole sheet, else by the worker. */
  async edge(from: Position, step: Position): Promise<Position> {
    const limits = { rows: this.gridRows, cols: this.gridCols };
    if (this.window?.whole) {
      const size = this.sheetSize();
      return edgeTarget((row, col) => row < size.rows && col < size.cols && (this.contentAt(row, col) ?? null) !== null, from, step, limits);
    }
    const docId = this.host.docId;
    if (!docId) return from;
    return this.engine.edge(docId, this.host.sheet, from, step, limits);
  }

  // Fetching

  /** Where the grid is now; `scrolled` when a scroll of the grid moved it there. */
  setScreen(screen: Rect, { scrolled = false }: { scrolled?: boolean } = {}): void {
    this.screen = screen;
    const needRows = screen.bottom + SPARE_ROWS;
    if (needRows > this.gridRows) {
      this.reach = Math.max(this.reach, screen.bottom + 1);
      this.resize();
      this.subscriptions.emit('doc');
    }
    if (scrolled) this.fetchAsScrollAllows();
    else this.fetchIfUncovered();
  }

  /**
   * The first scroll after a rest asks for its cells at once (a jump, or the start of a drag); the
   * scrolls that follow it frame after frame wait for the first frame without one. While the grid goes
   * on moving (a scrollbar dragged through 100,000 rows), what one frame shows is gone by the next, and
   * a window a frame cost the page a message out, one in and a re-read of every row on screen, for rows
   * that waited for their cells anyway (SheetRow's RowFiller draws none on the frame after a scroll).
   */
  private fetchAsScrollAllows(): void {
    const resting = this.scrollRestFrame === 0;
    this.scrolledThisFrame = true;
    if (!resting) return;
    this.fetchIfUncovered();
    const check = () => {
      if (this.scrolledThisFrame) {
        this.scrolledThisFrame = false;
        this.scrollRestFrame = requestAnimationFrame(check);
        return;
      }
      this.scrollRestFrame = 0;
      this.fetchIfUncovered();
    };
    this.scrollRestFrame = requestAnimationFrame(check);
  }

  /** Whether the page holds the row's values, or knows the row is past the sheet's end and so empty. */
  rowLoaded(row: number): boolean {
    const window = this.window;
    if (!window || window.sheet !== this.host.sheet) return false;
    return window.whole || (row >= window.top && row < window.top + window.values.length) || row >= this.sheetSize().rows;
  }

  /** Asks for the cells on screen unless the page holds them already or has asked for them since the last scroll. */
  fetchIfUncovered(): void {
    const window = this.window;
    if (!window) {
      // A sheet's first window is on its way, asked for where the grid was then: ask again once it lands.
      if (this.fetching) this.refetch = true;
      return;
    }
    if (window.whole || this.coversScreen({ top: window.top, left: window.left, rows: window.values.length, cols: window.values[0]?.length ?? 0 })) return;
    const asked = this.asked;
    if (asked?.sheet === this.host.sheet && (asked.whole || this.coversScreen(asked))) return;
    void this.fetchWindow();
  }

  /** Whether an area of the sheet holds every filled cell on screen; blank rows and columns past the sheet need nothing. */
  private coversScreen(area: { top: number; left: number; rows: number; cols: number }): boolean {
    const screen = this.screen;
    const size = this.sheetSize();
    const needBottom = Math.min(screen.bottom, size.rows - 1);
    const needRight = Math.min(screen.right, size.cols - 1);
    const rowsCovered = needBottom < screen.top || (screen.top >= area.top && needBottom < area.top + area.rows);
    const colsCovered = needRight < screen.left || (screen.left >= area.left && needRight < area.left + area.cols);
    return rowsCovered && colsCovered;
  }

  async fetchWindow(): Promise<void> {
    if (this.fetching) {
      this.refetch = true;
      return;
    }
    const docId = this.host.docId;
    if (!docId) return;
    this.fetching = true;
    try {
      do {
        this.refetch = false;
        this.asked = this.request();
        const window = await this.engine.window(docId, this.asked);
        if (window && docId === this.host.docId && window.sheet === this.host.sheet) {
          this.apply(window);
          this.subscriptions.emit('cells');
        }
      } while (this.refetch);
    } finally {
      this.fetching = false;
      this.asked = undefined;
    }
  }

  // Taking in what the worker sent

  apply(window: SheetWindow): void {
    const previous = this.window;
    this.window = window;
    const changed = new Set<number>();
    const width = window.values[0]?.length ?? 0;
    for (const index of window.changed) changed.add(cellKey(window.top + Math.floor(index / width), window.left + (index % width)));
    // Cells outside this window keep what the page knew of them, unless the window is the whole sheet or another sheet's.
    const previousChanged = previous?.sheet === window.sheet ? this.changedKeys : new Set<number>();
    const area: Rect = { top: window.top, left: window.left, bottom: window.top + window.values.length - 1, right: window.left + width - 1 };
    const inWindow = (key: number) => {
      const { row, col } = keyPosition(key);
      return rectContains(area, row, col);
    };
    const changedNow = (key: number) => changed.has(key) || (!window.whole && !inWindow(key) && previousChanged.has(key));
    this.percentLimit = new Map();
    window.contents.forEach((row, index) => {
      const col = percentColumn(row);
      if (col >= 0) this.percentLimit.set(window.top + index, window.left + col);
    });
    // A format changed redraws the window (formats come as a few ranges; comparing them costs nothing beside the cells).
    const formatsMoved = JSON.stringify(previous?.formats) !== JSON.stringify(window.formats);
    if (formatsMoved || !previous || previous.sheet !== window.sheet || previous.whole !== window.whole || previous.top !== window.top || previous.left !== window.left) {
      this.views.clear();
    } else {
      // Same place: forget only the cells whose value, content or mark moved, so only they re-render.
      const rows = Math.max(previous.values.length, window.values.length);
      const cols = Math.max(previous.values[0]?.length ?? 0, width);
      for (let r = 0; r < rows; r += 1) {
        const row = window.top + r;
        for (let c = 0; c < cols; c += 1) {
          const col = window.left + c;
          const key = cellKey(row, col);
          if (
            !sameValue(previous.values[r]?.[c] ?? null, window.values[r]?.[c] ?? null) ||
            (previous.contents[r]?.[c] ?? null) !== (window.contents[r]?.[c] ?? null) ||
            previousChanged.has(key) !== changedNow(key)
          ) {
            this.views.delete(key);
          }
        }
      }
      // Percent formatting follows a unit cell in the row: when one appears or goes, the row is drawn again.
      const rowsToRedraw = new Set<number>();
      for (let r = 0; r < rows; r += 1) {
        if ((window.contents[r] ?? []).includes('%') !== (previous.contents[r] ?? []).includes('%')) rowsToRedraw.add(window.top + r);
      }
      if (rowsToRedraw.size > 0) {
        for (const key of [...this.views.keys()]) if (rowsToRedraw.has(keyPosition(key).row)) this.views.delete(key);
      }
    }
    if (window.whole) {
      this.changedKeys = changed;
    } else {
      // Updated in place: a copy per window would cost as much as every changed cell scrolled past (a whole imported sheet).
      for (let row = area.top; row <= area.bottom; row += 1) for (let col = area.left; col <= area.right; col += 1) previousChanged.delete(cellKey(row, col));
      for (const key of changed) previousChanged.add(key);
      this.changedKeys = previousChanged;
    }
    if (this.widths.get(window.sheet) === undefined && window.top === 0 && window.left === 0) this.fitColumns(window);
    // A window brings the active cell's content when it holds the cell; one that scrolled away from it
    // changes nothing there, and asking the worker again on every scroll cost a round trip a frame.
    this.refreshActiveContent({ askWorker: false });
  }

  /** Widths from the text the first rows show; numbers get room to grow, since an edit can add digits. */
  private fitColumns(window: SheetWindow): void {
    const widths = new Map<number, number>();
    const cols = window.values[0]?.length ?? 0;
    for (let col = 0; col < cols; col += 1) {
      let longest = 0;
      for (let row = 0; row < Math.min(window.values.length, 200); row += 1) {
        const value = window.values[row]?.[col] ?? null;
        const percent = col < (this.percentLimit.get(window.top + row) ?? -1);
        const text = shownText(value, percent, formatCodeAt(window.formats, window.top + row, window.left + col));
        longest = Math.max(longest, text.length + (typeof value === 'number' ? 4 : 0));
      }
      if (longest > 0) widths.set(col, Math.max(64, Math.min(340, Math.round(longest * 7.1 + 20))));
    }
    this.widths.set(window.sheet, widths);
  }

  private computeView(row: number, col: number): CellView {
    const value = this.valueAt(row, col);
    if (value === undefined) return LOADING_VIEW;
    const content = this.contentAt(row, col) ?? null;
    const key = cellKey(row, col);
    const named = this.named.get(key);
    const changed = this.changedKeys.has(key);
    if (value === null && content === null && !named && !changed) return EMPTY_VIEW;
    const percent = named ? named.unit === '%' : col < (this.percentLimit.get(row) ?? -1);
    const format = this.formatAt(row, col);
    const text = shownText(value, percent, format);
    const kind = value === null ? 'c-empty' : typeof value === 'object' ? 'c-error' : typeof value === 'number' ? 'c-number' : typeof value === 'boolean' ? 'c-boolean' : 'c-text';
    let className = kind;
    if (typeof content === 'string' && content.startsWith('=')) className += ' c-formula';
    if (named) className += named.kind === 'input' ? ' c-input' : ' c-output';
    if (changed) className += ' c-changed';
    const tint = format === undefined ? undefined : formatColourOf(value, format);
    if (tint) className += ` c-tint-${tint}`;
    const tips: string[] = [];
    if (value !== null && typeof value === 'object') tips.push(`${value.error} ${value.message}`);
    if (named) tips.push(`${named.kind === 'input' ? 'Input' : 'Output'}: ${named.label} (${named.name})`);
    const exact = exactValue(value, text);
    if (exact !== undefined || (percent && typeof value === 'number')) tips.push(`Exact value: ${String(value)}`);
    if (changed) {
      const before = this.host.state?.changes.find((change) => change.sheet === this.host.sheet && change.row === row && change.col === col)?.before;
      const was = before === undefined ? '' : before === null ? ' (it was empty)' : ` (it was ${entryText(before)})`;
      tips.push(`Changed from ${this.host.info?.baseName ?? 'the preset'}${was}. Right-click to reset it.`);
    }
    if (typeof value === 'string' && value.length > 40) tips.push(value);
    return { text, className, title: tips.length > 0 ? tips.join('\n') : undefined };
  }

  /** Marks the shown sheet's inputs and outputs, whose cells draw with their own class and tip. */
  updateNamed(): void {
    const { info, state, sheet } = this.host;
    const placesOf = (entries: readonly { name: string; cell: string }[] = []) => entries.map((entry) => `${entry.name}\u0000${entry.cell}`).join('\u0001');
    const source = { info, sheet, cells: `${placesOf(state?.inputs)}\u0002${placesOf(state?.outputs)}` };
    // An edit moves values, seldom where the named cells are: then there is nothing to parse again.
    const last = this.namedSource;
    if (last && last.info === source.info && last.sheet === source.sheet && last.cells === source.cells) return;
    this.namedSource = source;
    const named = new Map<number, NamedCell>();
    const definitions = new Map([...(info?.inputs ?? []), ...(info?.outputs ?? [])].map((definition) => [definition.name, definition]));
    const add = (kind: 'input' | 'output', name: string, cell: string) => {
      const address = parseCellAddress(cell);
      const definition = definitions.get(name);
      if (address?.sheet === sheet && definition) named.set(cellKey(address.row, address.col), { kind, name, label: definition.label, unit: definition.unit });
    };
    for (const input of state?.inputs ?? []) add('input', input.name, input.cell);
    for (const output of state?.outputs ?? []) add('output', output.name, output.cell);
    const before = [...this.named.entries()].map(([key, value]) => `${key}${value.kind}${value.name}`).join();
    const after = [...named.entries()].map(([key, value]) => `${key}${value.kind}${value.name}`).join();
    this.named = named;
    if (before !== after) this.views.clear();
  }

  /** Sizes the grid to the sheet, the rows scrolled to and the selection, with blank rows and columns to spare. */
  resize(): void {
    const size = this.sheetSize();
    const range = this.host.selection.range;
    // Whole columns (or rows) selected reach the grid's last row (or column) by definition: growing past
    // them would make them whole no more, and Format, insert and delete would take them for a block.
    const bottom = range.top === 0 && range.bottom === this.gridRows - 1 ? 0 : range.bottom;
    const right = range.left === 0 && range.right === this.gridCols - 1 ? 0 : range.right;
    this.gridRows = Math.max(MIN_ROWS, size.rows + SPARE_ROWS, this.reach + SPARE_ROWS, bottom + SPARE_ROWS);
    this.gridCols = Math.max(MIN_COLS, size.cols + 4, right + 4);
  }

  /** Grows the grid when the selection's head comes near its end. */
  growFor(head: Position): void {
    if (head.row + SPARE_ROWS > this.gridRows || head.col + 4 > this.gridCols) {
      this.resize();
      this.subscriptions.emit('doc');
    }
  }

  // What the bars around the grid show

  /** The active cell's content from the window when it holds the cell, else (unless told not to) from the worker. */
  refreshActiveContent({ askWorker = true }: { askWorker?: boolean } = {}): void {
    const { row, col } = this.host.selection.active;
    const content = this.contentAt(row, col);
    if (content !== undefined) {
      this.activeContent = content;
      return;
    }
    if (!askWorker) return;
    const docId = this.host.docId;
    const sheet = this.host.sheet;
    if (!docId) return;
    void this.engine.copyRange(docId, sheet, { top: row, left: col, bottom: row, right: col }).then((copied) => {
      const { active } = this.host.selection;
      if (this.host.docId !== docId || this.host.sheet !== sheet || active.row !== row || active.col !== col) return;
      this.activeContent = copied.contents[0]?.[0] ?? null;
      this.subscriptions.emit('editing', 'selection');
    });
  }

  /** The status bar's sum and count: at once from the window when it holds the range, else from the worker. */
  refreshStats(notify = true): void {
    const range = this.host.selection.range;
    const docId = this.host.docId;
    if (!docId) return;
    const ticket = ++this.statsTicket;
    if (rectSize(range) === 1) {
      if (this.stats !== null) {
        this.stats = null;
        if (notify) this.subscriptions.emit('selection');
      }
      return;
    }
    const window = this.window;
    const within = window && (window.whole || (range.top >= window.top && range.left >= window.left && range.bottom < window.top + window.values.length && range.right < window.left + (window.values[0]?.length ?? 0)));
    if (within) {
      const stats = statsOf(window, range);
      if (this.stats && stats.count === this.stats.count && stats.numbers === this.stats.numbers && stats.sum === this.stats.sum) return;
      this.stats = stats;
      if (notify) this.subscriptions.emit('selection');
      return;
    }
    void this.engine.rangeStats(docId, this.host.sheet, range).then((stats) => {
      if (ticket !== this.statsTicket) return;
      this.stats = stats;
      this.subscriptions.emit('selection');
    });
  }
}

/** Two cell values alike as the page shows them: the same value, or the same error with the same reason. */
export function sameValue(a: CellValue, b: CellValue): boolean {
  if (a === b) return true;
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && a.error === b.error && a.message === b.message;
}

function statsOf(window: SheetWindow, range: Rect): RangeStats {
  const stats = noStats();
  const bottom = Math.min(range.bottom, window.top + window.values.length - 1);
  const right = Math.min(range.right, window.left + (window.values[0]?.length ?? 0) - 1);
  for (let row = Math.max(range.top, window.top); row <= bottom; row += 1) {
    const values = window.values[row - window.top];
    if (!values) continue;
    for (let col = Math.max(range.left, window.left); col <= right; col += 1) {
      tally(stats, values[col - window.left] ?? null);
    }
  }
  return stats;
}
