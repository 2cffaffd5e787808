/**
 * What a session's scenario changed from its preset: a reference workbook holding the preset receives
 * only the structural edits (rows, columns, sheets), so comparing the two cell by cell says what changed
 * even after rows moved the cells.
 */
import { Workbook, WorkbookError, parseCellAddress, type CellContent, type CellValue, type FullScenario, type InputRange, type SheetData } from '../../model';
import { cellKey, keyPosition } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import type { CellChangeInfo, InputState, OutputState } from '../../shared/messages';
import { EditError } from './editError';
import type { HistoryEntry } from './history';

/** How many changed cells a state lists (it counts them all). */
const LISTED_CHANGES = 100;

function sameContent(a: CellContent, b: CellContent): boolean {
  return a === b || (a === null && b === '') || (a === '' && b === null);
}

function sameRange(a: InputRange | undefined, b: InputRange | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.low === b.low && a.high === b.high && a.distribution === b.distribution && JSON.stringify(a.source) === JSON.stringify(b.source);
}

/** The live workbook against its preset; the session edits the live one and tells this what it did. */
export class PresetChanges {
  /** Built on the first structural edit when the scenario opened as its own preset; until then `base` answers. */
  private reference: Workbook | undefined;
  /** The preset's input and output values, taken at open while the live workbook still is the preset. */
  private readonly presetValues: { inputs: Map<string, CellValue>; outputs: Map<string, CellValue> } | undefined;
  /** Changed cells by sheet, as cell keys; a sheet missing here is computed again when asked. */
  private readonly changed = new Map<string, Set<number>>();
  private structureTouched: boolean;
  private structureCache: { revision: number; changed: boolean } | undefined;

  /**
   * `live` was opened from `current`; `base` is the preset with the rows, columns and sheets the work had
   * when stored. `presetSheets` is the preset's sheets as JSON, to tell whether rows or sheets still differ
   * from it; undefined for a user's scenario.
   */
  constructor(
    private readonly live: Workbook,
    current: FullScenario,
    private readonly base: FullScenario,
    structureTouched: boolean,
    readonly presetSheets: string | undefined,
  ) {
    if (current === base) {
      // Opened as its own preset: nothing differs yet, and the live workbook can say what the preset computes.
      this.presetValues = {
        inputs: new Map(live.inputs().map((input) => [input.name, input.value])),
        outputs: new Map(live.outputs().map((output) => [output.name, output.value])),
      };
      for (const sheet of live.sheetNames()) this.changed.set(sheet, new Set());
    } else {
      this.reference = Workbook.open(base);
    }
    this.structureTouched = structureTouched;
  }

  destroy(): void {
    this.reference?.destroy();
  }

  /** The preset with the same rows, columns and sheets as the live scenario, for the diff after a reload. */
  baseScenario(): FullScenario {
    return this.reference ? this.reference.toScenario() : this.base;
  }

  get touchedStructure(): boolean {
    return this.structureTouched;
  }

  /** Whether anything differs from the preset: cells, or rows, columns and sheets. */
  isEdited(revision: number): boolean {
    if (this.structureChanged(revision) || this.rangesChanged()) return true;
    return this.live.sheetNames().some((sheet) => this.changedIn(sheet).size > 0);
  }

  /** How many cells differ, and the first of them, before and after. */
  listed(): { changeCount: number; changes: CellChangeInfo[] } {
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
    return { changeCount, changes };
  }

  inputStates(): InputState[] {
    const presetValues = this.reference ? new Map(this.reference.inputs().map((input) => [input.name, input.value])) : (this.presetValues?.inputs ?? new Map<string, CellValue>());
    return this.live.inputs().map((input) => {
      const address = parseCellAddress(input.cell);
      const changed = address ? !sameContent(this.live.cellContent(address), this.referenceContent(address)) : true;
      const presetRange = this.presetRange(input.name);
      const rangeChanged = !sameRange(input.range, presetRange);
      return {
        name: input.name,
        cell: input.cell,
        value: input.value,
        presetValue: presetValues.get(input.name) ?? null,
        changed,
        ...(input.range === undefined ? {} : { range: input.range }),
        ...(presetRange === undefined ? {} : { presetRange }),
        rangeChanged,
      };
    });
  }

