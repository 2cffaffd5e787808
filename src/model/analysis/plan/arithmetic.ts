/** The numeric kernels: the arithmetic operators and the one- and two-argument numeric functions. */
// Most chunks hold no error, so each kernel first runs a loop over values alone when its operands are clean,
// and marks its own buffer clean when every result is a finite number; only otherwise does it run the loop
// that tracks errors. The loops are plain functions, not closures, so the engine optimises each once for all kernels.
import { errorsOf, type Buffer, type Run } from './kernels';
import { EPSILON } from './scalars';
import { DIV_BY_ZERO, NUM } from './types';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '^';
/** A one-argument numeric function or operator: the argument's error, else the result's own check. */
export type NumericFunction = 'negate' | 'percent' | 'abs' | 'sign' | 'sqrt' | 'exp' | 'ln' | 'log10' | 'int';
/** A two-argument numeric function: errors of the first, then the second argument, then the result's. */
export type NumericFunction2 = 'round' | 'roundup' | 'rounddown' | 'mod' | 'power' | 'log';

/** The two-operand operations, numbered for the loops' switches. */
const enum Op2 { Add, Subtract, Multiply, Divide, Power, Round, RoundUp, RoundDown, Mod, Log, Min, Max }

const OPERATORS: Record<ArithmeticOperator, Op2> = { '+': Op2.Add, '-': Op2.Subtract, '*': Op2.Multiply, '/': Op2.Divide, '^': Op2.Power };
const FUNCTIONS2: Record<NumericFunction2, Op2> = { round: Op2.Round, roundup: Op2.RoundUp, rounddown: Op2.RoundDown, mod: Op2.Mod, power: Op2.Power, log: Op2.Log };

export function arithmetic(op: ArithmeticOperator, left: Buffer, right: Buffer, out: Buffer): Run {
  return binary(OPERATORS[op], left, right, out);
}

export function numeric2(fn: NumericFunction2, left: Buffer, right: Buffer, out: Buffer): Run {
  return binary(FUNCTIONS2[fn], left, right, out);
}

/** The two-argument MIN and MAX of the common =MIN(x,y): no fold, no groups. */
export function extreme2(fn: 'min' | 'max', left: Buffer, right: Buffer, out: Buffer): Run {
  return binary(fn === 'min' ? Op2.Min : Op2.Max, left, right, out);
}

function binary(op: Op2, left: Buffer, right: Buffer, out: Buffer): Run {
  return (length) => {
    if (left.clean && right.clean && valuesOnly2(op, left.values, right.values, out.values, length)) {
      out.clean = true;
      return;
    }
    withErrors2(op, left.values, errorsOf(left), right.values, errorsOf(right), out.values, out.errors, length);
    out.clean = false;
  };
}

/** RoundingPlugin's rounding: the digits scale by 10^places, the magnitude is rounded, the sign put back. */
function round(x: number, places: number, rounding: (x: number) => number): number {
  const scale = Math.pow(10, places);
  return x < 0 ? -rounding(-x * scale) / scale : rounding(x * scale) / scale;
}

/** ModuloPlugin.flooredRemainder: the remainder takes the divisor's sign. */
function flooredRemainder(dividend: number, divisor: number): number {
  const remainder = dividend % divisor;
  return remainder === 0 || remainder < 0 === divisor < 0 ? remainder : remainder + divisor;
}

/** addWithEpsilonRaw and subtract: a result tiny next to the left operand is 0 (never, with EPSILON 0). */
function tolerant(left: number, result: number): number {
  return Math.abs(result) < EPSILON * Math.abs(left) ? 0 : result;
}

/** One result, and its own error (0 for none): #DIV/0! for a zero divisor, #NUM! for LOG of a number <= 0. */
function apply2(op: Op2, x: number, y: number): number {
  switch (op) {
    case Op2.Add: return EPSILON === 0 ? x + y : tolerant(x, x + y);
    case Op2.Subtract: return EPSILON === 0 ? x - y : tolerant(x, x - y);
    case Op2.Multiply: return x * y;
    case Op2.Divide: return x / y;
    case Op2.Power: return Math.pow(x, y);
    case Op2.Round: return round(x, y, Math.round);
    case Op2.RoundUp: return round(x, y, Math.ceil);
    case Op2.RoundDown: return round(x, y, Math.floor);
    case Op2.Mod: return flooredRemainder(x, y);
    case Op2.Log: return Math.log(x) / Math.log(y);
    case Op2.Min: return x < y ? x : y;
    case Op2.Max: return x > y ? x : y;
  }
}

