/**
 * What-if analysis on one open workbook: data tables over one or two inputs, a tornado of each input's
 * swing, and goal seek. Every point is a trial (trials.ts): a batch through the compiled plan where the
 * slice compiles, else one HyperFormula trial at a time; never a rebuild, and the workbook is left as it was.
 */
import type { CellValue, InputValue } from '../values';
import { WorkbookError, type Workbook } from '../workbook';
import { basePoints, trialsOf, type EvaluationPath, type TrialOptions } from './trials';

export interface SweepPoint {
  inputValue: number;
  outputs: Record<string, CellValue>;
}
export interface Sweep {
  input: string;
  outputs: string[];
  points: SweepPoint[];
  evaluation: EvaluationPath;
}
export interface TwoInputTable {
  rowInput: string;
  rowValues: number[];
  columnInput: string;
  columnValues: number[];
  output: string;
  /** cells[i][j]: the output with the row input at rowValues[i] and the column input at columnValues[j]. */
  cells: CellValue[][];
  evaluation: EvaluationPath;
}
export interface TornadoBar {
  input: string;
  label: string;
  unit: string;
  baseValue: number;
  lowValue: number;
  highValue: number;
  outputAtLow: CellValue;
  outputAtHigh: CellValue;
  /** |outputAtHigh - outputAtLow|, or 0 when either is not a number. */
  swing: number;
  /** How the move was sized: a share of the value, or (for an input at 0) a share of its min-max range. */
  basis: 'value' | 'range';
}
export interface Tornado {
  output: string;
  baseOutput: CellValue;
  share: number;
  bars: TornadoBar[];
  evaluation: EvaluationPath;
}
export interface GoalSeekResult {
  found: boolean;
  input: string;
  output: string;
  target: number;
  /** The input value reached: the solution when found, else the one whose output came closest. */
  inputValue: number;
  outputValue: number | null;
  iterations: number;
  message: string;
  evaluation: EvaluationPath;
}

/** `steps` evenly spaced values from `from` to `to`, both included. */
export function evenlySpaced(from: number, to: number, steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 2) throw new WorkbookError(`steps must be a whole number of at least 2, got ${steps}`);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === to) throw new WorkbookError(`from and to must be different numbers, got ${from} and ${to}`);
  return Array.from({ length: steps }, (_, index) => (index === steps - 1 ? to : from + ((to - from) * index) / (steps - 1)));
}

function inputNamed(workbook: Workbook, name: string): InputValue {
  const input = workbook.inputs().find((candidate) => candidate.name === name);
  if (!input) throw new WorkbookError(`no input named "${name}"`);
  return input;
}

function outputNames(workbook: Workbook, requested: readonly string[] | undefined): string[] {
  const all = workbook.outputs().map((output) => output.name);
  const unknown = (requested ?? []).filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new WorkbookError(`no output named "${unknown[0]}"`);
  return requested && requested.length > 0 ? [...requested] : all;
}

/** One input across the given values -> the chosen outputs (all of them when none are chosen). */
export function sweepInput(workbook: Workbook, input: string, values: readonly number[], outputs?: readonly string[], options?: TrialOptions): Sweep {
  inputNamed(workbook, input);
  const names = outputNames(workbook, outputs);
  const trials = trialsOf(workbook, [input], names, options);
  const results = trials.run({ [input]: Float64Array.from(values) }, values.length);
  const points = values.map((inputValue, i) => ({ inputValue, outputs: Object.fromEntries(names.map((name) => [name, results[name]?.[i] ?? null])) }));
  return { input, outputs: names, points, evaluation: trials.path };
}

