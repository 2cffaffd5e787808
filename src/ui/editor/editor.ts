/**
 * The page's side of one open scenario: what the grid shows (a window of values from the worker),
 * the selection, the cell being edited, and the commands a person gives. It holds no model logic: it
 * turns keystrokes and clicks into requests to the engine worker and shows its answers. Components
 * subscribe to one topic each and read small, stable snapshots, so an edit re-renders only what changed.
 */
import { columnLetters, formatLocalAddress, parseCellAddress, parseLocalAddress } from '../../model/address';
import type { CellContent, CellValue } from '../../model';
import { cellKey, edgeTarget, keyPosition, formatRect, rectCols, rectContains, rectOf, rectRows, rectSize, type Position, type Rect } from '../../shared/cellRange';
import type { EngineClient } from '../engineClient';
import type { DocInfo, DocState, PasteSource, RangeStats, SheetWindow, Update, WindowRequest } from '../../shared/messages';
import { entryText, parseEntry } from './entry';
import { exactValue, formatValue } from '../formatValue';
import { MAX_PASTE_CELLS, MAX_PASTE_CHARS, parseTsv, pasteTextTooLong, pasteTooManyCells, toTsv } from '../../shared/tsv';
import { messageOf } from '../../shared/errors';

export type Topic = 'doc' | 'cells' | 'selection' | 'editing' | 'focus';

export const ROW_HEIGHT = 24;
export const DEFAULT_WIDTH = 96;
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

export interface EditState {
  sheet: string;
  row: number;
  col: number;
  text: string;
  /** "enter": typed over the cell, arrows commit and move; "edit": F2 or double-click, arrows move the caret. */
  mode: 'enter' | 'edit';
  origin: 'cell' | 'bar';
  /** The cell's text when editing began, to tell whether anything changed. */
  initial: string;
}

export interface SelectionState {
  /** The cell the selection started from, and where typing goes. */
  active: Position;
  anchor: Position;
  head: Position;
}

interface Clipboard {
  tsv: string;
  rows: CellContent[][];
  docId: string;
  sheet: string;
  rect: Rect;
  cut: boolean;
}

/** How long a committed cell entry's editor may stay drawn while the engine has not answered (see Editor.held). */
const HELD_AT_MOST_MS = 100;

/** The grid's imperative side, which the SheetGrid component provides. */
export interface GridHandle {
  /** Makes the cell the grid's active one (drawn even when scrolled away) and scrolls it into view. */
  showCell(row: number, col: number): void;
  scrollToCell(row: number, col: number): void;
  pageRows(): number;
}

export interface Notice {
  kind: 'problem' | 'info';
  text: string;
}

const EMPTY_VIEW: CellView = { text: '', className: 'c-empty', title: undefined };
const LOADING_VIEW: CellView = { text: '', className: 'c-loading', title: undefined };

/** The copied block is kept by the page, so it can be pasted into another scenario too. */
let clipboard: Clipboard | undefined;

export class Editor {
  info: DocInfo | undefined;
  state: DocState | undefined;
  sheet = '';
  window: SheetWindow | undefined;
  selection: SelectionState = { active: { row: 0, col: 0 }, anchor: { row: 0, col: 0 }, head: { row: 0, col: 0 } };
  editing: EditState | null = null;
  copyMark: { sheet: string; rect: Rect; cut: boolean } | null = null;
  saveStatus: 'saved' | 'saving' | { problem: string } = 'saved';
  notice: Notice | null = null;
  stats: RangeStats | null = null;
  /** Column widths by sheet; set from content when a sheet is first shown, then by dragging. */
  widths = new Map<string, Map<number, number>>();
  gridRows = MIN_ROWS;
  gridCols = MIN_COLS;
  activeContent: CellContent = null;
  /** Rows the person scrolled or moved past the sheet's end: the grid grows to follow. */
  private reach = 0;

  private readonly listeners: Record<Topic, Set<() => void>> = { doc: new Set(), cells: new Set(), selection: new Set(), editing: new Set(), focus: new Set() };
  /** Bumped to ask the active cell to take the keyboard once it is drawn (see DataCell). */
  focusTicket = 0;
  private focusPolite = false;
  private focusAnswered = -1;
  private views = new Map<number, CellView>();
  private changedKeys = new Set<number>();
  private named = new Map<number, { kind: 'input' | 'output'; label: string; name: string; unit: string }>();
  private namedSource: { info: DocInfo | undefined; sheet: string; cells: string } | undefined;
  private percentLimit = new Map<number, number>();
  private viewport: Rect = { top: 0, left: 0, bottom: 40, right: 12 };
  private fetching = false;
  private refetch = false;
  /** The window the fetch in flight asked for. */
  private asked: WindowRequest | undefined;
  /** The frame that checks whether a scroll has come to rest; 0 when none is waiting. */
  private scrollRestFrame = 0;
  private scrolledThisFrame = false;
  private grid: GridHandle | undefined;
  /**
   * What a cell entry's commit has not drawn yet: its editor stays on the page as it is until the engine
   * answers, and the editor closing, the move and the new values are drawn in one frame. Drawn at the
   * keystroke, the close cost a frame of its own, and Chromium draws that frame before it hands the page
   * the engine's answer, which then came a frame later. Any other change the page is told of draws it too.
   */
  private held: { topics: Set<Topic>; gridCalls: ((grid: GridHandle) => void)[]; collecting: boolean; timer: ReturnType<typeof setTimeout> } | undefined;
  private saveTicket = 0;
  private statsTicket = 0;
  private tabStartCol: number | undefined;
  private selectionVersion = 0;
  private selectionSnapshot = { version: -1, rect: { top: 0, left: 0, bottom: 0, right: 0 } };

  constructor(
    private readonly engine: EngineClient,
    private readonly hooks: { onSelectionSettled?: (editor: Editor) => void; onStructure?: (editor: Editor) => void } = {},
  ) {}

  // Subscriptions

  subscribe(topic: Topic, listener: () => void): () => void {
    this.listeners[topic].add(listener);
    return () => this.listeners[topic].delete(listener);
  }

  private emit(...topics: Topic[]): void {
    const held = this.held;
    if (held) {
      for (const topic of topics) held.topics.add(topic);
      if (held.collecting) return;
      this.held = undefined;
      clearTimeout(held.timer);
      for (const call of held.gridCalls) if (this.grid) call(this.grid);
      topics = [...held.topics];
    }
    const [first, ...more] = topics;
    if (first === undefined) return;
    if (more.length === 0) {
      for (const listener of this.listeners[first]) listener();
      return;
    }
    // A component listening to several of the topics reads its snapshot once, not once per topic.
    const listeners = new Set<() => void>();
    for (const topic of topics) for (const listener of this.listeners[topic]) listeners.add(listener);
    for (const listener of listeners) listener();
  }

