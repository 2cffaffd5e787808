/**
 * A session's number formats, which HyperFormula does not hold: as they stand, and the preset's (or the
 * file's as opened) moved by the same rows, columns and sheets, as PresetChanges' reference workbook moves
 * the preset's cells, so a format that only moved with its rows is no change. The session records each
 * step's before and after (history.ts's FormatsChange) and puts them back on undo.
 */
import { formatCodeProblem, formatsFromRecord, formatsIn, formatsToRecord, parseCellAddress, sameFormats, withFormat, type FormatRange, type FullScenario, type SheetFormats } from '../../model';
import type { Rect } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import { formatCodeAt } from '../../shared/numberFormat';
import { EditError } from './editError';
import type { FormatsChange, FormatsState } from './history';

export class CellFormats {
  private state: FormatsState;

  /** `current` and `base` as the session's constructor takes them: the very same object when the work is the preset as it ships. */
  constructor(current: FullScenario, base: FullScenario) {
    const formats = formatsFromRecord(current.formats);
    this.state = { current: formats, reference: current === base ? formats : formatsFromRecord(base.formats) };
  }

  /** Whether they differ from the preset's (or the file's as opened), where rows, columns and sheets have moved them. */
  changed(): boolean {
    return !sameFormats(this.state.current, this.state.reference);
  }

  /** The preset's formats where rows, columns and sheets have moved them: what Reset all puts back. */
  get preset(): SheetFormats {
    return this.state.reference;
  }

  /** A cell's format code, if it has one. */
  codeOf(ref: CellRef): string | undefined {
    return formatCodeAt(this.state.current.get(ref.sheet), ref.row, ref.col);
  }

  /** The ranges of a sheet that reach into a window of it: a few ranges, not a code per cell. */
  inWindow(sheet: string, window: Rect): FormatRange[] {
    return formatsIn(this.state.current.get(sheet), window);
  }

  /** An input's or output's state with its cell's format, for the panels to show its value through. */
  withFormatOf<T extends { cell: string }>(state: T): T & { format?: string } {
    const address = parseCellAddress(state.cell);
    const format = address && this.codeOf(address);
    return format === undefined ? state : { ...state, format };
  }

  /** Gives the cells of `rect` a code (null: back to General); the change, or undefined when nothing changed. A code numfmt cannot read is refused. */
  set(sheet: string, rect: Rect, code: string | null): FormatsChange | undefined {
    const problem = code === null ? undefined : formatCodeProblem(code);
    if (problem) throw new EditError(problem);
    return this.move((formats) => withFormat(formats, sheet, rect, code));
  }

  /** The session's own formats changed (a format set, a reset, a version brought back); the change, or undefined when there is none. */
  move(edit: (formats: SheetFormats) => SheetFormats): FormatsChange | undefined {
    const current = edit(this.state.current);
    return sameFormats(current, this.state.current) ? undefined : this.step({ ...this.state, current });
  }

  /**
   * Rows, columns or sheets edited: the session's formats and the preset's move alike (model/formats.ts's
   * shiftRows and the like); the change, or undefined when neither moved.
   */
  follow(edit: (formats: SheetFormats) => SheetFormats): FormatsChange | undefined {
    const current = edit(this.state.current);
    const reference = edit(this.state.reference);
    if (current === this.state.current && reference === this.state.reference) return undefined;
    return this.step({ current, reference });
  }

  /** Puts back what an undo or redo step recorded. */
  restore(state: FormatsState): void {
    this.state = state;
  }

  /** A scenario (or its part other than the sheets) with the formats as they stand. */
  inScenario<T extends Omit<FullScenario, 'sheets'>>(scenario: T): T {
    return withFormats(scenario, this.state.current);
  }

  /** The preset's copy, with the rows, columns and sheets of the work, and the preset's formats moved with them. */
  inPreset<T extends Omit<FullScenario, 'sheets'>>(scenario: T): T {
    return withFormats(scenario, this.state.reference);
  }

  private step(after: FormatsState): FormatsChange {
    const before = this.state;
    this.state = after;
    return { before, after };
  }
}

/** The scenario with these formats in place of any it had: none at all when there are none, so a file without formats round-trips as it was. */
function withFormats<T extends Omit<FullScenario, 'sheets'>>(scenario: T, formats: SheetFormats): T {
  const record = formatsToRecord(formats);
  const result: T = { ...scenario };
  delete result.formats;
  if (record) result.formats = record;
  return result;
}
