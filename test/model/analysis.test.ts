import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Workbook,
  compareScenarios,
  evenlySpaced,
  goalSeek,
  parseScenario,
  sweepInput,
  sweepTwoInputs,
  tornado,
  type FullScenario,
} from '../../src/model';
import { fixturePath } from '../paths';

// tiny: Revenue = Price (10) x Volume (100, 0..1000); TariffPaid = Revenue x Rate (0.25, 0..1)
const parsed = parseScenario(JSON.parse(readFileSync(fixturePath('tiny.json'), 'utf8')), 'tiny.json');
if (!parsed.ok || 'extends' in parsed.value) throw new Error('fixture invalid');
const tiny: FullScenario = parsed.value;

const open: Workbook[] = [];
const openTiny = () => {
  const workbook = Workbook.open(tiny);
  open.push(workbook);
  return workbook;
};
afterEach(() => {
  for (const workbook of open.splice(0)) workbook.destroy();
});

const snapshot = (workbook: Workbook) => ({
  scenario: workbook.toScenario(),
  values: workbook.sheetNames().map((sheet) => workbook.sheetValues(sheet)),
  canUndo: workbook.canUndo(),
});

describe('compareScenarios', () => {
  it('puts every output of every scenario beside the baseline, with absolute and relative deltas', () => {
    const base = openTiny();
    const bigger = openTiny();
    bigger.setInput('Volume', 200);
    const comparison = compareScenarios(
      [{ id: 'tiny', name: 'Tiny', outputs: base.outputs() }, { id: 'bigger', name: 'Bigger', outputs: bigger.outputs() }],
      'tiny',
    );
    expect(comparison.outputs.map((output) => output.name)).toEqual(['Revenue', 'TariffPaid']);
    expect(comparison.rows.find((row) => row.scenario === 'bigger' && row.output === 'TariffPaid')).toMatchObject({
      value: 500, baselineValue: 250, delta: 250, deltaShare: 1,
    });
    expect(comparison.rows.find((row) => row.scenario === 'tiny' && row.output === 'Revenue')).toMatchObject({ delta: 0, deltaShare: 0 });
  });

  it('shows an output one scenario lacks as missing, not zero', () => {
    const comparison = compareScenarios([
      { id: 'a', name: 'A', outputs: [{ name: 'X', label: 'X', unit: '', cell: 'S!A1', value: 4 }] },
      { id: 'b', name: 'B', outputs: [{ name: 'Y', label: 'Y', unit: '', cell: 'S!A1', value: 0 }] },
    ], 'a');
    const bX = comparison.rows.find((row) => row.scenario === 'b' && row.output === 'X');
    expect(bX).toMatchObject({ value: undefined, baselineValue: 4, delta: null, deltaShare: null });
    const bY = comparison.rows.find((row) => row.scenario === 'b' && row.output === 'Y');
    expect(bY).toMatchObject({ value: 0, baselineValue: undefined, delta: null });
  });

  it('gives no relative delta against a baseline of 0', () => {
    const comparison = compareScenarios([
      { id: 'a', name: 'A', outputs: [{ name: 'X', label: 'X', unit: '', cell: 'S!A1', value: 0 }] },
      { id: 'b', name: 'B', outputs: [{ name: 'X', label: 'X', unit: '', cell: 'S!A1', value: 3 }] },
    ], 'a');
    expect(comparison.rows[1]).toMatchObject({ delta: 3, deltaShare: null });
  });

  it("carries each scenario's format of each output, and none where it has none", () => {
    const comparison = compareScenarios([
      { id: 'a', name: 'A', outputs: [{ name: 'X', label: 'X', unit: '', cell: 'S!A1', value: 4e9 }], formats: { X: '#,##0.00,,," bn"' } },
      { id: 'b', name: 'B', outputs: [{ name: 'X', label: 'X', unit: '', cell: 'S!A1', value: 5e9 }] },
    ], 'a');
    expect(comparison.rows.map((row) => row.format)).toEqual(['#,##0.00,,," bn"', undefined]);
  });

  it('refuses a baseline that is not compared', () => {
    expect(() => compareScenarios([], 'nope')).toThrow('the baseline "nope" is not among the compared scenarios');
  });
});