  /** A committed cell entry whose editor is still drawn, waiting for the engine's answer (see `held`). */
  get entryClosing(): boolean {
    return this.held !== undefined;
  }

  /** Draws what a cell entry's commit held back, now. */
  showHeld(): void {
    if (this.held) this.emit();
  }

  /** Calls the grid now, or once what is held is drawn. */
  private onGrid(call: (grid: GridHandle) => void): void {
    if (this.held?.collecting) this.held.gridCalls.push(call);
    else if (this.grid) call(this.grid);
  }

  /** For the page's file actions, which ask the engine directly. */
  engineCall<T>(call: (engine: EngineClient) => Promise<T>): Promise<T> {
    return call(this.engine);
  }

  attachGrid(grid: GridHandle | undefined): void {
    this.grid = grid;
  }

  get docId(): string | undefined {
    return this.info?.docId;
  }

  get range(): Rect {
    if (this.selectionSnapshot.version !== this.selectionVersion) {
      this.selectionSnapshot = { version: this.selectionVersion, rect: rectOf(this.selection.anchor, this.selection.head) };
    }
    return this.selectionSnapshot.rect;
  }

  // Opening

  /** Shows a scenario the engine has opened: its sheet, and where the person was in it. */
  show(info: DocInfo, update: Update, place?: { sheet?: string; active?: Position }): void {
    this.info = info;
    this.state = update.state;
    this.editing = null;
    this.copyMark = clipboard && clipboard.docId === info.docId ? { sheet: clipboard.sheet, rect: clipboard.rect, cut: clipboard.cut } : null;
    this.window = undefined;
    this.views.clear();
    this.reach = 0;
    this.viewport = this.topLeftViewport();
    const sheet = update.window?.sheet ?? update.state.sheets[0]?.name ?? '';
    this.sheet = sheet;
    const active = place?.active ?? { row: 0, col: 0 };
    this.selection = { active, anchor: active, head: active };
    this.selectionVersion += 1;
    this.updateNamed();
    this.resize();
    if (update.window) this.applyWindow(update.window);
    this.refreshActiveContent();
    if (update.problem) this.notice = { kind: 'problem', text: update.problem };
    this.emit('doc', 'cells', 'selection', 'editing');
    this.afterSelection();
  }

  /** The window request for what is on screen now, or for the top-left corner of a sheet about to be shown. */
  request(sheet = this.sheet, fromTop = false): WindowRequest {
    const { top, left, bottom, right } = fromTop ? this.topLeftViewport() : this.viewport;
    return {
      sheet,
      whole: false,
      top: Math.max(0, top - OVERSCAN_ROWS),
      left: Math.max(0, left - OVERSCAN_COLS),
      rows: bottom - top + 1 + 2 * OVERSCAN_ROWS,
      cols: right - left + 1 + 2 * OVERSCAN_COLS,
    };
  }

  async switchSheet(sheet: string, active?: Position): Promise<void> {
    const docId = this.docId;
    if (!docId || !this.state?.sheets.some((candidate) => candidate.name === sheet)) return;
    if (this.editing) await this.commit('none', { polite: true });
    if (sheet !== this.sheet) {
      this.sheet = sheet;
      this.window = undefined;
      this.views.clear();
      this.reach = 0;
      this.viewport = this.topLeftViewport();
      const position = active ?? { row: 0, col: 0 };
      this.selection = { active: position, anchor: position, head: position };
      this.selectionVersion += 1;
      // The formula bar must not go on showing the other sheet's cell while this one's values are on their way.
      this.activeContent = null;
      this.updateNamed();
      this.resize();
      this.emit('doc', 'cells', 'selection', 'editing');
    }
    const window = await this.engine.window(docId, this.request(sheet));
    if (window && this.docId === docId && window.sheet === this.sheet) {
      this.applyWindow(window);
      this.refreshActiveContent();
      this.emit('cells', 'doc', 'editing');
      // The grid may have scrolled (Ctrl+End, say) while the window was on its way.
      this.fetchIfUncovered();
    }
    this.afterSelection();
    this.focusActive(true);
  }

  private topLeftViewport(): Rect {
    return { top: 0, left: 0, bottom: this.viewport.bottom - this.viewport.top, right: this.viewport.right - this.viewport.left };
  }

  // Reading, for components

  cellView(row: number, col: number): CellView {
    const key = cellKey(row, col);
    const cached = this.views.get(key);
    if (cached) return cached;
    const view = this.computeView(row, col);
    this.views.set(key, view);
    return view;
  }

  selectionClass(row: number, col: number): string {
    const range = this.range;
    const { active } = this.selection;
    let classes = '';
    if (rectContains(range, row, col)) {
      classes = row === active.row && col === active.col ? 'is-active' : 'in-range';
      if (row === range.top) classes += ' edge-t';
      if (row === range.bottom) classes += ' edge-b';
      if (col === range.left) classes += ' edge-l';
      if (col === range.right) classes += ' edge-r';
    }
    const mark = this.copyMark;
    if (mark && mark.sheet === this.sheet && rectContains(mark.rect, row, col)) {
      classes += ' copy';
      if (row === mark.rect.top) classes += ' copy-t';
      if (row === mark.rect.bottom) classes += ' copy-b';
      if (col === mark.rect.left) classes += ' copy-l';
      if (col === mark.rect.right) classes += ' copy-r';
    }
    return classes;
  }

  rowHeaderSelected(row: number): boolean {
    const range = this.range;
    return row >= range.top && row <= range.bottom;
  }

  colHeaderSelected(col: number): boolean {
    const range = this.range;
    return col >= range.left && col <= range.right;
  }

  isEditingAt(row: number, col: number): boolean {
    const editing = this.editing;
    return editing !== null && editing.origin === 'cell' && editing.row === row && editing.col === col && editing.sheet === this.sheet;
  }

  /** What the formula bar shows: the text being edited, else the active cell's formula or literal at full precision. */
  barText(): string {
    return this.editing ? this.editing.text : entryText(this.activeContent);
  }

