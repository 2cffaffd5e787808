/** What the plan's tests share: HyperFormula's value beside the plan's for the same cell and point, and the comparison. */
import { expect } from 'vitest';
import { compilePlan, evaluatePlanCells, pointValue, type Plan, type PointValue } from '../../../src/model/analysis/plan';
import { Workbook, parseCellAddress, type CellContent, type CellValue, type FullScenario } from '../../../src/model';

/** Numbers agree to this relative difference (and 0 only with 0); everything else exactly. */
const RELATIVE = 1e-12;

export function agrees(expected: CellValue, actual: PointValue): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (expected === 0 || actual === 0) return expected === actual;
    return expected === actual || Math.abs(expected - actual) <= RELATIVE * Math.max(Math.abs(expected), Math.abs(actual));
  }
  if (typeof expected === 'object' && expected !== null) return typeof actual === 'object' && actual.error === expected.error;
  return expected === actual;
}

export const show = (value: CellValue | PointValue): string => (typeof value === 'object' && value !== null ? value.error : JSON.stringify(value));

export function planOrThrow(scenario: FullScenario, inputs: readonly string[], outputs: readonly string[]): Plan {
  const plan = compilePlan(scenario, inputs, outputs);
  if (!plan.ok) throw new Error(`refused at ${plan.cell}: ${plan.reason}`);
  return plan;
}

/**
 * Evaluates every point in one batch, then sets the workbook to each point in turn (those `checked`, or
 * all) and compares every cell of the plan with HyperFormula's value there. Returns the disagreements, described.
 */
export function disagreements(workbook: Workbook, plan: Plan, points: readonly Readonly<Record<string, number>>[], checked: (index: number) => boolean = () => true): string[] {
  const batch = Object.fromEntries(plan.inputs.map((name) => [name, Float64Array.from(points, (point) => point[name] ?? 0)]));
  const { columns } = evaluatePlanCells(plan, batch);
  const found: string[] = [];
  points.forEach((point, i) => {
    if (!checked(i)) return;
    workbook.setInputs(point);
    for (const cell of plan.cells) {
      const address = parseCellAddress(cell);
      const column = columns[cell];
      if (!address || !column) throw new Error(`the plan gave no column for ${cell}`);
      const expected = workbook.cellValue(address);
      const actual = pointValue(column, i);
      if (!agrees(expected, actual)) found.push(`${cell} at ${JSON.stringify(point)}: HyperFormula ${show(expected)}, plan ${show(actual)}`);
    }
  });
  return found;
}

/**
 * A one-sheet scenario for one formula: S!A1 is input x, S!B1 input y; the row below holds the cells
 * formulas may read (text "abc", TRUE, an empty cell, text "3", 5, text "TRUE", FALSE); the formula sits
 * in S!A4, the output `result`. Sheet Other!A1 holds 7 for references across sheets. Sheet Data holds
 * long ranges for aggregates: in column A numbers whose sum depends on the order it is taken in, with
 * =x*3 in A6 and =1/x in A9; in column B booleans with =x>0 in B4.
 */
export function tinyScenario(formula: CellContent, x = 1, y = 2): FullScenario {
  const source = { assumption: 'a test value' };
  return {
    type: 'tradesheet-scenario',
    version: 1,
    id: 'tiny',
    name: 'tiny',
    description: '',
    sheets: {
      S: [
        [x, y, null, null, null, null, null],
        ['abc', true, null, '3', 5, 'TRUE', false],
        [null, null, null, null, null, null, null],
        [formula, null, null, null, null, null, null],
      ],
      Other: [[7]],
      Data: [
        [0.1, true], [1e16, true], [0.2, 1], [-1e16, '=S!A1>0'], [0.3, true], ['=S!A1*3', false], [1e-3, true], ['x', 'TRUE'],
        ['=1/S!A1', true], [7, null], [-2.5, true], [1e16, true], [0.7, 'no'],
      ],
    },
    inputs: { x: { cell: 'S!A1', label: 'x', unit: '', source }, y: { cell: 'S!B1', label: 'y', unit: '', source } },
    outputs: { result: { cell: 'S!A4', label: 'result', unit: '' } },
  };
}

/** The points every formula is tried at: signs, zeros, halves, and values that overflow. */
export const TRY_POINTS: readonly Readonly<Record<string, number>>[] = [
  { x: 1, y: 2 }, { x: 0, y: 0 }, { x: -1.5, y: 2.5 }, { x: 2.5, y: -1 }, { x: 0, y: 3 }, { x: -4, y: 0 },
  { x: 1e308, y: 10 }, { x: 0.125, y: -0.5 }, { x: -2.675, y: 2 }, { x: 7, y: -3 }, { x: 1, y: 1 },
];

/** The formula's plan (inputs x and y) against HyperFormula at every TRY_POINTS point. */
export function expectAgreement(formula: string): void {
  const scenario = tinyScenario(formula);
  const plan = planOrThrow(scenario, ['x', 'y'], ['result']);
  const workbook = Workbook.open(scenario);
  try {
    expect(disagreements(workbook, plan, TRY_POINTS)).toEqual([]);
  } finally {
    workbook.destroy();
  }
}
