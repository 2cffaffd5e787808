/**
 * The page's side of one open scenario: what the grid shows (a window of values from the worker),
 * the selection, the cell being edited, and the commands a person gives. It holds no model logic: it
 * turns keystrokes and clicks into requests to the engine worker and shows its answers. Components
 * subscribe to one topic each and read small, stable snapshots, so an edit re-renders only what changed.
 * It stays the one object components use; what it owns lives beside it, in managers for what outlasts a
 * call (viewport.ts, selection.ts, subscriptions.ts) and functions taking the editor for what does not
 * (keys.ts, editing.ts, clipboard.ts).
 */
import { columnLetters, formatLocalAddress } from '../../model/address';
import type { CellContent, CellValue, InputRange } from '../../model';
import { formatRect, rectCols, rectRows, rectSize, type Position, type Rect } from '../../shared/cellRange';
import type { EngineClient } from '../engineClient';
import type { DocInfo, DocState, RangeStats, Update, WindowRequest } from '../../shared/messages';
import { messageOf } from '../../shared/errors';
import { copyMarkIn, copySelection, copyToSystem, pasteFromSystem, pasteRequest, type CopyMark } from './clipboard';
import { commitEntry, type EditState, type Move } from './editing';
import { fillPreviewClass } from './fill';
import { entryText } from './entry';
import { advance, editKey, goTo, gridKey } from './keys';
import { cellsOf, clampPosition, Selection } from './selection';
import { Subscriptions, type GridHandle, type Topic } from './subscriptions';
import { Viewport, sameValue, type CellView } from './viewport';

export interface Notice {
  kind: 'problem' | 'info';
  text: string;
}

export class Editor {
  info: DocInfo | undefined;
  state: DocState | undefined;
  sheet = '';
  editing: EditState | null = null;
  copyMark: CopyMark | null = null;
  saveStatus: 'saved' | 'saving' | { problem: string } = 'saved';
  notice: Notice | null = null;
  readonly subscriptions = new Subscriptions();
  readonly selection = new Selection(this.subscriptions);
  readonly viewport: Viewport;
  private saveTicket = 0;

  constructor(
    private readonly engine: EngineClient,
    private readonly hooks: { onSelectionSettled?: (editor: Editor) => void; onStructure?: (editor: Editor) => void } = {},
  ) {
    this.viewport = new Viewport(engine, this, this.subscriptions);
  }

  // Subscriptions

  subscribe(topic: Topic, listener: () => void): () => void {
    return this.subscriptions.subscribe(topic, listener);
  }

  /** A committed cell entry whose editor is still drawn, waiting for the engine's answer (see Subscriptions.held). */
  get entryClosing(): boolean {
    return this.subscriptions.holding;
  }

  /** Draws what a cell entry's commit held back, now. */
  showHeld(): void {
    this.subscriptions.release();
  }

  /** For the page's file actions, which ask the engine directly. */
  engineCall<T>(call: (engine: EngineClient) => Promise<T>): Promise<T> {
    return call(this.engine);
  }

  attachGrid(grid: GridHandle | undefined): void {
    this.subscriptions.grid = grid;
  }

  get docId(): string | undefined {
    return this.info?.docId;
  }

  get range(): Rect {
    return this.selection.range;
  }

  // Opening

  /** Shows a scenario the engine has opened: its sheet, and where the person was in it. */
  show(info: DocInfo, update: Update, place?: { sheet?: string; active?: Position }): void {
    this.info = info;
    this.state = update.state;
    this.editing = null;
    this.copyMark = copyMarkIn(info.docId);
    this.viewport.restart();
    const sheet = update.window?.sheet ?? update.state.sheets[0]?.name ?? '';
    this.sheet = sheet;
    this.selection.set(place?.active ?? { row: 0, col: 0 });
    this.viewport.updateNamed();
    this.viewport.resize();
    if (update.window) this.viewport.apply(update.window);
    this.viewport.refreshActiveContent();
    if (update.problem) this.notice = { kind: 'problem', text: update.problem };
    this.subscriptions.emit('doc', 'cells', 'selection', 'editing');
    this.afterSelection();
  }

