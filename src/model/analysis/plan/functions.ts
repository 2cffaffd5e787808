/** The functions a plan evaluates, each compiled as its HyperFormula 3.5.0 plugin evaluates it. */
// Which arguments it takes, how each is coerced, which error wins, and how ranges count: FunctionPlugin.js,
// BooleanPlugin.js, NumericAggregationPlugin.js, RoundingPlugin.js and the one-function plugins.
import type { FormulaArgument } from '../../formula';
import { extreme2, numeric2, type NumericFunction, type NumericFunction2 } from './arithmetic';
import { aggregate, chooseFirst, choose, count, fallback, logical, type Aggregation, type Buffer } from './kernels';
import { constant, PlanRefusal, three, two, typeOf, type FormulaCompiler, type Operand } from './operands';
import { boolean, EMPTY, error, number, type Scalar } from './scalars';
import { DIV_BY_ZERO, NA, REF } from './types';

type Call = (compiler: FormulaCompiler, args: readonly FormulaArgument[], sheet: string) => Operand;

/** How many arguments a function takes; any other count is #N/A (FunctionPlugin.isNumberOfArgumentValuesValid). */
interface Arity {
  readonly min: number;
  readonly max: number;
  /** IFS repeats its last two parameters: the count must be a multiple of this. */
  readonly step?: number;
}

const ONE: Arity = { min: 1, max: 1 };
const ONE_OR_TWO: Arity = { min: 1, max: 2 };
const TWO: Arity = { min: 2, max: 2 };
const MANY: Arity = { min: 1, max: Infinity };

const oneNumber = (fn: NumericFunction): Call => (compiler, [x], sheet) => compiler.numeric(fn, argument(compiler, x, sheet));

/** A two-number function; `second` stands for a second argument left out (ROUND's 0 digits, LOG's base 10). */
const twoNumbers = (fn: NumericFunction2, second?: number): Call => (compiler, [x, y], sheet) => {
  const left = compiler.asNumber(argument(compiler, x, sheet));
  const right = compiler.asNumber(y === undefined && second !== undefined ? constant(number(second)) : argument(compiler, y, sheet));
  return compiler.emit([left, right], 'number', true, two((a, b, out) => numeric2(fn, a, b, out)));
};

const FUNCTIONS: Readonly<Record<string, { arity: Arity; compile: Call }>> = {
  TRUE: { arity: { min: 0, max: 0 }, compile: () => constant(boolean(true)) },
  FALSE: { arity: { min: 0, max: 0 }, compile: () => constant(boolean(false)) },
  IF: { arity: { min: 2, max: 3 }, compile: compileIf },
  IFS: { arity: { min: 2, max: Infinity, step: 2 }, compile: compileIfs },
  IFERROR: { arity: TWO, compile: (compiler, args, sheet) => compileFallback(compiler, args, sheet, undefined) },
  IFNA: { arity: TWO, compile: (compiler, args, sheet) => compileFallback(compiler, args, sheet, NA) },
  AND: { arity: MANY, compile: (compiler, args, sheet) => compileLogical(compiler, 'and', args, sheet) },
  OR: { arity: MANY, compile: (compiler, args, sheet) => compileLogical(compiler, 'or', args, sheet) },
  XOR: { arity: MANY, compile: (compiler, args, sheet) => compileLogical(compiler, 'xor', args, sheet) },
  NOT: { arity: ONE, compile: (compiler, args, sheet) => compileLogical(compiler, 'not', args, sheet) },
  SUM: { arity: MANY, compile: (compiler, args, sheet) => compileAggregate(compiler, 'sum', args, sheet) },
  PRODUCT: { arity: MANY, compile: (compiler, args, sheet) => compileAggregate(compiler, 'product', args, sheet) },
  MIN: { arity: MANY, compile: (compiler, args, sheet) => compileAggregate(compiler, 'min', args, sheet) },
  MAX: { arity: MANY, compile: (compiler, args, sheet) => compileAggregate(compiler, 'max', args, sheet) },
  AVERAGE: { arity: MANY, compile: (compiler, args, sheet) => compileAggregate(compiler, 'average', args, sheet) },
  COUNT: { arity: MANY, compile: compileCount },
  ROUND: { arity: ONE_OR_TWO, compile: twoNumbers('round', 0) },
  ROUNDUP: { arity: ONE_OR_TWO, compile: twoNumbers('roundup', 0) },
  ROUNDDOWN: { arity: ONE_OR_TWO, compile: twoNumbers('rounddown', 0) },
  // HyperFormula's TRUNC is an alias of ROUNDDOWN (RoundingPlugin.aliases).
  TRUNC: { arity: ONE_OR_TWO, compile: twoNumbers('rounddown', 0) },
  INT: { arity: ONE, compile: oneNumber('int') },
  MOD: { arity: TWO, compile: twoNumbers('mod') },
  ABS: { arity: ONE, compile: oneNumber('abs') },
  SIGN: { arity: ONE, compile: oneNumber('sign') },
  SQRT: { arity: ONE, compile: oneNumber('sqrt') },
  POWER: { arity: TWO, compile: twoNumbers('power') },
  EXP: { arity: ONE, compile: oneNumber('exp') },
  LN: { arity: ONE, compile: oneNumber('ln') },
  LOG: { arity: ONE_OR_TWO, compile: twoNumbers('log', 10) },
  LOG10: { arity: ONE, compile: oneNumber('log10') },
};

