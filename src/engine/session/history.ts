/**
 * What each undo step of a session touched, kept beside HyperFormula's own history: which cells to check
 * against the preset again after undo or redo, where the page should look then, and the input ranges and
 * number formats a step changed, which HyperFormula knows nothing of.
 */
import type { InputRange, SheetFormats } from '../../model';
import type { CellRef } from '../../shared/engine';
import type { Selected } from '../../shared/messages';

/** HyperFormula keeps this many undo steps (ENGINE_CONFIG.undoLimit); the log keeps as many. */
const UNDO_LIMIT = 100;

/** An input's range before and after a step (undefined: none). */
export interface RangeChange {
  name: string;
  before: InputRange | undefined;
  after: InputRange | undefined;
}

/** A session's number formats at a moment: its own, and the preset's moved by the same rows, columns and sheets, which what changed is told against. */
export interface FormatsState {
  current: SheetFormats;
  reference: SheetFormats;
}

/** The number formats before and after a step, which HyperFormula knows nothing of either. */
export interface FormatsChange {
  before: FormatsState;
  after: FormatsState;
}

export type HistoryEntry =
  /** `ranges`, `formats`: a reset put the preset's ranges and number formats back in the same step as its cells. */
  | { kind: 'cells'; cells: CellRef[]; coalesce?: string; ranges?: RangeChange[]; formats?: FormatsChange }
  /** Input ranges only: HyperFormula has no step for it, so undo and redo skip HyperFormula's. */
  | { kind: 'ranges'; ranges: RangeChange[]; formats?: FormatsChange }
  /** `formats`: rows, columns or a sheet moved or took number formats with them. */
  | { kind: 'structure'; select?: Selected; formats?: FormatsChange }
  /** Number formats only (the Format control): like a range step, HyperFormula has no step for it. */
  | { kind: 'formats'; formats: FormatsChange; select?: Selected }
  /** A sheet's every cell at once (a CSV imported in place of its content): the preset is not touched. */
  | { kind: 'sheet'; select: Selected }
  /** A sheet moved along the tabs from one place to another: HyperFormula has no tab order, so no step for it. */
  | { kind: 'order'; sheet: string; from: number; to: number }
  /** Cells cut and pasted (HyperFormula's moveCells, or one batch onto another sheet): formulas anywhere may have changed, not only the moved cells. */
  | { kind: 'moved'; select: Selected; /** The cells as they were cut, where undo looks (on their own sheet). */ cut?: Selected; /** The number formats that moved with them. */ formats?: FormatsChange };

/** The steps HyperFormula's history does not hold: undo and redo skip HyperFormula's for them. */
export function outsideEngine(entry: HistoryEntry | undefined): boolean {
  return entry?.kind === 'ranges' || entry?.kind === 'order' || entry?.kind === 'formats';
}

/** The undo and redo logs, a step for each of HyperFormula's, and the range steps between them in the order they were made. */
export class History {
  private undoLog: HistoryEntry[] = [];
  private redoLog: HistoryEntry[] = [];

  /** A new step: what was undone can no longer be redone. */
  push(entry: HistoryEntry): void {
    this.undoLog.push(entry);
    if (this.undoLog.length > UNDO_LIMIT) this.undoLog.shift();
    this.redoLog = [];
  }

  /** The cells of the last step when it is the gesture `coalesce` names and nothing was undone since: the next step replaces it. */
  gestureCells(coalesce: string | undefined): CellRef[] | undefined {
    const top = this.undoLog.at(-1);
    return coalesce !== undefined && top?.kind === 'cells' && top.coalesce === coalesce && this.redoLog.length === 0 ? top.cells : undefined;
  }

  /** Adds range changes to the last step (a reset's cells), so one undo takes back both. */
  attachRanges(ranges: RangeChange[]): void {
    const top = this.undoLog.at(-1);
    if (top?.kind === 'cells') top.ranges = [...(top.ranges ?? []), ...ranges];
  }

  /** Adds the number formats a reset put back, or a paste or fill brought, to the last step (its cells or ranges), so one undo takes back all. */
  attachFormats(formats: FormatsChange): void {
    const top = this.undoLog.at(-1);
    if (top?.kind === 'cells' || top?.kind === 'ranges') top.formats = formats;
  }

  /** Whether the next undo (or redo) is a step HyperFormula's history does not hold (see outsideEngine). */
  nextOutsideEngine(direction: 'undo' | 'redo'): boolean {
    return outsideEngine((direction === 'undo' ? this.undoLog : this.redoLog).at(-1));
  }

  /** Forgets the last step, which HyperFormula has just undone for good. */
  dropLast(): void {
    this.undoLog.pop();
  }

  /** Undoes the last step: `step` undoes it in the workbooks, then it is first to redo. */
  undo(step: (entry: HistoryEntry | undefined) => void): HistoryEntry | undefined {
    const entry = this.undoLog.pop();
    step(entry);
    if (entry) this.redoLog.push(entry);
    return entry;
  }

  /** Redoes the step first to redo: `step` redoes it in the workbooks, then it is last to undo. */
  redo(step: (entry: HistoryEntry | undefined) => void): HistoryEntry | undefined {
    const entry = this.redoLog.pop();
    step(entry);
    if (entry) this.undoLog.push(entry);
    return entry;
  }

  /** Forgets the step first to redo, which HyperFormula has just discarded. */
  dropRedo(): void {
    this.redoLog.pop();
  }
}

/** Where the page looks after a step is undone or redone: what it touched, on a sheet that still exists. */
export function selectionAfterStep(entry: HistoryEntry, hasSheet: (sheet: string) => boolean, direction: 'undo' | 'redo' = 'redo'): Selected | undefined {
  // A sheet moved along the tabs leaves the page where it is.
  if (entry.kind === 'ranges' || entry.kind === 'order') return undefined;
  // Cells moved back are where they were cut from, as Excel shows them.
  if (entry.kind === 'moved' && direction === 'undo' && entry.cut && hasSheet(entry.cut.sheet)) return entry.cut;
  if (entry.kind !== 'cells') return entry.select && hasSheet(entry.select.sheet) ? entry.select : undefined;
  return selectionOf(entry.cells.filter((cell) => hasSheet(cell.sheet)));
}

/** The range changes a step made, for undo and redo to put back or make again. */
export function rangesOf(entry: HistoryEntry | undefined): RangeChange[] {
  return entry?.kind === 'ranges' || entry?.kind === 'cells' ? (entry.ranges ?? []) : [];
}

/** The number formats a step changed, for undo and redo to put back or make again. */
export function formatsOf(entry: HistoryEntry | undefined): FormatsChange | undefined {
  return entry !== undefined && 'formats' in entry ? entry.formats : undefined;
}

/** The edited cells' bounding box on the first sheet they touch. */
export function selectionOf(cells: readonly CellRef[]): Selected | undefined {
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