  nameBoxText(): string {
    const range = this.range;
    if (this.editing || rectSize(range) === 1) return formatLocalAddress(this.selection.active.row, this.selection.active.col);
    if (range.left === 0 && range.right >= this.gridCols - 1) return `${range.top + 1}:${range.bottom + 1}`;
    if (range.top === 0 && range.bottom >= this.gridRows - 1) return `${columnLetters(range.left)}:${columnLetters(range.right)}`;
    return formatRect(range);
  }

  activeValue(): CellValue | undefined {
    return this.valueAt(this.selection.active.row, this.selection.active.col);
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

  isChanged(row: number, col: number): boolean {
    return this.changedKeys.has(cellKey(row, col));
  }

  /** Whether the selection holds a cell that differs from the preset (as far as the page can see). */
  selectionHasChanges(): boolean {
    const range = this.range;
    if (rectSize(range) > 5000) return this.changedKeys.size > 0;
    // The range's cells, not the set: after scrolling an imported sheet the set holds every cell of it.
    for (let row = range.top; row <= range.bottom; row += 1) for (let col = range.left; col <= range.right; col += 1) if (this.changedKeys.has(cellKey(row, col))) return true;
    return false;
  }

  columnWidth(col: number): number {
    return this.widths.get(this.sheet)?.get(col) ?? DEFAULT_WIDTH;
  }

  setColumnWidth(col: number, width: number): void {
    let sheetWidths = this.widths.get(this.sheet);
    if (!sheetWidths) {
      sheetWidths = new Map();
      this.widths.set(this.sheet, sheetWidths);
    }
    sheetWidths.set(col, Math.round(width));
  }

  // Viewport

  /** Where the grid is now; `scrolled` when a scroll of the grid moved it there. */
  setViewport(viewport: Rect, { scrolled = false }: { scrolled?: boolean } = {}): void {
    this.viewport = viewport;
    const needRows = viewport.bottom + SPARE_ROWS;
    if (needRows > this.gridRows) {
      this.reach = Math.max(this.reach, viewport.bottom + 1);
      this.resize();
      this.emit('doc');
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
    if (!window || window.sheet !== this.sheet) return false;
    return window.whole || (row >= window.top && row < window.top + window.values.length) || row >= this.sheetSize().rows;
  }

  /** Asks for the cells on screen unless the page holds them already or has asked for them since the last scroll. */
  private fetchIfUncovered(): void {
    const window = this.window;
    if (!window) {
      // A sheet's first window is on its way, asked for where the grid was then: ask again once it lands.
      if (this.fetching) this.refetch = true;
      return;
    }
    if (window.whole || this.coversScreen({ top: window.top, left: window.left, rows: window.values.length, cols: window.values[0]?.length ?? 0 })) return;
    const asked = this.asked;
    if (asked?.sheet === this.sheet && (asked.whole || this.coversScreen(asked))) return;
    void this.fetchWindow();
  }

  /** Whether an area of the sheet holds every filled cell on screen; blank rows and columns past the sheet need nothing. */
  private coversScreen(area: { top: number; left: number; rows: number; cols: number }): boolean {
    const viewport = this.viewport;
    const size = this.sheetSize();
    const needBottom = Math.min(viewport.bottom, size.rows - 1);
    const needRight = Math.min(viewport.right, size.cols - 1);
    const rowsCovered = needBottom < viewport.top || (viewport.top >= area.top && needBottom < area.top + area.rows);
    const colsCovered = needRight < viewport.left || (viewport.left >= area.left && needRight < area.left + area.cols);
    return rowsCovered && colsCovered;
  }

  private async fetchWindow(): Promise<void> {
    if (this.fetching) {
      this.refetch = true;
      return;
    }
    const docId = this.docId;
    if (!docId) return;
    this.fetching = true;
    try {
      do {
        this.refetch = false;
        this.asked = this.request();
        const window = await this.engine.window(docId, this.asked);
        if (window && docId === this.docId && window.sheet === this.sheet) {
          this.applyWindow(window);
          this.emit('cells');
        }
      } while (this.refetch);
    } finally {
      this.fetching = false;
      this.asked = undefined;
    }
  }

  // Answers from the engine

  private apply(update: Update, options: { select?: boolean } = {}): void {
    if (update.state.docId !== this.docId) return;
    const structureBefore = this.state?.sheets.map((sheet) => sheet.name).join('\u0000');
    this.state = keepUnchanged(this.state, update.state);
    if (update.problem) this.notice = { kind: 'problem', text: update.problem };
    const select = options.select === false ? undefined : update.select;
    let sheetChanged = false;
    const targetSheet = select?.sheet ?? (update.window && update.window.sheet !== this.sheet ? update.window.sheet : undefined);
    if (targetSheet !== undefined && targetSheet !== this.sheet && update.state.sheets.some((sheet) => sheet.name === targetSheet)) {
      this.sheet = targetSheet;
      this.window = undefined;
      this.views.clear();
      sheetChanged = true;
    }
    if (!update.state.sheets.some((sheet) => sheet.name === this.sheet)) {
      this.sheet = update.state.sheets[0]?.name ?? '';
      this.window = undefined;
      this.views.clear();
      sheetChanged = true;
    }
    this.updateNamed();
    this.resize();
    if (update.window && update.window.sheet === this.sheet) {
      this.applyWindow(update.window);
      this.fetchIfUncovered();
    } else if (sheetChanged) {
      void this.fetchWindow();
    }
    if (select && select.sheet === this.sheet) {
      const { rect } = select;
      const active = { row: rect.top, col: rect.left };
      this.selection = { active, anchor: active, head: { row: rect.bottom, col: rect.right } };
      this.selectionVersion += 1;
    }
    this.refreshActiveContent();
    this.refreshStats(false);
    this.trackSaving(false);
    this.emit('doc', 'cells', 'selection', 'editing');
    if (select) this.focusActive(true);
    if (structureBefore !== update.state.sheets.map((sheet) => sheet.name).join('\u0000')) this.hooks.onStructure?.(this);
  }

  private trackSaving(notify = true): void {
    const ticket = ++this.saveTicket;
    this.saveStatus = 'saving';
    if (notify) this.emit('doc');
    this.engine.whenSaved(this.docId).then(
      (status) => {
        if (ticket !== this.saveTicket) return;
        this.saveStatus = status.ok ? 'saved' : { problem: status.problem ?? 'not saved' };
        this.emit('doc');
      },
      () => undefined,
    );
  }

  private applyWindow(window: SheetWindow): void {
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
      for (let col = row.length - 1; col >= 0; col -= 1) {
        if (row[col] === '%') {
          this.percentLimit.set(window.top + index, window.left + col);
          break;
        }
      }
    });
    if (!previous || previous.sheet !== window.sheet || previous.whole !== window.whole || previous.top !== window.top || previous.left !== window.left) {
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
        const text = formatValue(value, percent ? '%' : '');
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
    const text = formatValue(value, percent ? '%' : '');
    const kind = value === null ? 'c-empty' : typeof value === 'object' ? 'c-error' : typeof value === 'number' ? 'c-number' : typeof value === 'boolean' ? 'c-boolean' : 'c-text';
    let className = kind;
    if (typeof content === 'string' && content.startsWith('=')) className += ' c-formula';
    if (named) className += named.kind === 'input' ? ' c-input' : ' c-output';
    if (changed) className += ' c-changed';
    const tips: string[] = [];
    if (value !== null && typeof value === 'object') tips.push(`${value.error} ${value.message}`);
    if (named) tips.push(`${named.kind === 'input' ? 'Input' : 'Output'}: ${named.label} (${named.name})`);
    const exact = exactValue(value);
    if (exact !== undefined || (percent && typeof value === 'number')) tips.push(`Exact value: ${String(value)}`);
    if (changed) {
      const before = this.state?.changes.find((change) => change.sheet === this.sheet && change.row === row && change.col === col)?.before;
      const was = before === undefined ? '' : before === null ? ' (it was empty)' : ` (it was ${entryText(before)})`;
      tips.push(`Changed from ${this.info?.baseName ?? 'the preset'}${was}. Right-click to reset it.`);
    }
    if (typeof value === 'string' && value.length > 40) tips.push(value);
    return { text, className, title: tips.length > 0 ? tips.join('\n') : undefined };
  }

  private updateNamed(): void {
    const placesOf = (entries: readonly { name: string; cell: string }[] = []) => entries.map((entry) => `${entry.name}\u0000${entry.cell}`).join('\u0001');
    const source = { info: this.info, sheet: this.sheet, cells: `${placesOf(this.state?.inputs)}\u0002${placesOf(this.state?.outputs)}` };
    // An edit moves values, seldom where the named cells are: then there is nothing to parse again.
    const last = this.namedSource;
    if (last && last.info === source.info && last.sheet === source.sheet && last.cells === source.cells) return;
    this.namedSource = source;
    const named = new Map<number, { kind: 'input' | 'output'; label: string; name: string; unit: string }>();
    const definitions = new Map([...(this.info?.inputs ?? []), ...(this.info?.outputs ?? [])].map((definition) => [definition.name, definition]));
    const add = (kind: 'input' | 'output', name: string, cell: string) => {
      const address = parseCellAddress(cell);
      const definition = definitions.get(name);
      if (address?.sheet === this.sheet && definition) named.set(cellKey(address.row, address.col), { kind, name, label: definition.label, unit: definition.unit });
    };
    for (const input of this.state?.inputs ?? []) add('input', input.name, input.cell);
    for (const output of this.state?.outputs ?? []) add('output', output.name, output.cell);
    const before = [...this.named.entries()].map(([key, value]) => `${key}${value.kind}${value.name}`).join();
    const after = [...named.entries()].map(([key, value]) => `${key}${value.kind}${value.name}`).join();
    this.named = named;
    if (before !== after) this.views.clear();
  }

  private resize(): void {
    const size = this.state?.sheets.find((sheet) => sheet.name === this.sheet) ?? { rows: 0, cols: 0 };
    const range = this.range;
    const rows = Math.max(MIN_ROWS, size.rows + SPARE_ROWS, this.reach + SPARE_ROWS, range.bottom + SPARE_ROWS);
    const cols = Math.max(MIN_COLS, size.cols + 4, range.right + 4);
    this.gridRows = rows;
    this.gridCols = cols;
  }

  /** The active cell's content from the window when it holds the cell, else (unless told not to) from the worker. */
  private refreshActiveContent({ askWorker = true }: { askWorker?: boolean } = {}): void {
    const { row, col } = this.selection.active;
    const content = this.contentAt(row, col);
    if (content !== undefined) {
      this.activeContent = content;
      return;
    }
    if (!askWorker) return;
    const docId = this.docId;
    const sheet = this.sheet;
    if (!docId) return;
    void this.engine.copyRange(docId, sheet, { top: row, left: col, bottom: row, right: col }).then((copied) => {
      if (this.docId !== docId || this.sheet !== sheet || this.selection.active.row !== row || this.selection.active.col !== col) return;
      this.activeContent = copied.contents[0]?.[0] ?? null;
      this.emit('editing', 'selection');
    });
  }

  // Selection

  select(active: Position, head: Position = active, anchor: Position = active): void {
    const clamp = (position: Position) => ({ row: Math.max(0, Math.min(position.row, 1_048_575)), col: Math.max(0, Math.min(position.col, 16_383)) });
    this.selection = { active: clamp(active), anchor: clamp(anchor), head: clamp(head) };
    this.selectionVersion += 1;
    if (head.row + SPARE_ROWS > this.gridRows || head.col + 4 > this.gridCols) {
      this.resize();
      this.emit('doc');
    }
    this.refreshActiveContent();
    this.refreshStats(false);
    this.emit('selection', 'editing');
    this.hooks.onSelectionSettled?.(this);
  }

  private afterSelection(): void {
    this.refreshStats();
    this.hooks.onSelectionSettled?.(this);
  }

  /** The status bar's sum and count: at once from the window when it holds the range, else from the worker. */
  private refreshStats(notify = true): void {
    const range = this.range;
    const docId = this.docId;
    if (!docId) return;
    const ticket = ++this.statsTicket;
    if (rectSize(range) === 1) {
      if (this.stats !== null) {
        this.stats = null;
        if (notify) this.emit('selection');
      }
      return;
    }
    const window = this.window;
    const within = window && (window.whole || (range.top >= window.top && range.left >= window.left && range.bottom < window.top + window.values.length && range.right < window.left + (window.values[0]?.length ?? 0)));
    if (within) {
      const stats = statsOf(this, range);
      if (this.stats && stats.count === this.stats.count && stats.numbers === this.stats.numbers && stats.sum === this.stats.sum) return;
      this.stats = stats;
      if (notify) this.emit('selection');
      return;
    }
    void this.engine.rangeStats(docId, this.sheet, range).then((stats) => {
      if (ticket !== this.statsTicket) return;
      this.stats = stats;
      this.emit('selection');
    });
  }

  moveTo(position: Position, options: { extend?: boolean; scroll?: boolean } = {}): void {
    if (options.extend) {
      this.select(this.selection.active, position, this.selection.anchor);
      this.onGrid((grid) => grid.scrollToCell(position.row, position.col));
    } else {
      this.select(position);
      this.focusActive();
    }
  }

  /** Puts the keyboard on the active cell; `polite` leaves it where it is when a field elsewhere has it. */
  focusActive(polite = false): void {
    if (polite && this.focusBelongsElsewhere()) return;
    const { row, col } = this.selection.active;
    this.onGrid((grid) => grid.showCell(row, col));
    this.focusTicket += 1;
    this.focusPolite = polite;
    this.emit('focus');
  }

  /**
   * Whether the active cell, drawn now, may take the keyboard for the last request. A cell drawn later (a
   * sheet's grid comes a few frames after the switch, a row scrolls back in) must not take it from a
   * field the person opened meanwhile, such as a tab's rename box, when the request was polite or was
   * answered once already.
   */
  mayTakeFocus(): boolean {
    const settled = this.focusPolite || this.focusAnswered === this.focusTicket;
    return !(settled && this.focusBelongsElsewhere());
  }

  /** The active cell has the keyboard for the last request. */
  focusTaken(): void {
    this.focusAnswered = this.focusTicket;
  }

  private focusBelongsElsewhere(): boolean {
    const focused = document.activeElement;
    return !!focused && focused !== document.body && (focused.matches('input, textarea, select, [contenteditable]') || !!focused.closest('dialog, [role="menu"]')) && !focused.closest('.grid-host');
  }

  /** The ticket the cell at (row, col) should answer by taking focus, or -1 when it is not the active cell. */
  focusFor(row: number, col: number): number {
    const { active } = this.selection;
    return active.row === row && active.col === col ? this.focusTicket : -1;
  }

  selectAll(): void {
    this.select(this.selection.active, { row: this.gridRows - 1, col: this.gridCols - 1 }, { row: 0, col: 0 });
  }

  selectRows(from: number, to: number, active?: Position): void {
    const focus = active ?? { row: from, col: 0 };
    this.select(focus, { row: to, col: this.gridCols - 1 }, { row: from, col: 0 });
  }

  selectColumns(from: number, to: number, active?: Position): void {
    const focus = active ?? { row: 0, col: from };
    this.select(focus, { row: this.gridRows - 1, col: to }, { row: 0, col: from });
  }

  /** Whole rows are selected (the row headers were clicked, or Shift+Space). */
  wholeRows(): boolean {
    const range = this.range;
    return range.left === 0 && range.right >= this.gridCols - 1;
  }

  wholeColumns(): boolean {
    const range = this.range;
    return range.top === 0 && range.bottom >= this.gridRows - 1;
  }

  /** Goes to what the name box was given: `B7`, `Autos!B7`, `B2:D4`, or the name of an input or output. */
  goTo(text: string): boolean {
    const trimmed = text.trim();
    const [start = '', end] = trimmed.split(':');
    const local = parseLocalAddress(start);
    if (local) {
      const last = end === undefined ? local : parseLocalAddress(end);
      if (!last) return false;
      const extent = [this.gridRows, this.gridCols];
      this.select(local, last);
      const reveal = () => {
        this.grid?.scrollToCell(last.row, last.col);
        this.focusActive();
      };
      reveal();
      // A cell beyond the grid's extent grows it, which the page shows only once React renders: reveal it again then.
      if (this.gridRows !== extent[0] || this.gridCols !== extent[1]) requestAnimationFrame(reveal);
      return true;
    }
    const named = [...(this.state?.inputs ?? []), ...(this.state?.outputs ?? [])].find((item) => item.name.toLowerCase() === trimmed.toLowerCase());
    const address = parseCellAddress(named ? named.cell : trimmed);
    if (!address) return false;
    void this.switchSheet(address.sheet, { row: address.row, col: address.col }).then(() => this.moveTo({ row: address.row, col: address.col }));
    return true;
  }

  // Keyboard

  /** Keys on the grid when no cell is being edited in place; true when the key was used. */
  gridKey(event: KeyboardEvent): boolean {
    const ctrl = event.ctrlKey || event.metaKey;
    const { key, shiftKey, altKey } = event;
    const { active, head } = this.selection;
    const range = this.range;
    const arrows: Record<string, Position> = { ArrowUp: { row: -1, col: 0 }, ArrowDown: { row: 1, col: 0 }, ArrowLeft: { row: 0, col: -1 }, ArrowRight: { row: 0, col: 1 } };
    const step = arrows[key];
    if (step && !altKey) {
      const from = shiftKey ? head : active;
      if (ctrl) {
        void this.edge(from, step).then((target) => this.moveTo(target, { extend: shiftKey }));
      } else {
        this.moveTo(this.clampPosition({ row: from.row + step.row, col: from.col + step.col }), { extend: shiftKey });
      }
      this.tabStartCol = undefined;
      return true;
    }
    if (ctrl && !altKey) {
      switch (key.toLowerCase()) {
        case 'a':
          this.selectAll();
          return true;
        case 'z':
          void (shiftKey ? this.redo() : this.undo());
          return true;
        case 'y':
          void this.redo();
          return true;
        case '=':
        case '+':
          if (key === '+' || shiftKey) {
            void this.insertCells();
            return true;
          }
          return false;
        case '-':
          void this.deleteCells();
          return true;
        case ' ':
          this.selectColumns(range.left, range.right, active);
          return true;
        case 'home':
          this.moveTo({ row: 0, col: 0 }, { extend: shiftKey });
          return true;
        case 'end': {
          const size = this.sheetSize();
          this.moveTo({ row: Math.max(0, size.rows - 1), col: Math.max(0, size.cols - 1) }, { extend: shiftKey });
          return true;
        }
        case 'pagedown':
        case 'pageup':
          this.cycleSheet(key === 'PageDown' ? 1 : -1);
          return true;
        case 'enter':
          return false;
        default:
          return false;
      }
    }
    switch (key) {
      case 'Enter':
      case 'Tab': {
        this.advance(key === 'Enter' ? (shiftKey ? 'up' : 'down') : shiftKey ? 'left' : 'right');
        return true;
      }
      case 'Home':
        this.moveTo({ row: (shiftKey ? head : active).row, col: 0 }, { extend: shiftKey });
        return true;
      case 'PageDown':
      case 'PageUp': {
        const page = this.grid?.pageRows() ?? 20;
        const from = shiftKey ? head : active;
        this.moveTo(this.clampPosition({ row: from.row + (key === 'PageDown' ? page : -page), col: from.col }), { extend: shiftKey });
        return true;
      }
      case 'F2':
        this.startEdit('edit');
        return true;
      case 'Escape':
        if (this.copyMark) {
          this.copyMark = null;
          clipboard = undefined;
          this.emit('selection');
        }
        return true;
      case 'Delete':
      case 'Backspace':
        void this.clearSelection();
        return true;
      case ' ':
        if (shiftKey) {
          this.selectRows(range.top, range.bottom, active);
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  /** Enter, Tab and their Shift forms: inside a selected range they walk the range, as in Excel. */
  advance(direction: 'down' | 'up' | 'right' | 'left' | 'none'): void {
    if (direction === 'none') return;
    const { active } = this.selection;
    const range = this.range;
    if (rectSize(range) > 1 && !this.wholeRows() && !this.wholeColumns()) {
      const next = walk(range, active, direction);
      this.selection = { ...this.selection, active: next };
      this.selectionVersion += 1;
      this.refreshActiveContent();
      this.emit('selection', 'editing');
      this.focusActive();
      this.onGrid((grid) => grid.scrollToCell(next.row, next.col));
      return;
    }
    if (direction === 'right' || direction === 'left') {
      this.tabStartCol ??= active.col;
      this.moveTo(this.clampPosition({ row: active.row, col: active.col + (direction === 'right' ? 1 : -1) }));
      return;
    }
    // Enter after a run of Tabs returns to the column where the run began.
    const col = direction === 'down' && this.tabStartCol !== undefined ? this.tabStartCol : active.col;
    this.tabStartCol = undefined;
    this.moveTo(this.clampPosition({ row: active.row + (direction === 'down' ? 1 : -1), col }));
  }

  private clampPosition(position: Position): Position {
    return { row: Math.max(0, Math.min(position.row, 1_048_575)), col: Math.max(0, Math.min(position.col, 16_383)) };
  }

  private sheetSize(): { rows: number; cols: number } {
    return this.state?.sheets.find((sheet) => sheet.name === this.sheet) ?? { rows: 0, cols: 0 };
  }

  private async edge(from: Position, step: Position): Promise<Position> {
    const limits = { rows: this.gridRows, cols: this.gridCols };
    if (this.window?.whole) {
      const size = this.sheetSize();
      return edgeTarget((row, col) => row < size.rows && col < size.cols && (this.contentAt(row, col) ?? null) !== null, from, step, limits);
    }
    const docId = this.docId;
    if (!docId) return from;
    return this.engine.edge(docId, this.sheet, from, step, limits);
  }

  private cycleSheet(step: number): void {
    const names = this.state?.sheets.map((sheet) => sheet.name) ?? [];
    const index = names.indexOf(this.sheet);
    const next = names[(index + step + names.length) % names.length];
    if (next !== undefined) void this.switchSheet(next);
  }

  /** Keys in the in-cell editor or the formula bar; true when the key was used. */
  editKey(event: KeyboardEvent, origin: 'cell' | 'bar'): boolean {
    if (event.isComposing || event.keyCode === 229) return false;
    const editing = this.editing;
    if (!editing) return false;
    const { key, shiftKey } = event;
    const ctrl = event.ctrlKey || event.metaKey;
    switch (key) {
      case 'Enter':
        if (event.altKey) return false;
        if (ctrl) {
          void this.commit('none', { fillSelection: true });
          return true;
        }
        void this.commit(shiftKey ? 'up' : 'down');
        return true;
      case 'Tab':
        void this.commit(shiftKey ? 'left' : 'right');
        return true;
      case 'Escape':
        this.cancelEdit();
        return true;
      case 'F2':
        this.editing = { ...editing, mode: editing.mode === 'enter' ? 'edit' : 'enter' };
        this.emit('editing');
        return true;
      case 'ArrowUp':
      case 'ArrowDown':
      case 'ArrowLeft':
      case 'ArrowRight':
        if (origin === 'cell' && editing.mode === 'enter' && !shiftKey && !ctrl) {
          void this.commit({ ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' }[key] as 'up');
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  // Editing

  /** Starts editing the active cell: "replace" as typing does (the key then lands in the editor), "edit" as F2 does. */
  startEdit(how: 'replace' | 'edit', origin: 'cell' | 'bar' = 'cell'): void {
    const { row, col } = this.selection.active;
    const initial = entryText(this.activeContent);
    this.editing = { sheet: this.sheet, row, col, text: how === 'replace' ? '' : initial, mode: how === 'replace' ? 'enter' : 'edit', origin, initial };
    this.emit('editing');
  }

  setEditText(text: string, origin: 'cell' | 'bar'): void {
    if (!this.editing) this.startEdit('edit', origin);
    if (!this.editing) return;
    this.editing = { ...this.editing, text, origin };
    this.emit('editing');
  }

  moveEditTo(origin: 'cell' | 'bar'): void {
    if (this.editing && this.editing.origin !== origin) {
      this.editing = { ...this.editing, origin, mode: 'edit' };
      this.emit('editing');
    }
  }

  cancelEdit(): void {
    if (!this.editing) return;
    this.editing = null;
    this.emit('editing');
    this.focusActive();
  }

  /** Writes what was typed (an unchanged entry writes nothing), then moves as Enter or Tab would. */
  async commit(move: 'down' | 'up' | 'right' | 'left' | 'none', options: { fillSelection?: boolean; polite?: boolean } = {}): Promise<void> {
    const editing = this.editing;
    const docId = this.docId;
    if (!editing || !docId) return;
    this.showHeld();
    const content = parseEntry(editing.text);
    const range = this.range;
    const fill = options.fillSelection && rectSize(range) > 1 && rectSize(range) <= 100_000;
    const changed = editing.text !== editing.initial || fill;
    const writes = fill
      ? allCellsOf(range).map(({ row, col }) => ({ sheet: editing.sheet, row, col, content }))
      : [{ sheet: editing.sheet, row: editing.row, col: editing.col, content }];
    // Asked before the page changes anything, so the engine works while the page does.
    const answer = changed ? this.engine.setCells(docId, writes, this.request()) : undefined;
    // An entry typed in the cell and left with a key: its editor stays drawn until the answer (see `held`).
    if (answer && editing.origin === 'cell' && move !== 'none' && !fill) {
      this.held = { topics: new Set(), gridCalls: [], collecting: true, timer: setTimeout(() => this.showHeld(), HELD_AT_MOST_MS) };
    }
    this.editing = null;
    this.emit('editing');
    if (move !== 'none' && !fill) this.advance(move);
    else this.focusActive(options.polite ?? false);
    if (this.held) this.held.collecting = false;
    if (!answer) return;
    try {
      const update = await answer;
      this.apply(update, { select: false });
      if (update.problem && !fill) this.reopenRefused(editing, docId);
    } finally {
      this.showHeld();
    }
  }

  /**
   * An entry the engine refused (the reason is on the notice) comes back to its cell as it was typed, so
   * a long formula is mended rather than typed again; unless the person is already typing elsewhere, or
   * the cell holds the entry after all (an edit that failed inside the engine but was kept).
   */
  private reopenRefused(entry: EditState, docId: string): void {
    if (this.editing || this.docId !== docId || this.sheet !== entry.sheet) return;
    const held = this.contentAt(entry.row, entry.col);
    if (held !== undefined && entryText(held) === entry.text) return;
    this.select({ row: entry.row, col: entry.col });
    this.editing = { ...entry, mode: 'edit' };
    this.emit('editing');
    this.focusActive();
  }

  // Commands

  private async run(call: (docId: string, request: WindowRequest) => Promise<Update>, options: { select?: boolean } = {}): Promise<Update | undefined> {
    const docId = this.docId;
    if (!docId) return undefined;
    if (this.editing) await this.commit('none', { polite: true });
    try {
      const update = await call(docId, this.request());
      this.apply(update, options);
      return update;
    } catch (error) {
      this.setNotice({ kind: 'problem', text: messageOf(error) });
      return undefined;
    }
  }

  /** Shows the answer to an edit a dialog asked the engine for itself (a CSV import, or taking it back). */
  showEdit(update: Update): void {
    this.apply(update);
  }

  setNotice(notice: Notice | null): void {
    this.notice = notice;
    this.emit('doc');
  }

  undo(): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.undo(docId, request));
  }

  redo(): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.redo(docId, request));
  }

  clearSelection(): Promise<Update | undefined> {
    const cells = cellsOf(this.range, this.sheetSize());
    if (cells.length === 0) return Promise.resolve(undefined);
    const sheet = this.sheet;
    return this.run((docId, request) => this.engine.setCells(docId, cells.map(({ row, col }) => ({ sheet, row, col, content: null })), request), { select: false });
  }

  /** Ctrl+Shift+= : whole columns selected insert columns to the left, anything else inserts rows above. */
  insertCells(): Promise<Update | undefined> {
    return this.wholeColumns() && !this.wholeRows() ? this.insertColumns('left') : this.insertRows('above');
  }

  deleteCells(): Promise<Update | undefined> {
    return this.wholeColumns() && !this.wholeRows() ? this.deleteColumns() : this.deleteRows();
  }

  insertRows(where: 'above' | 'below'): Promise<Update | undefined> {
    const range = this.range;
    const index = where === 'above' ? range.top : range.bottom + 1;
    const sheet = this.sheet;
    return this.run((docId, request) => this.engine.insertRows(docId, sheet, index, rectRows(range), request));
  }

  deleteRows(): Promise<Update | undefined> {
    const range = this.range;
    const sheet = this.sheet;
    return this.run((docId, request) => this.engine.deleteRows(docId, sheet, range.top, rectRows(range), request));
  }

  insertColumns(where: 'left' | 'right'): Promise<Update | undefined> {
    const range = this.range;
    const index = where === 'left' ? range.left : range.right + 1;
    const sheet = this.sheet;
    return this.run((docId, request) => this.engine.insertColumns(docId, sheet, index, rectCols(range), request));
  }

  deleteColumns(): Promise<Update | undefined> {
    const range = this.range;
    const sheet = this.sheet;
    return this.run((docId, request) => this.engine.deleteColumns(docId, sheet, range.left, rectCols(range), request));
  }

  addSheet(): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.addSheet(docId, request));
  }

  renameSheet(sheet: string, newName: string): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.renameSheet(docId, sheet, newName, request), { select: sheet === this.sheet });
  }

  removeSheet(sheet: string): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.removeSheet(docId, sheet, request), { select: sheet === this.sheet });
  }

  moveSheet(sheet: string, toIndex: number): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.moveSheet(docId, sheet, toIndex, request), { select: false });
  }

  resetSelection(): Promise<Update | undefined> {
    const sheet = this.sheet;
    const cells = cellsOf(this.range, this.sheetSize()).filter(({ row, col }) => this.isChanged(row, col) || rectSize(this.range) > 5000);
    return this.run((docId, request) => this.engine.resetCells(docId, cells.map(({ row, col }) => ({ sheet, row, col })), request), { select: false });
  }

  resetCell(sheet: string, row: number, col: number): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.resetCells(docId, [{ sheet, row, col }], request));
  }

  resetInput(name: string): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.resetInputs(docId, [name], request), { select: false });
  }

  resetAll(): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.resetAll(docId, request), { select: false });
  }

  setInput(name: string, value: number, coalesce?: string): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.setInputs(docId, { [name]: value }, request, coalesce), { select: false });
  }

  // Clipboard

  /**
   * The copy and cut events: the selection as tab-separated values at full precision, which Excel and
   * Google Sheets read; the formulas are kept too, for a paste back into this page.
   */
  copy(event: ClipboardEvent, cut: boolean): void {
    const docId = this.docId;
    if (!docId) return;
    const range = this.clipRange();
    const rows = rectRows(range);
    const cols = rectCols(range);
    const values: CellValue[][] = [];
    const contents: CellContent[][] = [];
    let complete = true;
    for (let r = 0; r < rows && complete; r += 1) {
      const valueRow: CellValue[] = [];
      const contentRow: CellContent[] = [];
      for (let c = 0; c < cols; c += 1) {
        const value = this.valueAt(range.top + r, range.left + c);
        const content = this.contentAt(range.top + r, range.left + c);
        if (value === undefined || content === undefined) {
          complete = false;
          break;
        }
        valueRow.push(value);
        contentRow.push(content);
      }
      values.push(valueRow);
      contents.push(contentRow);
    }
    event.preventDefault();
    const sheet = this.sheet;
    const remember = (tsv: string, block: CellContent[][]) => {
      clipboard = { tsv, rows: block, docId, sheet, rect: range, cut };
      this.copyMark = { sheet, rect: range, cut };
      this.emit('selection');
    };
    if (complete) {
      const tsv = toTsv(values);
      event.clipboardData?.setData('text/plain', tsv);
      remember(tsv, contents);
      return;
    }
    // Part of the range is not on the page: ask the worker, then use the asynchronous clipboard.
    void this.engine.copyRange(docId, sheet, range).then(async (copied) => {
      const tsv = toTsv(copied.values);
      remember(tsv, copied.contents);
      try {
        await navigator.clipboard.writeText(tsv);
      } catch {
        this.setNotice({ kind: 'problem', text: 'The browser did not let the page write to the clipboard.' });
      }
    });
  }

  /** The selection cut to the filled part of the sheet, so Ctrl+A, Ctrl+C copies the data, not a million empty rows. */
  private clipRange(): Rect {
    const range = this.range;
    const size = this.sheetSize();
    if (!this.wholeRows() && !this.wholeColumns()) return range;
    return { top: range.top, left: range.left, bottom: Math.max(range.top, Math.min(range.bottom, size.rows - 1)), right: Math.max(range.left, Math.min(range.right, size.cols - 1)) };
  }

  /** The paste event: a block copied here pastes its formulas; text from elsewhere is read as typed entries. */
  async paste(text: string): Promise<void> {
    const docId = this.docId;
    if (!docId || text === '') return;
    const copied = clipboard;
    let source: PasteSource;
    if (copied && copied.tsv === text) {
      source = { kind: 'cells', rows: copied.rows, from: { sheet: copied.sheet, row: copied.rect.top, col: copied.rect.left }, cut: copied.cut, docId: copied.docId };
      if (copied.cut) {
        clipboard = undefined;
        this.copyMark = null;
      }
    } else {
      // Refused before the text is read through, so a huge clipboard neither holds up the page nor touches the sheet.
      const rows = text.length > MAX_PASTE_CHARS ? undefined : parseTsv(text, MAX_PASTE_CELLS);
      if (!rows) {
        this.setNotice({ kind: 'problem', text: text.length > MAX_PASTE_CHARS ? pasteTextTooLong(text.length) : pasteTooManyCells() });
        return;
      }
      source = { kind: 'text', rows: rows.map((row) => row.map(parseEntry)) };
    }
    const range = this.range;
    const target = this.wholeRows() || this.wholeColumns() ? { top: range.top, left: range.left, bottom: range.top, right: range.left } : range;
    const sheet = this.sheet;
    await this.run((id, request) => this.engine.paste(id, sheet, target, source, request));
  }

  /** For the context menu, where no clipboard event happens: the asynchronous clipboard API. */
  async pasteFromSystem(): Promise<void> {
    try {
      await this.paste(await navigator.clipboard.readText());
    } catch {
      this.setNotice({ kind: 'info', text: 'To paste, press Ctrl+V (⌘V on a Mac): the browser keeps its clipboard from menus.' });
    }
  }

  copyToSystem(cut: boolean): void {
    const data = new DataTransfer();
    const event = new ClipboardEvent(cut ? 'cut' : 'copy', { clipboardData: data });
    this.copy(event, cut);
    const text = data.getData('text/plain');
    if (text !== '') void navigator.clipboard.writeText(text).catch(() => this.setNotice({ kind: 'info', text: 'To copy, press Ctrl+C (⌘C on a Mac).' }));
  }
}

