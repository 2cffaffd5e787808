/**
 * IronCalc (a Rust spreadsheet engine compiled to WebAssembly) as the independent-engine check and the
 * bench use it: a scenario typed into an IronCalc model as the Excel export writes it, and its cells read back.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, Model } from '@ironcalc/wasm';
import { columnLetters, isCellError, parseCellAddress, type CellContent, type CellValue, type FullScenario } from '../src/model';
import { excelCellReference, toExcelFormula, type FormulaContext } from '../src/io/excelFormula';

export { Model };

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
export function readCell(model: Model, sheet: number, row: number, col: number): CellValue {
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
export function readSheet(model: Model, sheet: number, rows: number, cols: number): CellValue[][] {
  const height = Math.max(rows, lastOf(cols, (col) => model.getRowsWithData(sheet, col)));
  const width = Math.max(cols, lastOf(rows, (row) => model.getColumnsWithData(sheet, row)));
  if (height === 0 || width === 0) return [];
  model.updateRangeStyle({ sheet, row: 1, column: 1, width, height }, 'num_fmt', FULL_PRECISION);
  return Array.from({ length: height }, (_, row) => Array.from({ length: width }, (_, col) => readCell(model, sheet, row + 1, col + 1)));
}

/**
 * A new IronCalc model holding the scenario's sheets (then `extraSheets`, empty), its inputs and outputs
 * as defined names, and its cells typed as the export writes them; `values` are tradesheet's, which say
 * which formulas HyperFormula could not parse. Not yet evaluated; the caller frees it.
 */
export function openInIronCalc(scenario: FullScenario, values: Readonly<Record<string, readonly (readonly CellValue[])[]>>, extraSheets: readonly string[] = []): Model {
  const sheetNames = Object.keys(scenario.sheets);
  const definitions = [...Object.entries(scenario.inputs), ...Object.entries(scenario.outputs)];
  const context: FormulaContext = { sheets: sheetNames, names: definitions.map(([name]) => name) };
  const model = new Model(scenario.id, 'en', 'UTC', 'en');
  [...sheetNames, ...extraSheets].forEach((name, index) => {
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
  return model;
}
