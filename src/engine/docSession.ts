/**
 * One scenario being edited, inside the engine worker: the live workbook, and a reference workbook
 * holding the preset that receives only the structural edits (rows, columns, sheets). Comparing the
 * two cell by cell says what changed from the preset even after rows moved the cells.
 * See the report: the model could offer this diff, and copy/paste, itself.
 */
import {
  Workbook,
  WorkbookError,
  columnLetters,
  formatCellAddress,
  parseCellAddress,
  sheetNameProblem,
  type CellContent,
  type CellEdit,
  type CellValue,
  type FullScenario,
  type SheetData,
} from '../model';
import { cellKey, keyPosition, rectCols, rectRows, type Rect } from '../shared/cellRange';
import type {
  CellChangeInfo,
  ChainLink,
  DocState,
  InputState,
  OutputState,
  PasteSource,
  RangeStats,
  Selected,
  SheetInfo,
  SheetWindow,
  WindowRequest,
} from '../shared/messages';
import { shiftFormula } from '../model/formula/shiftFormula';
import { MAX_PASTE_CELLS, pastePastEdge, pasteTooManyCells } from '../shared/tsv';

/** A sheet up to this many cells travels whole; a bigger one in windows around what is on screen. */
export const WHOLE_SHEET_CELLS = 50_000;
/** How many changed cells a state lists (it counts them all). */
const LISTED_CHANGES = 100;
/** HyperFormula keeps this many undo steps (ENGINE_CONFIG.undoLimit); the log keeps as many. */
const UNDO_LIMIT = 100;

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

export interface CellRef {
  sheet: string;
  row: number;
  col: number;
}

type LogEntry =
  | { kind: 'cells'; cells: CellRef[]; coalesce?: string }
  | { kind: 'structure'; select?: Selected }
  /** A sheet's every cell at once (a CSV imported in place of its content): the preset is not touched. */
  | { kind: 'sheet'; select: Selected };

export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

function sameContent(a: CellContent, b: CellContent): boolean {
  return a === b || (a === null && b === '') || (a === '' && b === null);
}

export class DocSession {
  meta: DocMeta;
  revision = 0;
  /** Set by any edit; the engine clears it once the work is stored. */
  dirty = false;
  private readonly live: Workbook;
  /** Built on the first structural edit when the scenario opened as its own preset; until then `base` answers. */
  private reference: Workbook | undefined;
  private readonly base: FullScenario;
  /** The preset's input and output values, taken at open while the live workbook still is the preset. */
  private readonly presetValues: { inputs: Map<string, CellValue>; outputs: Map<string, CellValue> } | undefined;
  private undoLog: LogEntry[] = [];
  private redoLog: LogEntry[] = [];
  /** Changed cells by sheet, as cell keys; a sheet missing here is computed again when asked. */
  private readonly changed = new Map<string, Set<number>>();
  private structureTouched: boolean;
  private structureCache: { revision: number; changed: boolean } | undefined;
  /** The preset's sheets as JSON, to tell whether rows or sheets still differ from it; undefined for a user's scenario. */
  private readonly presetSheets: string | undefined;

  constructor(meta: DocMeta, current: FullScenario, base: FullScenario, options: { structureTouched: boolean; presetSheets?: string | undefined }) {
    this.meta = meta;
    this.base = base;
    this.live = Workbook.open(current);
    if (current === base) {
      // Opened as its own preset: nothing differs yet, and the live workbook can say what the preset computes.
      this.presetValues = {
        inputs: new Map(this.live.inputs().map((input) => [input.name, input.value])),
        outputs: new Map(this.live.outputs().map((output) => [output.name, output.value])),
      };
      for (const sheet of this.live.sheetNames()) this.changed.set(sheet, new Set());
    } else {
      try {
        this.reference = Workbook.open(base);
      } catch (error) {
        this.live.destroy();
        throw error;
      }
    }
    this.structureTouched = options.structureTouched;
    this.presetSheets = options.presetSheets;
  }

  destroy(): void {
    this.live.destroy();
    this.reference?.destroy();
  }

  /**
   * This work opened again as a reload opens it once stored: each workbook built afresh from its cells, the
   * undo history gone. After an edit fails inside HyperFormula, which can leave the edit's content written
   * and the values not computed from it.
   */
  reopened(): DocSession {
    const again = new DocSession(this.meta, this.toScenario(), this.baseScenario(), { structureTouched: this.structureTouched, presetSheets: this.presetSheets });
    again.revision = this.revision + 1;
    again.dirty = true;
    return again;
  }

