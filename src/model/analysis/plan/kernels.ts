/** The loops a plan runs, each computing one node for a chunk of points (the numeric ones are in arithmetic.ts). */
// A value whose error code is set means nothing; a kernel's error is its operands' first error, left to right
// as HyperFormula meets them, else its own. Every number a node gives passes HyperFormula's evaluateAst check:
// not finite is #NUM!, -0 is 0.
import { COLLATOR, EPSILON } from './scalars';
import { NA, NUM } from './types';

/** The most points a chunk holds. */
export const CHUNK = 1024;

/**
 * One node's values and error codes over a chunk of points. Kernels read the arrays when they run, not
 * when they are bound: an input's load points its buffer at the batch itself. `clean` says the chunk holds
 * no error, and then `errors` is stale: read it through errorsOf.
 */
export interface Buffer {
  values: Float64Array;
  errors: Uint8Array;
  clean: boolean;
}

const NO_ERRORS = new Uint8Array(CHUNK);

/** A buffer's error codes for this chunk. */
export function errorsOf(buffer: Buffer): Uint8Array {
  return buffer.clean ? NO_ERRORS : buffer.errors;
}

/** The current arrays of each operand, into the lists a kernel keeps (no allocation per chunk). */
function arraysOf(operands: readonly Buffer[], values: Float64Array[], errors: Uint8Array[]): void {
  for (let k = 0; k < operands.length; k += 1) {
    const operand = operands[k];
    if (!operand) continue;
    values[k] = operand.values;
    errors[k] = errorsOf(operand);
  }
}

/** Computes points [0, length) of the chunk that starts at point `base` of the batch. */
export type Run = (length: number, base: number) => void;

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** Whether each outcome of a comparison (-1, 0, 1, at indexes 0 to 2) makes the operator true, as 1 or 0. */
export function truthTable(op: ComparisonOperator): Float64Array {
  const holds = (order: number) => {
    switch (op) {
      case '=': return order === 0;
      case '<>': return order !== 0;
      case '<': return order < 0;
      case '<=': return order <= 0;
      case '>': return order > 0;
      case '>=': return order >= 0;
    }
  };
  return Float64Array.of(Number(holds(-1)), Number(holds(0)), Number(holds(1)));
}

/** Numbers (or booleans as 1 and 0) compared with ArithmeticHelper.floatCmp's tolerance. */
export function compareNumbers(op: ComparisonOperator, left: Buffer, right: Buffer, out: Buffer): Run {
  const truth = truthTable(op);
  const mod = 1 + EPSILON;
  return (length) => {
    const a = left.values, b = right.values, o = out.values;
    for (let i = 0; i < length; i += 1) {
      const x = a[i] ?? 0, y = b[i] ?? 0;
      const order = (y >= 0 && x * mod >= y && x <= y * mod) || (y <= 0 && x * mod <= y && x >= y * mod) ? 0 : x > y ? 1 : -1;
      o[i] = truth[order + 1] ?? 0;
    }
    firstErrors(left, right, out, length);
  };
}

/** Text (indexes into `texts`) compared with HyperFormula's collator. */
export function compareTexts(op: ComparisonOperator, texts: readonly string[], left: Buffer, right: Buffer, out: Buffer): Run {
  const truth = truthTable(op);
  return (length) => {
    const a = left.values, b = right.values, o = out.values;
    for (let i = 0; i < length; i += 1) {
      const order = Math.sign(COLLATOR.compare(texts[a[i] ?? 0] ?? '', texts[b[i] ?? 0] ?? ''));
      o[i] = truth[order + 1] ?? 0;
    }
    firstErrors(left, right, out, length);
  };
}

/** Values of different types: the order of their types decides (known when compiled); only the errors vary. */
export function compareFixed(result: boolean, left: Buffer, right: Buffer, out: Buffer): Run {
  const value = Number(result);
  return (length) => {
    out.values.fill(value, 0, length);
    firstErrors(left, right, out, length);
  };
}

/** A comparison's errors: the left operand's, else the right's; none to write when both are clean. */
function firstErrors(left: Buffer, right: Buffer, out: Buffer, length: number): void {
  out.clean = left.clean && right.clean;
  if (out.clean) return;
  const ea = errorsOf(left), eb = errorsOf(right), eo = out.errors;
  for (let i = 0; i < length; i += 1) eo[i] = (ea[i] ?? 0) || (eb[i] ?? 0);
}

/** A number as a boolean (coerceScalarToBoolean): anything but 0 is true. */
export function numberToBoolean(operand: Buffer, out: Buffer): Run {
  return (length) => {
    const a = operand.values, o = out.values;
    for (let i = 0; i < length; i += 1) o[i] = (a[i] ?? 0) !== 0 ? 1 : 0;
    out.clean = operand.clean;
    if (!out.clean) out.errors.set(operand.errors.subarray(0, length));
  };
}