  /** The window request for what is on screen now, or for the top-left corner of a sheet about to be shown. */
  request(sheet = this.sheet, fromTop = false): WindowRequest {
    return this.viewport.request(sheet, fromTop);
  }

  /** `keepEditing`: a formula pointing at another sheet goes on being typed (see pointing.ts). */
  async switchSheet(sheet: string, active?: Position, options: { keepEditing?: boolean } = {}): Promise<void> {
    const docId = this.docId;
    if (!docId || !this.state?.sheets.some((candidate) => candidate.name === sheet)) return;
    if (this.editing && !options.keepEditing) await this.commit('none', { polite: true });
    if (sheet !== this.sheet) {
      this.sheet = sheet;
      this.viewport.restart();
      this.selection.set(active ?? { row: 0, col: 0 });
      // The formula bar must not go on showing the other sheet's cell while this one's values are on their way.
      this.viewport.activeContent = null;
      this.viewport.updateNamed();
      this.viewport.resize();
      this.subscriptions.emit('doc', 'cells', 'selection', 'editing');
    }
    const window = await this.engine.window(docId, this.request(sheet));
    if (window && this.docId === docId && window.sheet === this.sheet) {
      this.viewport.apply(window);
      this.viewport.refreshActiveContent();
      this.subscriptions.emit('cells', 'doc', 'editing');
      // The grid may have scrolled (Ctrl+End, say) while the window was on its way.
      this.viewport.fetchIfUncovered();
    }
    this.afterSelection();
    this.focusActive(true);
  }

  // Reading, for components

  get widths(): ReadonlyMap<string, ReadonlyMap<number, number>> {
    return this.viewport.widths;
  }

  get gridRows(): number {
    return this.viewport.gridRows;
  }

  get gridCols(): number {
    return this.viewport.gridCols;
  }

  /** The active cell's content, for the formula bar. */
  get activeContent(): CellContent {
    return this.viewport.activeContent;
  }

  /** The selected range's sum and count, for the status bar. */
  get stats(): RangeStats | null {
    return this.viewport.stats;
  }

  cellView(row: number, col: number): CellView {
    return this.viewport.cellView(row, col);
  }

  selectionClass(row: number, col: number): string {
    const mark = this.copyMark;
    return this.selection.classAt(row, col, mark && mark.sheet === this.sheet ? mark.rect : undefined) + fillPreviewClass(this, row, col);
  }

  rowHeaderSelected(row: number): boolean {
    return this.selection.rowSelected(row);
  }

  colHeaderSelected(col: number): boolean {
    return this.selection.colSelected(col);
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
    return this.viewport.valueAt(row, col);
  }

  contentAt(row: number, col: number): CellContent | undefined {
    return this.viewport.contentAt(row, col);
  }

  isChanged(row: number, col: number): boolean {
    return this.viewport.isChanged(row, col);
  }

  /** Whether the selection holds a cell that differs from the preset (as far as the page can see). */
  /** Whether Reset to preset has something to put back in the selection: a changed cell, or (the page knows them only for the scenario) changed number formats. */
  selectionHasChanges(): boolean {
    return this.viewport.hasChangesIn(this.range) || (this.state?.formatsChanged ?? false);
  }

  columnWidth(col: number): number {
    return this.viewport.columnWidth(col);
  }

  setColumnWidth(col: number, width: number): void {
    this.viewport.setColumnWidth(col, width);
  }

  /** Where the grid is now; `scrolled` when a scroll of the grid moved it there. */
  setViewport(viewport: Rect, options: { scrolled?: boolean } = {}): void {
    this.viewport.setScreen(viewport, options);
  }

  /** Whether the page holds the row's values, or knows the row is past the sheet's end and so empty. */
  rowLoaded(row: number): boolean {
    return this.viewport.rowLoaded(row);
  }

  // Answers from the engine

