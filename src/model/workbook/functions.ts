/**
 * Functions HyperFormula 3.5.0 computes otherwise than Excel, or lacks, replaced or added as a function
 * plugin. Registering is global in HyperFormula (a static registry read when an instance is built), so
 * registerExcelFunctions runs once, before any instance is built: mends.ts calls it before its spare
 * engine and before every build. Each function says which difference it mends; test/model/conformance.test.ts
 * checks them against IronCalc and Gnumeric, and the README's difference table lists what is left.
 */
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { FunctionMetadata, FunctionPluginDefinition, ImplementedFunctions } from 'hyperformula';
import { format as formatNumber, parseValue } from 'numfmt';

/** HyperFormula does not export its AST and state types; they are read off the Interpreter a plugin is handed. */
type Interpreter = ConstructorParameters<FunctionPluginDefinition>[0];
type Ast = Parameters<Interpreter['evaluateAst']>[0];
type State = Parameters<Interpreter['evaluateAst']>[1];
interface Call {
  args: Ast[];
}
/** A method of one of HyperFormula's own plugins, called on a plugin of ours. */
type LookupMethod = (this: unknown, ...args: unknown[]) => ReturnType<Interpreter['evaluateAst']>;

/** A number HyperFormula keeps with a format (a date, a percent) is an object holding the number as `val`. */
function rawValue(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !(value instanceof CellError) && !(value instanceof SimpleRangeValue)) {
    const val: unknown = Reflect.get(value, 'val');
    if (typeof val === 'number') return val;
  }
  return value;
}

/** Excel's order for an approximate match: numbers, then text (case-insensitive), then booleans; other kinds never match. */
function kindOf(value: unknown): 'number' | 'text' | 'boolean' | undefined {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'boolean';
  return undefined;
}

function notGreater(value: number | string | boolean, key: number | string | boolean): boolean {
  if (typeof value === 'string' && typeof key === 'string') return value.toLowerCase() <= key.toLowerCase();
  return value <= key;
}

/** A range or array argument as rows of plain values; a single value as a 1x1 array. */
function rowsOf(argument: unknown): unknown[][] {
  if (argument instanceof SimpleRangeValue) return argument.data.map((row) => row.map(rawValue));
  return [[rawValue(argument)]];
}

/** The format options that make numfmt format as Excel's TEXT does (en-US, Excel's date bounds, errors thrown). */
const TEXT_OPTIONS = { locale: 'en-US', throws: true, dateErrorThrows: true, dateSpanLarge: false, leap1900: true, nbsp: false } as const;

const DAY_MS = 86_400_000;
/** Day 0 of HyperFormula's (and, from 1 March 1900 on, Excel's) serial dates. */
const EPOCH = Date.UTC(1899, 11, 30);
const toDate = (serial: number) => new Date(EPOCH + Math.floor(serial) * DAY_MS);
const toSerial = (year: number, month: number, day: number) => Math.round((Date.UTC(year, month, day) - EPOCH) / DAY_MS);
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
/** The largest serial Excel shows as a date, 31 December 9999. */
const LAST_SERIAL = 2_958_465;

function isoWeek(serial: number): number {
  const date = toDate(serial);
  const weekday = (date.getUTCDay() + 6) % 7;
  // The Thursday of the date's week decides its year; week 1 holds that year's first Thursday.
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday + 3);
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / DAY_MS / 7) + 1;
}

/** WEEKNUM's return types and the weekday (0 Sunday) each starts its weeks on; 21 is the ISO week. */
const WEEK_STARTS: Readonly<Record<number, number>> = { 1: 0, 2: 1, 11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 16: 6, 17: 0 };

/** Every value of the arguments, ranges and arrays flattened, each with whether it was typed as an argument itself. */
function valuesOf(args: readonly unknown[]): { value: unknown; direct: boolean }[] {
  return args.flatMap((argument): { value: unknown; direct: boolean }[] =>
    argument instanceof SimpleRangeValue ? argument.data.flat().map((value) => ({ value: rawValue(value), direct: false })) : [{ value: rawValue(argument), direct: true }],
  );
}

