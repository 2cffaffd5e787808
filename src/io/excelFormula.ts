/** Formulas as HyperFormula reads them -> the same formulas as Excel stores them, for the .xlsx export. */
import { printFormula, parseFormula, type CellReference, type FormulaArgument, type FormulaNode, type Spelling } from '../model/formula';

export interface FormulaContext {
  /** The workbook's sheet names as the scenario spells them; references match them ignoring case. */
  sheets: readonly string[];
  /** The defined names (inputs and outputs) as the scenario spells them. */
  names: readonly string[];
}

export type ExcelFormula =
  /** `formula` has no leading "="; `array` asks for it to be entered as an array formula. */
  | { ok: true; formula: string; array: boolean }
  | { ok: false; reason: string };

/** HyperFormula names that Excel spells otherwise (HyperFormula's aliases that Excel lacks). */
const EXCEL_NAMES: Readonly<Record<string, string>> = {
  VARS: 'VAR.S',
  STDEVS: 'STDEV.S',
  COVARIANCEP: 'COVARIANCE.P',
  COVARIANCES: 'COVARIANCE.S',
  SKEWP: 'SKEW.P',
  WEIBULLDIST: 'WEIBULL.DIST',
  TINV2T: 'T.INV.2T',
  TDISTRT: 'T.DIST.RT',
  TDIST2T: 'T.DIST.2T',
  FINVRT: 'F.INV.RT',
  FDISTRT: 'F.DIST.RT',
  CHIDISTRT: 'CHISQ.DIST.RT',
  CHIINVRT: 'CHISQ.INV.RT',
  LOGNORMINV: 'LOGNORM.INV',
  POISSONDIST: 'POISSON.DIST',
};

/**
 * Functions newer than the file format's own list ([MS-XLSX] 2.2.3 "future functions") are stored
 * with a prefix; without it Excel and Gnumeric show #NAME?. Only those HyperFormula implements.
 */
const FUTURE_FUNCTIONS: ReadonlySet<string> = new Set([
  'ACOT', 'ACOTH', 'ARABIC', 'BASE', 'BETA.DIST', 'BETA.INV', 'BINOM.DIST', 'BINOM.INV', 'BITAND', 'BITLSHIFT',
  'BITOR', 'BITRSHIFT', 'BITXOR', 'CEILING.MATH', 'CEILING.PRECISE', 'CHISQ.DIST', 'CHISQ.DIST.RT', 'CHISQ.INV',
  'CHISQ.INV.RT', 'CHISQ.TEST', 'COMBINA', 'CONCAT', 'CONFIDENCE.NORM', 'CONFIDENCE.T', 'COT', 'COTH',
  'COVARIANCE.P', 'COVARIANCE.S', 'CSC', 'CSCH', 'DAYS', 'DECIMAL', 'EXPON.DIST', 'F.DIST', 'F.DIST.RT', 'F.INV',
  'F.INV.RT', 'F.TEST', 'FLOOR.MATH', 'FLOOR.PRECISE', 'FORMULATEXT', 'GAMMA', 'GAMMA.DIST', 'GAMMA.INV',
  'GAMMALN.PRECISE', 'GAUSS', 'HSTACK', 'HYPGEOM.DIST', 'IFNA', 'IFS', 'IMCOSH', 'IMCOT', 'IMCSC', 'IMCSCH', 'IMSEC',
  'IMSECH', 'IMSINH', 'IMTAN', 'ISFORMULA', 'ISOWEEKNUM', 'LOGNORM.DIST', 'LOGNORM.INV', 'MAXIFS', 'MINIFS',
  'NEGBINOM.DIST', 'NORM.DIST', 'NORM.INV', 'NORM.S.DIST', 'NORM.S.INV', 'PDURATION', 'PERCENTILE.EXC',
  'PERCENTILE.INC', 'PHI', 'POISSON.DIST', 'QUARTILE.EXC', 'QUARTILE.INC', 'RRI', 'SEC', 'SECH', 'SEQUENCE', 'SHEET',
  'SHEETS', 'SKEW.P', 'STDEV.P', 'STDEV.S', 'SWITCH', 'T.DIST', 'T.DIST.2T', 'T.DIST.RT', 'T.INV', 'T.INV.2T',
  'T.TEST', 'TEXTJOIN', 'UNICHAR', 'UNICODE', 'UNIQUE', 'VAR.P', 'VAR.S', 'VSTACK', 'WEIBULL.DIST', 'XLOOKUP', 'XOR',
  'Z.TEST',
]);
/** Future functions of Excel's worksheet namespace carry a second prefix. */
const WORKSHEET_FUTURE_FUNCTIONS: ReadonlySet<string> = new Set(['FILTER', 'SORT']);