function sameValue(a: CellValue, b: CellValue): boolean {
  if (a === b) return true;
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && a.error === b.error && a.message === b.message;
}

/** The cells of a range that can hold something: past the sheet's filled part every cell is empty already. */
function cellsOf(range: Rect, size: { rows: number; cols: number }): Position[] {
  const bottom = Math.min(range.bottom, size.rows - 1);
  const right = Math.min(range.right, size.cols - 1);
  const cells: Position[] = [];
  for (let row = range.top; row <= bottom; row += 1) for (let col = range.left; col <= right; col += 1) cells.push({ row, col });
  return cells;
}

/** Every cell of a range, for Ctrl+Enter, which writes past the sheet's end too. */
function allCellsOf(range: Rect): Position[] {
  const cells: Position[] = [];
  for (let row = range.top; row <= range.bottom; row += 1) for (let col = range.left; col <= range.right; col += 1) cells.push({ row, col });
  return cells;
}

function walk(range: Rect, from: Position, direction: 'down' | 'up' | 'right' | 'left'): Position {
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

function statsOf(editor: Editor, range: Rect): RangeStats {
  const stats = { count: 0, numbers: 0, sum: 0 };
  const window = editor.window;
  if (!window) return stats;
  const bottom = Math.min(range.bottom, window.top + window.values.length - 1);
  const right = Math.min(range.right, window.left + (window.values[0]?.length ?? 0) - 1);
  for (let row = Math.max(range.top, window.top); row <= bottom; row += 1) {
    const values = window.values[row - window.top];
    if (!values) continue;
    for (let col = Math.max(range.left, window.left); col <= right; col += 1) {
      const value = values[col - window.left] ?? null;
      if (value === null || value === '') continue;
      stats.count += 1;
      if (typeof value === 'number') {
        stats.numbers += 1;
        stats.sum += value;
      }
    }
  }
  return stats;
}

/** The new state, with every part that did not change kept as the same object, so memoized rows skip rendering. */
function keepUnchanged(previous: DocState | undefined, next: DocState): DocState {
  if (!previous || previous.docId !== next.docId) return next;
  const same = <T>(a: readonly T[], b: T[], equal: (x: T, y: T) => boolean): T[] => {
    const merged = b.map((item, index) => {
      const old = a[index];
      return old !== undefined && equal(old, item) ? old : item;
    });
    return merged.length === a.length && merged.every((item, index) => item === a[index]) ? (a as T[]) : merged;
  };
  const values = (x: CellValue, y: CellValue) => x === y || (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && x.error === y.error && x.message === y.message);
  return {
    ...next,
    sheets: same(previous.sheets, next.sheets, (x, y) => x.name === y.name && x.rows === y.rows && x.cols === y.cols),
    inputs: same(previous.inputs, next.inputs, (x, y) => x.name === y.name && x.cell === y.cell && x.changed === y.changed && values(x.value, y.value) && values(x.presetValue, y.presetValue)),
    outputs: same(previous.outputs, next.outputs, (x, y) => x.name === y.name && x.cell === y.cell && values(x.value, y.value) && values(x.presetValue, y.presetValue)),
    changes: same(previous.changes, next.changes, (x, y) => x.sheet === y.sheet && x.row === y.row && x.col === y.col && x.before === y.before && x.after === y.after),
  };
}