/** The functions the evaluator carries, for messages and tests. */
export const SUPPORTED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

export function compileCall(compiler: FormulaCompiler, name: string, args: readonly FormulaArgument[], sheet: string): Operand {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) throw new PlanRefusal(`${name} is not in the evaluator's set`);
  const { min, max, step = 1 } = fn.arity;
  // AND, OR and XOR count a range's cells as arguments, so a range alone is enough for them.
  if (args.length < min || args.length > max || args.length % step !== 0) return constant(error(NA));
  return fn.compile(compiler, args, sheet);
}

/** An argument's value; one left out (SUM(1,)) is an empty cell, as HyperFormula's EMPTY node evaluates. */
function argument(compiler: FormulaCompiler, arg: FormulaArgument | undefined, sheet: string): Operand {
  return arg === undefined || arg.kind === 'empty' ? constant(EMPTY) : compiler.compile(arg, sheet);
}

/** IF(condition, then, else = FALSE): the condition's error, else the chosen branch; the branches must share a type. */
function compileIf(compiler: FormulaCompiler, [condition, whenTrue, whenFalse]: readonly FormulaArgument[], sheet: string): Operand {
  const test = compiler.asBoolean(argument(compiler, condition, sheet));
  const yes = argument(compiler, whenTrue, sheet);
  const no = whenFalse === undefined ? constant(boolean(false)) : argument(compiler, whenFalse, sheet);
  if (test.kind === 'constant') {
    if (test.value.type === 'error') return test;
    return test.value.type === 'boolean' && test.value.value ? yes : no;
  }
  const { type, texts } = compiler.shareType([yes, no], 'IF');
  const canError = test.canError || canHoldError(yes) || canHoldError(no);
  return compiler.emit([test, yes, no], type, canError, three((c, t, f, out) => choose(c, t, f, out)), texts);
}

/** IFS(condition, value, ...): every condition is coerced first, so the first condition in error wins. */
function compileIfs(compiler: FormulaCompiler, args: readonly FormulaArgument[], sheet: string): Operand {
  const conditions: Operand[] = [];
  const values: Operand[] = [];
  for (let k = 0; k < args.length; k += 2) {
    conditions.push(compiler.asBoolean(argument(compiler, args[k], sheet)));
    values.push(argument(compiler, args[k + 1], sheet));
  }
  if (conditions.every((condition) => condition.kind === 'constant')) {
    const failed = conditions.find((condition) => typeOf(condition) === 'error');
    if (failed) return failed;
    const chosen = conditions.findIndex((condition) => condition.kind === 'constant' && condition.value.type === 'boolean' && condition.value.value);
    return values[chosen] ?? constant(error(NA));
  }
  const { type, texts } = compiler.shareType(values, 'IFS');
  const count = conditions.length;
  return compiler.emit([...conditions, ...values], type, true, (reads, out) => chooseFirst(reads.slice(0, count), reads.slice(count), out), texts);
}

/** IFERROR and IFNA: the value, unless it is an error (of the kind given), when the fallback. */
function compileFallback(compiler: FormulaCompiler, [value, otherwise]: readonly FormulaArgument[], sheet: string, onlyCode: number | undefined): Operand {
  const first = argument(compiler, value, sheet);
  const second = argument(compiler, otherwise, sheet);
  const caught = (scalar: Scalar) => scalar.type === 'error' && (onlyCode === undefined || scalar.code === onlyCode);
  if (first.kind === 'constant') return caught(first.value) ? second : first;
  if (!first.canError) return first;
  const { type, texts } = compiler.shareType([first, second], onlyCode === undefined ? 'IFERROR' : 'IFNA');
  return compiler.emit([first, second], type, true, two((a, b, out) => fallback(onlyCode, a, b, out)), texts);
}

