/** A Workbook: a scenario being evaluated and edited on HyperFormula, taking and returning plain data so it can live in a Web Worker. */
import { HyperFormula, ExportedCellChange } from 'hyperformula';
import type { ExportedChange } from 'hyperformula';
import { formatCellAddress, parseCellAddress, type CellAddress } from '../address';
import { inputRangeProblem, sheetNameProblem, sheetWidth, type CellContent, type FullScenario, type InputDefinition, type InputRange, type OutputDefinition, type SheetData } from '../scenario';
import { isCellError, type CellChange, type CellEdit, type CellValue, type InputValue, type OutputValue, type SheetSize } from '../values';
import { BOOLEAN_NAMES, ENGINE_CONFIG } from './config';
import { contentProblem, fitRow, fromEngineContent, fromEngineValue, sheetContentProblem, toCellValueRow, toEngineContent } from './contents';
import { mendHyperFormula, skipUndoCleanupsThatFreeNothing } from './mends';

interface MeasuredSize extends SheetSize {
  /** Smaller than HyperFormula's extent, which never shrinks: the sheet once grew and was undone. */
  trimmed: boolean;
}

export class WorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookError';
  }
}

/** Whether a scenario's named cells are the ones a workbook holds, where they now are. */
function sameDefinitions<T extends InputDefinition | OutputDefinition>(
  held: ReadonlyMap<string, T>,
  wanted: Readonly<Record<string, T>>,
  cellOf: (name: string) => string,
): boolean {
  const names = Object.keys(wanted);
  if (names.length !== held.size) return false;
  return names.every((name) => {
    const definition = held.get(name);
    return definition !== undefined && JSON.stringify({ ...definition, cell: cellOf(name) }) === JSON.stringify(wanted[name]);
  });
}

function namedCellFormula(cell: string): string {
  const address = parseCellAddress(cell);
  if (!address) throw new WorkbookError(`"${cell}" is not a cell address`);
  const absolute = formatCellAddress(address).replace(/!([A-Z]+)(\d+)$/, '!$$$1$$$2');
  return `=${absolute}`;
}

export class Workbook {
  private readonly engine: HyperFormula;
  private header: Omit<FullScenario, 'sheets' | 'inputs' | 'outputs'>;
  private readonly inputDefinitions: Map<string, InputDefinition>;
  private readonly outputDefinitions: ReadonlyMap<string, OutputDefinition>;
  /** Sizes as loaded, so trailing empty cells of a file survive the round trip. */
  private readonly loadedSizes = new Map<number, SheetSize>();
  /** Sizes by sheet id since the last change: trimming a sheet that once grew far reads many cells. */
  private readonly sizes = new Map<number, MeasuredSize>();
  /** Tab order by sheet id: HyperFormula has no order of its own beyond creation. */
  private sheetOrder: number[];
  /**
   * Sheets known to hold no error value: seen so by a whole read, and changed since only by cell edits
   * whose every changed cell HyperFormula reported without an error. Reading one skips the look at each
   * value for HyperFormula's error objects (a seventh of a read of 100,000 numbers, bench figure 3c).
   * Any other change to the workbook (rows, sheets, undo) forgets them all.
   */
  private readonly sheetsWithoutErrors = new Set<number>();
  /**
   * Each sheet's contents as last read whole, by sheet id, and the rows written since. The editor saves the
   * scenario after each edit, and reading a 1,000,000-cell sheet again took ~0.65 s, most of it HyperFormula
   * printing its formulas; a cell write changes the contents of its own cell only, so just its row is read
   * again. Rows are frozen: every read hands out the same ones. Any other change forgets it all.
   */
  private readonly contentsRead = new Map<number, { rows: SheetData; cols: number; written: Set<number> }>();

