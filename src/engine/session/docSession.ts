/**
 * One scenario being edited, inside the engine worker: the live workbook, its undo history, and what it
 * changed from the preset (see PresetChanges). Every edit method is one undo step.
 * See the report: the model could offer this diff, and copy/paste, itself.
 */
import { Workbook, columnLetters, parseCellAddress, removeSheetFormats, renameSheetFormats, sheetNameProblem, shiftColumns, shiftRows, type CellContent, type CellEdit, type FullScenario, type InputRange, type SheetData, type SheetFormats } from '../../model';
import { cellKey, keyPosition, rectCols, rectRows, type Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import type { ChainLink, DocState, PasteSource, RangeStats, Selected, SheetInfo, SheetWindow, WindowRequest } from '../../shared/messages';
import { EditError } from './editError';
import type { SheetDisplay } from './find';
import { guardInputs, guardNamed } from './guards';
import { CellFormats } from './cellFormats';
import { History, formatsOf, outsideEngine, rangesOf, selectionAfterStep, selectionOf, type FormatsChange, type HistoryEntry, type RangeChange } from './history';
import { cutMove, moveCut, placeSheet } from './moves';
import { pasteWrites } from './paste';
import { PresetChanges } from './presetChanges';
import { UnsavedRows } from './unsavedRows';
import { noStats, tally } from '../../shared/rangeStats';

/** A sheet up to this many cells travels whole; a bigger one in windows around what is on screen. */
export const WHOLE_SHEET_CELLS = 50_000;

export interface DocMeta {
  docId: string;
  kind: 'preset' | 'user';
  id: string;
  name: string;
  description: string;
  chain: ChainLink[];
  baseName: string;
  /** Input name -> the preset of the chain that sets it. */
  setBy: Record<string, string>;
}

export class DocSession {
  meta: DocMeta;
  revision = 0;
  /** Set by any edit; the engine clears it once the work is stored. */
  dirty = false;
  /** Counts changes to the inputs' definitions (their ranges), so the engine knows to send the page its DocInfo again. */
  definitionRevision = 0;
  private readonly live: Workbook;
  private readonly changes: PresetChanges;
  private readonly history = new History();
  /** The rows changed since the work was last stored: the saver takes them, to write only their blocks. */
  readonly unsaved = new UnsavedRows();
  private readonly formats: CellFormats;

  /** `base` is the preset with the rows, columns and sheets of `current`; the very same object when the work is the preset as it ships. */
  constructor(meta: DocMeta, current: FullScenario, base: FullScenario, options: { structureTouched: boolean; presetSheets?: string | undefined }) {
    this.meta = meta;
    this.live = Workbook.open(current);
    this.formats = new CellFormats(current, base);
    try {
      this.changes = new PresetChanges(this.live, current, base, options.structureTouched, options.presetSheets);
    } catch (error) {
      this.live.destroy();
      throw error;
    }
  }

  destroy(): void {
    this.live.destroy();
    this.changes.destroy();
  }

  /**
   * This work opened again as a reload opens it once stored: each workbook built afresh from its cells, the
   * undo history gone. After an edit fails inside HyperFormula, which can leave the edit's content written
   * and the values not computed from it.
   */
  reopened(): DocSession {
    const again = new DocSession(this.meta, this.toScenario(), this.baseScenario(), { structureTouched: this.changes.touchedStructure, presetSheets: this.changes.presetSheets });
    again.revision = this.revision + 1;
    again.dirty = true;
    again.unsaved.structure();
    return again;
  }

  // Reading

  sheetNames(): string[] {
    return this.live.sheetNames();
  }

  hasSheet(sheet: string): boolean {
    return this.live.sheetNames().includes(sheet);
  }

  sheets(): SheetInfo[] {
    return this.live.sheetNames().map((name) => ({ name, ...this.live.sheetSize(name) }));
  }

  window(request: WindowRequest): SheetWindow {
    const { sheet } = request;
    const size = this.live.sheetSize(sheet);
    const whole = size.rows * size.cols <= WHOLE_SHEET_CELLS || request.whole;
    const top = whole ? 0 : Math.max(0, request.top);
    const left = whole ? 0 : Math.max(0, request.left);
    const rows = whole ? size.rows : Math.max(0, Math.min(request.rows, size.rows - top));
    const cols = whole ? size.cols : Math.max(0, Math.min(request.cols, size.cols - left));
    const values = this.live.rangeValues(sheet, top, left, rows, cols);
    const contents = this.live.rangeContents(sheet, top, left, rows, cols);
    const changedKeys = this.changes.changedIn(sheet);
    const changed: number[] = [];
    if (changedKeys.size <= rows * cols) {
      for (const key of changedKeys) {
        const { row, col } = keyPosition(key);
        if (row >= top && row < top + rows && col >= left && col < left + cols) changed.push((row - top) * cols + (col - left));
      }
    } else {
      for (let row = 0; row < rows; row += 1) {
        for (let col = 0; col < cols; col += 1) if (changedKeys.has(cellKey(top + row, left + col))) changed.push(row * cols + col);
      }
    }
    const formats = this.formats.inWindow(sheet, { top, left, bottom: top + rows - 1, right: left + cols - 1 });
    return { sheet, whole, top, left, values, contents, changed, formats };
  }

  state(): DocState {
    const inputs = this.changes.inputStates().map((input) => this.formats.withFormatOf(input));
    const outputs = this.changes.outputStates().map((output) => this.formats.withFormatOf(output));
    const { changeCount, changes } = this.changes.listed();
    return {
      docId: this.meta.docId,
      revision: this.revision,
      sheets: this.sheets(),
      inputs,
      outputs,
      canUndo: this.history.nextOutsideEngine('undo') || this.live.canUndo(),
      canRedo: this.history.nextOutsideEngine('redo') || this.live.canRedo(),
      changeCount,
      changes,
      edited: changeCount > 0 || this.changes.structureChanged(this.revision) || this.changes.rangesChanged() || this.formats.changed(),
      formatsChanged: this.formats.changed(),
    };
  }

  /** Whether anything differs from the preset: cells, or rows, columns and sheets. */
  isEdited(): boolean {
    return this.changes.isEdited(this.revision) || this.formats.changed();
  }

  rangeValues(sheet: string, rect: Rect) {
    return this.live.rangeValues(sheet, rect.top, rect.left, rectRows(rect), rectCols(rect));
  }

  rangeContents(sheet: string, rect: Rect) {
    return this.live.rangeContents(sheet, rect.top, rect.left, rectRows(rect), rectCols(rect));
  }

  cellContent(ref: CellRef): CellContent {
    return this.live.cellContent(ref);
  }

  rangeStats(sheet: string, rect: Rect): RangeStats {
    const size = this.live.sheetSize(sheet);
    const bottom = Math.min(rect.bottom, size.rows - 1);
    const right = Math.min(rect.right, size.cols - 1);
    const stats = noStats();
    if (bottom < rect.top || right < rect.left) return stats;
    for (const row of this.live.rangeValues(sheet, rect.top, rect.left, bottom - rect.top + 1, right - rect.left + 1)) {
      for (const value of row) tally(stats, value);
    }
    return stats;
  }

  /** The scenario as it stands, under this document's id and name. */
  toScenario(): FullScenario {
    return this.formats.inScenario({ ...this.live.toScenario(), id: this.meta.id, name: this.meta.name, description: this.meta.description });
  }

  /** `toScenario()` less its sheets, read without reading a cell: a save stores the rows apart, only the blocks that changed. */
  scenarioWithoutSheets(): Omit<FullScenario, 'sheets'> {
    return this.formats.inScenario({ ...this.live.scenarioWithoutSheets(), id: this.meta.id, name: this.meta.name, description: this.meta.description });
  }

  /** The preset with the same rows, columns and sheets as the live scenario, for the diff after a reload. */
  baseScenario(): FullScenario {
    return this.formats.inPreset({ ...this.changes.baseScenario(), id: this.meta.id, name: this.meta.name, description: this.meta.description });
  }

  get touchedStructure(): boolean {
    return this.changes.touchedStructure;
  }

  /** The cell keys of a sheet that differ from the preset: a version of a large sheet is read from these, not from every cell. */
  changedKeys(sheet: string): ReadonlySet<number> {
    return this.changes.changedIn(sheet);
  }

  outputs() {
    return this.live.outputs();
  }

  /** Output name -> the number format code of its cell, where it has one: how a comparison shows it. */
  outputFormats(): Record<string, string> {
    const codes: [string, string][] = [];
    for (const output of this.live.outputs()) {
      const { format } = this.formats.withFormatOf(output);
      if (format !== undefined) codes.push([output.name, format]);
    }
    return Object.fromEntries(codes);
  }

  /** The named inputs with their definitions as they stand (a range set in the inputs panel included). */
  inputs() {
    return this.live.inputs();
  }

  sheetValues(sheet: string) {
    return this.live.sheetValues(sheet);
  }

  sheetContents(sheet: string) {
    return this.live.sheetContents(sheet);
  }

  /** How the grid shows a sheet's numbers: its number formats, and the units of the inputs and outputs on it (find matches values as shown). */
  sheetDisplay(sheet: string): SheetDisplay {
    const units = new Map<number, string>();
    for (const named of [...this.live.inputs(), ...this.live.outputs()]) {
      const address = parseCellAddress(named.cell);
      if (address?.sheet === sheet) units.set(cellKey(address.row, address.col), named.unit);
    }
    return { formats: this.formats.ofSheet(sheet), units };
  }

  // Editing: each method is one undo step.

  setCells(edits: readonly CellRef[], contents: readonly CellContent[], coalesce?: string): Selected | undefined {
    if (edits.length === 0) return undefined;
    for (const sheet of new Set(edits.map((edit) => edit.sheet))) if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    const replaced = this.history.gestureCells(coalesce);
    if (replaced && this.live.canUndo()) {
      // A slider being dragged: each position replaces the last, so one undo step covers the drag.
      this.live.undo();
      this.history.dropLast();
      this.changes.recheck(replaced);
      this.unsaved.cells(replaced);
    }
    guardInputs(this.live, edits, contents);
    const batch: CellEdit[] = edits.map((edit, index) => ({ address: edit, content: contents[index] ?? null }));
    this.live.setCells(batch);
    this.log(coalesce === undefined ? { kind: 'cells', cells: [...edits] } : { kind: 'cells', cells: [...edits], coalesce });
    this.changes.recheck(edits);
    return selectionOf(edits);
  }

  setInputs(values: Readonly<Record<string, number>>, coalesce?: string): Selected | undefined {
    const refs: CellRef[] = [];
    const contents: CellContent[] = [];
    const cells = new Map(this.live.inputs().map((input) => [input.name, input.cell]));
    for (const [name, value] of Object.entries(values)) {
      const cell = cells.get(name);
      if (cell === undefined) throw new EditError(`no input named "${name}"`);
      const address = parseCellAddress(cell);
      if (!address) throw new EditError(`input "${name}" no longer points at a cell (its row or column was deleted)`);
      if (!Number.isFinite(value)) throw new EditError(`input "${name}" needs a number`);
      refs.push(address);
      contents.push(value);
    }
    return this.setCells(refs, contents, coalesce);
  }

  /**
   * Gives an input a range (undefined: takes it away), checked as a scenario file's range is: one undo
   * step that HyperFormula's history does not hold, so its redo stack goes as after any edit.
   */
  setInputRange(name: string, range: InputRange | undefined): Selected | undefined {
    const before = this.live.inputs().find((input) => input.name === name);
    if (!before) throw new EditError(`no input named "${name}"`);
    this.live.setInputRange(name, range);
    this.live.discardRedo();
    this.definitionRevision += 1;
    this.log({ kind: 'ranges', ranges: [{ name, before: before.range, after: range }] });
    return undefined;
  }

  /** Writes these cells and gives those of `rect` the codes `codeAt` names (null: General), in one undo step: a paste or fill bringing formats. */
  setCellsWithFormats(refs: readonly CellRef[], contents: readonly CellContent[], sheet: string, rect: Rect, codeAt: (row: number, col: number) => string | null): Selected | undefined {
    return this.restore(refs, contents, [], this.formats.laidOver(sheet, rect, codeAt));
  }

  /** The number format code of each cell of `rect` (null: General), row by row. */
  formatCodes(sheet: string, rect: Rect): (string | null)[][] {
    return this.formats.codesIn(sheet, rect);
  }

  /**
   * Gives the cells of `rect` a number format code (null: back to General), one undo step that
   * HyperFormula's history does not hold, so its redo stack goes as after any edit.
   */
  setFormat(sheet: string, rect: Rect, code: string | null): Selected {
    if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    const select = { sheet, rect };
    const formats = this.formats.set(sheet, rect, code);
    if (!formats) return select;
    this.live.discardRedo();
    this.log({ kind: 'formats', formats, select });
    return select;
  }

  undo(): Selected | undefined {
    if (!this.history.nextOutsideEngine('undo') && !this.live.canUndo()) return undefined;
    const entry = this.history.undo((step) => {
      const formats = formatsOf(step);
      if (formats) this.formats.restore(formats.before);
      if (step?.kind === 'order') placeSheet(this.live, this.changes, step.sheet, step.from);
      if (!outsideEngine(step)) {
        this.live.undo();
        this.changes.afterStep(step, 'undo');
        this.unsaved.step(step, this.live.sheetNames());
      }
      this.applyRanges(rangesOf(step).map((change) => ({ name: change.name, range: change.before })).reverse());
    });
    this.touch();
    return entry && selectionAfterStep(entry, (sheet) => this.hasSheet(sheet), 'undo');
  }

  redo(): Selected | undefined {
    if (!this.history.nextOutsideEngine('redo') && !this.live.canRedo()) return undefined;
    const entry = this.history.redo((step) => {
      const formats = formatsOf(step);
      if (formats) this.formats.restore(formats.after);
      if (step?.kind === 'order') placeSheet(this.live, this.changes, step.sheet, step.to);
      if (!outsideEngine(step)) {
        this.live.redo();
        this.changes.afterStep(step, 'redo');
        this.unsaved.step(step, this.live.sheetNames());
      }
      this.applyRanges(rangesOf(step).map((change) => ({ name: change.name, range: change.after })));
    });
    this.touch();
    return entry && selectionAfterStep(entry, (sheet) => this.hasSheet(sheet));
  }

  insertRows(sheet: string, index: number, count: number): Selected {
    this.changes.structural((reference) => {
      this.live.addRows(sheet, index, count);
      reference.addRows(sheet, index, count);
    });
    const formats = this.formats.follow((moved) => shiftRows(moved, sheet, index, count));
    const select = { sheet, rect: { top: index, left: 0, bottom: index + count - 1, right: Math.max(0, this.live.sheetSize(sheet).cols - 1) } };
    this.logStructure(select, formats);
    return select;
  }

  deleteRows(sheet: string, index: number, count: number): Selected {
    guardNamed(this.live, sheet, (row) => row >= index && row < index + count, count === 1 ? `row ${index + 1}` : `rows ${index + 1} to ${index + count}`);
    this.changes.structural((reference) => {
      this.live.removeRows(sheet, index, count);
      reference.removeRows(sheet, index, count);
    });
    const formats = this.formats.follow((moved) => shiftRows(moved, sheet, index, -count));
    const select = { sheet, rect: { top: index, left: 0, bottom: index, right: 0 } };
    this.logStructure(select, formats);
    return select;
  }

  insertColumns(sheet: string, index: number, count: number): Selected {
    this.changes.structural((reference) => {
      this.live.addColumns(sheet, index, count);
      reference.addColumns(sheet, index, count);
    });
    const formats = this.formats.follow((moved) => shiftColumns(moved, sheet, index, count));
    const select = { sheet, rect: { top: 0, left: index, bottom: Math.max(0, this.live.sheetSize(sheet).rows - 1), right: index + count - 1 } };
    this.logStructure(select, formats);
    return select;
  }

  deleteColumns(sheet: string, index: number, count: number): Selected {
    guardNamed(this.live, sheet, (_, col) => col >= index && col < index + count, count === 1 ? `column ${columnLetters(index)}` : `columns ${columnLetters(index)} to ${columnLetters(index + count - 1)}`);
    this.changes.structural((reference) => {
      this.live.removeColumns(sheet, index, count);
      reference.removeColumns(sheet, index, count);
    });
    const formats = this.formats.follow((moved) => shiftColumns(moved, sheet, index, -count));
    const select = { sheet, rect: { top: 0, left: index, bottom: 0, right: index } };
    this.logStructure(select, formats);
    return select;
  }

  addSheet(name?: string): Selected {
    const sheetName = name ?? this.freeSheetName();
    this.checkSheetName(sheetName);
    this.changes.structural((reference) => {
      this.live.addSheet(sheetName);
      reference.addSheet(sheetName);
    }, sheetName);
    const select = { sheet: sheetName, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    this.logStructure(select);
    return select;
  }

  renameSheet(sheet: string, newName: string): Selected {
    if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    if (newName === sheet) return { sheet, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    this.checkSheetName(newName, sheet);
    this.changes.structural((reference) => {
      this.live.renameSheet(sheet, newName);
      reference.renameSheet(sheet, newName);
    });
    const formats = this.formats.follow((moved) => renameSheetFormats(moved, sheet, newName));
    const select = { sheet: newName, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    this.logStructure(select, formats);
    return select;
  }

  removeSheet(sheet: string): Selected {
    const names = this.live.sheetNames();
    const index = names.indexOf(sheet);
    if (index < 0) throw new EditError(`there is no sheet named "${sheet}"`);
    if (names.length === 1) throw new EditError('a workbook keeps at least one sheet');
    guardNamed(this.live, sheet, () => true, `the sheet “${sheet}”`);
    this.changes.structural((reference) => {
      this.live.removeSheet(sheet);
      reference.removeSheet(sheet);
    });
    const formats = this.formats.follow((moved) => removeSheetFormats(moved, sheet));
    const neighbour = names[index + 1] ?? names[index - 1] ?? '';
    const select = { sheet: neighbour, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    this.logStructure({ sheet, rect: select.rect }, formats);
    return select;
  }

  /** An undo step of its own: HyperFormula has no tab order, so its history holds no step for it and its redo stack goes. */
  moveSheet(sheet: string, toIndex: number): void {
    if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    const from = this.sheetNames().indexOf(sheet);
    placeSheet(this.live, this.changes, sheet, toIndex);
    const to = this.sheetNames().indexOf(sheet);
    if (to === from) return;
    this.live.discardRedo();
    this.log({ kind: 'order', sheet, from, to });
  }

  /** Puts the preset's content and number formats back in these cells, in one step. */
  resetCells(cells: readonly CellRef[]): Selected | undefined {
    const existing = cells.filter((cell) => this.hasSheet(cell.sheet));
    return this.restore(existing, existing.map((cell) => this.changes.referenceContent(cell)), [], this.formats.resetIn(existing));
  }

  /** Puts the preset's values and ranges back in these inputs, in one step. */
  resetInputs(names: readonly string[]): Selected | undefined {
    const cells: CellRef[] = [];
    for (const input of this.live.inputs()) {
      if (!names.includes(input.name)) continue;
      const address = parseCellAddress(input.cell);
      if (!address) throw new EditError(`input "${input.name}" no longer points at a cell (its row or column was deleted)`);
      cells.push(address);
    }
    return this.resetWithRanges(cells, names);
  }

  resetAll(): Selected | undefined {
    const cells: CellRef[] = [];
    for (const sheet of this.live.sheetNames()) {
      for (const key of this.changes.changedIn(sheet)) cells.push({ sheet, ...keyPosition(key) });
    }
    return this.resetWithRanges(cells, this.live.inputs().map((input) => input.name), this.formats.preset);
  }

  /** A block pasted at the top-left of `target`, tiled when the target is a multiple of it (see pasteWrites). */
  paste(sheet: string, target: Rect, source: PasteSource): Selected | undefined {
    const move = cutMove(sheet, target, source, this.meta.docId, (name) => this.hasSheet(name));
    if (move) return moveCut(move, this.live, this.changes, this.formats, (entry) => this.log(entry));
    const writes = pasteWrites(sheet, target, source);
    if (!writes) return undefined;
    if (writes.formats) this.setCellsWithFormats(writes.refs, writes.contents, sheet, writes.select.rect, writes.formats);
    else this.setCells(writes.refs, writes.contents);
    return writes.select;
  }

  /**
   * Rows read from a file, as a new sheet or in place of everything a sheet held: one undo step.
   * Replacing a sheet that holds named inputs needs numbers in their cells, as typing there does.
   */
  importSheet(sheet: string, rows: SheetData, target: 'new' | 'replace'): Selected {
    const select = { sheet, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    if (target === 'new') {
      this.checkSheetName(sheet);
      this.changes.structural((reference) => {
        this.live.putSheet(sheet, rows, { create: true });
        reference.addSheet(sheet);
      }, sheet);
      this.changes.sheetWritten(sheet, rows);
      this.logStructure(select);
      return select;
    }
    if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    const inputCells = this.live.inputs().flatMap((input) => {
      const address = parseCellAddress(input.cell);
      return address?.sheet === sheet ? [address] : [];
    });
    guardInputs(this.live, inputCells, inputCells.map((cell) => rows[cell.row]?.[cell.col] ?? null));
    this.live.putSheet(sheet, rows, { create: false });
    this.changes.sheetReplaced(sheet);
    this.log({ kind: 'sheet', select });
    return select;
  }

  /** Undoes the last step for good, so redo cannot bring it back: an import the person cancelled once it had been written. */
  withdrawLast(): Selected | undefined {
    if (!this.live.canUndo()) return undefined;
    const select = this.undo();
    this.history.dropRedo();
    this.live.discardRedo();
    return select;
  }

  // Internals

  /**
   * The preset's cells back, then the preset's ranges of `names`, in one step: a range is set once its
   * value is the preset's again, as a triangular range needs its mode within it.
   */
  private resetWithRanges(cells: readonly CellRef[], names: readonly string[], formats?: SheetFormats): Selected | undefined {
    const ranges: RangeChange[] = this.live.inputs()
      .filter((input) => names.includes(input.name))
      .map((input) => ({ name: input.name, before: input.range, after: this.changes.presetRange(input.name) }))
      .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
    const existing = cells.filter((cell) => this.hasSheet(cell.sheet));
    return this.restore(existing, existing.map((cell) => this.changes.referenceContent(cell)), ranges, formats);
  }

  /**
   * Writes these cells and then sets these input ranges (and, given, these number formats), in one undo
   * step: a reset to the preset, or a version brought back (engine/versions.ts says what it writes). A
   * range is set once the values are in, as a triangular range needs its mode within it.
   */
  restore(cells: readonly CellRef[], contents: readonly CellContent[], ranges: RangeChange[], formats?: SheetFormats): Selected | undefined {
    const revision = this.revision;
    let select: Selected | undefined;
    if (ranges.length === 0) {
      select = this.setCells(cells, contents);
    } else {
      if (cells.length > 0) {
        select = this.setCells(cells, contents);
        this.history.attachRanges(ranges);
      } else {
        this.live.discardRedo();
        this.log({ kind: 'ranges', ranges });
      }
      this.applyRanges(ranges.map((change) => ({ name: change.name, range: change.after })));
    }
    const formatsChange = formats && this.formats.move(() => formats);
    if (formatsChange && this.revision !== revision) this.history.attachFormats(formatsChange);
    else if (formatsChange) {
      this.live.discardRedo();
      this.log({ kind: 'formats', formats: formatsChange });
    }
    return select;
  }

  /** Sets ranges an undo step recorded: they held with the values that step left, so they hold again. */
  private applyRanges(ranges: readonly { name: string; range: InputRange | undefined }[]): void {
    if (ranges.length === 0) return;
    for (const { name, range } of ranges) this.live.setInputRange(name, range);
    this.definitionRevision += 1;
  }

  private log(entry: HistoryEntry): void {
    this.history.push(entry);
    this.unsaved.step(entry, this.live.sheetNames());
    this.touch();
  }

  /** `formats`: how the step moved the number formats, when it did, for undo to put them back. */
  private logStructure(select: Selected, formats?: FormatsChange): void {
    this.log(formats ? { kind: 'structure', select, formats } : { kind: 'structure', select });
  }

  private touch(): void {
    this.revision += 1;
    this.dirty = true;
  }

  private freeSheetName(): string {
    const taken = new Set(this.live.sheetNames().map((name) => name.toLowerCase()));
    for (let n = taken.size + 1; ; n += 1) if (!taken.has(`sheet${n}`)) return `Sheet${n}`;
  }

  private checkSheetName(name: string, renaming?: string): void {
    const problem = sheetNameProblem(name);
    if (problem) throw new EditError(problem);
    const clash = this.live.sheetNames().find((other) => other.toLowerCase() === name.toLowerCase() && other !== renaming);
    if (clash !== undefined) throw new EditError(`a sheet named "${clash}" already exists`);
  }
}