/**
 * AND, OR, XOR and NOT take booleans; a range's cells are arguments each, those that are not booleans or
 * numbers (text, but not "TRUE"/"FALSE"/"") left out; an empty cell in a range is FALSE (coerceScalarToBoolean).
 */
function compileLogical(compiler: FormulaCompiler, fn: 'and' | 'or' | 'xor' | 'not', args: readonly FormulaArgument[], sheet: string): Operand {
  const operands: Operand[] = [];
  for (const arg of args) {
    const range = arg.kind === 'cellRange' || (arg.kind === 'paren' && arg.inner.kind === 'cellRange') ? (arg.kind === 'paren' ? arg.inner : arg) : undefined;
    if (range?.kind !== 'cellRange' || fn === 'not') {
      operands.push(compiler.asBoolean(argument(compiler, arg, sheet)));
      continue;
    }
    const { cells, beyondSheet } = rangeCells(compiler, range, sheet);
    for (const cell of cells) {
      if (cell.kind === 'vector' && cell.type === 'text') throw new PlanRefusal(`${fn.toUpperCase()} over a range holding text that varies with the inputs is not carried`);
      const value = compiler.asBoolean(cell);
      // Text that is not a boolean is left out of a range (its coercion is undefined, and ignorable there).
      if (!(cell.kind === 'constant' && cell.value.type === 'text' && value.kind === 'constant' && value.value.type === 'error')) operands.push(value);
    }
    // Cells past the sheet's edge are empty, which is FALSE here: one stands for them all.
    if (beyondSheet) operands.push(constant(boolean(false)));
  }
  const kept = foldLogicalConstants(fn, operands);
  return compiler.emit(kept, 'boolean', kept.some(canHoldError), (reads, out) => logical(fn, reads, out));
}

/**
 * The constants that are not errors, folded into at most one (so a range of thousands of constant cells
 * costs no buffers): only whether any is FALSE (AND), any TRUE (OR), or how many are TRUE (XOR) counts.
 * Errors keep their places, since the first one wins.
 */
function foldLogicalConstants(fn: 'and' | 'or' | 'xor' | 'not', operands: readonly Operand[]): Operand[] {
  if (fn === 'not') return [...operands];
  const truths = operands.flatMap((operand) => (operand.kind === 'constant' && operand.value.type === 'boolean' ? [operand.value.value] : []));
  const kept = operands.filter((operand) => !(operand.kind === 'constant' && operand.value.type === 'boolean'));
  const trues = truths.filter(Boolean).length;
  const decisive = fn === 'and' ? trues < truths.length : fn === 'or' ? trues > 0 : trues % 2 === 1;
  if (decisive) kept.push(constant(boolean(fn !== 'and')));
  return kept;
}

/**
 * A range's cells in HyperFormula's order (row by row), as references read them, within the sheet's
 * extent; `beyondSheet` says whether the range reaches past it, where every cell is empty.
 */
function rangeCells(compiler: FormulaCompiler, range: Extract<FormulaArgument, { kind: 'cellRange' }>, sheet: string): { cells: Operand[]; beyondSheet: boolean } {
  const target = compiler.sheetOf(range.start, sheet);
  const endSheet = compiler.sheetOf(range.end, target ?? sheet);
  if (target === undefined || endSheet === undefined) return { cells: [constant(error(REF))], beyondSheet: false };
  if (endSheet !== target) throw new PlanRefusal('a range spanning two sheets is not carried');
  const size = compiler.sheetSize(target);
  const top = Math.min(range.start.row, range.end.row), bottom = Math.max(range.start.row, range.end.row);
  const left = Math.min(range.start.col, range.end.col), right = Math.max(range.start.col, range.end.col);
  const lastRow = Math.min(bottom, size.rows - 1), lastCol = Math.min(right, size.cols - 1);
  const cells: Operand[] = [];
  for (let row = top; row <= lastRow; row += 1) {
    for (let col = left; col <= lastCol; col += 1) cells.push(compiler.cell(target, row, col));
  }
  return { cells, beyondSheet: lastRow < bottom || lastCol < right };
}

/**
 * An aggregate's arguments as NumericAggregationPlugin.reduce reads them: a range's cells and a plain
 * reference keep only numbers and errors (text, booleans and empty cells are left out); any other
 * argument is coerced to a number first (TRUE is 1, "3" is 3, "a" is #VALUE!).
 */