  private apply(update: Update, options: { select?: boolean } = {}): void {
    if (update.state.docId !== this.docId) return;
    if (update.info?.docId === this.docId) this.info = update.info;
    const structureBefore = this.state?.sheets.map((sheet) => sheet.name).join('\u0000');
    this.state = keepUnchanged(this.state, update.state);
    if (update.problem) this.notice = { kind: 'problem', text: update.problem };
    const select = options.select === false ? undefined : update.select;
    let sheetChanged = false;
    const targetSheet = select?.sheet ?? (update.window && update.window.sheet !== this.sheet ? update.window.sheet : undefined);
    if (targetSheet !== undefined && targetSheet !== this.sheet && update.state.sheets.some((sheet) => sheet.name === targetSheet)) {
      this.sheet = targetSheet;
      this.viewport.forget();
      sheetChanged = true;
    }
    if (!update.state.sheets.some((sheet) => sheet.name === this.sheet)) {
      this.sheet = update.state.sheets[0]?.name ?? '';
      this.viewport.forget();
      sheetChanged = true;
    }
    this.viewport.updateNamed();
    this.viewport.resize();
    if (update.window && update.window.sheet === this.sheet) {
      this.viewport.apply(update.window);
      this.viewport.fetchIfUncovered();
    } else if (sheetChanged) {
      void this.viewport.fetchWindow();
    }
    if (select && select.sheet === this.sheet) {
      const { rect } = select;
      const active = { row: rect.top, col: rect.left };
      this.selection.set(active, { row: rect.bottom, col: rect.right });
    }
    this.viewport.refreshActiveContent();
    this.viewport.refreshStats(false);
    this.trackSaving(false);
    this.subscriptions.emit('doc', 'cells', 'selection', 'editing');
    if (select) this.focusActive(true);
    if (structureBefore !== update.state.sheets.map((sheet) => sheet.name).join('\u0000')) this.hooks.onStructure?.(this);
  }

  private trackSaving(notify = true): void {
    const ticket = ++this.saveTicket;
    this.saveStatus = 'saving';
    if (notify) this.subscriptions.emit('doc');
    this.engine.whenSaved(this.docId).then(
      (status) => {
        if (ticket !== this.saveTicket) return;
        this.saveStatus = status.ok ? 'saved' : { problem: status.problem ?? 'not saved' };
        this.subscriptions.emit('doc');
      },
      () => undefined,
    );
  }

  // Selection

  select(active: Position, head: Position = active, anchor: Position = active): void {
    this.selection.set(clampPosition(active), clampPosition(head), clampPosition(anchor));
    this.viewport.growFor(head);
    this.viewport.refreshActiveContent();
    this.viewport.refreshStats(false);
    this.subscriptions.emit('selection', 'editing');
    this.hooks.onSelectionSettled?.(this);
  }

  private afterSelection(): void {
    this.viewport.refreshStats();
    this.hooks.onSelectionSettled?.(this);
  }

  moveTo(position: Position, options: { extend?: boolean; scroll?: boolean } = {}): void {
    if (options.extend) {
      this.select(this.selection.active, position, this.selection.anchor);
      this.subscriptions.onGrid((grid) => grid.scrollToCell(position.row, position.col));
    } else {
      this.select(position);
      this.focusActive();
    }
  }

  /** Puts the keyboard on the active cell; `polite` leaves it where it is when a field elsewhere has it. */
  focusActive(polite = false): void {
    this.selection.focus(polite);
  }

  /** Whether the active cell, drawn now, may take the keyboard for the last request (see Selection.mayTakeFocus). */
  mayTakeFocus(): boolean {
    return this.selection.mayTakeFocus();
  }

  /** The active cell has the keyboard for the last request. */
  focusTaken(): void {
    this.selection.focusTaken();
  }

  /** The ticket the cell at (row, col) should answer by taking focus, or -1 when it is not the active cell. */
  focusFor(row: number, col: number): number {
    return this.selection.focusFor(row, col);
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
    return goTo(this, text);
  }

  // Keyboard

  /** Keys on the grid when no cell is being edited in place; true when the key was used. */
  gridKey(event: KeyboardEvent): boolean {
    return gridKey(this, event);
  }

  /** Enter, Tab and their Shift forms: inside a selected range they walk the range, as in Excel. */
  advance(direction: Move): void {
    if (direction !== 'none') advance(this, direction);
  }

  /** Keys in the in-cell editor or the formula bar; true when the key was used. */
  editKey(event: KeyboardEvent, origin: 'cell' | 'bar'): boolean {
    return editKey(this, event, origin);
  }

  // Editing

