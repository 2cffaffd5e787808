import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import { Workbook, type CellContent, type FullScenario } from '../src/model';

const { presets } = readPresets();
const resolvedPresets: FullScenario[] = presets.map(({ scenario }) => {
  const resolved = loadScenario(scenario.id, presets);
  if (!resolved.ok) throw new Error(`preset ${scenario.id} does not resolve`);
  return resolved.value.scenario;
});
const presetById = (id: string): FullScenario => {
  const scenario = resolvedPresets.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`no preset ${id}`);
  return scenario;
};

const sheetOf = (rows: CellContent[][], extra: Partial<FullScenario> = {}): FullScenario => ({
  type: 'tradesheet-scenario', version: 1, id: 'test', name: 'Test', description: '',
  sheets: { Sheet1: rows }, inputs: {}, outputs: {}, ...extra,
});

const open: Workbook[] = [];
const openWorkbook = (scenario: FullScenario) => {
  const workbook = Workbook.open(scenario);
  open.push(workbook);
  return workbook;
};
afterEach(() => {
  for (const workbook of open.splice(0)) workbook.destroy();
});

/** Everything a command reads from a workbook: each sheet's values, the outputs, the scenario as a file. */
function observed(workbook: Workbook) {
  return {
    values: Object.fromEntries(workbook.sheetNames().map((sheet) => [sheet, workbook.sheetValues(sheet)])),
    outputs: workbook.outputs(),
    inputs: workbook.inputs(),
    scenario: workbook.toScenario(),
    id: workbook.id,
    canUndo: workbook.canUndo(),
    canRedo: workbook.canRedo(),
  };
}

describe('a workbook switched to another scenario of the same shape is the one a build would give', () => {
  it('the presets differ from one another only in input cells, so each is reached from the one before', () => {
    expect(resolvedPresets.length).toBeGreaterThan(2);
    // Forward through the presets, then back to the first: every step goes both ways between some pair.
    const order = [...resolvedPresets, ...[...resolvedPresets].reverse().slice(1)];
    const held = openWorkbook(order[0] as FullScenario);
    for (const scenario of order.slice(1)) {
      expect(held.switchTo(scenario), scenario.id).toBe(true);
      expect(observed(held), scenario.id).toEqual(observed(openWorkbook(scenario)));
    }
  });

  it('reads what the workbook holds now, so a switch after edits undoes them, and clears the undo history', () => {
    const baseline = presetById('baseline');
    const held = openWorkbook(baseline);
    const [input] = held.inputs();
    if (!input) throw new Error('the baseline has no inputs');
    held.setInput(input.name, 123_456);
    held.setCell({ sheet: held.sheetNames()[0] ?? '', row: 0, col: 0 }, 'typed over');
    expect(held.canUndo()).toBe(true);
    expect(held.switchTo(baseline)).toBe(true);
    expect(observed(held)).toEqual(observed(openWorkbook(baseline)));
  });

  const spilled = sheetOf([['={1,2,3}', null, null], [1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  const blocked = sheetOf([['={1,2,3}', 5, null], [1, 2, 3], [4, 5, 6], [7, 8, 9]]);

  it('a value written where an array spills gives #SPILL!, as in a build', () => {
    const held = openWorkbook(spilled);
    expect(held.switchTo(blocked)).toBe(true);
    expect(held.sheetValues('Sheet1')[0]?.[0]).toMatchObject({ error: '#SPILL!' });
    expect(observed(held)).toEqual(observed(openWorkbook(blocked)));
  });

  it('emptying the cell that blocks an array is refused: HyperFormula would keep the #SPILL! a build does not have', () => {
    const held = openWorkbook(blocked);
    expect(held.switchTo(spilled)).toBe(false);
    expect(held.sheetValues('Sheet1')[0]?.[1]).toBe(5);
    expect(openWorkbook(spilled).sheetValues('Sheet1')[0]).toEqual([1, 2, 3]);
  });
});

describe('a scenario of another shape is refused, and the workbook left as it was', () => {
  const grid = (rows: number, cols: number, at: (row: number, col: number) => CellContent): CellContent[][] =>
    Array.from({ length: rows }, (_, row) => Array.from({ length: cols }, (_, col) => at(row, col)));
  const numbers = grid(10, 10, (row, col) => row * 10 + col);
  const base = sheetOf(numbers, {
    inputs: { Rate: { cell: 'Sheet1!A1', label: 'Rate', unit: '%', source: { assumption: 'a test figure' }, min: 0, max: 100 } },
    outputs: { Total: { cell: 'Sheet1!B1', label: 'Total', unit: 'USD' } },
  });
  const changeOf = (change: Partial<FullScenario>): FullScenario => ({ ...base, ...change });

  it.each<[string, FullScenario]>([
    ['a row more', changeOf({ sheets: { Sheet1: [...numbers, numbers[0] ?? []] } })],
    ['a column fewer', changeOf({ sheets: { Sheet1: numbers.map((row) => row.slice(1)) } })],
    ['a sheet renamed', changeOf({ sheets: { Other: numbers } })],
    ['a sheet more', changeOf({ sheets: { Sheet1: numbers, Sheet2: [[1]] } })],
    ['an output on another cell', changeOf({ outputs: { Total: { cell: 'Sheet1!C1', label: 'Total', unit: 'USD' } } })],
    ['an input labelled otherwise', changeOf({ inputs: { Rate: { cell: 'Sheet1!A1', label: 'Tariff rate', unit: '%', source: { assumption: 'a test figure' }, min: 0, max: 100 } } })],
    ['an output more', changeOf({ outputs: { Total: { cell: 'Sheet1!B1', label: 'Total', unit: 'USD' }, Other: { cell: 'Sheet1!C1', label: 'Other', unit: 'USD' } } })],
    ['11 of 100 cells changed', changeOf({ sheets: { Sheet1: grid(10, 10, (row, col) => (row * 10 + col <= 10 ? -1 : row * 10 + col)) } })],
  ])('%s', (_name, other) => {
    const held = openWorkbook(base);
    const before = observed(held);
    expect(held.switchTo(other)).toBe(false);
    expect(observed(held)).toEqual(before);
  });

  it('10 of 100 cells changed is still a switch', () => {
    const other = changeOf({ id: 'other', sheets: { Sheet1: grid(10, 10, (row, col) => (row * 10 + col < 10 ? -1 : row * 10 + col)) } });
    const held = openWorkbook(base);
    expect(held.switchTo(other)).toBe(true);
    expect(observed(held)).toEqual(observed(openWorkbook(other)));
  });
});