function aggregateGroups(compiler: FormulaCompiler, args: readonly FormulaArgument[], sheet: string): { operands: Operand[]; isRange: boolean }[] {
  return args.map((arg) => {
    // Cells past the sheet's edge are empty, and so left out.
    if (arg.kind === 'cellRange') return { operands: rangeCells(compiler, arg, sheet).cells.filter(isNumberOrError), isRange: true };
    if (arg.kind === 'columnRange' || arg.kind === 'rowRange') throw new PlanRefusal('whole-column and whole-row ranges are not carried');
    if (arg.kind === 'cell') return { operands: [compiler.reference(arg.ref, sheet)].filter(isNumberOrError), isRange: false };
    return { operands: [compiler.asNumber(argument(compiler, arg, sheet))], isRange: false };
  });
}

function isNumberOrError(operand: Operand): boolean {
  const type = typeOf(operand);
  return type === 'number' || type === 'error';
}

function compileAggregate(compiler: FormulaCompiler, fn: Aggregation, args: readonly FormulaArgument[], sheet: string): Operand {
  const read = aggregateGroups(compiler, args, sheet).filter((group) => group.operands.length > 0);
  // AVERAGE divides by how many numbers there were, before any are folded together.
  const count = read.reduce((sum, group) => sum + group.operands.length, 0);
  if (count === 0) return constant(fn === 'average' ? error(DIV_BY_ZERO) : number(fn === 'product' ? 1 : 0));
  const groups = read.map((group) => (group.isRange ? { ...group, operands: foldRangeConstants(compiler, fn, group.operands) } : group));
  const operands = groups.flatMap((group) => group.operands);
  const [first, second] = operands;
  if ((fn === 'min' || fn === 'max') && operands.length === 2 && first && second) {
    return compiler.emit([first, second], 'number', canHoldError(first) || canHoldError(second), two((a, b, out) => extreme2(fn, a, b, out)));
  }
  const isRange = groups.map((group) => group.isRange);
  const sizes = groups.map((group) => group.operands.length);
  return compiler.emit(operands, 'number', true, (reads, out) => aggregate(fn, regroup(reads, sizes), isRange, count, out));
}

/**
 * A range's constant cells folded together where that changes no double, so a range of thousands of
 * constant cells costs no buffers: MIN and MAX fold every constant that is not an error (order does not
 * matter to them); SUM, PRODUCT and AVERAGE fold the constants before the first varying cell, with the
 * kernel itself, since the range's fold starts from them in that order. A fold that overflows is left
 * alone: HyperFormula reports the overflow only at the end, after any error a later cell holds.
 */
function foldRangeConstants(compiler: FormulaCompiler, fn: Aggregation, operands: readonly Operand[]): Operand[] {
  const isFoldable = (operand: Operand) => operand.kind === 'constant' && operand.value.type === 'number';
  const foldable = fn === 'min' || fn === 'max' ? operands.filter(isFoldable) : operands.slice(0, leadingCount(operands, isFoldable));
  if (foldable.length < 2) return [...operands];
  // AVERAGE's fold is a plain sum; its division waits for the whole count.
  const folded = compiler.emit(foldable, 'number', true, (reads, out) => aggregate(fn === 'average' ? 'plainSum' : fn, [reads], [true], 1, out));
  if (folded.kind !== 'constant' || folded.value.type !== 'number') return [...operands];
  const rest = fn === 'min' || fn === 'max' ? operands.filter((operand) => !isFoldable(operand)) : operands.slice(foldable.length);
  return [folded, ...rest];
}

function leadingCount(operands: readonly Operand[], test: (operand: Operand) => boolean): number {
  const index = operands.findIndex((operand) => !test(operand));
  return index < 0 ? operands.length : index;
}

/** The flat list of buffers cut back into the arguments' groups. */
function regroup(reads: readonly Buffer[], sizes: readonly number[]): Buffer[][] {
  let at = 0;
  return sizes.map((size) => {
    const group = reads.slice(at, at + size);
    at += size;
    return group;
  });
}

/**
 * COUNT counts numbers: a range's cells and a plain reference as they are, any other argument after
 * coercion to a number (so TRUE and "3" count, "a" does not); an argument in error counts as none.
 */
function compileCount(compiler: FormulaCompiler, args: readonly FormulaArgument[], sheet: string): Operand {
  let fixed = 0;
  const varying: Operand[] = [];
  for (const group of aggregateGroups(compiler, args, sheet)) {
    for (const operand of group.operands) {
      if (operand.kind === 'constant') fixed += operand.value.type === 'number' ? 1 : 0;
      else if (operand.canError) varying.push(operand);
      else fixed += 1;
    }
  }
  return varying.length === 0 ? constant(number(fixed)) : compiler.emit(varying, 'number', false, (reads, out) => count(reads, fixed, out));
}

function canHoldError(operand: Operand): boolean {
  return operand.kind === 'vector' ? operand.canError : operand.value.type === 'error';
}
