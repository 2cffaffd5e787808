/** What compiling a piece of formula yields, and the instructions a plan is made of, before any buffer exists. */
import type { CellReference, FormulaNode } from '../../formula';
import type { NumericFunction } from './arithmetic';
import type { Buffer, Run } from './kernels';
import type { Scalar } from './scalars';
import type { ColumnType } from './types';

/** A value the same at every point, worked out when the plan is compiled (folded). */
export interface Constant {
  readonly kind: 'constant';
  readonly value: Scalar;
}

/** A value that varies by point: a slot the plan fills for each chunk of points. */
export interface Vector {
  readonly kind: 'vector';
  readonly type: ColumnType;
  readonly canError: boolean;
  readonly slot: number;
  /** For text: the indexes (into the plan's texts) it may hold, so lookups can be worked out beforehand. */
  readonly texts: ReadonlySet<number>;
}

export type Operand = Constant | Vector;

export const constant = (value: Scalar): Constant => ({ kind: 'constant', value });

/** One kernel of the plan: it reads some slots and writes one; `make` binds it to the buffers it is given. */
export interface Instruction {
  readonly reads: readonly number[];
  readonly write: number;
  /** An input's load, whose buffer may point into the batch: it is never handed to another kernel. */
  readonly load?: true;
  readonly make: (reads: readonly Buffer[], out: Buffer) => Run;
}

/** Why a cell cannot be planned; compilePlan names the cell it was thrown from. */
export class PlanRefusal extends Error {
  cell: string | undefined;
  constructor(reason: string) {
    super(reason);
    this.name = 'PlanRefusal';
  }
}

/** The type of an operand's values, with a constant's `empty` and `error` kept apart. */
export function typeOf(operand: Operand): ColumnType | 'empty' | 'error' {
  return operand.kind === 'vector' ? operand.type : operand.value.type;
}

type Make = Instruction['make'];

function at(reads: readonly Buffer[], index: number): Buffer {
  const buffer = reads[index];
  if (!buffer) throw new Error(`a kernel expected operand ${index + 1} of ${reads.length}`);
  return buffer;
}

/** A kernel maker over one, two or three operands, from one over a list of them. */
export const one = (make: (a: Buffer, out: Buffer) => Run): Make => (reads, out) => make(at(reads, 0), out);
export const two = (make: (a: Buffer, b: Buffer, out: Buffer) => Run): Make => (reads, out) => make(at(reads, 0), at(reads, 1), out);
export const three = (make: (a: Buffer, b: Buffer, c: Buffer, out: Buffer) => Run): Make => (reads, out) => make(at(reads, 0), at(reads, 1), at(reads, 2), out);

/**
 * What a function's compiler asks of the formula compiler (compile.ts implements it): compiling its
 * arguments, reading cells, coercing and emitting kernels. An interface, so functions.ts needs no import
 * of compile.ts, which imports it.
 */
export interface FormulaCompiler {
  compile(node: FormulaNode, sheet: string): Operand;
  cell(sheet: string, row: number, col: number): Operand;
  reference(ref: CellReference, sheet: string): Operand;
  sheetOf(ref: { readonly sheet?: string | undefined }, sheet: string): string | undefined;
  sheetSize(sheet: string): { rows: number; cols: number };
  numeric(fn: NumericFunction, operand: Operand): Operand;
  asNumber(operand: Operand): Operand;
  asBoolean(operand: Operand): Operand;
  shareType(operands: readonly Operand[], what: string): { type: ColumnType; texts: Set<number> };
  emit(inputs: readonly Operand[], type: ColumnType, canError: boolean, make: (reads: readonly Buffer[], out: Buffer) => Run, texts?: ReadonlySet<number>): Operand;
}