/** Pearson's correlation of the pairs in which both are numbers; #DIV/0! where either side does not vary, as Excel. */
function correlation(xs: unknown, ys: unknown): number | CellError {
  const left = rowsOf(xs).flat();
  const right = rowsOf(ys).flat();
  if (left.length !== right.length) return new CellError(ErrorType.NA, 'The ranges differ in size.');
  const pairs: [number, number][] = [];
  for (let index = 0; index < left.length; index += 1) {
    const x = left[index];
    const y = right[index];
    if (x instanceof CellError) return x;
    if (y instanceof CellError) return y;
    if (typeof x === 'number' && typeof y === 'number') pairs.push([x, y]);
  }
  if (pairs.length === 0) return new CellError(ErrorType.DIV_BY_ZERO);
  const meanX = pairs.reduce((sum, [x]) => sum + x, 0) / pairs.length;
  const meanY = pairs.reduce((sum, [, y]) => sum + y, 0) / pairs.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0 || syy === 0) return new CellError(ErrorType.DIV_BY_ZERO, 'A range does not vary.');
  return sxy / Math.sqrt(sxx * syy);
}

/** Excel's wildcards as a regular expression's source: ? one character, * any run, ~ escapes either. */
export function wildcardSource(pattern: string): string {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern.charAt(index);
    const next = pattern.charAt(index + 1);
    if (char === '~' && (next === '*' || next === '?' || next === '~')) {
      source += `\\${next}`;
      index += 1;
    } else if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return source;
}

/** A wildcard pattern over the whole text, case-insensitive, as MATCH and COUNTIF read it in Excel. */
const wildcardPattern = (pattern: string) => new RegExp(`^${wildcardSource(pattern)}$`, 'i');

function pmt(rate: number, periods: number, present: number, future: number, type: number): number {
  if (rate === 0) return (-present - future) / periods;
  const term = Math.pow(1 + rate, periods);
  return ((future * rate + present * rate * term) * (type ? 1 / (1 + rate) : 1)) / (1 - term);
}

function fv(rate: number, periods: number, payment: number, present: number, type: number): number {
  if (rate === 0) return -present - payment * periods;
  const term = Math.pow(1 + rate, periods);
  return (payment * (type ? 1 + rate : 1) * (1 - term)) / rate - present * term;
}

function ipmt(rate: number, period: number, periods: number, present: number, future: number, type: number): number {
  const payment = pmt(rate, periods, present, future, type);
  if (period === 1) return rate * (type ? 0 : -present);
  return rate * (type ? fv(rate, period - 2, payment, present, type) - payment : fv(rate, period - 1, payment, present, type));
}

const ROMAN_NUMERALS: readonly (readonly [string, number])[] = [
  ['M', 1000], ['CM', 900], ['D', 500], ['CD', 400], ['C', 100], ['XC', 90], ['L', 50], ['XL', 40], ['X', 10], ['IX', 9], ['V', 5], ['IV', 4], ['I', 1],
];

const NUMBER = { argumentType: FunctionArgumentType.NUMBER } as const;
const STRING = { argumentType: FunctionArgumentType.STRING } as const;
const RANGE = { argumentType: FunctionArgumentType.RANGE } as const;
/** The built-in function's metadata (so its result keeps its number format, a date's for instance) with another method. */
function replacing(name: string, method: string): FunctionMetadata {
  const builtIn = HyperFormula.getFunctionPlugin(name)?.implementedFunctions[name];
  return { ...builtIn, method };
}