/** A value looked up by text index: `values[t]`, or the error `errors[t]`, worked out when compiled. */
export function lookup(values: Float64Array, errors: Uint8Array, operand: Buffer, out: Buffer): Run {
  return (length) => {
    const a = operand.values, ea = errorsOf(operand), o = out.values, eo = out.errors;
    for (let i = 0; i < length; i += 1) {
      const t = a[i] ?? 0;
      o[i] = values[t] ?? 0;
      eo[i] = (ea[i] ?? 0) || (errors[t] ?? 0);
    }
    out.clean = false;
  };
}

/** IF: the condition's error, else the chosen branch's value and error; the other branch is never looked at. */
export function choose(condition: Buffer, whenTrue: Buffer, whenFalse: Buffer, out: Buffer): Run {
  return (length) => {
    const o = out.values, c = condition.values, t = whenTrue.values, f = whenFalse.values;
    if (condition.clean && whenTrue.clean && whenFalse.clean) {
      for (let i = 0; i < length; i += 1) o[i] = (c[i] ?? 0) !== 0 ? (t[i] ?? 0) : (f[i] ?? 0);
      out.clean = true;
      return;
    }
    const eo = out.errors, ec = errorsOf(condition), et = errorsOf(whenTrue), ef = errorsOf(whenFalse);
    for (let i = 0; i < length; i += 1) {
      const e = ec[i] ?? 0;
      if (e !== 0) {
        o[i] = 0;
        eo[i] = e;
      } else if ((c[i] ?? 0) !== 0) {
        o[i] = t[i] ?? 0;
        eo[i] = et[i] ?? 0;
      } else {
        o[i] = f[i] ?? 0;
        eo[i] = ef[i] ?? 0;
      }
    }
    out.clean = false;
  };
}

/**
 * IFS: HyperFormula coerces every condition before it looks for a true one, so the first condition in
 * error wins even after a true one; then the first true condition's value; else #N/A.
 */
export function chooseFirst(conditions: readonly Buffer[], values: readonly Buffer[], out: Buffer): Run {
  const count = conditions.length;
  const tests = conditions.map((condition) => condition.values), testErrors = conditions.map((condition) => errorsOf(condition));
  return (length) => {
    const o = out.values, eo = out.errors;
    arraysOf(conditions, tests, testErrors);
    for (let i = 0; i < length; i += 1) {
      let e = 0;
      for (let k = 0; k < count && e === 0; k += 1) e = testErrors[k]?.[i] ?? 0;
      if (e !== 0) {
        o[i] = 0;
        eo[i] = e;
        continue;
      }
      let k = 0;
      while (k < count && tests[k]?.[i] === 0) k += 1;
      const chosen = values[k];
      o[i] = chosen?.values[i] ?? 0;
      eo[i] = chosen ? (errorsOf(chosen)[i] ?? 0) : NA;
    }
    out.clean = false;
  };
}

/** IFERROR (every error) and IFNA (#N/A only): the fallback where the value is such an error. */
export function fallback(onlyCode: number | undefined, value: Buffer, otherwise: Buffer, out: Buffer): Run {
  return (length) => {
    const a = value.values, ea = errorsOf(value), b = otherwise.values, eb = errorsOf(otherwise), o = out.values, eo = out.errors;
    for (let i = 0; i < length; i += 1) {
      const e = ea[i] ?? 0;
      if (e !== 0 && (onlyCode === undefined || e === onlyCode)) {
        o[i] = b[i] ?? 0;
        eo[i] = eb[i] ?? 0;
      } else {
        o[i] = a[i] ?? 0;
        eo[i] = e;
      }
    }
    out.clean = false;
  };
}

/** AND, OR and XOR over booleans (1 or 0): the first error, else the function of them all. */
export function logical(fn: 'and' | 'or' | 'xor' | 'not', operands: readonly Buffer[], out: Buffer): Run {
  const count = operands.length;
  const values = operands.map((operand) => operand.values), errors = operands.map((operand) => errorsOf(operand));
  return (length) => {
    const o = out.values, eo = out.errors;
    arraysOf(operands, values, errors);
    for (let i = 0; i < length; i += 1) {
      let e = 0;
      let trues = 0;
      for (let k = 0; k < count && e === 0; k += 1) {
        e = errors[k]?.[i] ?? 0;
        trues += values[k]?.[i] ?? 0;
      }
      const result = fn === 'and' ? trues === count : fn === 'or' ? trues > 0 : fn === 'xor' ? trues % 2 === 1 : trues === 0;
      o[i] = result ? 1 : 0;
      eo[i] = e;
    }
    out.clean = operands.every((operand) => operand.clean);
  };
}

/** `plainSum` is AVERAGE's sum (plain +, AverageResult.compose) without its division. */
export type Aggregation = 'sum' | 'product' | 'min' | 'max' | 'average' | 'plainSum';