/** Two inputs, one on rows and one on columns -> one output in the cells (Excel's two-variable data table). */
export function sweepTwoInputs(
  workbook: Workbook,
  rows: { input: string; values: readonly number[] },
  columns: { input: string; values: readonly number[] },
  output: string,
  options?: TrialOptions,
): TwoInputTable {
  inputNamed(workbook, rows.input);
  inputNamed(workbook, columns.input);
  if (rows.input === columns.input) throw new WorkbookError('the row and column inputs must differ');
  const [name = output] = outputNames(workbook, [output]);
  const width = columns.values.length;
  const count = rows.values.length * width;
  const rowColumn = new Float64Array(count);
  const columnColumn = new Float64Array(count);
  rows.values.forEach((rowValue, i) => {
    rowColumn.fill(rowValue, i * width, (i + 1) * width);
    columnColumn.set(columns.values, i * width);
  });
  const trials = trialsOf(workbook, [rows.input, columns.input], [name], options);
  const results = trials.run({ [rows.input]: rowColumn, [columns.input]: columnColumn }, count)[name] ?? [];
  const cells = rows.values.map((_, i) => results.slice(i * width, (i + 1) * width));
  return { rowInput: rows.input, rowValues: [...rows.values], columnInput: columns.input, columnValues: [...columns.values], output: name, cells, evaluation: trials.path };
}

const clamp = (value: number, input: InputValue) => Math.min(input.max ?? Infinity, Math.max(input.min ?? -Infinity, value));

/** Each numeric input moved down and up by `share` (clamped to its min/max) -> the swing of one output, largest first. */
export function tornado(workbook: Workbook, output: string, share = 0.2, options?: TrialOptions): Tornado {
  outputNames(workbook, [output]);
  if (!(share > 0)) throw new WorkbookError(`the share must be positive, got ${share}`);
  const baseOutput = workbook.outputs().find((candidate) => candidate.name === output)?.value ?? null;
  const moved = workbook.inputs().flatMap((input) => {
    if (typeof input.value !== 'number') return [];
    const base = input.value;
    const byRange = base === 0 && input.min !== undefined && input.max !== undefined;
    const step = byRange ? share * ((input.max ?? 0) - (input.min ?? 0)) : share * Math.abs(base);
    return [{ input, base, byRange, lowValue: clamp(base - step, input), highValue: clamp(base + step, input) }];
  });
  // Point 2k moves input k down, point 2k + 1 moves it up; every other input stays at its value.
  const points = basePoints(Object.fromEntries(moved.map(({ input, base }) => [input.name, base])), 2 * moved.length);
  moved.forEach(({ input, lowValue, highValue }, k) => {
    const column = points[input.name];
    if (!column) return;
    column[2 * k] = lowValue;
    column[2 * k + 1] = highValue;
  });
  const trials = trialsOf(workbook, moved.map(({ input }) => input.name), [output], options);
  const results = trials.run(points, 2 * moved.length)[output] ?? [];
  const bars: TornadoBar[] = moved.map(({ input, base, byRange, lowValue, highValue }, k) => {
    const outputAtLow = results[2 * k] ?? null;
    const outputAtHigh = results[2 * k + 1] ?? null;
    const swing = typeof outputAtLow === 'number' && typeof outputAtHigh === 'number' ? Math.abs(outputAtHigh - outputAtLow) : 0;
    return { input: input.name, label: input.label, unit: input.unit, baseValue: base, lowValue, highValue, outputAtLow, outputAtHigh, swing, basis: byRange ? 'range' : 'value' };
  });
  bars.sort((a, b) => b.swing - a.swing);
  return { output, baseOutput, share, bars, evaluation: trials.path };
}