  private constructor(scenario: FullScenario) {
    const { sheets, inputs, outputs, ...header } = scenario;
    this.header = header;
    this.inputDefinitions = new Map(Object.entries(inputs));
    this.outputDefinitions = new Map(Object.entries(outputs));
    for (const [name, rows] of Object.entries(sheets)) {
      const problem = sheetContentProblem(name, rows, (cell) => cell);
      if (problem) throw new WorkbookError(problem);
    }
    const engineSheets = Object.fromEntries(
      Object.entries(sheets).map(([name, rows]) => [name, rows.map((row) => row.map(toEngineContent))]),
    );
    const names = [...BOOLEAN_NAMES];
    for (const [name, definition] of [...this.inputDefinitions, ...this.outputDefinitions]) {
      names.push({ name, expression: namedCellFormula(definition.cell) });
    }
    mendHyperFormula();
    this.engine = HyperFormula.buildFromSheets(engineSheets, ENGINE_CONFIG, names);
    skipUndoCleanupsThatFreeNothing(this.engine);
    this.sheetOrder = Object.keys(sheets).map((name) => this.sheetId(name));
    for (const [name, rows] of Object.entries(sheets)) {
      this.loadedSizes.set(this.sheetId(name), { rows: rows.length, cols: sheetWidth(rows) });
    }
  }

  /** Builds the engine for a full (resolved) scenario. */
  static open(scenario: FullScenario): Workbook {
    return new Workbook(scenario);
  }

  get id(): string {
    return this.header.id;
  }

  sheetNames(): string[] {
    const existing = new Set(this.engine.getSheetNames().map((name) => this.sheetId(name)));
    const ordered = this.sheetOrder.filter((id) => existing.has(id));
    for (const id of existing) if (!ordered.includes(id)) ordered.push(id);
    this.sheetOrder = ordered;
    return ordered.map((id) => this.engine.getSheetName(id) ?? '');
  }

  sheetSize(sheet: string): SheetSize {
    const { rows, cols } = this.measuredSize(this.sheetId(sheet));
    return { rows, cols };
  }

  private measuredSize(id: number): MeasuredSize {
    const known = this.sizes.get(id);
    if (known) return known;
    const loaded = this.loadedSizes.get(id) ?? { rows: 0, cols: 0 };
    const used = this.engine.getSheetDimensions(id);
    let rows = Math.max(loaded.rows, used.height);
    let cols = Math.max(loaded.cols, used.width);
    // HyperFormula's dimensions never shrink, so an undone edit beyond the sheet would leave it larger:
    // rows and columns beyond the loaded size count while they hold something.
    const empty = (row: number, col: number) => this.engine.isCellEmpty({ sheet: id, row, col });
    const rowEmpty = (row: number) => {
      for (let col = 0; col < cols; col += 1) if (!empty(row, col)) return false;
      return true;
    };
    const columnEmpty = (col: number) => {
      for (let row = 0; row < rows; row += 1) if (!empty(row, col)) return false;
      return true;
    };
    while (rows > loaded.rows && rowEmpty(rows - 1)) rows -= 1;
    while (cols > loaded.cols && columnEmpty(cols - 1)) cols -= 1;
    const size = { rows, cols, trimmed: rows < used.height || cols < used.width };
    this.sizes.set(id, size);
    return size;
  }

  /** Every value of the sheet, a rectangle of its size. */
  sheetValues(sheet: string): CellValue[][] {
    const id = this.sheetId(sheet);
    const size = this.measuredSize(id);
    // getSheetValues would read all of the old extent HyperFormula keeps.
    if (size.trimmed) return this.rangeValues(sheet, 0, 0, size.rows, size.cols);
    // getSheetValues skips getRangeValues' checks of each cell's address; it drops each row's trailing empty cells and the trailing empty rows.
    const rows = this.engine.getSheetValues(id);
    for (let row = rows.length; row < size.rows; row += 1) rows.push([]);
    rows.length = size.rows;
    if (this.sheetsWithoutErrors.has(id)) {
      for (const row of rows) fitRow(row, size.cols);
    } else {
      let errors = false;
      for (const row of rows) if (toCellValueRow(row, size.cols)) errors = true;
      if (!errors) this.sheetsWithoutErrors.add(id);
    }
    // Every DetailedCellError is gone (or the sheet held none); what is left (number, string, boolean, null) is a CellValue.
    return rows as CellValue[][];
  }