/**
 * SUM, PRODUCT, MIN, MAX and AVERAGE folded as NumericAggregationPlugin.reduce folds them, so the doubles
 * agree: a scalar argument joins the running value (acc op x); a range is folded on its own from the
 * starting value and then joined (rangeFold op acc). `groups` are the arguments' operands, a range's
 * cells in row order; `isRange[g]` says which. The first error met wins. AVERAGE divides by `count`.
 */
export function aggregate(fn: Aggregation, groups: readonly (readonly Buffer[])[], isRange: readonly boolean[], count: number, out: Buffer): Run {
  const start = fn === 'product' ? 1 : fn === 'min' ? Infinity : fn === 'max' ? -Infinity : 0;
  const join = fn === 'sum' ? addWithTolerance : fn === 'product' ? (x: number, y: number) => x * y : fn === 'min' ? Math.min : fn === 'max' ? Math.max : (x: number, y: number) => x + y;
  const values = groups.map((group) => group.map((operand) => operand.values));
  const errors = groups.map((group) => group.map((operand) => errorsOf(operand)));
  return (length) => {
    const o = out.values, eo = out.errors;
    groups.forEach((group, g) => arraysOf(group, values[g] ?? [], errors[g] ?? []));
    for (let i = 0; i < length; i += 1) {
      let acc = start;
      let e = 0;
      for (let g = 0; g < groups.length && e === 0; g += 1) {
        const groupValues = values[g] ?? [], groupErrors = errors[g] ?? [];
        if (isRange[g]) {
          let folded = start;
          for (let k = 0; k < groupValues.length && e === 0; k += 1) {
            e = groupErrors[k]?.[i] ?? 0;
            folded = join(folded, groupValues[k]?.[i] ?? 0);
          }
          acc = join(folded, acc);
        } else {
          e = groupErrors[0]?.[i] ?? 0;
          acc = join(acc, groupValues[0]?.[i] ?? 0);
        }
      }
      // MIN and MAX of nothing are 0 (zeroForInfinite); the plan refuses no-argument folds before they get here.
      const v = fn === 'average' ? acc / count : fn === 'min' || fn === 'max' ? (acc - acc === 0 ? acc : 0) : acc;
      o[i] = v + 0;
      eo[i] = e || (v - v === 0 ? 0 : NUM);
    }
    out.clean = false;
  };
}

function addWithTolerance(left: number, right: number): number {
  const sum = left + right;
  return EPSILON !== 0 && Math.abs(sum) < EPSILON * Math.abs(left) ? 0 : sum;
}

/** COUNT: the numbers among its operands, an operand in error counting as none; `fixed` counts the constants. Never an error. */
export function count(operands: readonly Buffer[], fixed: number, out: Buffer): Run {
  const values = operands.map((operand) => operand.values), errors = operands.map((operand) => errorsOf(operand));
  return (length) => {
    const o = out.values;
    arraysOf(operands, values, errors);
    for (let i = 0; i < length; i += 1) {
      let n = fixed;
      for (let k = 0; k < errors.length; k += 1) if (errors[k]?.[i] === 0) n += 1;
      o[i] = n;
    }
    out.clean = true;
  };
}

/** Where a batch's values for one input are read from; `clean` says none is -0 or not finite. */
export interface Source {
  values: Float64Array;
  clean: boolean;
}

/** Whether HyperFormula would read every value as it is: none is -0 (which it makes 0) and all are finite. */
export function isClean(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] ?? 0;
    if (v - v !== 0 || (v === 0 && 1 / v < 0)) return false;
    }
  return true;
}

/**
 * An input's values for the chunk. A clean batch is read where it lies (the buffer is pointed at a view
 * of it); otherwise each value is copied, not finite made #NUM! and -0 made 0, as HyperFormula reads a
 * cell. `out` is the load's own buffer, never handed to another kernel.
 */
export function load(source: Source, out: Buffer): Run {
  const own = out.values;
  return (length, base) => {
    const a = source.values;
    if (source.clean) {
      out.values = a.subarray(base, base + length);
      out.clean = true;
      return;
    }
    const o = own, eo = out.errors;
    out.values = o;
    for (let i = 0; i < length; i += 1) {
      const v = a[base + i] ?? 0;
      o[i] = v + 0;
      eo[i] = v - v === 0 ? 0 : NUM;
    }
    out.clean = false;
  };
}

/** A node's chunk copied into the batch-long column it answers (whose errors start at 0). */
export function store(operand: Buffer, target: { values: Float64Array; errors: Uint8Array }): Run {
  return (length, base) => {
    target.values.set(operand.values.subarray(0, length), base);
    if (!operand.clean) target.errors.set(operand.errors.subarray(0, length), base);
  };
}