/**
 * Functions that take a range as it is. Anywhere else a range needs array evaluation, which HyperFormula
 * does everywhere (useArrayArithmetic) but Excel only in an array formula: elsewhere it takes the one
 * cell of the range in the formula's row or column ("implicit intersection"), and so does Gnumeric.
 */
const RANGE_FUNCTIONS: ReadonlySet<string> = new Set([
  'AND', 'AVEDEV', 'AVERAGE', 'AVERAGEA', 'AVERAGEIF', 'AVERAGEIFS', 'CHISQ.TEST', 'CHITEST', 'COLUMN', 'COLUMNS',
  'CONCAT', 'CORREL', 'COUNT', 'COUNTA', 'COUNTBLANK', 'COUNTIF', 'COUNTIFS', 'COUNTUNIQUE', 'COVAR', 'COVARIANCE.P',
  'COVARIANCE.S', 'DAVERAGE', 'DCOUNT', 'DCOUNTA', 'DEVSQ', 'DGET', 'DMAX', 'DMIN', 'DPRODUCT', 'DSTDEV', 'DSTDEVP',
  'DSUM', 'DVAR', 'DVARP', 'F.TEST', 'FILTER', 'FORMULATEXT', 'FTEST', 'FVSCHEDULE', 'GEOMEAN', 'HARMEAN', 'HLOOKUP',
  'INDEX', 'IRR', 'ISFORMULA', 'ISREF', 'LARGE', 'MATCH', 'MAX', 'MAXA', 'MAXIFS', 'MEDIAN', 'MIN', 'MINA', 'MINIFS',
  'MIRR', 'MMULT', 'NPV', 'OFFSET', 'OR', 'PEARSON', 'PERCENTILE', 'PERCENTILE.EXC', 'PERCENTILE.INC', 'PRODUCT',
  'QUARTILE', 'QUARTILE.EXC', 'QUARTILE.INC', 'ROW', 'ROWS', 'RSQ', 'SHEET', 'SKEW', 'SKEW.P', 'SLOPE', 'SMALL', 'SORT',
  'STDEV', 'STDEV.P', 'STDEV.S', 'STDEVA', 'STDEVP', 'STDEVPA', 'STEYX', 'SUBTOTAL', 'SUM', 'SUMIF', 'SUMIFS',
  'SUMPRODUCT', 'SUMSQ', 'SUMX2MY2', 'SUMX2PY2', 'SUMXMY2', 'T.TEST', 'TEXTJOIN', 'TRANSPOSE', 'TTEST', 'UNIQUE', 'VAR',
  'VAR.P', 'VAR.S', 'VARA', 'VARP', 'VARPA', 'VLOOKUP', 'XIRR', 'XLOOKUP', 'XNPV', 'XOR', 'Z.TEST', 'ZTEST',
]);
/** Functions that evaluate their arguments as arrays in any formula, so SUMPRODUCT((A1:A9>5)*A1:A9) needs no array entry. */
const ARRAY_FUNCTIONS: ReadonlySet<string> = new Set(['SUMPRODUCT']);

/** HyperFormula lets ROUND and its kin omit the digits (0); Excel requires them. */
const DIGITS_REQUIRED: ReadonlySet<string> = new Set(['ROUND', 'ROUNDUP', 'ROUNDDOWN']);

/** Excel refuses a string constant longer than this inside a formula. */
const MAX_FORMULA_STRING = 255;

/** Excel's error values; any other (HyperFormula's #CYCLE!, #SPILL!, #ERROR!) has no place in a file. */
const EXCEL_ERRORS = ['#N/A', '#REF!', '#NAME?', '#DIV/0!', '#NULL!', '#VALUE!', '#NUM!'] as const;
export type ExcelError = (typeof EXCEL_ERRORS)[number];
const EXCEL_ERROR_SET: ReadonlySet<string> = new Set(EXCEL_ERRORS);

export function isExcelError(text: string): text is ExcelError {
  return EXCEL_ERROR_SET.has(text);
}