export class ExcelFunctionsPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    // HyperFormula truncates toward zero (INT(-2.5) is -2); Excel rounds down, to -3.
    INT: { method: 'int', parameters: [NUMBER] },
    // HyperFormula reads only a few format codes (TEXT(1300000,"#,##0") gave "1300000,##0", "0.0%" did not
    // multiply by 100); numfmt reads Excel's format codes in full: sections, grouping, scaling, percent,
    // exponents, fractions, dates and times, literal text.
    TEXT: { method: 'text', parameters: [{ argumentType: FunctionArgumentType.SCALAR }, STRING] },
    // HyperFormula 3.5 has no LOOKUP.
    LOOKUP: {
      method: 'lookup',
      parameters: [{ argumentType: FunctionArgumentType.NOERROR }, { argumentType: FunctionArgumentType.ANY }, { argumentType: FunctionArgumentType.ANY, optionalArg: true }],
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
    },
    // HyperFormula multiplied text and TRUE in a range as numbers (SUMPRODUCT of "007" and 12 was 84); Excel counts them as 0.
    SUMPRODUCT: { method: 'sumproduct', parameters: [RANGE], repeatLastArgs: 1 },
    // PRODUCT of no number was 1 in HyperFormula; 0 in Excel.
    PRODUCT: { method: 'product', parameters: [{ argumentType: FunctionArgumentType.ANY }], repeatLastArgs: 1 },
    // CEILING(x,0) was #DIV/0!; Excel gives 0.
    CEILING: { method: 'ceiling', parameters: [NUMBER, NUMBER] },
    // CEILING.MATH and FLOOR.MATH had their mode the wrong way round for negative numbers.
    'CEILING.MATH': { method: 'ceilingMath', parameters: [NUMBER, { ...NUMBER, defaultValue: 1 }, { ...NUMBER, defaultValue: 0 }] },
    'FLOOR.MATH': { method: 'floorMath', parameters: [NUMBER, { ...NUMBER, defaultValue: 1 }, { ...NUMBER, defaultValue: 0 }] },
    // CHOOSE(2.9,...) was #NUM!; Excel truncates the index, and an index out of range is #VALUE!.
    CHOOSE: { ...replacing('CHOOSE', 'choose'), parameters: [NUMBER, { argumentType: FunctionArgumentType.SCALAR, passSubtype: true }], repeatLastArgs: 1 },
    // EDATE(31 January 2024, 1) gave 28 February; Excel 29 February. EOMONTH(d,1.9) was #NUM!; Excel truncates the months.
    EDATE: { ...replacing('EDATE', 'edate'), parameters: [NUMBER, NUMBER] },
    EOMONTH: { ...replacing('EOMONTH', 'eomonth'), parameters: [NUMBER, NUMBER] },
    // ISOWEEKNUM of 31 December 2024 was 53; it is in week 1 of 2025. WEEKNUM(d,21) is the ISO week.
    ISOWEEKNUM: { method: 'isoweeknum', parameters: [NUMBER] },
    WEEKNUM: { method: 'weeknum', parameters: [NUMBER, { ...NUMBER, defaultValue: 1 }] },
    // ISEVEN(2.9) was FALSE and ISODD(-3) FALSE; Excel truncates, and -3 is odd.
    ISEVEN: { method: 'iseven', parameters: [NUMBER] },
    ISODD: { method: 'isodd', parameters: [NUMBER] },
    // SUBSTITUTE("abc","","x") gave "xaxbxcx"; Excel leaves the text as it is.
    SUBSTITUTE: { method: 'substitute', parameters: [STRING, STRING, STRING, { ...NUMBER, optionalArg: true }] },
    // VALUE("$1,000") and VALUE("-1,234") were #VALUE!; Excel reads grouping, currency and dates as typed in a cell.
    VALUE: { method: 'value', parameters: [{ argumentType: FunctionArgumentType.SCALAR }] },
    DATEVALUE: { ...replacing('DATEVALUE', 'datevalue'), parameters: [STRING] },
    // COUNTBLANK did not count empty text ("" from a formula, or typed); Excel does.
    COUNTBLANK: { method: 'countblank', parameters: [{ argumentType: FunctionArgumentType.SCALAR }], repeatLastArgs: 1, expandRanges: true },
    // CORREL, PEARSON and RSQ of a range that does not vary were #NUM!; Excel #DIV/0!.
    CORREL: { method: 'correl', parameters: [RANGE, RANGE] },
    PEARSON: { method: 'correl', parameters: [RANGE, RANGE] },
    RSQ: { method: 'rsq', parameters: [RANGE, RANGE] },
    // IPMT and PPMT of a period outside 1..nper computed a number; Excel #NUM!.
    IPMT: { method: 'ipmt', parameters: [NUMBER, NUMBER, NUMBER, NUMBER, { ...NUMBER, defaultValue: 0 }, { ...NUMBER, defaultValue: 0 }] },
    PPMT: { method: 'ppmt', parameters: [NUMBER, NUMBER, NUMBER, NUMBER, { ...NUMBER, defaultValue: 0 }, { ...NUMBER, defaultValue: 0 }] },
    // DDB of period 0 was the first period's depreciation; Excel wants every argument positive, #NUM!.
    DDB: { method: 'ddb', parameters: [NUMBER, NUMBER, NUMBER, NUMBER, { ...NUMBER, defaultValue: 2 }] },
    // ROMAN(0) was #NUM!, and so were -1 and 4000; Excel gives "" for 0 and #VALUE! out of 1..3999.
    ROMAN: { method: 'roman', parameters: [NUMBER, { argumentType: FunctionArgumentType.NOERROR, defaultValue: 0 }] },
    // GEOMEAN multiplied before taking the root, so GEOMEAN(1e200,1e200) overflowed to #NUM!; Excel gives 1e200.
    GEOMEAN: { method: 'geomean', parameters: [{ argumentType: FunctionArgumentType.ANY }], repeatLastArgs: 1 },
  };

  int(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('INT'), (value: number) => Math.floor(value));
  }

  text(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('TEXT'), (value: unknown, pattern: string) => {
      let shown = rawValue(value);
      if (shown instanceof CellError) return shown;
      if (shown === EmptyValue) shown = 0;
      // Text that reads as a number (or a date) is formatted as that number, as in Excel.
      if (typeof shown === 'string') {
        const number = rawValue(this.coerceScalarToNumberOrError(shown));
        if (typeof number === 'number') shown = number;
      }
      if (typeof shown === 'boolean') return shown ? 'TRUE' : 'FALSE';
      try {
        return formatNumber(pattern, shown, TEXT_OPTIONS);
      } catch {
        return new CellError(ErrorType.VALUE, `TEXT cannot show this value in the format "${pattern}".`);
      }
    });
  }

  /**
   * LOOKUP(value, lookup_vector, [result_vector]) and LOOKUP(value, array), as Excel: an approximate match,
   * the last entry of the value's kind not greater than it (the data sorted ascending); errors and other
   * kinds are skipped, which keeps LOOKUP(2,1/(A1:A9<>""),A1:A9) finding the last filled cell. The array
   * form searches the first row when the array is wider than tall, else the first column, and returns
   * from the last row or column.
   */
  lookup(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('LOOKUP'), (keyArgument: unknown, lookupArgument: unknown, resultArgument: unknown) => {
      const key = rawValue(keyArgument === EmptyValue ? 0 : keyArgument);
      if (typeof key !== 'number' && typeof key !== 'string' && typeof key !== 'boolean') return new CellError(ErrorType.VALUE);
      const table = rowsOf(lookupArgument);
      const height = table.length;
      const width = table[0]?.length ?? 0;
      if (height === 0 || width === 0) return new CellError(ErrorType.NA);
      let searched: unknown[];
      let results: unknown[];
      if (resultArgument !== undefined) {
        if (height > 1 && width > 1) return new CellError(ErrorType.NA, 'LOOKUP needs a row or a column to search.');
        searched = table.flat();
        results = rowsOf(resultArgument).flat();
      } else if (width > height) {
        searched = table[0] ?? [];
        results = table[height - 1] ?? [];
      } else {
        searched = table.map((row) => row[0]);
        results = table.map((row) => row[width - 1]);
      }
      const kind = kindOf(key);
      let found = -1;
      searched.forEach((value, index) => {
        if (kindOf(value) === kind && notGreater(value as number | string | boolean, key)) found = index;
      });
      if (found < 0) return new CellError(ErrorType.NA, 'LOOKUP found no value not greater than the one sought.');
      const result = results[found];
      if (result === undefined) return new CellError(ErrorType.NA, 'LOOKUP: the result vector is shorter than the one searched.');
      return result === EmptyValue ? 0 : (result as number);
    });
  }

  sumproduct(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('SUMPRODUCT'), (...ranges: SimpleRangeValue[]) => {
      const first = ranges[0];
      if (!first) return new CellError(ErrorType.NA);
      const grids = ranges.map((range) => range.data);
      if (ranges.some((range) => range.width() !== first.width() || range.height() !== first.height())) {
        return new CellError(ErrorType.VALUE, 'SUMPRODUCT needs ranges of one size.');
      }
      let total = 0;
      for (let row = 0; row < first.height(); row += 1) {
        for (let col = 0; col < first.width(); col += 1) {
          let product = 1;
          for (const grid of grids) {
            const value = rawValue(grid[row]?.[col]);
            if (value instanceof CellError) return value;
            product *= typeof value === 'number' ? value : 0;
          }
          total += product;
        }
      }
      return total;
    });
  }

  product(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('PRODUCT'), (...args: unknown[]) => {
      let product = 1;
      let counted = 0;
      for (const number of this.numbersOf(args)) {
        if (number instanceof CellError) return number;
        product *= number;
        counted += 1;
      }
      return counted === 0 ? 0 : product;
    });
  }

  /**
   * The numbers an aggregate reads from its arguments, in order. Typed as an argument, text that reads as
   * a number and TRUE/FALSE count; inside a range they do not. The first error met is the last item.
   */
  private *numbersOf(args: unknown[]): Generator<number | CellError> {
    for (const { value, direct } of valuesOf(args)) {
      const number: unknown = direct && (typeof value === 'string' || typeof value === 'boolean') ? rawValue(this.coerceScalarToNumberOrError(value)) : value;
      if (number instanceof CellError) {
        yield number;
        return;
      }
      if (typeof number === 'number') yield number;
    }
  }

  roman(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('ROMAN'), (value: number, form: unknown) => {
      const number = Math.trunc(value);
      if (number === 0) return '';
      if (number < 0 || number > 3999) return new CellError(ErrorType.VALUE, 'ROMAN takes 0 to 3999.');
      if (form !== 0 && form !== true) {
        // The concise forms 1 to 4 are HyperFormula's own (its arguments read a second time).
        const builtIn: unknown = Reflect.get(HyperFormula.getFunctionPlugin('ARABIC')?.prototype ?? {}, 'roman');
        return typeof builtIn === 'function' ? (builtIn as LookupMethod).call(this, ast, state) : new CellError(ErrorType.VALUE);
      }
      let rest = number;
      let text = '';
      for (const [letters, worth] of ROMAN_NUMERALS) {
        for (; rest >= worth; rest -= worth) text += letters;
      }
      return text;
    });
  }

  geomean(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('GEOMEAN'), (...args: unknown[]) => {
      let logs = 0;
      let counted = 0;
      for (const number of this.numbersOf(args)) {
        if (number instanceof CellError) return number;
        if (number <= 0) return new CellError(ErrorType.NUM, 'GEOMEAN takes positive numbers.');
        logs += Math.log(number);
        counted += 1;
      }
      return counted === 0 ? new CellError(ErrorType.NUM) : Math.exp(logs / counted);
    });
  }

  ddb(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('DDB'), (cost: number, salvage: number, life: number, period: number, factor: number) => {
      if (cost < 0 || salvage < 0 || life <= 0 || period <= 0 || factor <= 0 || period > life) return new CellError(ErrorType.NUM);
      // HyperFormula's own computation from here on.
      const rate = Math.min(factor / life, 1);
      const before = rate === 1 ? (period === 1 ? cost : 0) : cost * Math.pow(1 - rate, period - 1);
      return Math.max(before - Math.max(salvage, cost * Math.pow(1 - rate, period)), 0);
    });
  }

  ceiling(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('CEILING'), (value: number, significance: number) => {
      if (value === 0 || significance === 0) return 0;
      if (value > 0 && significance < 0) return new CellError(ErrorType.NUM, 'CEILING of a positive number needs a positive significance.');
      return Math.ceil(value / significance) * significance;
    });
  }

  ceilingMath(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('CEILING.MATH'), (value: number, significance: number, mode: number) => {
      const step = Math.abs(significance);
      if (step === 0 || value === 0) return 0;
      // A mode other than 0 rounds a negative number away from zero.
      return (value < 0 && mode !== 0 ? Math.floor(value / step) : Math.ceil(value / step)) * step;
    });
  }

  floorMath(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('FLOOR.MATH'), (value: number, significance: number, mode: number) => {
      const step = Math.abs(significance);
      if (step === 0 || value === 0) return 0;
      // A mode other than 0 rounds a negative number toward zero.
      return (value < 0 && mode !== 0 ? Math.ceil(value / step) : Math.floor(value / step)) * step;
    });
  }

  choose(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('CHOOSE'), (index: number, ...choices: unknown[]) => {
      const chosen = Math.trunc(index);
      if (chosen < 1 || chosen > choices.length) return new CellError(ErrorType.VALUE, 'CHOOSE: the index is not one of the choices.');
      return choices[chosen - 1] as number;
    });
  }

  edate(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('EDATE'), (start: number, months: number) => {
      if (start < 0) return new CellError(ErrorType.NUM);
      const date = toDate(start);
      const month = date.getUTCMonth() + Math.trunc(months);
      const year = date.getUTCFullYear() + Math.floor(month / 12);
      const monthOfYear = ((month % 12) + 12) % 12;
      const serial = toSerial(year, monthOfYear, Math.min(date.getUTCDate(), daysInMonth(year, monthOfYear)));
      return serial < 0 || serial > LAST_SERIAL ? new CellError(ErrorType.NUM) : serial;
    });
  }

  eomonth(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('EOMONTH'), (start: number, months: number) => {
      if (start < 0) return new CellError(ErrorType.NUM);
      const date = toDate(start);
      const serial = toSerial(date.getUTCFullYear(), date.getUTCMonth() + Math.trunc(months) + 1, 0);
      return serial < 0 || serial > LAST_SERIAL ? new CellError(ErrorType.NUM) : serial;
    });
  }

  isoweeknum(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('ISOWEEKNUM'), (serial: number) => (serial < 0 ? new CellError(ErrorType.NUM) : isoWeek(serial)));
  }

  weeknum(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('WEEKNUM'), (serial: number, type: number) => {
      if (serial < 0) return new CellError(ErrorType.NUM);
      if (type === 21) return isoWeek(serial);
      const start = WEEK_STARTS[type];
      if (start === undefined) return new CellError(ErrorType.NUM, 'WEEKNUM: no such return type.');
      const date = toDate(serial);
      const janFirst = new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
      const dayOfYear = Math.round((date.getTime() - janFirst.getTime()) / DAY_MS);
      return Math.floor((dayOfYear + ((janFirst.getUTCDay() - start + 7) % 7)) / 7) + 1;
    });
  }

  iseven(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('ISEVEN'), (value: number) => Math.trunc(value) % 2 === 0);
  }

  isodd(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('ISODD'), (value: number) => Math.trunc(value) % 2 !== 0);
  }

  substitute(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('SUBSTITUTE'), (text: string, old: string, replacement: string, instance: number | undefined) => {
      if (instance !== undefined && Math.trunc(instance) < 1) return new CellError(ErrorType.VALUE, 'SUBSTITUTE: the instance must be 1 or more.');
      if (old === '') return text;
      if (instance === undefined) return text.split(old).join(replacement);
      let at = -1;
      for (let count = 0; count < Math.trunc(instance); count += 1) {
        at = text.indexOf(old, at + 1);
        if (at < 0) return text;
      }
      return text.slice(0, at) + replacement + text.slice(at + old.length);
    });
  }

  /** What HyperFormula reads as a number, else what Excel reads in a cell typed en-US (grouping, currency, dates). */
  private readNumber(text: string): number | CellError {
    const ours = rawValue(this.coerceScalarToNumberOrError(text));
    if (typeof ours === 'number') return ours;
    const theirs = text.trim() === '' ? undefined : parseValue(text.trim(), { locale: 'en-US' });
    return typeof theirs?.value === 'number' ? theirs.value : new CellError(ErrorType.VALUE, `"${text}" does not read as a number.`);
  }

  value(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('VALUE'), (argument: unknown) => {
      const value = rawValue(argument);
      if (value instanceof CellError || typeof value === 'number') return value;
      if (value === EmptyValue) return 0;
      if (typeof value !== 'string' || value.trim() === '') return new CellError(ErrorType.VALUE, 'VALUE reads text that is a number.');
      return this.readNumber(value);
    });
  }

  datevalue(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('DATEVALUE'), (text: string) => {
      if (text.trim() === '') return new CellError(ErrorType.VALUE, 'DATEVALUE reads text that is a date.');
      const number = this.readNumber(text);
      return typeof number === 'number' ? Math.floor(number) : number;
    });
  }

  countblank(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('COUNTBLANK'), (...values: unknown[]) => values.filter((value) => value === EmptyValue || value === '').length);
  }

  correl(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('CORREL'), (xs: SimpleRangeValue, ys: SimpleRangeValue) => correlation(xs, ys));
  }

  rsq(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('RSQ'), (ys: SimpleRangeValue, xs: SimpleRangeValue) => {
      const r = correlation(ys, xs);
      return typeof r === 'number' ? r * r : r;
    });
  }

  ipmt(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('IPMT'), (rate: number, period: number, periods: number, present: number, future: number, type: number) =>
      period < 1 || period > periods ? new CellError(ErrorType.NUM, 'The period must be from 1 to the number of periods.') : ipmt(rate, period, periods, present, future, type),
    );
  }

  ppmt(ast: Call, state: State) {
    return this.runFunction(ast.args, state, this.metadata('PPMT'), (rate: number, period: number, periods: number, present: number, future: number, type: number) =>
      period < 1 || period > periods
        ? new CellError(ErrorType.NUM, 'The period must be from 1 to the number of periods.')
        : pmt(rate, periods, present, future, type) - ipmt(rate, period, periods, present, future, type),
    );
  }
}