export interface GoalSeekOptions {
  /** Search range; defaults to the input's min and max. */
  lower?: number;
  upper?: number;
  /** Absolute tolerance on the output; defaults to 1e-9 of the target's size (at least 1e-9). */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * The input value that brings the output to the target, within the input's range: scan the range for
 * a sign change, then bisect with a secant guess (regula falsi, Illinois variant) until the output is
 * within tolerance. With no sign change there is no solution in range: the closest point is reported.
 */
export function goalSeek(workbook: Workbook, input: string, output: string, target: number, options: GoalSeekOptions & TrialOptions = {}): GoalSeekResult {
  const definition = inputNamed(workbook, input);
  outputNames(workbook, [output]);
  const lower = options.lower ?? definition.min;
  const upper = options.upper ?? definition.max;
  if (lower === undefined || upper === undefined || !(lower < upper)) {
    throw new WorkbookError(`goal seek needs a range for "${input}": give it min and max, or pass lower and upper`);
  }
  const tolerance = options.tolerance ?? 1e-9 * Math.max(1, Math.abs(target));
  const maxIterations = options.maxIterations ?? 100;
  let iterations = 0;
  const trials = trialsOf(workbook, [input], [output], options);
  /** The output's distance from the target at each x, one batch; NaN where the output is not a finite number. */
  const gaps = (xs: readonly number[]): number[] => {
    iterations += xs.length;
    const values = trials.run({ [input]: Float64Array.from(xs) }, xs.length)[output] ?? [];
    return xs.map((_, i) => {
      const value = values[i];
      return typeof value === 'number' && Number.isFinite(value) ? value - target : Number.NaN;
    });
  };
  const gap = (x: number): number => gaps([x])[0] ?? Number.NaN;
  const result = (found: boolean, x: number, g: number, message: string): GoalSeekResult => ({
    found, input, output, target, inputValue: x, outputValue: Number.isNaN(g) ? null : g + target, iterations, message, evaluation: trials.path,
  });

  const scanSteps = 16;
  const scanned = evenlySpaced(lower, upper, scanSteps + 1);
  const scanGaps = gaps(scanned);
  const scan = scanned.map((x, i) => ({ x, g: scanGaps[i] ?? Number.NaN }));
  const exact = scan.find((point) => Math.abs(point.g) <= tolerance);
  if (exact) return result(true, exact.x, exact.g, `${output} reaches ${target} at ${input} = ${exact.x}`);
  const bracketAt = scan.findIndex((point, index) => {
    const next = scan[index + 1];
    return next !== undefined && Math.sign(point.g) * Math.sign(next.g) < 0;
  });
  if (bracketAt < 0) {
    const closest = scan.filter((point) => !Number.isNaN(point.g)).sort((a, b) => Math.abs(a.g) - Math.abs(b.g))[0];
    if (!closest) return result(false, lower, Number.NaN, `${output} is not a number anywhere in ${lower} to ${upper}`);
    return result(false, closest.x, closest.g, `no value of ${input} between ${lower} and ${upper} brings ${output} to ${target}; the closest is ${closest.g + target} at ${input} = ${closest.x}`);
  }
  const [first, second] = [scan[bracketAt], scan[bracketAt + 1]];
  if (!first || !second) throw new WorkbookError('goal seek lost its bracket');
  let a: { x: number; g: number } = first;
  let b: { x: number; g: number } = second;
  let side = 0;
  while (iterations < maxIterations + scan.length) {
    const x = (a.x * b.g - b.x * a.g) / (b.g - a.g);
    const g = gap(x);
    if (Number.isNaN(g)) break;
    if (Math.abs(g) <= tolerance || Math.abs(b.x - a.x) <= Number.EPSILON * Math.max(1, Math.abs(x))) {
      return result(true, x, g, `${output} reaches ${target} at ${input} = ${x}`);
    }
    if (Math.sign(g) === Math.sign(a.g)) {
      a = { x, g };
      if (side === -1) b = { x: b.x, g: b.g / 2 };
      side = -1;
    } else {
      b = { x, g };
      if (side === 1) a = { x: a.x, g: a.g / 2 };
      side = 1;
    }
  }
  const best = Math.abs(a.g) < Math.abs(b.g) ? a : b;
  return result(false, best.x, best.g, `stopped after ${iterations} evaluations without reaching the tolerance; the closest is ${best.g + target} at ${input} = ${best.x}`);
}
