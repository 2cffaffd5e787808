/**
 * Every cell of every preset and of the functions fixture recomputed by a second, independent engine:
 * IronCalc (Rust, compiled to WebAssembly), fed the scenario's cells with formulas translated as the
 * Excel export translates them (toExcelFormula) and inputs and outputs defined as its names. Each cell
 * must equal tradesheet's value: numbers within a relative 1e-9, text, booleans and errors exactly.
 * It needs no program outside node_modules, so unlike the Gnumeric check it runs everywhere.
 *
 * Where the engines differ by design, the last block pins the difference down (see BY_DESIGN).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, Model } from '@ironcalc/wasm';
import { describe, expect, it } from 'vitest';
import { columnLetters, isCellError, parseCellAddress, type CellContent, type CellValue, type FullScenario } from '../../src/model';
import { excelCellReference, toExcelFormula, type FormulaContext } from '../../src/io/excelFormula';
import { sourcesSheetName } from '../../src/io/xlsx';
import {
  compareSheet,
  computeWithTradesheet,
  describePinnedDifferences,
  readCheckedPresets,
  readFixture,
  type PinnedDifference,
} from '../engineAgreement';

const ENGINE = 'IronCalc';

initSync({ module: readFileSync(createRequire(import.meta.url).resolve('@ironcalc/wasm/wasm_bg.wasm')) });

/** IronCalc's CellType codes, as getCellType returns them (an empty cell is a Number whose text is ""). */
const CELL_TYPE = { number: 1, text: 2, boolean: 4, error: 16 } as const;

/**
 * getFormattedCellValue gives only 9 decimals under the General format; scientific notation with 14
 * decimals gives the 15 significant digits IronCalc shows anywhere, far inside the 1e-9 tolerance.
 * (A two-digit exponent, E+00, would print 1e300 as E+30300.)
 */
const FULL_PRECISION = '0.00000000000000E+0';

/** What a scenario cell is typed as in IronCalc, so that it reads back as what the scenario holds. */
function userInput(content: CellContent, value: CellValue | undefined, context: FormulaContext): string | undefined {
  if (content === null) return undefined;
  // String() is exact; IronCalc keeps 15 significant digits of a typed number, as Excel does, well inside the tolerance.
  if (typeof content === 'number') return String(content);
  if (typeof content === 'boolean') return content ? 'TRUE' : 'FALSE';
  // The quote keeps text text: unquoted, IronCalc reads "007", "50%" and "July 20" as numbers and dates.
  if (!content.startsWith('=')) return `'${content}`;
  // As the export does: a formula HyperFormula cannot parse, or the translation cannot carry, is written as its text.
  const translated = isCellError(value) && value.error === '#ERROR!' ? undefined : toExcelFormula(content, context);
  return translated?.ok ? `=${translated.formula}` : `'${content}`;
}

/** One cell's value as tradesheet's CellValue; a number IronCalc prints oddly comes back as its text, so it shows as a difference. */
function readCell(model: Model, sheet: number, row: number, col: number): CellValue {
  const text = model.getFormattedCellValue(sheet, row, col);
  switch (model.getCellType(sheet, row, col)) {
    case CELL_TYPE.number: {
      if (text === '') return null;
      const number = Number(text);
      return Number.isNaN(number) ? text : number;
    }
    case CELL_TYPE.boolean:
      return text === 'TRUE';
    case CELL_TYPE.error:
      return { error: text, message: '' };
    default:
      return text;
  }
}

/** The last row or column IronCalc holds anything in (a spilled cell too) along the given rows or columns. */
const lastOf = (lines: number, used: (line: number) => Int32Array) =>
  Array.from({ length: lines }, (_, index) => Math.max(0, ...used(index + 1))).reduce((a, b) => Math.max(a, b), 0);

/** A sheet's values, over tradesheet's extent and anything IronCalc spilled beyond it. */
function readSheet(model: Model, sheet: number, rows: number, cols: number): CellValue[][] {
  const height = Math.max(rows, lastOf(cols, (col) => model.getRowsWithData(sheet, col)));
  const width = Math.max(cols, lastOf(rows, (row) => model.getColumnsWithData(sheet, row)));
  if (height === 0 || width === 0) return [];
  model.updateRangeStyle({ sheet, row: 1, column: 1, width, height }, 'num_fmt', FULL_PRECISION);
  return Array.from({ length: height }, (_, row) => Array.from({ length: width }, (_, col) => readCell(model, sheet, row + 1, col + 1)));
}

/**
 * Builds the workbook in IronCalc from the scenario's cells and names, as the export writes them, and
 * evaluates it. Gives each sheet's values in the scenario's order, then one more sheet's, named as the
 * export names its Sources sheet: =Name in column A for each input and output (inputs first), so the
 * check also shows that every defined name resolves.
 */
function recalculateWithIronCalc(scenario: FullScenario, values: Readonly<Record<string, readonly (readonly CellValue[])[]>>): CellValue[][][] {
  const sheetNames = Object.keys(scenario.sheets);
  const definitions = [...Object.entries(scenario.inputs), ...Object.entries(scenario.outputs)];
  const context: FormulaContext = { sheets: sheetNames, names: definitions.map(([name]) => name) };
  const model = new Model(scenario.id, 'en', 'UTC', 'en');
  try {
    [...sheetNames, sourcesSheetName(sheetNames)].forEach((name, index) => {
      if (index > 0) model.newSheet();
      model.renameSheet(index, name);
    });
    // Names before formulas, so that each formula reads its names as names.
    for (const [name, { cell }] of definitions) {
      const address = parseCellAddress(cell);
      if (address) model.newDefinedName(name, undefined, excelCellReference(address.sheet, `$${columnLetters(address.col)}$${address.row + 1}`));
    }
    sheetNames.forEach((name, sheet) => {
      (scenario.sheets[name] ?? []).forEach((row, r) => {
        row.forEach((content, c) => {
          const input = userInput(content, values[name]?.[r]?.[c], context);
          if (input !== undefined) model.setUserInput(sheet, r + 1, c + 1, input);
        });
      });
    });
    definitions.forEach(([name], index) => model.setUserInput(sheetNames.length, index + 1, 1, `=${name}`));
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
 */
const BY_DESIGN: PinnedDifference[] = [
  // First row, so that it refers to itself.
  ["a circular reference is #CYCLE! in tradesheet and #CIRC!, IronCalc's own error, in IronCalc", '=A1+1', { error: '#CYCLE!', message: '' }, { error: '#CIRC!', message: '' }],
  ['empty text counts as 0 in HyperFormula; IronCalc refuses it, as Excel does', '=""+1', 1, { error: '#VALUE!', message: '' }],
  ['AND of empty cells only is FALSE in HyperFormula; #VALUE! in IronCalc, as in Excel', '=AND(Z9)', false, { error: '#VALUE!', message: '' }],
  ["HyperFormula's INT truncates toward zero; IronCalc rounds down, as Excel does", '=INT(-2.5)', -2, -3],
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