  /** Starts editing the active cell: "replace" as typing does (the key then lands in the editor), "edit" as F2 does. */
  startEdit(how: 'replace' | 'edit', origin: 'cell' | 'bar' = 'cell'): void {
    const { row, col } = this.selection.active;
    const initial = entryText(this.activeContent);
    this.editing = { sheet: this.sheet, row, col, text: how === 'replace' ? '' : initial, mode: how === 'replace' ? 'enter' : 'edit', origin, initial };
    this.subscriptions.emit('editing');
  }

  setEditText(text: string, origin: 'cell' | 'bar'): void {
    if (!this.editing) this.startEdit('edit', origin);
    if (!this.editing) return;
    this.editing = { ...this.editing, text, origin };
    this.subscriptions.emit('editing');
  }

  moveEditTo(origin: 'cell' | 'bar'): void {
    if (this.editing && this.editing.origin !== origin) {
      this.editing = { ...this.editing, origin, mode: 'edit' };
      this.subscriptions.emit('editing');
    }
  }

  cancelEdit(): void {
    const editing = this.editing;
    if (!editing) return;
    this.editing = null;
    this.subscriptions.emit('editing');
    // A formula that pointed at another sheet was being typed for a cell on its own sheet: back there.
    if (editing.sheet !== this.sheet) void this.switchSheet(editing.sheet, { row: editing.row, col: editing.col });
    this.focusActive();
  }

  /** Writes what was typed (an unchanged entry writes nothing), then moves as Enter or Tab would. */
  commit(move: Move, options: { fillSelection?: boolean; polite?: boolean } = {}): Promise<void> {
    return commitEntry(this, move, options);
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

  /**
   * Shows the answer to an edit asked of the engine outside the commands here: a dialog's (a CSV import,
   * or taking it back), or a cell entry's, whose selection is where the entry left it (`select: false`).
   */
  showEdit(update: Update, options: { select?: boolean } = {}): void {
    this.apply(update, options);
  }

  setNotice(notice: Notice | null): void {
    this.notice = notice;
    this.subscriptions.emit('doc');
  }

  undo(): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.undo(docId, request));
  }

  redo(): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.redo(docId, request));
  }

  clearSelection(): Promise<Update | undefined> {
    const cells = cellsOf(this.range, this.viewport.sheetSize());
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
    // Every selected cell: one whose only change is its number format shows nothing the page could filter on.
    const cells = cellsOf(this.range, this.viewport.sheetSize());
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

  /** Gives an input a range, or takes it away (null); the engine's refusal comes back as the update's problem. */
  setInputRange(name: string, range: InputRange | null): Promise<Update | undefined> {
    return this.run((docId, request) => this.engine.setInputRange(docId, name, range, request), { select: false });
  }

  // Clipboard

  copy(event: ClipboardEvent, cut: boolean): void {
    copySelection(this, event, cut);
  }

  async paste(text: string): Promise<void> {
    const paste = pasteRequest(this, text);
    if (!paste) return;
    const sheet = this.sheet;
    await this.run((docId, request) => this.engine.paste(docId, sheet, paste.target, paste.source, request));
  }

  pasteFromSystem(): Promise<void> {
    return pasteFromSystem(this);
  }

  copyToSystem(cut: boolean): void {
    copyToSystem(this, cut);
  }
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
  return {
    ...next,
    sheets: same(previous.sheets, next.sheets, (x, y) => x.name === y.name && x.rows === y.rows && x.cols === y.cols),
    inputs: same(previous.inputs, next.inputs, (x, y) => x.name === y.name && x.cell === y.cell && x.changed === y.changed && x.rangeChanged === y.rangeChanged && JSON.stringify(x.range) === JSON.stringify(y.range) && sameValue(x.value, y.value) && sameValue(x.presetValue, y.presetValue) && x.format === y.format),
    outputs: same(previous.outputs, next.outputs, (x, y) => x.name === y.name && x.cell === y.cell && sameValue(x.value, y.value) && sameValue(x.presetValue, y.presetValue) && x.format === y.format),
    changes: same(previous.changes, next.changes, (x, y) => x.sheet === y.sheet && x.row === y.row && x.col === y.col && x.before === y.before && x.after === y.after),
  };
}