describe('sweeps', () => {
  it('evenlySpaced includes both ends', () => {
    expect(evenlySpaced(0, 1000, 5)).toEqual([0, 250, 500, 750, 1000]);
    expect(evenlySpaced(0, 0.3, 4).at(-1)).toBe(0.3);
  });

  it.each([
    [0, 1, 1, 'steps must be a whole number of at least 2, got 1'],
    [1, 1, 3, 'from and to must be different numbers, got 1 and 1'],
  ])('evenlySpaced(%s, %s, %s) refuses: %s', (from, to, steps, message) => {
    expect(() => evenlySpaced(from, to, steps)).toThrow(message);
  });

  it('one input across a range gives each output at each point', () => {
    const workbook = openTiny();
    const sweep = sweepInput(workbook, 'Volume', evenlySpaced(0, 1000, 5));
    expect(sweep.outputs).toEqual(['Revenue', 'TariffPaid']);
    expect(sweep.points.map((point) => [point.inputValue, point.outputs.Revenue, point.outputs.TariffPaid])).toEqual([
      [0, 0, 0], [250, 2500, 625], [500, 5000, 1250], [750, 7500, 1875], [1000, 10000, 2500],
    ]);
  });

  it('a sweep leaves every cell, and the undo history, as it was', () => {
    const workbook = openTiny();
    workbook.setCell({ sheet: 'Inputs', row: 0, col: 1 }, 12);
    const before = snapshot(workbook);
    sweepInput(workbook, 'Rate', [0, 0.5, 1]);
    sweepTwoInputs(workbook, { input: 'Volume', values: [1, 2] }, { input: 'Rate', values: [0.1, 0.2] }, 'TariffPaid');
    tornado(workbook, 'TariffPaid');
    goalSeek(workbook, 'Volume', 'TariffPaid', 500);
    expect(snapshot(workbook)).toEqual(before);
    expect(workbook.canRedo()).toBe(false);
    workbook.undo();
    expect(workbook.cellValue({ sheet: 'Inputs', row: 0, col: 1 })).toBe(10);
  });

  it('a two-input table has the row input down and the column input across', () => {
    const table = sweepTwoInputs(openTiny(), { input: 'Volume', values: [100, 200] }, { input: 'Rate', values: [0.1, 0.5, 1] }, 'TariffPaid');
    expect(table.cells).toEqual([[100, 500, 1000], [200, 1000, 2000]]);
  });

  it.each([
    ['an unknown input', () => sweepInput(openTiny(), 'Nope', [1]), 'no input named "Nope"'],
    ['an unknown output', () => sweepInput(openTiny(), 'Volume', [1], ['Nope']), 'no output named "Nope"'],
    ['the same input twice', () => sweepTwoInputs(openTiny(), { input: 'Rate', values: [1] }, { input: 'Rate', values: [1] }, 'Revenue'), 'the row and column inputs must differ'],
  ])('refuses %s', (_name, run, message) => {
    expect(run).toThrow(message);
  });
});

describe('tornado', () => {
  it('moves each input by the share, clamped to its range, and sorts by swing', () => {
    const result = tornado(openTiny(), 'TariffPaid', 4);
    // Volume 100 +-400 -> 0..500 -> tariff 0..1250; Rate 0.25 +-1 -> 0..1 -> tariff 0..1000
    expect(result.baseOutput).toBe(250);
    expect(result.bars.map((bar) => [bar.input, bar.lowValue, bar.highValue, bar.outputAtLow, bar.outputAtHigh, bar.swing])).toEqual([
      ['Volume', 0, 500, 0, 1250, 1250],
      ['Rate', 0, 1, 0, 1000, 1000],
    ]);
  });

  it('defaults to +-20 %', () => {
    const bars = tornado(openTiny(), 'Revenue').bars;
    expect(bars[0]).toMatchObject({ input: 'Volume', lowValue: 80, highValue: 120, outputAtLow: 800, outputAtHigh: 1200, swing: 400 });
    expect(bars[1]).toMatchObject({ input: 'Rate', swing: 0 });
  });

  it('moves an input at 0 by a share of its range', () => {
    const workbook = openTiny();
    workbook.setInput('Rate', 0);
    const rate = tornado(workbook, 'TariffPaid').bars.find((bar) => bar.input === 'Rate');
    expect(rate).toMatchObject({ basis: 'range', lowValue: 0, highValue: 0.2, outputAtHigh: 200 });
  });
});

describe('goal seek', () => {
  it('finds the input that brings the output to the target', () => {
    const result = goalSeek(openTiny(), 'Volume', 'TariffPaid', 500);
    expect(result.found).toBe(true);
    expect(result.inputValue).toBeCloseTo(200, 9);
    expect(result.outputValue).toBeCloseTo(500, 9);
  });

  it('finds a root of a non-linear output to the stated tolerance', () => {
    const workbook = openTiny();
    workbook.setCell({ sheet: 'Result sheet', row: 1, col: 1 }, '=B1*Rate*Rate');
    const result = goalSeek(workbook, 'Rate', 'TariffPaid', 123, { tolerance: 1e-6 });
    expect(result.found).toBe(true);
    expect(Math.abs((result.outputValue ?? 0) - 123)).toBeLessThanOrEqual(1e-6);
    expect(result.inputValue).toBeCloseTo(Math.sqrt(0.123), 8);
  });

  it('says so when no value in range reaches the target, and reports the closest', () => {
    const result = goalSeek(openTiny(), 'Rate', 'TariffPaid', 5000);
    expect(result).toMatchObject({ found: false, inputValue: 1, outputValue: 1000 });
    expect(result.message).toBe('no value of Rate between 0 and 1 brings TariffPaid to 5000; the closest is 1000 at Rate = 1');
  });
});