  /** The preset as a workbook, for structural edits to move its cells as the live one's move. */
  private referenceBook(): Workbook {
    this.reference ??= Workbook.open(this.base);
    return this.reference;
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
    const changedKeys = this.changedIn(sheet);
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
    return { sheet, whole, top, left, values, contents, changed };
  }

  state(): DocState {
    const inputs = this.inputStates();
    const outputs = this.outputStates();
    const changes: CellChangeInfo[] = [];
    let changeCount = 0;
    for (const sheet of this.live.sheetNames()) {
      const keys = this.changedIn(sheet);
      changeCount += keys.size;
      if (changes.length >= LISTED_CHANGES || keys.size === 0) continue;
      const sorted = keys.size <= LISTED_CHANGES * 50 ? [...keys].sort((a, b) => a - b) : [...keys];
      for (const key of sorted.slice(0, LISTED_CHANGES - changes.length)) {
        const { row, col } = keyPosition(key);
        changes.push({ sheet, row, col, before: this.referenceContent({ sheet, row, col }), after: this.live.cellContent({ sheet, row, col }) });
      }
    }
    return {
      docId: this.meta.docId,
      revision: this.revision,
      sheets: this.sheets(),
      inputs,
      outputs,
      canUndo: this.live.canUndo(),
      canRedo: this.live.canRedo(),
      changeCount,
      changes,
      edited: changeCount > 0 || this.structureChanged(),
    };
  }

