/** What a workbook takes and returns, as plain data: the page and the worker's contract name these without loading HyperFormula. */
import type { CellAddress } from './address';
import type { CellContent, InputDefinition, OutputDefinition } from './scenario';

export interface CellError {
  /** Excel's text for the error: `#DIV/0!`, `#REF!`, `#CYCLE!`, `#NAME?`, `#VALUE!`, `#N/A`, `#NUM!`, `#ERROR!`. */
  error: string;
  message: string;
}
export type CellValue = number | string | boolean | null | CellError;

export interface CellChange {
  address: CellAddress;
  value: CellValue;
}
export interface CellEdit {
  address: CellAddress;
  /** As in a scenario file: a string beginning with "=" is a formula, any other string is text. */
  content: CellContent;
}
export interface InputValue extends InputDefinition {
  name: string;
  value: CellValue;
}
export interface OutputValue extends OutputDefinition {
  name: string;
  value: CellValue;
}
export interface SheetSize {
  rows: number;
  cols: number;
}

export function isCellError(value: CellValue | undefined): value is CellError {
  return typeof value === 'object' && value !== null;
}
