/** HyperFormula's rules for single values, which a plan settles when it is compiled. */
// What text reads as a number or a boolean, how values of different types compare, how a value prints in
// text. Each rule cites the HyperFormula 3.5.0 code it mirrors (commonjs/interpreter/ArithmeticHelper.js).
import { ENGINE_CONFIG } from '../../workbook/config';
import { VALUE } from './types';

/** A value known when the plan is compiled. `empty` is an empty cell, which HyperFormula keeps apart from 0 and "". */
export type Scalar =
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'empty' }
  | { readonly type: 'error'; readonly code: number };

export const EMPTY: Scalar = { type: 'empty' };
export const number = (value: number): Scalar => ({ type: 'number', value });
export const boolean = (value: boolean): Scalar => ({ type: 'boolean', value });
export const text = (value: string): Scalar => ({ type: 'text', value });
export const error = (code: number): Scalar => ({ type: 'error', code });

/**
 * How close two numbers must be to count as equal, and a sum as 0: HyperFormula's actualEps, which is
 * precisionEpsilon only when smartRounding is on (this project turns it off, so both are exact).
 */
export const EPSILON = (ENGINE_CONFIG.smartRounding ?? true) ? (ENGINE_CONFIG.precisionEpsilon ?? 1e-13) : 0;

/** HyperFormula compares text with this collator (StringHelper.collatorFromConfig, from the engine's settings). */
export const COLLATOR = new Intl.Collator(ENGINE_CONFIG.localeLang ?? 'en', {
  sensitivity: (ENGINE_CONFIG.caseSensitive ?? false)
    ? ((ENGINE_CONFIG.accentSensitive ?? false) ? 'variant' : 'case')
    : ((ENGINE_CONFIG.accentSensitive ?? false) ? 'accent' : 'base'),
  caseFirst: ENGINE_CONFIG.caseFirst ?? 'lower',
  ignorePunctuation: ENGINE_CONFIG.ignorePunctuation ?? false,
});

const DECIMAL = ENGINE_CONFIG.decimalSeparator ?? '.';
const THOUSANDS = ENGINE_CONFIG.thousandSeparator ?? '';
const CURRENCIES = ENGINE_CONFIG.currencySymbol ?? ['$'];
/** NumberLiteralHelper's pattern for the default separators ("." decimal, no thousands separator). */
const NUMERAL = /^[+-]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][+-]?\d+)?$/;
/** DateTimeDefault's quick check: text that fails it is never read as a date or time. */
const MAYBE_DATE = /^[0-9/.\-: ]+[ap]?m?$/;

/** Whether HyperFormula's date parser might read this text as a date or time (defaultParseToDateTime's quick check). */
export function mayReadAsDate(value: string): boolean {
  return MAYBE_DATE.test(value.replace(/\s+/, ' ').trim().toLowerCase());
}

function numeral(value: string): number | undefined {
  if (DECIMAL !== '.' || THOUSANDS !== '') return undefined;
  return NUMERAL.test(value) ? Number(value) : undefined;
}

/**
 * Text in arithmetic (coerceNonDateScalarToMaybeNumber, then dates): "" is 0, "5%" 0.05, "$5" 5, "1e3" 1000,
 * text that cannot be a number #VALUE!. Undefined when the text might read as a date, whose rules the
 * plan does not carry: the caller refuses rather than guess.
 */
export function textAsNumber(value: string): Scalar | undefined {
  if (value === '') return number(0);
  const trimmed = value.trim();
  if (trimmed.endsWith('%')) {
    const percent = numeral(trimmed.slice(0, -1).trim());
    if (percent !== undefined) return number(percent / 100);
  }
  for (const currency of CURRENCIES) {
    const rest = trimmed.startsWith(currency) ? trimmed.slice(currency.length) : trimmed.endsWith(currency) ? trimmed.slice(0, trimmed.length - currency.length) : undefined;
    if (rest === undefined) continue;
    const amount = numeral(rest.trim());
    if (amount !== undefined) return number(amount);
    // HyperFormula tries only the first currency symbol that matches.
    break;
  }
  const plain = numeral(trimmed);
  if (plain !== undefined) return number(plain);
  if (mayReadAsDate(value) || DECIMAL !== '.' || THOUSANDS !== '') return undefined;
  return error(VALUE);
}

/** coerceScalarToBoolean for text: TRUE and FALSE in any case, "" false, anything else #VALUE!. */
export function textAsBoolean(value: string): Scalar {
  const upper = value.toUpperCase();
  if (upper === 'TRUE') return boolean(true);
  if (upper === 'FALSE' || upper === '') return boolean(false);
  return error(VALUE);
}

/** coerceScalarToString: how & writes a value. */
export function asText(value: Scalar): Scalar {
  switch (value.type) {
    case 'text':
    case 'error':
      return value;
    case 'empty':
      return text('');
    case 'number':
      return text(value.value.toString());
    case 'boolean':
      return text(value.value ? 'TRUE' : 'FALSE');
  }
}

/** CellValueTypeOrd: how values of different types order (empty < number < text < boolean). */
export const TYPE_ORDER = { empty: 0, number: 1, text: 2, boolean: 3 } as const;