  /** Every cell's content as a scenario file holds it: formulas as text, literals as themselves. */
  sheetContents(sheet: string): SheetData {
    const id = this.sheetId(sheet);
    const size = this.sheetSize(sheet);
    const read = this.contentsRead.get(id);
    if (!read || read.rows.length !== size.rows || read.cols !== size.cols) {
      const rows = this.rangeContents(sheet, 0, 0, size.rows, size.cols);
      for (const row of rows) Object.freeze(row);
      this.contentsRead.set(id, { rows, cols: size.cols, written: new Set() });
      return rows.slice();
    }
    for (const row of read.written) {
      // A cell emptied beyond the sheet's edge leaves its size, and so its rows, as they were.
      const [contents] = row < size.rows ? this.rangeContents(sheet, row, 0, 1, size.cols) : [];
      if (!contents) continue;
      Object.freeze(contents);
      read.rows[row] = contents;
    }
    read.written.clear();
    return read.rows.slice();
  }

  rangeValues(sheet: string, top: number, left: number, rows: number, cols: number): CellValue[][] {
    if (rows <= 0 || cols <= 0) return [];
    const id = this.sheetId(sheet);
    const range = { start: { sheet: id, row: top, col: left }, end: { sheet: id, row: top + rows - 1, col: left + cols - 1 } };
    return this.engine.getRangeValues(range).map((row) => row.map(fromEngineValue));
  }

  rangeContents(sheet: string, top: number, left: number, rows: number, cols: number): SheetData {
    if (rows <= 0 || cols <= 0) return [];
    const id = this.sheetId(sheet);
    const range = { start: { sheet: id, row: top, col: left }, end: { sheet: id, row: top + rows - 1, col: left + cols - 1 } };
    return this.engine.getRangeSerialized(range).map((row, r) =>
      row.map((raw, c) => {
        if (raw === undefined || raw === null) return null;
        // A cell an array formula spills into holds no content of its own, though HyperFormula serialises
        // its value: saved as content, text spilled by =TRANSPOSE(A1:C1) blocked the array when reopened.
        const address = { sheet: id, row: top + r, col: left + c };
        if (this.engine.isCellPartOfArray(address) && !this.engine.doesCellHaveFormula(address)) return null;
        return fromEngineContent(raw);
      }),
    );
  }

  cellValue(address: CellAddress): CellValue {
    return fromEngineValue(this.engine.getCellValue(this.engineAddress(address)));
  }

  cellContent(address: CellAddress): CellContent {
    return fromEngineContent(this.engine.getCellSerialized(this.engineAddress(address)));
  }

  setCell(address: CellAddress, content: CellContent): CellChange[] {
    return this.setCells([{ address, content }]);
  }

  /**
   * Writes every edit in one batch: one recalculation, one undo step. `renamed`: named inputs and outputs
   * pointed at new cells in the same step (cells cut to another sheet take their names along).
   */
  setCells(edits: readonly CellEdit[], renamed: ReadonlyMap<string, CellAddress> = new Map()): CellChange[] {
    for (const edit of edits) {
      const problem = contentProblem(edit.content);
      if (problem) throw new WorkbookError(`cannot write ${formatCellAddress(edit.address)}: ${problem}`);
    }
    const [only] = edits;
    if (only && edits.length === 1 && renamed.size === 0) return this.setOneCell(only);
    const targets = edits.map((edit) => ({ address: this.engineAddress(edit.address), content: toEngineContent(edit.content) }));
    for (const target of targets) {
      if (!this.engine.isItPossibleToSetCellContents(target.address)) {
        throw new WorkbookError(`cannot write ${formatCellAddress(this.publicAddress(target.address))}`);
      }
    }
    for (const target of targets) this.noteWritten(target.address);
    return this.changes(() => this.engine.batch(() => {
      for (const target of targets) this.engine.setCellContents(target.address, [[target.content]]);
      for (const [name, cell] of renamed) this.engine.changeNamedExpression(name, namedCellFormula(formatCellAddress(cell)));
    }), renamed.size === 0 ? 'cell edits' : 'any');
  }

