/** What a compiled plan takes and gives: its batches of input values, its columns of results, its error codes and refusals. */

/** Excel's error texts, indexed by the one-byte code an errors column holds; code 0 is "no error". */
export const ERROR_KINDS = ['', '#DIV/0!', '#VALUE!', '#NUM!', '#N/A', '#REF!', '#NAME?', '#ERROR!', '#CYCLE!', '#SPILL!'] as const;
export type ErrorKind = Exclude<(typeof ERROR_KINDS)[number], ''>;

export const NO_ERROR = 0;
export const DIV_BY_ZERO = 1;
export const VALUE = 2;
export const NUM = 3;
export const NA = 4;
export const REF = 5;
export const NAME = 6;

/** The error text of a code from an errors column (undefined for 0). */
export function errorKind(code: number): ErrorKind | undefined {
  const kind = ERROR_KINDS[code];
  return kind === undefined || kind === '' ? undefined : kind;
}

/** The code of an error text, or undefined when it is none of Excel's. */
export function errorCode(kind: string): number | undefined {
  const code = ERROR_KINDS.indexOf(kind as ErrorKind);
  return code > 0 ? code : undefined;
}

/** What every element of a column is, known when the plan is compiled: a cell whose type varies point by point is refused. */
export type ColumnType = 'number' | 'boolean' | 'text';

/**
 * One cell's values over a batch. `values[i]` is point i's number, its boolean as 1 or 0, or its text as
 * an index into `texts`; where `errors[i]` is not 0 the point holds that error (errorKind) and `values[i]`
 * means nothing. `errors` is undefined when the cell cannot hold an error at any point.
 */
export interface Column {
  readonly type: ColumnType;
  readonly values: Float64Array;
  readonly errors: Uint8Array | undefined;
  readonly texts: readonly string[];
}

/** Per input name, its value at each of the batch's points; every array has the same length. */
export type Batch = Readonly<Record<string, Float64Array>>;

export interface BatchResult {
  /** The number of points. */
  readonly count: number;
  /** Per output name (or per cell such as `Autos!B7`, for evaluatePlanCells). */
  readonly columns: Readonly<Record<string, Column>>;
}

/** Why a plan cannot be made: the first cell it cannot express, as `Sheet!B7`, and the reason. */
export interface Refusal {
  readonly ok: false;
  readonly cell: string;
  readonly reason: string;
}

/** A point's value as a workbook reports it: a number, boolean, text, or `{ error }`. */
export type PointValue = number | boolean | string | { readonly error: ErrorKind };

/** Point i of a column, as a plain value. */
export function pointValue(column: Column, i: number): PointValue {
  const code = column.errors?.[i] ?? NO_ERROR;
  const kind = errorKind(code);
  if (kind !== undefined) return { error: kind };
  const value = column.values[i] ?? Number.NaN;
  if (column.type === 'boolean') return value !== 0;
  if (column.type === 'text') return column.texts[value] ?? '';
  return value;
}