/** Values alone; false as soon as one result is not a finite number or an operation fails, so the caller runs withErrors2. */
function valuesOnly2(op: Op2, a: Float64Array, b: Float64Array, o: Float64Array, length: number): boolean {
  // The common operators get loops of their own; the rest share one.
  switch (op) {
    case Op2.Multiply: {
      let finite = true;
      for (let i = 0; i < length; i += 1) {
        const v = (a[i] ?? 0) * (b[i] ?? 0);
        o[i] = v + 0;
        finite &&= v - v === 0;
      }
      return finite;
    }
    case Op2.Add:
    case Op2.Subtract: {
      if (EPSILON !== 0) break;
      const sign = op === Op2.Add ? 1 : -1;
      let finite = true;
      for (let i = 0; i < length; i += 1) {
        const v = (a[i] ?? 0) + sign * (b[i] ?? 0);
        o[i] = v + 0;
        finite &&= v - v === 0;
      }
      return finite;
    }
    case Op2.Divide: {
      let finite = true;
      for (let i = 0; i < length; i += 1) {
        const d = b[i] ?? 0;
        const v = (a[i] ?? 0) / d;
        o[i] = v + 0;
        finite &&= d !== 0 && v - v === 0;
      }
      return finite;
    }
    default:
      break;
  }
  let fine = true;
  for (let i = 0; i < length; i += 1) {
    const x = a[i] ?? 0, y = b[i] ?? 0;
    const v = apply2(op, x, y);
    o[i] = v + 0;
    fine &&= v - v === 0 && ownError2(op, y) === 0;
  }
  return fine;
}

/** The operation's own error where its operands have none: a zero divisor (MOD's too) is #DIV/0!. */
function ownError2(op: Op2, divisor: number): number {
  return (op === Op2.Divide || op === Op2.Mod) && divisor === 0 ? DIV_BY_ZERO : 0;
}

function withErrors2(op: Op2, a: Float64Array, ea: Uint8Array, b: Float64Array, eb: Uint8Array, o: Float64Array, eo: Uint8Array, length: number): void {
  for (let i = 0; i < length; i += 1) {
    const x = a[i] ?? 0, y = b[i] ?? 0;
    const v = apply2(op, x, y);
    o[i] = v + 0;
    // LOG checks each argument (> 0) as it coerces it, before the next argument's error counts.
    eo[i] = op === Op2.Log
      ? (ea[i] ?? 0) || (x <= 0 ? NUM : 0) || (eb[i] ?? 0) || (y <= 0 ? NUM : 0) || (v - v === 0 ? 0 : NUM)
      : (ea[i] ?? 0) || (eb[i] ?? 0) || ownError2(op, y) || (v - v === 0 ? 0 : NUM);
  }
}

const enum Op1 { Negate, Percent, Abs, Sign, Sqrt, Exp, Ln, Log10, Int }

const FUNCTIONS1: Record<NumericFunction, Op1> = {
  negate: Op1.Negate, percent: Op1.Percent, abs: Op1.Abs, sign: Op1.Sign, sqrt: Op1.Sqrt, exp: Op1.Exp, ln: Op1.Ln, log10: Op1.Log10, int: Op1.Int,
};

function apply1(op: Op1, x: number): number {
  switch (op) {
    case Op1.Negate: return -x;
    case Op1.Percent: return x / 100;
    case Op1.Abs: return Math.abs(x);
    case Op1.Sign: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case Op1.Sqrt: return Math.sqrt(x);
    case Op1.Exp: return Math.exp(x);
    case Op1.Ln: return Math.log(x);
    case Op1.Log10: return Math.log10(x);
    // INT rounds down, as Excel and the workbook's INT (src/model/workbook/functions.ts) do: INT(-1.5) is -2.
    case Op1.Int: return Math.floor(x);
  }
}

export function numeric(fn: NumericFunction, operand: Buffer, out: Buffer): Run {
  const op = FUNCTIONS1[fn];
  return (length) => {
    const a = operand.values, o = out.values;
    if (operand.clean) {
      let finite = true;
      for (let i = 0; i < length; i += 1) {
        const v = apply1(op, a[i] ?? 0);
        o[i] = v + 0;
        finite &&= v - v === 0;
      }
      if (finite) {
        out.clean = true;
        return;
      }
    }
    const ea = errorsOf(operand), eo = out.errors;
    for (let i = 0; i < length; i += 1) {
      const v = apply1(op, a[i] ?? 0);
      o[i] = v + 0;
      eo[i] = (ea[i] ?? 0) || (v - v === 0 ? 0 : NUM);
    }
    out.clean = false;
  };
}