  /** One edit needs no batch; HyperFormula checks it before it changes anything, so only a refusal asks why. */
  private setOneCell(edit: CellEdit): CellChange[] {
    const address = this.engineAddress(edit.address);
    const content = toEngineContent(edit.content);
    this.noteWritten(address);
    try {
      return this.changes(() => this.engine.setCellContents(address, [[content]]), 'cell edits');
    } catch (error) {
      if (this.engine.isItPossibleToSetCellContents(address)) throw error;
      throw new WorkbookError(`cannot write ${formatCellAddress(this.publicAddress(address))}`);
    }
  }

  canUndo(): boolean {
    return this.engine.isThereSomethingToUndo();
  }

  canRedo(): boolean {
    return this.engine.isThereSomethingToRedo();
  }

  undo(): CellChange[] {
    return this.canUndo() ? this.changes(() => this.engine.undo()) : [];
  }

  redo(): CellChange[] {
    return this.canRedo() ? this.changes(() => this.engine.redo()) : [];
  }

  addRows(sheet: string, index: number, count = 1): CellChange[] {
    return this.changes(() => this.engine.addRows(this.sheetId(sheet), [index, count]));
  }

  removeRows(sheet: string, index: number, count = 1): CellChange[] {
    this.refuseToDeleteNamedCells(sheet, (address) => address.row >= index && address.row < index + count);
    return this.changes(() => this.engine.removeRows(this.sheetId(sheet), [index, count]));
  }

  addColumns(sheet: string, index: number, count = 1): CellChange[] {
    return this.changes(() => this.engine.addColumns(this.sheetId(sheet), [index, count]));
  }

  removeColumns(sheet: string, index: number, count = 1): CellChange[] {
    this.refuseToDeleteNamedCells(sheet, (address) => address.col >= index && address.col < index + count);
    return this.changes(() => this.engine.removeColumns(this.sheetId(sheet), [index, count]));
  }

  addSheet(name: string): void {
    const problem = sheetNameProblem(name);
    if (problem) throw new WorkbookError(problem);
    if (this.engine.doesSheetExist(name)) throw new WorkbookError(`a sheet named "${name}" already exists`);
    this.engine.addSheet(name);
    this.forgetWhatWasRead();
    this.sheetOrder.push(this.sheetId(name));
  }

  /**
   * A whole block of rows (an imported CSV) in place of everything the sheet held, or as a new sheet
   * (`create`): one batch, one undo step. HyperFormula builds a sheet's content at once several times
   * faster than it sets the same cells one range at a time.
   */
  putSheet(sheet: string, rows: SheetData, options: { create: boolean }): void {
    const cellProblem = sheetContentProblem(sheet, rows, (cell) => `cannot write ${cell}`);
    if (cellProblem) throw new WorkbookError(cellProblem);
    const content = rows.map((row) => row.map(toEngineContent));
    this.forgetWhatWasRead();
    if (!options.create) {
      this.engine.setSheetContent(this.sheetId(sheet), content);
      return;
    }
    const problem = sheetNameProblem(sheet);
    if (problem) throw new WorkbookError(problem);
    if (this.engine.doesSheetExist(sheet)) throw new WorkbookError(`a sheet named "${sheet}" already exists`);
    this.engine.batch(() => {
      this.engine.addSheet(sheet);
      this.engine.setSheetContent(this.sheetId(sheet), content);
    });
    this.sheetOrder.push(this.sheetId(sheet));
  }