/**
 * MATCH and HLOOKUP mended on HyperFormula's own lookup plugin, kept for its indexed search: a subclass
 * made when registering, since HyperFormula exports the plugin class only through getFunctionPlugin.
 */
function mendedLookups(): FunctionPluginDefinition | undefined {
  const Base = HyperFormula.getFunctionPlugin('MATCH');
  const doMatch: unknown = Base && Reflect.get(Base.prototype, 'doMatch');
  const doHlookup: unknown = Base && Reflect.get(Base.prototype, 'doHlookup');
  if (!Base || typeof doMatch !== 'function' || typeof doHlookup !== 'function') return undefined;
  class ExcelLookups extends Base {
    // MATCH(..., 0) read * and ? as themselves; Excel reads them as wildcards there, as VLOOKUP and XLOOKUP do.
    match(ast: Call, state: State) {
      return this.runFunction(ast.args, state, this.metadata('MATCH'), (key: unknown, range: SimpleRangeValue, type: number) => {
        if (type === 0 && typeof key === 'string' && /[*?~]/.test(key) && (range.width() === 1 || range.height() === 1)) {
          const pattern = wildcardPattern(key);
          const index = range.data.flat().findIndex((value) => typeof value === 'string' && pattern.test(value));
          return index < 0 ? new CellError(ErrorType.NA, 'Value not found.') : index + 1;
        }
        return (doMatch as LookupMethod).call(this, key === EmptyValue ? 0 : key, range, type);
      });
    }

    // HLOOKUP over an array ({"a","b";1,2}) was #VALUE!; Excel searches it as a range.
    hlookup(ast: Call, state: State) {
      return this.runFunction(ast.args, state, this.metadata('HLOOKUP'), (key: unknown, range: SimpleRangeValue, index: number, sorted: boolean) => {
        if (index < 1) return new CellError(ErrorType.VALUE, 'The row index is less than 1.');
        if (index > range.height()) return new CellError(ErrorType.REF, 'The row index is past the range.');
        const options = { ordering: sorted ? 'asc' : 'none', ifNoMatch: sorted ? 'returnLowerBound' : 'returnNotFound' };
        return (doHlookup as LookupMethod).call(this, key === EmptyValue ? 0 : key, range, index - 1, options);
      });
    }
  }
  return ExcelLookups;
}

let registered = false;

/** Registers the plugins with HyperFormula, once; every engine built afterwards uses their functions. */
export function registerExcelFunctions(): void {
  if (registered) return;
  registered = true;
  // Each function's name in the languages HyperFormula has: LOOKUP is new, the others keep theirs.
  const names = Object.fromEntries(Object.keys(ExcelFunctionsPlugin.implementedFunctions).map((name) => [name, name]));
  HyperFormula.registerFunctionPlugin(ExcelFunctionsPlugin, { enGB: names, enUS: names });
  const lookups = mendedLookups();
  if (lookups) {
    HyperFormula.registerFunction('MATCH', lookups);
    HyperFormula.registerFunction('HLOOKUP', lookups);
  }
}
