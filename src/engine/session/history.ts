/**
 * What each undo step of a session touched, kept beside HyperFormula's own history: which cells to check
 * against the preset again after undo or redo, where the page should look then, and the input ranges a
 * step changed, which HyperFormula knows nothing of.
 */
import type { InputRange } from '../../model';
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

export type HistoryEntry =
  /** `ranges`: a reset put the preset's ranges back in the same step as its cells. */
  | { kind: 'cells'; cells: CellRef[]; coalesce?: string; ranges?: RangeChange[] }
  /** Input ranges only: HyperFormula has no step for it, so undo and redo skip HyperFormula's. */
  | { kind: 'ranges'; ranges: RangeChange[] }
  | { kind: 'structure'; select?: Selected }
  /** A sheet's every cell at once (a CSV imported in place of its content): the preset is not touched. */
  | { kind: 'sheet'; select: Selected };

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

  /** Whether the next undo (or redo) is a range step, which HyperFormula's history does not hold. */
  nextIsRanges(direction: 'undo' | 'redo'): boolean {
    return (direction === 'undo' ? this.undoLog : this.redoLog).at(-1)?.kind === 'ranges';
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
export function selectionAfterStep(entry: HistoryEntry, hasSheet: (sheet: string) => boolean): Selected | undefined {
  if (entry.kind === 'ranges') return undefined;
  if (entry.kind !== 'cells') return entry.select && hasSheet(entry.select.sheet) ? entry.select : undefined;
  return selectionOf(entry.cells.filter((cell) => hasSheet(cell.sheet)));
}

/** The range changes a step made, for undo and redo to put back or make again. */
export function rangesOf(entry: HistoryEntry | undefined): RangeChange[] {
  return entry?.kind === 'ranges' || entry?.kind === 'cells' ? (entry.ranges ?? []) : [];
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