  /** Forgets what redo would bring back: for an edit undone because the person cancelled it while it ran. */
  discardRedo(): void {
    this.engine.clearRedoStack();
  }

  renameSheet(sheet: string, newName: string): CellChange[] {
    const id = this.sheetId(sheet);
    const problem = sheetNameProblem(newName);
    if (problem) throw new WorkbookError(problem);
    if (sheet.toLowerCase() !== newName.toLowerCase() && this.engine.doesSheetExist(newName)) {
      throw new WorkbookError(`a sheet named "${newName}" already exists`);
    }
    this.engine.renameSheet(id, newName);
    // A formula naming the new name may now find its sheet.
    this.forgetWhatWasRead();
    return [];
  }

  removeSheet(sheet: string): CellChange[] {
    if (this.engine.countSheets() === 1) throw new WorkbookError('a workbook keeps at least one sheet');
    this.refuseToDeleteNamedCells(sheet, () => true);
    return this.changes(() => this.engine.removeSheet(this.sheetId(sheet)));
  }

  moveSheet(sheet: string, toIndex: number): void {
    const id = this.sheetId(sheet);
    const order = this.sheetNames().map((name) => this.sheetId(name)).filter((other) => other !== id);
    order.splice(Math.max(0, Math.min(toIndex, order.length)), 0, id);
    this.sheetOrder = order;
  }

  /** A block moved as Excel's cut and paste moves it: formulas and named cells that referred to it refer to where it went; one undo step. */
  moveCells(from: CellAddress, rows: number, cols: number, to: CellAddress): CellChange[] {
    const start = this.engineAddress(from);
    const source = { start, end: { sheet: start.sheet, row: start.row + rows - 1, col: start.col + cols - 1 } };
    const target = this.engineAddress(to);
    if (!this.engine.isItPossibleToMoveCells(source, target)) {
      throw new WorkbookError(`cannot move ${formatCellAddress(from)} and the cells cut with it to ${formatCellAddress(to)}: the block would split an array formula or run off the sheet`);
    }
    return this.changes(() => this.engine.moveCells(source, target));
  }

  inputs(): InputValue[] {
    return [...this.inputDefinitions].map(([name, definition]) => ({
      name,
      ...definition,
      cell: this.namedCell(name),
      value: this.namedValue(name),
    }));
  }

  outputs(): OutputValue[] {
    return [...this.outputDefinitions].map(([name, definition]) => ({
      name,
      ...definition,
      cell: this.namedCell(name),
      value: this.namedValue(name),
    }));
  }

  /** Gives an input a range (undefined: none), checked against the value it holds now as a scenario file's range is; `toScenario()` then carries it. */
  setInputRange(name: string, range: InputRange | undefined): void {
    const definition = this.inputDefinitions.get(name);
    if (!definition) throw new WorkbookError(`no input named "${name}"`);
    if (range !== undefined) {
      const value = this.namedValue(name);
      if (typeof value !== 'number') throw new WorkbookError(`input "${name}" holds no number, so it cannot have a range`);
      const problem = inputRangeProblem(range, value);
      if (problem) throw new WorkbookError(problem);
    }
    const next: InputDefinition = { ...definition };
    if (range === undefined) delete next.range;
    else next.range = range;
    this.inputDefinitions.set(name, next);
  }

  setInput(name: string, value: number): CellChange[] {
    return this.setInputs({ [name]: value });
  }

  /** Sets several inputs in one batch, by name. */
  setInputs(values: Readonly<Record<string, number>>): CellChange[] {
    return this.setCells(this.inputEdits(values));
  }