  /** The preset's range for an input: structural edits move cells, never ranges, so the preset as given says it. */
  presetRange(name: string): InputRange | undefined {
    return Object.hasOwn(this.base.inputs, name) ? this.base.inputs[name]?.range : undefined;
  }

  /** Whether any input's range differs from the preset's. */
  rangesChanged(): boolean {
    return this.live.inputs().some((input) => !sameRange(input.range, this.presetRange(input.name)));
  }

  outputStates(): OutputState[] {
    const presetValues = this.reference ? new Map(this.reference.outputs().map((output) => [output.name, output.value])) : (this.presetValues?.outputs ?? new Map<string, CellValue>());
    return this.live.outputs().map((output) => ({ name: output.name, cell: output.cell, value: output.value, presetValue: presetValues.get(output.name) ?? null }));
  }

  /** What the preset holds in this cell, where the live workbook's structural edits have moved it. */
  referenceContent(ref: CellRef): CellContent {
    if (!this.reference) return this.base.sheets[ref.sheet]?.[ref.row]?.[ref.col] ?? null;
    try {
      return this.reference.cellContent(ref);
    } catch {
      return null;
    }
  }

  /** The keys of a sheet's cells that differ from the preset. */
  changedIn(sheet: string): Set<number> {
    const cached = this.changed.get(sheet);
    if (cached) return cached;
    const keys = this.changesFrom(sheet, this.live.sheetContents(sheet));
    this.changed.set(sheet, keys);
    return keys;
  }

  /** Compares these cells with the preset again, after an edit wrote them. */
  recheck(cells: readonly CellRef[]): void {
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

  /** Whether the rows, columns or sheets differ from the preset's, as of the session's `revision`. */
  structureChanged(revision: number): boolean {
    if (!this.structureTouched) return false;
    if (this.presetSheets === undefined) return true;
    if (this.structureCache?.revision !== revision) {
      const sheets = JSON.stringify(this.reference ? this.reference.toScenario().sheets : this.base.sheets);
      this.structureCache = { revision, changed: sheets !== this.presetSheets };
    }
    return this.structureCache.changed;
  }

  /**
   * Runs a structural edit of both workbooks. `addedSheet`: the operation only adds that sheet, which moves
   * no cell of the others in either workbook, so what they know of their changes stays; any other structural
   * edit may move cells anywhere.
   */
  structural(operation: (reference: Workbook) => void, addedSheet?: string): void {
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

  /** Runs an edit of both workbooks' tab order, which moves no cell. */
  reorder(operation: (reference: Workbook) => void): void {
    operation(this.referenceBook());
    this.structureTouched = true;
    this.structureCache = undefined;
  }

  /**
   * A new sheet written whole, compared from the rows just written: against the preset's empty sheet only
   * whether a cell is filled counts, and the rows say that as well as the workbook would (a formula it
   * writes differently is filled all the same).
   */
  sheetWritten(sheet: string, rows: SheetData): void {
    this.changed.set(sheet, this.changesFrom(sheet, rows));
  }

  /** A sheet's every cell replaced: compared again when asked. */
  sheetReplaced(sheet: string): void {
    this.changed.delete(sheet);
  }

  /** After HyperFormula undid or redid `entry` in the live workbook: the preset follows a structural step. */
  afterStep(entry: HistoryEntry | undefined, direction: 'undo' | 'redo'): void {
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

  /** The preset as a workbook, for structural edits to move its cells as the live one's move. */
  private referenceBook(): Workbook {
    this.reference ??= Workbook.open(this.base);
    return this.reference;
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
}
