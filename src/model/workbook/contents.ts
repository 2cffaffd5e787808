/** Cell contents and values between a scenario's spelling and HyperFormula's, and the contents HyperFormula must not be given. */
import { DetailedCellError } from 'hyperformula';
import type { RawCellContent, CellValue as EngineValue } from 'hyperformula';
import { formatCellAddress } from '../address';
import { arrayConstantProblem } from '../formula/arrayConstant';
import type { CellContent, SheetData } from '../scenario';
import type { CellValue } from '../values';
import { parserFailure } from './mends';

const ERROR_REASONS: Record<string, string> = {
  DIV_BY_ZERO: 'Division by zero.',
  CYCLE: 'Circular reference: the formula depends on its own result.',
  REF: 'The formula refers to a cell or sheet that no longer exists.',
  NAME: 'Unknown function or name.',
  VALUE: 'A value has the wrong type for this operation.',
  NUM: 'The result is not a valid number.',
  NA: 'A value is not available.',
  ERROR: 'The formula cannot be parsed.',
  SPILL: 'The array result has no room to spill.',
};

export function toEngineContent(content: CellContent): RawCellContent {
  // An apostrophe keeps text as text: without it HyperFormula reads "007" as 7 and "July 20" as a date.
  return typeof content === 'string' && !content.startsWith('=') ? `'${content}` : content;
}

/** Why HyperFormula must not be given this content, or undefined. */
export function contentProblem(content: CellContent | undefined): string | undefined {
  if (typeof content !== 'string' || !content.startsWith('=')) return undefined;
  return arrayConstantProblem(content) ?? parserFailure(content);
}

/** The first cell of `rows` whose content HyperFormula must not be given, as a message naming it, or undefined. */
export function sheetContentProblem(sheet: string, rows: SheetData, what: (cell: string) => string): string | undefined {
  for (let row = 0; row < rows.length; row += 1) {
    const cells = rows[row] ?? [];
    for (let col = 0; col < cells.length; col += 1) {
      const problem = contentProblem(cells[col]);
      if (problem) return `${what(formatCellAddress({ sheet, row, col }))}: ${problem}`;
    }
  }
  return undefined;
}

export function fromEngineContent(raw: RawCellContent): CellContent {
  if (raw === undefined || raw instanceof Date) return null;
  if (typeof raw === 'string' && raw.startsWith("'")) return raw.slice(1);
  return raw;
}

export function fromEngineValue(value: EngineValue): CellValue {
  if (value instanceof DetailedCellError) {
    return { error: value.value, message: value.message || ERROR_REASONS[value.type] || 'The formula has an error.' };
  }
  return value;
}

/**
 * A row of getSheetValues (a fresh array, ours to change) cut or padded with empty cells to the sheet's
 * width, with HyperFormula's error objects replaced in place; says whether it held any.
 */
export function toCellValueRow(row: EngineValue[], cols: number): boolean {
  fitRow(row, cols);
  const values: (EngineValue | CellValue)[] = row;
  let errors = false;
  for (let col = 0; col < cols; col += 1) {
    const value = row[col];
    // The only object among HyperFormula's values is its DetailedCellError.
    if (typeof value === 'object' && value !== null) {
      values[col] = fromEngineValue(value);
      errors = true;
    }
  }
  return errors;
}

/** A row cut or padded with empty cells to the sheet's width, in place. */
export function fitRow(row: (EngineValue | CellValue)[], cols: number): void {
  if (row.length > cols) row.length = cols;
  for (let col = row.length; col < cols; col += 1) row.push(null);
}