  /** Whether anything differs from the preset: cells, or rows, columns and sheets. */
  isEdited(): boolean {
    if (this.structureChanged()) return true;
    return this.live.sheetNames().some((sheet) => this.changedIn(sheet).size > 0);
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
    const stats = { count: 0, numbers: 0, sum: 0 };
    if (bottom < rect.top || right < rect.left) return stats;
    for (const row of this.live.rangeValues(sheet, rect.top, rect.left, bottom - rect.top + 1, right - rect.left + 1)) {
      for (const value of row) {
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

  /** The scenario as it stands, under this document's id and name. */
  toScenario(): FullScenario {
    return { ...this.live.toScenario(), id: this.meta.id, name: this.meta.name, description: this.meta.description };
  }

  /** The preset with the same rows, columns and sheets as the live scenario, for the diff after a reload. */
  baseScenario(): FullScenario {
    const base = this.reference ? this.reference.toScenario() : this.base;
    return { ...base, id: this.meta.id, name: this.meta.name, description: this.meta.description };
  }

  get touchedStructure(): boolean {
    return this.structureTouched;
  }

  outputs() {
    return this.live.outputs();
  }

  sheetValues(sheet: string) {
    return this.live.sheetValues(sheet);
  }

  sheetContents(sheet: string) {
    return this.live.sheetContents(sheet);
  }

  // Editing: each method is one undo step.

  setCells(edits: readonly CellRef[], contents: readonly CellContent[], coalesce?: string): Selected | undefined {
    if (edits.length === 0) return undefined;
    for (const sheet of new Set(edits.map((edit) => edit.sheet))) if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    const top = this.undoLog.at(-1);
    if (coalesce !== undefined && top?.kind === 'cells' && top.coalesce === coalesce && this.redoLog.length === 0 && this.live.canUndo()) {
      // A slider being dragged: each position replaces the last, so one undo step covers the drag.
      this.live.undo();
      this.undoLog.pop();
      this.recheck(top.cells);
    }
    this.guardInputs(edits, contents);
    const batch: CellEdit[] = edits.map((edit, index) => ({ address: edit, content: contents[index] ?? null }));
    this.live.setCells(batch);
    this.log(coalesce === undefined ? { kind: 'cells', cells: [...edits] } : { kind: 'cells', cells: [...edits], coalesce });
    this.recheck(edits);
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

  undo(): Selected | undefined {
    if (!this.live.canUndo()) return undefined;
    const entry = this.undoLog.pop();
    this.live.undo();
    this.afterHistoryStep(entry, 'undo');
    if (entry) this.redoLog.push(entry);
    this.touch();
    return entry && this.selectionAfterStep(entry);
  }

  redo(): Selected | undefined {
    if (!this.live.canRedo()) return undefined;
    const entry = this.redoLog.pop();
    this.live.redo();
    this.afterHistoryStep(entry, 'redo');
    if (entry) this.undoLog.push(entry);
    this.touch();
    return entry && this.selectionAfterStep(entry);
  }

  insertRows(sheet: string, index: number, count: number): Selected {
    this.structural((reference) => {
      this.live.addRows(sheet, index, count);
      reference.addRows(sheet, index, count);
    });
    const select = { sheet, rect: { top: index, left: 0, bottom: index + count - 1, right: Math.max(0, this.live.sheetSize(sheet).cols - 1) } };
    this.logStructure(select);
    return select;
  }

  deleteRows(sheet: string, index: number, count: number): Selected {
    this.guardNamed(sheet, (row) => row >= index && row < index + count, count === 1 ? `row ${index + 1}` : `rows ${index + 1} to ${index + count}`);
    this.structural((reference) => {
      this.live.removeRows(sheet, index, count);
      reference.removeRows(sheet, index, count);
    });
    const select = { sheet, rect: { top: index, left: 0, bottom: index, right: 0 } };
    this.logStructure(select);
    return select;
  }

  insertColumns(sheet: string, index: number, count: number): Selected {
    this.structural((reference) => {
      this.live.addColumns(sheet, index, count);
      reference.addColumns(sheet, index, count);
    });
    const select = { sheet, rect: { top: 0, left: index, bottom: Math.max(0, this.live.sheetSize(sheet).rows - 1), right: index + count - 1 } };
    this.logStructure(select);
    return select;
  }

  deleteColumns(sheet: string, index: number, count: number): Selected {
    this.guardNamed(sheet, (_, col) => col >= index && col < index + count, count === 1 ? `column ${columnLetters(index)}` : `columns ${columnLetters(index)} to ${columnLetters(index + count - 1)}`);
    this.structural((reference) => {
      this.live.removeColumns(sheet, index, count);
      reference.removeColumns(sheet, index, count);
    });
    const select = { sheet, rect: { top: 0, left: index, bottom: 0, right: index } };
    this.logStructure(select);
    return select;
  }

  addSheet(name?: string): Selected {
    const sheetName = name ?? this.freeSheetName();
    this.checkSheetName(sheetName);
    this.structural((reference) => {
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
    this.structural((reference) => {
      this.live.renameSheet(sheet, newName);
      reference.renameSheet(sheet, newName);
    });
    const select = { sheet: newName, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    this.logStructure(select);
    return select;
  }

  removeSheet(sheet: string): Selected {
    const names = this.live.sheetNames();
    const index = names.indexOf(sheet);
    if (index < 0) throw new EditError(`there is no sheet named "${sheet}"`);
    if (names.length === 1) throw new EditError('a workbook keeps at least one sheet');
    this.guardNamed(sheet, () => true, `the sheet “${sheet}”`);
    this.structural((reference) => {
      this.live.removeSheet(sheet);
      reference.removeSheet(sheet);
    });
    const neighbour = names[index + 1] ?? names[index - 1] ?? '';
    const select = { sheet: neighbour, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    this.logStructure({ sheet, rect: select.rect });
    return select;
  }

  /** Tab order is not part of HyperFormula's history, so moving a sheet is not an undo step (as in Excel). */
  moveSheet(sheet: string, toIndex: number): void {
    if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    const reference = this.referenceBook();
    this.live.moveSheet(sheet, toIndex);
    reference.moveSheet(sheet, toIndex);
    this.structureTouched = true;
    this.structureCache = undefined;
    this.touch();
  }

  /** Puts the preset's content back in these cells, in one step. */
  resetCells(cells: readonly CellRef[]): Selected | undefined {
    const existing = cells.filter((cell) => this.hasSheet(cell.sheet));
    return this.setCells(existing, existing.map((cell) => this.referenceContent(cell)));
  }

  resetInputs(names: readonly string[]): Selected | undefined {
    const cells: CellRef[] = [];
    for (const input of this.live.inputs()) {
      if (!names.includes(input.name)) continue;
      const address = parseCellAddress(input.cell);
      if (!address) throw new EditError(`input "${input.name}" no longer points at a cell (its row or column was deleted)`);
      cells.push(address);
    }
    return this.resetCells(cells);
  }

  resetAll(): Selected | undefined {
    const cells: CellRef[] = [];
    for (const sheet of this.live.sheetNames()) {
      for (const key of this.changedIn(sheet)) cells.push({ sheet, ...keyPosition(key) });
    }
    return this.resetCells(cells);
  }

  /**
   * Writes a block at the top-left of `target`, tiled when the target is a multiple of it (as Excel
   * pastes one cell into many). Cells copied from this workbook keep their formulas, moved like Excel's;
   * cut cells move as they are and leave their old place empty.
   */
  paste(sheet: string, target: Rect, source: PasteSource): Selected | undefined {
    const block = source.rows;
    const height = block.length;
    const width = Math.max(0, ...block.map((row) => row.length));
    if (height === 0 || width === 0) return undefined;
    const targetRows = rectRows(target);
    const targetCols = rectCols(target);
    const tilesDown = targetRows % height === 0 && !(source.kind === 'cells' && source.cut) ? targetRows / height : 1;
    const tilesAcross = targetCols % width === 0 && !(source.kind === 'cells' && source.cut) ? targetCols / width : 1;
    const cells = tilesDown * height * tilesAcross * width;
    if (cells > MAX_PASTE_CELLS) throw new EditError(pasteTooManyCells(cells));
    const pastEdge = pastePastEdge(target.top, target.left, tilesDown * height, tilesAcross * width);
    if (pastEdge) throw new EditError(pastEdge);
    const refs: CellRef[] = [];
    const contents: CellContent[] = [];
    const written = new Set<number>();
    for (let tileRow = 0; tileRow < tilesDown; tileRow += 1) {
      for (let tileCol = 0; tileCol < tilesAcross; tileCol += 1) {
        for (let r = 0; r < height; r += 1) {
          for (let c = 0; c < width; c += 1) {
            const row = target.top + tileRow * height + r;
            const col = target.left + tileCol * width + c;
            let content = block[r]?.[c] ?? null;
            if (source.kind === 'cells' && !source.cut && typeof content === 'string') {
              content = shiftFormula(content, row - (source.from.row + r), col - (source.from.col + c));
            }
            refs.push({ sheet, row, col });
            contents.push(content);
            written.add(cellKey(row, col));
          }
        }
      }
    }
    if (source.kind === 'cells' && source.cut && source.docId === this.meta.docId && this.hasSheet(source.from.sheet)) {
      for (let r = 0; r < height; r += 1) {
        for (let c = 0; c < width; c += 1) {
          const row = source.from.row + r;
          const col = source.from.col + c;
          if (source.from.sheet === sheet && written.has(cellKey(row, col))) continue;
          refs.push({ sheet: source.from.sheet, row, col });
          contents.push(null);
        }
      }
    }
    this.setCells(refs, contents);
    const bottom = target.top + tilesDown * height - 1;
    const right = target.left + tilesAcross * width - 1;
    return { sheet, rect: { top: target.top, left: target.left, bottom, right } };
  }

  /**
   * Rows read from a file, as a new sheet or in place of everything a sheet held: one undo step.
   * Replacing a sheet that holds named inputs needs numbers in their cells, as typing there does.
   */
  importSheet(sheet: string, rows: SheetData, target: 'new' | 'replace'): Selected {
    const select = { sheet, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    if (target === 'new') {
      this.checkSheetName(sheet);
      this.structural((reference) => {
        this.live.putSheet(sheet, rows, { create: true });
        reference.addSheet(sheet);
      }, sheet);
      // Against the preset's empty sheet only whether a cell is filled counts, and the rows say that as
      // well as the workbook would (a formula it writes differently is filled all the same).
      this.changed.set(sheet, this.changesFrom(sheet, rows));
      this.logStructure(select);
      return select;
    }
    if (!this.hasSheet(sheet)) throw new EditError(`there is no sheet named "${sheet}"`);
    const inputCells = this.live.inputs().flatMap((input) => {
      const address = parseCellAddress(input.cell);
      return address?.sheet === sheet ? [address] : [];
    });
    this.guardInputs(inputCells, inputCells.map((cell) => rows[cell.row]?.[cell.col] ?? null));
    this.live.putSheet(sheet, rows, { create: false });
    this.changed.delete(sheet);
    this.log({ kind: 'sheet', select });
    return select;
  }

  /** Undoes the last step for good, so redo cannot bring it back: an import the person cancelled once it had been written. */
  withdrawLast(): Selected | undefined {
    if (!this.live.canUndo()) return undefined;
    const select = this.undo();
    this.redoLog.pop();
    this.live.discardRedo();
    return select;
  }

  // Internals

  /**
   * A scenario file needs each input cell to hold a number within the input's range (the file would
   * not open again otherwise), so the grid refuses other entries there, as Excel's data validation does.
   */
  private guardInputs(edits: readonly CellRef[], contents: readonly CellContent[]): void {
    const inputs = new Map<string, { name: string; label: string; min?: number | undefined; max?: number | undefined }>();
    for (const input of this.live.inputs()) {
      const address = parseCellAddress(input.cell);
      if (address) inputs.set(`${address.sheet}\u0000${cellKey(address.row, address.col)}`, input);
    }
    edits.forEach((edit, index) => {
      const input = inputs.get(`${edit.sheet}\u0000${cellKey(edit.row, edit.col)}`);
      if (!input) return;
      const content = contents[index] ?? null;
      const where = `${formatCellAddress(edit)} is the input “${input.label}” (${input.name})`;
      if (typeof content !== 'number') throw new EditError(`${where}: it must hold a number${rangeText(input)}.`);
      if ((input.min !== undefined && content < input.min) || (input.max !== undefined && content > input.max)) throw new EditError(`${where}: it must be a number${rangeText(input)}.`);
    });
  }

  /** The scenario names its inputs and outputs by cell: deleting one would leave the name pointing nowhere. */
  private guardNamed(sheet: string, hits: (row: number, col: number) => boolean, what: string): void {
    for (const [kind, items] of [['input', this.live.inputs()], ['output', this.live.outputs()]] as const) {
      for (const item of items) {
        const address = parseCellAddress(item.cell);
        if (address?.sheet === sheet && hits(address.row, address.col)) {
          throw new EditError(`${what} cannot be deleted: ${formatCellAddress(address)} holds the ${kind} “${item.label}” (${item.name}), which the scenario names.`);
        }
      }
    }
  }

  private inputStates(): InputState[] {
    const presetValues = this.reference ? new Map(this.reference.inputs().map((input) => [input.name, input.value])) : (this.presetValues?.inputs ?? new Map<string, CellValue>());
    return this.live.inputs().map((input) => {
      const address = parseCellAddress(input.cell);
      const changed = address ? !sameContent(this.live.cellContent(address), this.referenceContent(address)) : true;
      return { name: input.name, cell: input.cell, value: input.value, presetValue: presetValues.get(input.name) ?? null, changed };
    });
  }

  private outputStates(): OutputState[] {
    const presetValues = this.reference ? new Map(this.reference.outputs().map((output) => [output.name, output.value])) : (this.presetValues?.outputs ?? new Map<string, CellValue>());
    return this.live.outputs().map((output) => ({ name: output.name, cell: output.cell, value: output.value, presetValue: presetValues.get(output.name) ?? null }));
  }

  private referenceContent(ref: CellRef): CellContent {
    if (!this.reference) return this.base.sheets[ref.sheet]?.[ref.row]?.[ref.col] ?? null;
    try {
      return this.reference.cellContent(ref);
    } catch {
      return null;
    }
  }

  private changedIn(sheet: string): Set<number> {
    const cached = this.changed.get(sheet);
    if (cached) return cached;
    const keys = this.changesFrom(sheet, this.live.sheetContents(sheet));
    this.changed.set(sheet, keys);
    return keys;
  }

  /**
   * The cells of a sheet that differ from the preset's, given the sheet's every cell: read from the
   * workbook, or the rows an import has just written as a new sheet (reading 1,000,000 cells back took a second).
   */
  private changesFrom(sheet: string, liveRows: SheetData): Set<number> {
    const keys = new Set<number>();
    let referenceRows: CellContent[][] = [];
    if (!this.reference) {
      referenceRows = Object.hasOwn(this.base.sheets, sheet) ? (this.base.sheets[sheet] ?? []) : [];
    } else {
      try {
        // Past its own size the preset's sheet is empty: reading it there (a new sheet's 1,000,000 cells,
        // against an empty sheet) took a fifth of the answer to an import (300 of 1,466 ms).
        const referenceSize = this.reference.sheetSize(sheet);
        referenceRows = this.reference.rangeContents(sheet, 0, 0, referenceSize.rows, referenceSize.cols);
      } catch {
        // The preset has no such sheet: every filled cell is a change.
      }
    }
    const rows = Math.max(liveRows.length, referenceRows.length);
    for (let row = 0; row < rows; row += 1) {
      const liveRow = liveRows[row];
      const referenceRow = referenceRows[row];
      const cols = Math.max(liveRow?.length ?? 0, referenceRow?.length ?? 0);
      for (let col = 0; col < cols; col += 1) {
        if (!sameContent(liveRow?.[col] ?? null, referenceRow?.[col] ?? null)) keys.add(cellKey(row, col));
      }
    }
    return keys;
  }

  private recheck(cells: readonly CellRef[]): void {
    for (const cell of cells) {
      const keys = this.changed.get(cell.sheet);
      if (!keys) continue;
      const key = cellKey(cell.row, cell.col);
      let differs: boolean;
      try {
        differs = !sameContent(this.live.cellContent(cell), this.referenceContent(cell));
      } catch {
        this.changed.delete(cell.sheet);
        continue;
      }
      if (differs) keys.add(key);
      else keys.delete(key);
    }
  }

  private structureChanged(): boolean {
    if (!this.structureTouched) return false;
    if (this.presetSheets === undefined) return true;
    if (this.structureCache?.revision !== this.revision) {
      const sheets = JSON.stringify(this.reference ? this.reference.toScenario().sheets : this.base.sheets);
      this.structureCache = { revision: this.revision, changed: sheets !== this.presetSheets };
    }
    return this.structureCache.changed;
  }

  /**
   * `addedSheet`: the operation only adds that sheet, which moves no cell of the others in either workbook,
   * so what they know of their changes stays; any other structural edit may move cells anywhere.
   */
  private structural(operation: (reference: Workbook) => void, addedSheet?: string): void {
    const reference = this.referenceBook();
    try {
      operation(reference);
    } catch (error) {
      throw error instanceof WorkbookError ? new EditError(error.message) : error;
    }
    this.structureTouched = true;
    this.structureCache = undefined;
    if (addedSheet === undefined) this.changed.clear();
    else this.changed.delete(addedSheet);
  }

  private afterHistoryStep(entry: LogEntry | undefined, direction: 'undo' | 'redo'): void {
    if (entry?.kind === 'cells') {
      this.recheck(entry.cells);
      return;
    }
    if (entry?.kind === 'sheet') {
      this.changed.delete(entry.select.sheet);
      return;
    }
    if (entry?.kind === 'structure') {
      if (direction === 'undo') this.reference?.undo();
      else this.reference?.redo();
      this.structureTouched = true;
    }
    this.structureCache = undefined;
    this.changed.clear();
  }

  private selectionAfterStep(entry: LogEntry): Selected | undefined {
    if (entry.kind !== 'cells') return entry.select && this.hasSheet(entry.select.sheet) ? entry.select : undefined;
    return selectionOf(entry.cells.filter((cell) => this.hasSheet(cell.sheet)));
  }

  private log(entry: LogEntry): void {
    this.undoLog.push(entry);
    if (this.undoLog.length > UNDO_LIMIT) this.undoLog.shift();
    this.redoLog = [];
    this.touch();
  }

  private logStructure(select: Selected): void {
    this.log({ kind: 'structure', select });
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

function rangeText(input: { min?: number | undefined; max?: number | undefined }): string {
  if (input.min !== undefined && input.max !== undefined) return ` from ${input.min} to ${input.max}`;
  if (input.min !== undefined) return ` of at least ${input.min}`;
  if (input.max !== undefined) return ` of at most ${input.max}`;
  return '';
}

/** The edited cells' bounding box on the first sheet they touch. */
function selectionOf(cells: readonly CellRef[]): Selected | undefined {
  const first = cells[0];
  if (!first) return undefined;
  const rect = { top: first.row, left: first.col, bottom: first.row, right: first.col };
  for (const cell of cells) {
    if (cell.sheet !== first.sheet) continue;
    rect.top = Math.min(rect.top, cell.row);
    rect.left = Math.min(rect.left, cell.col);
    rect.bottom = Math.max(rect.bottom, cell.row);
    rect.right = Math.max(rect.right, cell.col);
  }
  return { sheet: first.sheet, rect };
}