  /**
   * The named outputs with some inputs set for a moment: one batch in, the values read, then undone,
   * so neither the cells nor the undo history keep the trial (a redo the user had pending is lost, as
   * after any edit). What-if tables and goal seek run on this instead of rebuilding the workbook.
   */
  tryInputs(values: Readonly<Record<string, number>>, outputNames: readonly string[]): Record<string, CellValue> {
    for (const name of outputNames) {
      if (!this.outputDefinitions.has(name)) throw new WorkbookError(`no output named "${name}"`);
    }
    const edits = this.inputEdits(values);
    this.setCells(edits);
    try {
      return Object.fromEntries(outputNames.map((name) => [name, this.namedValue(name)]));
    } finally {
      this.engine.undo();
      this.forgetWhatWasRead();
      // Otherwise Ctrl+Y would bring the trial back; the user's own redo went with the trial edit.
      this.engine.clearRedoStack();
    }
  }

  private inputEdits(values: Readonly<Record<string, number>>): CellEdit[] {
    return Object.entries(values).map(([name, value]) => {
      if (!this.inputDefinitions.has(name)) throw new WorkbookError(`no input named "${name}"`);
      const address = parseCellAddress(this.namedCell(name));
      if (!address) throw new WorkbookError(`input "${name}" no longer points at a cell (its row or column was deleted)`);
      return { address, content: value };
    });
  }

  /**
   * Makes this workbook the one `Workbook.open(scenario)` would build, by writing only the cells that
   * differ, when the scenario has the same shape: the same sheets in the same order and sizes, the same
   * named inputs and outputs on the same cells. Presets that extend one another differ in their inputs
   * only, so a command going through them builds HyperFormula once (a build of a preset takes some 25 ms,
   * most of it parsing formulas every preset shares). The undo history goes, as a new workbook has none.
   * Returns false, having changed nothing, when the shape differs or more than a tenth of the cells do.
   */
  switchTo(scenario: FullScenario): boolean {
    const { sheets, inputs, outputs, ...header } = scenario;
    const names = Object.keys(sheets);
    const current = this.sheetNames();
    if (names.length !== current.length || names.some((name, index) => name !== current[index])) return false;
    if (!sameDefinitions(this.inputDefinitions, inputs, (name) => this.namedCell(name))) return false;
    if (!sameDefinitions(this.outputDefinitions, outputs, (name) => this.namedCell(name))) return false;
    const edits: CellEdit[] = [];
    let cells = 0;
    for (const name of names) {
      const rows = sheets[name] ?? [];
      const size = this.sheetSize(name);
      if (rows.length !== size.rows || sheetWidth(rows) !== size.cols) return false;
      cells += size.rows * size.cols;
      const held = this.sheetContents(name);
      rows.forEach((row, r) => {
        // The cells a short row lacks are empty: what the workbook holds there must go too.
        for (let c = 0; c < size.cols; c += 1) {
          const content = row[c] ?? null;
          if (held[r]?.[c] !== content) edits.push({ address: { sheet: name, row: r, col: c }, content });
        }
      });
    }
    if (edits.length * 10 > cells) return false;
    // HyperFormula does not evaluate an array again when the cell that blocked its spill is emptied
    // (handsontable/hyperformula#1287, open): it would stay #SPILL! where a build spills it.
    if (edits.some((edit) => edit.content === null) && this.holdsBlockedArray()) return false;
    if (edits.length > 0) this.setCells(edits);
    this.engine.clearUndoStack();
    this.engine.clearRedoStack();
    this.header = header;
    return true;
  }

  private holdsBlockedArray(): boolean {
    return this.sheetNames().some((sheet) =>
      this.sheetValues(sheet).some((row) => row.some((value) => isCellError(value) && value.error === '#SPILL!')),
    );
  }

  /** The scenario as it stands now, in the file format: serialise -> open -> serialise is identical. */
  toScenario(): FullScenario {
    const sheets = Object.fromEntries(this.sheetNames().map((name) => [name, this.sheetContents(name)]));
    const { inputs, outputs, ...header } = this.scenarioWithoutSheets();
    return { ...header, sheets, inputs, outputs };
  }

