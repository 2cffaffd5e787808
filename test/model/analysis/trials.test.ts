/** Every analysis gives the same answers through the compiled plan as through HyperFormula, and says when and why it could not use the plan. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  Workbook,
  evenlySpaced,
  goalSeek,
  isCellError,
  sweepInput,
  sweepTwoInputs,
  tornado,
  type CellValue,
  type FullScenario,
} from '../../../src/model';
import { loadScenario, readPresets } from '../../../src/cli/scenarioFiles';

const { presets } = readPresets();
const presetIds = presets.map((preset) => preset.scenario.id);
const scenarioOf = (id: string): FullScenario => {
  const loaded = loadScenario(id, presets);
  if (!loaded.ok) throw new Error(`${id} does not load`);
  return loaded.value.scenario;
};

const open: Workbook[] = [];
const openWorkbook = (scenario: FullScenario) => {
  const workbook = Workbook.open(scenario);
  open.push(workbook);
  return workbook;
};
afterEach(() => {
  for (const workbook of open.splice(0)) workbook.destroy();
});

/** The same value: numbers to 1e-12 relative, errors by kind (the plan does not carry HyperFormula's message), the rest exactly. */
function same(a: CellValue, b: CellValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  if (isCellError(a) || isCellError(b)) return isCellError(a) && isCellError(b) && a.error === b.error;
  return a === b;
}
const sameAll = (a: readonly CellValue[], b: readonly CellValue[]) => a.length === b.length && a.every((value, i) => same(value, b[i] ?? null));

describe.each(presetIds)('preset %s', (id) => {
  const scenario = scenarioOf(id);
  const numericInputs = Object.entries(scenario.inputs).filter(([, input]) => input.min !== undefined && input.max !== undefined);

  it('sweeps each input, inside and beyond its range, to the same outputs by both paths', () => {
    const workbook = openWorkbook(scenario);
    for (const [name, input] of numericInputs) {
      const span = (input.max ?? 1) - (input.min ?? 0);
      const values = [...evenlySpaced((input.min ?? 0) - span, (input.max ?? 1) + span, 9), 0];
      const fast = sweepInput(workbook, name, values);
      const slow = sweepInput(workbook, name, values, undefined, { engine: 'hyperformula' });
      expect(fast.evaluation).toEqual({ engine: 'plan' });
      for (const output of fast.outputs) {
        const column = (sweep: typeof fast) => sweep.points.map((point) => point.outputs[output] ?? null);
        expect(sameAll(column(fast), column(slow)), `${name} -> ${output}`).toBe(true);
      }
    }
  });

  it('gives the same two-input table, tornado and goal seek by both paths', () => {
    const workbook = openWorkbook(scenario);
    const [first, second] = numericInputs;
    const output = Object.keys(scenario.outputs)[0] ?? '';
    if (!first || !second) throw new Error(`${id} has fewer than two inputs with a range`);
    const rows = { input: first[0], values: evenlySpaced(first[1].min ?? 0, first[1].max ?? 1, 4) };
    const columns = { input: second[0], values: evenlySpaced(second[1].min ?? 0, second[1].max ?? 1, 3) };
    const fastTable = sweepTwoInputs(workbook, rows, columns, output);
    const slowTable = sweepTwoInputs(workbook, rows, columns, output, { engine: 'hyperformula' });
    expect(fastTable.cells.every((row, i) => sameAll(row, slowTable.cells[i] ?? []))).toBe(true);

    for (const outputName of Object.keys(scenario.outputs)) {
      const fast = tornado(workbook, outputName);
      const slow = tornado(workbook, outputName, 0.2, { engine: 'hyperformula' });
      expect(fast.bars.map((bar) => bar.input)).toEqual(slow.bars.map((bar) => bar.input));
      expect(fast.bars.every((bar, i) => same(bar.outputAtLow, slow.bars[i]?.outputAtLow ?? null) && same(bar.outputAtHigh, slow.bars[i]?.outputAtHigh ?? null))).toBe(true);
    }

    const base = workbook.outputs().find((candidate) => candidate.name === output)?.value;
    const target = typeof base === 'number' ? base * 1.1 + 1 : 1;
    const fastSeek = goalSeek(workbook, first[0], output, target);
    const slowSeek = goalSeek(workbook, first[0], output, target, { engine: 'hyperformula' });
    expect({ ...fastSeek, evaluation: undefined, message: undefined }).toEqual({ ...slowSeek, evaluation: undefined, message: undefined });
    expect(fastSeek.evaluation.engine).toBe('plan');
  });

  it('leaves the workbook as it was', () => {
    const workbook = openWorkbook(scenario);
    const before = workbook.sheetNames().map((sheet) => workbook.sheetValues(sheet));
    const [name] = numericInputs[0] ?? [''];
    sweepInput(workbook, name, [0, 1, 2]);
    expect(workbook.sheetNames().map((sheet) => workbook.sheetValues(sheet))).toEqual(before);
  });
});

describe('a slice the plan cannot express', () => {
  const withLookup: FullScenario = {
    type: 'tradesheet-scenario', version: 1, id: 'lookup', name: 'Lookup', description: '',
    sheets: {
      Inputs: [['Rate', 0.25], ['Table', 1], ['', 2]],
      Out: [['Tariff', '=VLOOKUP(1,Inputs!B2:B3,1)*Rate']],
    },
    inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '%', source: { assumption: 'a test value' }, min: 0, max: 1 } },
    outputs: { Tariff: { cell: 'Out!B1', label: 'Tariff', unit: 'USD' } },
  };

  it('goes through HyperFormula, with the same answers, and names the cell and why', () => {
    const workbook = openWorkbook(withLookup);
    const sweep = sweepInput(workbook, 'Rate', [0, 0.5, 1]);
    expect(sweep.evaluation).toMatchObject({ engine: 'hyperformula', cell: 'Out!B1' });
    expect(sweep.evaluation.engine === 'hyperformula' && sweep.evaluation.note).toMatch(/^Computed point by point through HyperFormula: Out!B1: .*VLOOKUP/);
    expect(sweep.points.map((point) => point.outputs.Tariff)).toEqual([0, 0.5, 1]);
  });
});