/**
 * A formula as HyperFormula reads it (with its leading "=") -> the same formula as Excel stores it.
 * The grammar is HyperFormula's (its precedence, its string literals, its sheet names); the output
 * differs from the input where the two programs differ:
 * - sheet names quoted by Excel's rules ('2025'!A1), spelled as the sheet is; an unknown sheet is #REF!;
 * - chained powers bracketed, (2^3)^2: HyperFormula and Excel read 2^3^2 from the left, Gnumeric from the right;
 * - string literals: HyperFormula keeps a backslash pair (\") verbatim and has no "" escape; Excel doubles quotes;
 * - numbers and references in canonical form (1e3 -> 1000, a01 -> A1), function names in upper case, with _xlfn. where Excel needs it;
 * - ROUND(x) -> ROUND(x,0); HyperFormula's own aliases (VARS, STDEVS...) -> Excel's names;
 * - a range used as an operand (A1:A3*2, IF(A1:A3>0,...)) asks for an array formula, except inside SUMPRODUCT.
 * Whitespace is dropped (see EXCEL_SPELLING). Formulas that cannot be carried over come back with a reason.
 */
export function toExcelFormula(formula: string, context: FormulaContext): ExcelFormula {
  const parsed = parseFormula(formula);
  if (!parsed.ok) return parsed;
  try {
    const translator = new Translator(context);
    const tree = translator.node(parsed.ast, { direct: false, arrayContext: false });
    return { ok: true, formula: printFormula(tree, EXCEL_SPELLING), array: translator.needsArray };
  } catch (error) {
    if (error instanceof Untranslatable) return { ok: false, reason: error.message };
    throw error;
  }
}

/** A formula HyperFormula reads but Excel could not: the reason goes back to the caller, which writes the text instead. */
class Untranslatable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Untranslatable';
  }
}

/**
 * Numbers in canonical form (1e3 -> 1000, 1e21 -> 1E+21), strings with Excel's quoting, sheet names quoted
 * by Excel's rules. Whitespace is never printed: Gnumeric refuses a space before "," or ":" and a line
 * break anywhere (it reads a space between references as Excel's intersection operator), and HyperFormula ignores it.
 */
const EXCEL_SPELLING: Spelling = {
  number: (value) => String(value).toUpperCase(),
  string: excelString,
  sheet: excelSheetReference,
};

const REF_ERROR: FormulaNode = { kind: 'error', code: '#REF!' };

interface VisitContext {
  /** The node is an argument of a function that takes ranges as they are. */
  direct: boolean;
  /** Some enclosing function evaluates its arguments as arrays anyway. */
  arrayContext: boolean;
}

/** Rewrites a tree into Excel's, noting on the way whether it must be entered as an array formula. */
class Translator {
  needsArray = false;
  private readonly sheets: ReadonlyMap<string, string>;
  private readonly names: ReadonlyMap<string, string>;

  constructor(context: FormulaContext) {
    this.sheets = new Map(context.sheets.map((sheet) => [sheet.toLowerCase(), sheet]));
    this.names = new Map(context.names.map((name) => [name.toUpperCase(), name]));
  }

  node(node: FormulaNode, context: VisitContext): FormulaNode {
    const operand = { direct: false, arrayContext: context.arrayContext };
    switch (node.kind) {
      case 'number':
        if (!Number.isFinite(node.value)) throw new Untranslatable('a number is too large for Excel');
        return node;
      case 'error':
        if (!isExcelError(node.code)) throw new Untranslatable(`Excel has no error value ${node.code}`);
        return node;
      case 'string':
      case 'boolean':
        return node;
      case 'name':
        return { kind: 'name', name: this.names.get(node.name.toUpperCase()) ?? node.name };
      case 'cell': {
        const sheet = this.sheet(node.ref, undefined);
        return sheet === null ? REF_ERROR : { kind: 'cell', ref: { ...node.ref, sheet } };
      }
      case 'cellRange':
      case 'columnRange':
      case 'rowRange': {
        const sheet = this.sheet(node.start, node.end);
        if (sheet === null) return REF_ERROR;
        if (!context.direct && !context.arrayContext) this.needsArray = true;
        // Excel names the sheet once, before the first cell.
        return rangeOn(node, sheet);
      }
      case 'paren':
        return { kind: 'paren', inner: this.node(node.inner, context) };
      case 'unary':
        return { kind: 'unary', op: node.op, operand: this.node(node.operand, operand) };
      case 'percent':
        return { kind: 'percent', operand: this.node(node.operand, operand) };
      case 'binary': {
        const left = this.node(node.left, operand);
        const right = this.node(node.right, operand);
        // Gnumeric reads a^b^c as a^(b^c); HyperFormula and Excel as (a^b)^c, which brackets make plain to all.
        const chained = node.op === '^' && left.kind === 'binary' && left.op === '^';
        return { kind: 'binary', op: node.op, left: chained ? { kind: 'paren', inner: left } : left, right };
      }
      case 'call':
        return this.call(node, context);
      case 'array':
        return {
          kind: 'array',
          rows: node.rows.map((row) =>
            row.map((item) => {
              if (!isConstant(item)) throw new Untranslatable('Excel allows only constants inside { }');
              return this.node(item, context);
            }),
          ),
        };
    }
  }