  /** The scenario as `toScenario()` gives it less its sheets, read without reading a cell: a save stores the rows apart, block by block. */
  scenarioWithoutSheets(): Omit<FullScenario, 'sheets'> {
    const inputs = Object.fromEntries(
      [...this.inputDefinitions].map(([name, definition]) => [name, { ...definition, cell: this.namedCell(name) }]),
    );
    const outputs = Object.fromEntries(
      [...this.outputDefinitions].map(([name, definition]) => [name, { ...definition, cell: this.namedCell(name) }]),
    );
    return { ...this.header, inputs, outputs };
  }

  destroy(): void {
    this.engine.destroy();
  }

  private sheetId(name: string): number {
    const id = this.engine.getSheetId(name);
    if (id === undefined) throw new WorkbookError(`no sheet named "${name}"`);
    return id;
  }

  private engineAddress(address: CellAddress) {
    return { sheet: this.sheetId(address.sheet), row: address.row, col: address.col };
  }

  private publicAddress(address: { sheet: number; row: number; col: number }): CellAddress {
    return { sheet: this.engine.getSheetName(address.sheet) ?? '', row: address.row, col: address.col };
  }

  /** A named input or output must keep its cell: deleting it would leave a scenario that cannot be saved. */
  private refuseToDeleteNamedCells(sheet: string, deletes: (address: CellAddress) => boolean): void {
    const id = this.sheetId(sheet);
    for (const [kind, definitions] of [['input', this.inputDefinitions], ['output', this.outputDefinitions]] as const) {
      for (const name of definitions.keys()) {
        const cell = this.namedCell(name);
        const address = parseCellAddress(cell);
        if (address && this.engine.getSheetId(address.sheet) === id && deletes(address)) {
          throw new WorkbookError(`${cell} holds the ${kind} "${name}"; move or keep that cell before deleting it`);
        }
      }
    }
  }

  private namedCell(name: string): string {
    const formula = this.engine.getNamedExpressionFormula(name) ?? '';
    return formula.replace(/^=/, '').replace(/!\$?([A-Z]+)\$?(\d+)$/, '!$1$2');
  }

  private namedValue(name: string): CellValue {
    const value = this.engine.getNamedExpressionValue(name);
    if (Array.isArray(value)) return { error: '#VALUE!', message: `"${name}" refers to a range, not a cell.` };
    return value === undefined ? null : fromEngineValue(value);
  }

  /** Sizes, error-free sheets and contents read before a change that reports no changed cells (or not all of them). */
  private forgetWhatWasRead(): void {
    this.sizes.clear();
    this.sheetsWithoutErrors.clear();
    this.contentsRead.clear();
  }

  /** Noted before the write, so a write that fails halfway still has its row read again. */
  private noteWritten(address: { sheet: number; row: number }): void {
    this.contentsRead.get(address.sheet)?.written.add(address.row);
  }

  /** Runs a change and returns the cells it changed; `cell edits` are writes of cell contents and nothing else. */
  private changes(operation: () => ExportedChange[], kind: 'cell edits' | 'any' = 'any'): CellChange[] {
    // Only cell edits keep what is known of each sheet's errors: row, column and sheet changes move or replace
    // cells (an undo may replay any of them), and HyperFormula does not promise to report each moved cell.
    if (kind === 'any') this.forgetWhatWasRead();
    else this.sizes.clear();
    const changes: CellChange[] = [];
    // Changes to one sheet tend to come together: a name is looked up only when the sheet differs from the change before.
    let sheetId = -1;
    let sheetName = '';
    for (const change of operation()) {
      if (change instanceof ExportedCellChange) {
        const { sheet, row, col } = change.address;
        if (sheet !== sheetId) {
          sheetId = sheet;
          sheetName = this.engine.getSheetName(sheet) ?? '';
        }
        const value = fromEngineValue(change.newValue);
        if (isCellError(value)) this.sheetsWithoutErrors.delete(sheet);
        changes.push({ address: { sheet: sheetName, row, col }, value });
      }
    }
    return changes;
  }
}
