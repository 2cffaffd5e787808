/**
 * Every cell of every preset and of the functions fixture recomputed by a second, independent engine:
 * IronCalc (Rust, compiled to WebAssembly), fed the scenario's cells with formulas translated as the
 * Excel export translates them (toExcelFormula) and inputs and outputs defined as its names. Each cell
 * must equal tradesheet's value: numbers within a relative 1e-9, text, booleans and errors exactly.
 * It needs no program outside node_modules, so unlike the Gnumeric check it runs everywhere.
 *
 * Where the engines differ by design, the last block pins the difference down (see BY_DESIGN).
 */
import { describe, expect, it } from 'vitest';
import type { CellValue, FullScenario } from '../../src/model';
import { sourcesSheetName } from '../../src/io/xlsx';
import { openInIronCalc, readSheet } from '../ironcalc';
import {
  compareSheet,
  computeWithTradesheet,
  describePinnedDifferences,
  readCheckedPresets,
  readFixture,
  type PinnedDifference,
} from '../engineAgreement';

const ENGINE = 'IronCalc';

/**
 * Builds the workbook in IronCalc from the scenario's cells and names, as the export writes them, and
 * evaluates it. Gives each sheet's values in the scenario's order, then one more sheet's, named as the
 * export names its Sources sheet: =Name in column A for each input and output (inputs first), so the
 * check also shows that every defined name resolves.
 */
function recalculateWithIronCalc(scenario: FullScenario, values: Readonly<Record<string, readonly (readonly CellValue[])[]>>): CellValue[][][] {
  const sheetNames = Object.keys(scenario.sheets);
  const definitions = [...Object.keys(scenario.inputs), ...Object.keys(scenario.outputs)];
  const model = openInIronCalc(scenario, values, [sourcesSheetName(sheetNames)]);
  try {
    definitions.forEach((name, index) => model.setUserInput(sheetNames.length, index + 1, 1, `=${name}`));
    model.evaluate();
    return [
      ...sheetNames.map((name, sheet) => {
        const grid = values[name] ?? [];
        return readSheet(model, sheet, grid.length, Math.max(0, ...grid.map((row) => row.length)));
      }),
      readSheet(model, sheetNames.length, definitions.length, 1),
    ];
  } finally {
    model.free();
  }
}

/** Every cell on which the two engines disagree, and how many cells were compared. */
function checkWithIronCalc(scenario: FullScenario): { compared: number; differences: string[] } {
  const computed = computeWithTradesheet(scenario);
  const sheetNames = Object.keys(scenario.sheets);
  const ironcalc = recalculateWithIronCalc(scenario, computed.values);
  const named = [...computed.inputs, ...computed.outputs];
  const comparisons = [
    ...sheetNames.map((name, index) => compareSheet(ENGINE, name, computed.values[name] ?? [], ironcalc[index] ?? [], computed.contents[name])),
    compareSheet(
      ENGINE,
      sourcesSheetName(sheetNames),
      named.map(({ value }) => [value]),
      ironcalc[sheetNames.length] ?? [],
      named.map(({ name }) => [`=${name}`]),
    ),
  ];
  return {
    compared: comparisons.reduce((sum, comparison) => sum + comparison.compared, 0),
    differences: comparisons.flatMap((comparison) => comparison.differences),
  };
}

const presets = readCheckedPresets();

describe('IronCalc computes what tradesheet computes', () => {
  it('has presets to check, every one readable', () => {
    expect(presets.issues).toEqual([]);
    expect(presets.ids.length).toBeGreaterThan(0);
  });

  it('on every cell of the functions fixture but those pinned below', () => {
    const result = checkWithIronCalc(readFixture('functions.json'));
    expect(result.differences).toEqual(FIXTURE_BY_DESIGN);
    expect(result.compared).toBeGreaterThan(0);
  });

  it.each(presets.ids)('on every cell of preset %s', (id) => {
    const result = checkWithIronCalc(presets.scenario(id));
    expect(result.differences).toEqual([]);
    expect(result.compared).toBeGreaterThan(0);
  });
});

/**
 * Differences by design, each pinned to what the engines do today (see PinnedDifference). Of those
 * pinned against Gnumeric, IronCalc agrees with tradesheet on =ROUND(1.005,2) (1) and =COUNT(1,TRUE) (2).
 * INT now agrees (=INT(-2.5) is -3, src/model/workbook/functions.ts); the conformance corpus's own
 * differences are pinned in test/model/conformanceCorpus.ts (test/model/conformance.test.ts).
 */
const BY_DESIGN: PinnedDifference[] = [
  // First row, so that it refers to itself.
  ["a circular reference is #CYCLE! in tradesheet and #CIRC!, IronCalc's own error, in IronCalc", '=A1+1', { error: '#CYCLE!', message: '' }, { error: '#CIRC!', message: '' }],
  ['empty text counts as 0 in HyperFormula; IronCalc refuses it, as Excel does', '=""+1', 1, { error: '#VALUE!', message: '' }],
  ['AND of empty cells only is FALSE in HyperFormula; #VALUE! in IronCalc, as in Excel', '=AND(Z9)', false, { error: '#VALUE!', message: '' }],
  ['a formula HyperFormula cannot parse is #ERROR!; IronCalc gets its text, as the export writes it', '=SUM(1', { error: '#ERROR!', message: '' }, '=SUM(1'],
  ["a formula that is a range: #VALUE! in HyperFormula; IronCalc spills it as Excel 365 does, and here the next row's formula is in the way", '=Z1:Z2', { error: '#VALUE!', message: '' }, { error: '#SPILL!', message: '' }],
  ["IronCalc's parser folds a run of signs into their product, so --x is x and TRUE stays TRUE; HyperFormula and Excel negate twice, to 1", '=--TRUE', 1, true],
  ["IronCalc's --(condition) stays TRUE/FALSE (the row above), which SUMPRODUCT skips: it sums nothing (the fixture's Calc!B23)", '=SUMPRODUCT(--({3,8,12}>5))', 2, 0],
  ['IronCalc has not implemented the negation of an array (#N/IMPL!); HyperFormula and Excel negate each element', '=SUM(-{1,2})', -3, { error: '#N/IMPL!', message: '' }],
];

/** The fixture's cells that differ by design, as the check reports them; the BY_DESIGN row named in each says why. */
const FIXTURE_BY_DESIGN = [
  // IronCalc's --(condition).
  'Calc!B23 =SUMPRODUCT(--(Data!A1:A9>5)): tradesheet 5, IronCalc 0',
];

describePinnedDifferences(ENGINE, BY_DESIGN, (scenario) => {
  const computed = computeWithTradesheet(scenario);
  return Promise.resolve({ ours: computed.values.Differences ?? [], theirs: recalculateWithIronCalc(scenario, computed.values)[0] ?? [] });
});
