/**
 * A session's number formats, which HyperFormula does not hold: as they stand, and the preset's (or the
 * file's as opened) moved by the same rows, columns and sheets, as PresetChanges' reference workbook moves
 * the preset's cells, so a format that only moved with its rows is no change. A paste, fill, cut or reset
 * lays codes over the cells it writes, as Excel carries formats with contents. The session records each
 * step's before and after (history.ts's FormatsChange) and puts them back on undo.
 */
import { formatCodeProblem, formatsFromRecord, formatsIn, formatsToRecord, parseCellAddress, withFormat, type FormatRange, type FullScenario, type SheetFormats } from '../../model';
import { rectCols, rectRows, type Rect } from '../../shared/cellRange';
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
    return !sameCodes(this.state.current, this.state.reference);
  }

  /** The preset's formats where rows, columns and sheets have moved them: what Reset all puts back. */
  get preset(): SheetFormats {
    return this.state.reference;
  }

  /** A cell's format code, if it has one. */
  codeOf(ref: CellRef): string | undefined {
    return formatCodeAt(this.state.current.get(ref.sheet), ref.row, ref.col);
  }

  /** The code of each cell of `rect` (null: General), row by row: what a copy or a fill carries. */
  codesIn(sheet: string, rect: Rect): (string | null)[][] {
    return codeGrid(this.state.current, sheet, rect);
  }

  /** The formats with each cell of `rect` given the code `codeAt` names (null: General), for a paste or fill to lay over the cells it writes. */
  laidOver(sheet: string, rect: Rect, codeAt: (row: number, col: number) => string | null): SheetFormats {
    return withCodes(this.state.current, sheet, rect, codeAt);
  }

  /** The formats with the preset's back in these cells, as Reset puts its contents back; the other cells keep theirs. */
  resetIn(cells: readonly CellRef[]): SheetFormats {
    let formats = this.state.current;
    for (const sheet of new Set(cells.map((cell) => cell.sheet))) {
      const own = cells.filter((cell) => cell.sheet === sheet);
      const box = { top: Infinity, left: Infinity, bottom: -Infinity, right: -Infinity };
      for (const { row, col } of own) {
        box.top = Math.min(box.top, row);
        box.left = Math.min(box.left, col);
        box.bottom = Math.max(box.bottom, row);
        box.right = Math.max(box.right, col);
      }
      const reset = new Set(own.map((cell) => `${cell.row}:${cell.col}`));
      const preset = codeGrid(this.state.reference, sheet, box);
      const current = codeGrid(formats, sheet, box);
      formats = withCodes(formats, sheet, box, (row, col) => (reset.has(`${row}:${col}`) ? preset : current)[row - box.top]?.[col - box.left] ?? null);
    }
    return formats;
  }

  /** A block cut and pasted: its codes land where it lands, over what was there, and the cells it left go back to General; the change, or undefined. */
  cut(from: Rect & { sheet: string }, to: { sheet: string; row: number; col: number }): FormatsChange | undefined {
    const codes = codeGrid(this.state.current, from.sheet, from);
    const landing = { top: to.row, left: to.col, bottom: to.row + rectRows(from) - 1, right: to.col + rectCols(from) - 1 };
    return this.move((formats) => withCodes(withFormat(formats, from.sheet, from, null), to.sheet, landing, (row, col) => codes[row - to.row]?.[col - to.col] ?? null));
  }

  /** A sheet's formatted ranges, all of them. */
  ofSheet(sheet: string): readonly FormatRange[] {
    return this.state.current.get(sheet) ?? [];
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
    return sameCodes(current, this.state.current) ? undefined : this.step({ ...this.state, current });
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

/** Each cell's code of `rect` (null: General), row by row. */
function codeGrid(formats: SheetFormats, sheet: string, rect: Rect): (string | null)[][] {
  const grid = Array.from({ length: rectRows(rect) }, () => Array<string | null>(rectCols(rect)).fill(null));
  for (const range of formatsIn(formats.get(sheet), rect)) {
    for (let row = Math.max(range.rect.top, rect.top); row <= Math.min(range.rect.bottom, rect.bottom); row += 1) {
      grid[row - rect.top]?.fill(range.code, Math.max(range.rect.left, rect.left) - rect.left, Math.min(range.rect.right, rect.right) - rect.left + 1);
    }
  }
  return grid;
}

/**
 * `formats` with each cell of `rect` given the code `codeAt` names (null: General). Cells of one code side
 * by side make one run, and a run repeated on the rows below grows down, so a pasted or filled block stays
 * a few ranges, not a range per cell.
 */
function withCodes(formats: SheetFormats, sheet: string, rect: Rect, codeAt: (row: number, col: number) => string | null): SheetFormats {
  const ranges: FormatRange[] = [];
  let above = new Map<string, FormatRange>();
  for (let row = rect.top; row <= rect.bottom; row += 1) {
    const here = new Map<string, FormatRange>();
    let col = rect.left;
    while (col <= rect.right) {
      const code = codeAt(row, col);
      let end = col;
      while (end < rect.right && codeAt(row, end + 1) === code) end += 1;
      if (code !== null) {
        const key = `${col}:${end}:${code}`;
        let range = above.get(key);
        if (range) range.rect.bottom = row;
        else ranges.push((range = { rect: { top: row, left: col, bottom: row, right: end }, code }));
        here.set(key, range);
      }
      col = end + 1;
    }
    above = here;
  }
  // The runs are disjoint, and from what is left outside `rect`: laid in at once, not one withFormat each, which would cost the square of their number.
  const cleared = withFormat(formats, sheet, rect, null);
  if (ranges.length === 0) return cleared;
  return new Map(cleared).set(sheet, [...(cleared.get(sheet) ?? []), ...ranges]);
}

/**
 * Whether two sets of formats give every cell the same code, however their ranges are cut: a cell
 * formatted on its own and then given its range's code again, or a reset of part of a range, is no change.
 */
function sameCodes(a: SheetFormats, b: SheetFormats): boolean {
  for (const sheet of new Set([...a.keys(), ...b.keys()])) if (!sameSheetCodes(a.get(sheet) ?? [], b.get(sheet) ?? [])) return false;
  return true;
}

/** Swept down the rows where a range starts or ends: between two such rows each side's runs of columns stay the same, so they are compared once per band. */
function sameSheetCodes(first: readonly FormatRange[], second: readonly FormatRange[]): boolean {
  if (first === second) return true;
  const activeFirst = new Set<FormatRange>();
  const activeSecond = new Set<FormatRange>();
  const changes = new Map<number, { range: FormatRange; active: Set<FormatRange>; enters: boolean }[]>();
  const note = (row: number, change: { range: FormatRange; active: Set<FormatRange>; enters: boolean }) => {
    const list = changes.get(row);
    if (list) list.push(change);
    else changes.set(row, [change]);
  };
  for (const [ranges, active] of [[first, activeFirst], [second, activeSecond]] as const) {
    for (const range of ranges) {
      note(range.rect.top, { range, active, enters: true });
      note(range.rect.bottom + 1, { range, active, enters: false });
    }
  }
  for (const row of [...changes.keys()].sort((x, y) => x - y)) {
    for (const { range, active, enters } of changes.get(row) ?? []) {
      if (enters) active.add(range);
      else active.delete(range);
    }
    if (bandRuns(activeFirst) !== bandRuns(activeSecond)) return false;
  }
  return true;
}

/** The runs of columns a band's ranges cover and their codes, adjacent runs of one code joined, as text to compare. */
function bandRuns(ranges: Iterable<FormatRange>): string {
  const runs = [...ranges].map((range) => ({ left: range.rect.left, right: range.rect.right, code: range.code })).sort((x, y) => x.left - y.left);
  const joined: typeof runs = [];
  for (const run of runs) {
    const last = joined.at(-1);
    if (last && last.code === run.code && last.right + 1 === run.left) last.right = run.right;
    else joined.push({ ...run });
  }
  return JSON.stringify(joined);
}

/** The scenario with these formats in place of any it had: none at all when there are none, so a file without formats round-trips as it was. */
function withFormats<T extends Omit<FullScenario, 'sheets'>>(scenario: T, formats: SheetFormats): T {
  const record = formatsToRecord(formats);
  const result: T = { ...scenario };
  delete result.formats;
  if (record) result.formats = record;
  return result;
}
