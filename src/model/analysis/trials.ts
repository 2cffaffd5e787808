/**
 * Many points of a workbook's inputs answered at once: through a compiled plan where the slice between the
 * inputs and the outputs compiles, else through HyperFormula trials on the open workbook, saying which cell
 * sent it there and why. Both give the same values; the plan gives them a batch at a time.
 */
import type { CellValue } from '../values';
import type { Workbook } from '../workbook';
import { compilePlan, evaluatePlan, pointValue, type Plan } from './plan';

/**
 * How an analysis was computed: by the compiled plan, or by HyperFormula because a cell was outside the
 * plan's reach; `note` is the sentence a person reads about it, in the page and on the CLI's stderr.
 */
export type EvaluationPath = { engine: 'plan' } | { engine: 'hyperformula'; cell: string; reason: string; note: string };

export interface TrialOptions {
  /** 'hyperformula' skips the plan: for checks that both paths agree. */
  engine?: 'auto' | 'hyperformula';
}

/** Points as per-input columns of equal length: point i sets each named input to its column's value at i. */
export type Points = Readonly<Record<string, Float64Array>>;

export interface Trials {
  readonly path: EvaluationPath;
  /** Each output's value at each of `count` points; the workbook is left as it was. */
  run(points: Points, count: number): Record<string, CellValue[]>;
  /** The same as numbers only, NaN where a point is an error or not a finite number: no value boxed per point (Monte Carlo). */
  numbers(points: Points, count: number): Record<string, Float64Array>;
}

/** A point's value as a number column holds it. */
const numberOf = (value: CellValue | undefined): number => (typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN);

function throughHyperFormula(cell: string, reason: string): EvaluationPath {
  const where = cell === '' ? '' : `${cell}: `;
  return { engine: 'hyperformula', cell, reason, note: `Computed point by point through HyperFormula: ${where}${reason}.` };
}

function fromPlan(plan: Plan, outputs: readonly string[]): Trials {
  const evaluate = (points: Points, count: number) =>
    evaluatePlan(plan, Object.fromEntries(Object.entries(points).map(([name, values]) => [name, values.subarray(0, count)]))).columns;
  return {
    path: { engine: 'plan' },
    numbers(points, count) {
      const columns = evaluate(points, count);
      return Object.fromEntries(
        outputs.map((name) => {
          const column = columns[name];
          const values = new Float64Array(count).fill(Number.NaN);
          // Only a number column holds numbers; booleans and text are not numbers here, as in the HyperFormula path.
          if (column?.type === 'number') {
            values.set(column.values.subarray(0, count));
            const errors = column.errors;
            if (errors) for (let i = 0; i < count; i += 1) if (errors[i] !== 0) values[i] = Number.NaN;
          }
          return [name, values];
        }),
      );
    },
    run(points, count) {
      const columns = evaluate(points, count);
      return Object.fromEntries(
        outputs.map((name) => {
          const column = columns[name];
          const values: CellValue[] = [];
          for (let i = 0; i < count; i += 1) {
            const value = column ? pointValue(column, i) : null;
            values.push(typeof value === 'object' && value !== null ? { error: value.error, message: '' } : value);
          }
          return [name, values];
        }),
      );
    },
  };
}

function fromWorkbook(workbook: Workbook, outputs: readonly string[], path: EvaluationPath): Trials {
  const trials: Trials = {
    path,
    numbers(points, count) {
      const values = trials.run(points, count);
      return Object.fromEntries(outputs.map((name) => [name, Float64Array.from(values[name] ?? [], numberOf)]));
    },
    run(points, count) {
      const results: Record<string, CellValue[]> = Object.fromEntries(outputs.map((name) => [name, []]));
      const names = Object.keys(points);
      for (let i = 0; i < count; i += 1) {
        const values = workbook.tryInputs(Object.fromEntries(names.map((name) => [name, points[name]?.[i] ?? Number.NaN])), outputs);
        for (const name of outputs) results[name]?.push(values[name] ?? null);
      }
      return results;
    },
  };
  return trials;
}

/** Trials of `inputs` -> `outputs` on the workbook as it stands now (its edits included). */
export function trialsOf(workbook: Workbook, inputs: readonly string[], outputs: readonly string[], options: TrialOptions = {}): Trials {
  if (options.engine === 'hyperformula') return fromWorkbook(workbook, outputs, throughHyperFormula('', 'asked for HyperFormula'));
  const plan = compilePlan(workbook.toScenario(), inputs, outputs);
  return plan.ok ? fromPlan(plan, outputs) : fromWorkbook(workbook, outputs, throughHyperFormula(plan.cell, plan.reason));
}

/** `count` points with every input at its value in `base`, as columns ready to be varied. */
export function basePoints(base: Readonly<Record<string, number>>, count: number): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(base).map(([name, value]) => [name, new Float64Array(count).fill(value)]));
}