  private call(node: Extract<FormulaNode, { kind: 'call' }>, context: VisitContext): FormulaNode {
    const name = EXCEL_NAMES[node.name] ?? node.name;
    const prefix = WORKSHEET_FUTURE_FUNCTIONS.has(name) ? '_xlfn._xlws.' : FUTURE_FUNCTIONS.has(name) ? '_xlfn.' : '';
    const inner = { direct: RANGE_FUNCTIONS.has(name), arrayContext: context.arrayContext || ARRAY_FUNCTIONS.has(name) };
    const args: FormulaArgument[] = node.args.map((arg) => (arg.kind === 'empty' ? arg : this.node(arg, inner)));
    if (DIGITS_REQUIRED.has(name) && args.length === 1) args.push({ kind: 'number', value: 0 });
    return { kind: 'call', name: `${prefix}${name}`, args };
  }

  /**
   * The sheet a reference is on, spelled as the workbook spells it (undefined: the formula's own); null
   * where HyperFormula's value is #REF!, and so Excel's: a missing sheet, or a range across two sheets.
   */
  private sheet(start: Pick<CellReference, 'sheet'>, end: Pick<CellReference, 'sheet'> | undefined): string | undefined | null {
    if (start.sheet === undefined && end?.sheet !== undefined) throw new Untranslatable('a range names its sheet before the first cell');
    if (start.sheet === undefined) return undefined;
    const sheet = this.sheets.get(start.sheet.toLowerCase());
    const sameSheet = end?.sheet === undefined || end.sheet.toLowerCase() === start.sheet.toLowerCase();
    return sheet !== undefined && sameSheet ? sheet : null;
  }
}

type RangeNode = Extract<FormulaNode, { kind: 'cellRange' | 'columnRange' | 'rowRange' }>;

/** The range with `sheet` on its first end and none on its second. */
function rangeOn(node: RangeNode, sheet: string | undefined): RangeNode {
  switch (node.kind) {
    case 'cellRange':
      return { kind: node.kind, start: { ...node.start, sheet }, end: { ...node.end, sheet: undefined } };
    case 'columnRange':
      return { kind: node.kind, start: { ...node.start, sheet }, end: { ...node.end, sheet: undefined } };
    case 'rowRange':
      return { kind: node.kind, start: { ...node.start, sheet }, end: { ...node.end, sheet: undefined } };
  }
}

function isConstant(node: FormulaNode): boolean {
  if (node.kind === 'unary') return isConstant(node.operand);
  return node.kind === 'number' || node.kind === 'string' || node.kind === 'error' || node.kind === 'boolean';
}

/** Excel's string constant: quotes doubled, and at most 255 characters, so longer text is joined with &. */
function excelString(value: string): string {
  const quoted = (part: string) => `"${part.replaceAll('"', '""')}"`;
  if (value.length <= MAX_FORMULA_STRING) return quoted(value);
  const parts: string[] = [];
  for (let at = 0; at < value.length; at += MAX_FORMULA_STRING) parts.push(quoted(value.slice(at, at + MAX_FORMULA_STRING)));
  return `(${parts.join('&')})`;
}

/**
 * A sheet name as Excel writes it in a formula: bare when it is a plain identifier that cannot be
 * read as anything else (a cell such as A1, an R1C1 reference, a number, TRUE/FALSE), else quoted.
 */
export function excelSheetReference(sheet: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) &&
    !/^[A-Za-z]{1,3}[0-9]+$/.test(sheet) &&
    !/^[Rr][0-9]*([Cc][0-9]*)?$/.test(sheet) &&
    !/^[Cc][0-9]*$/.test(sheet) &&
    !/^(TRUE|FALSE)$/i.test(sheet);
  return plain ? sheet : `'${sheet.replaceAll("'", "''")}'`;
}

/** `Sheet!B3` or `'Rice quota'!$B$3`, with Excel's quoting. */
export function excelCellReference(sheet: string, local: string): string {
  return `${excelSheetReference(sheet)}!${local}`;
}
