/**
 * A scenario as an Excel workbook with live formulas: every sheet, formulas as formulas, the inputs
 * and outputs as defined names, and a sheet that lists where each input comes from. No fs and no DOM:
 * the bytes go back to the caller, the CLI to write a file, the browser to offer a download.
 *
 * HyperFormula and Excel read most formulas alike; toExcelFormula rewrites the rest (see its comment).
 */
import ExcelJS from 'exceljs';
import type { CellErrorValue, CellFormulaValue, DataValidation, Worksheet } from 'exceljs';
// address.ts itself, not the model's index: the index also re-exports the HyperFormula workbook, and a
// page that lazily imports this module to offer a download must not pull the engine in with it.
import { MAX_COLUMNS, MAX_ROWS, columnIndex, columnLetters, formatLocalAddress, parseCellAddress } from '../model/address';
import type { CellContent, CellError, CellValue, FullScenario, InputDefinition } from '../model';

/** Computed values by sheet name, as evaluateScenario and Workbook.sheetValues give them. */
export interface ScenarioValues {
  sheets: Readonly<Record<string, readonly (readonly CellValue[])[]>>;
}

export interface XlsxOptions {
  /**
   * Store each formula's computed value in the file (default true), so readers that never
   * calculate (previews, pandas) still see numbers. Excel recalculates on opening either way.
   */
  cachedValues?: boolean;
}

/**
 * The scenario as the bytes of an .xlsx file. `values` supplies the cached results and tells which
 * formulas spill over several cells; without them every formula is written without a result.
 */
export async function scenarioToXlsx(
  scenario: FullScenario,
  values: ScenarioValues | undefined,
  options: XlsxOptions = {},
): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'tradesheet';
  book.title = scenario.name;
  book.subject = scenario.id;
  book.description = scenario.description;
  // The file's formulas are ours, not Excel's: have Excel compute them itself rather than trust the cache.
  book.calcProperties = { fullCalcOnLoad: true };

  const sheetNames = Object.keys(scenario.sheets);
  const context: FormulaContext = {
    sheets: sheetNames,
    names: [...Object.keys(scenario.inputs), ...Object.keys(scenario.outputs)],
  };
  const cached = options.cachedValues ?? true;
  const marks = namedCellMarks(scenario);
  for (const name of sheetNames) {
    const sheet = book.addWorksheet(name);
    writeSheet(sheet, scenario.sheets[name] ?? [], values?.sheets[name], context, cached);
    markNamedCells(sheet, marks.get(name) ?? []);
  }
  writeSources(book.addWorksheet(sourcesSheetName(sheetNames)), scenario, values, cached);
  setDefinedNames(book, scenario);
  return toBytes(await book.xlsx.writeBuffer());
}

/** "Sources", or "Sources 2", "Sources 3"... when the scenario has a sheet of that name (names ignore case). */
export function sourcesSheetName(sheetNames: readonly string[]): string {
  const taken = new Set(sheetNames.map((name) => name.toLowerCase()));
  let name = 'Sources';
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `Sources ${n}`;
  return name;
}

/** Column headers of the Sources sheet; one row per input follows, in the scenario's order. */
export const SOURCES_HEADER = ['Input', 'Label', 'Value', 'Unit', 'Cell', 'Min', 'Max', 'Source', 'Article line', 'Article words, or why this number'] as const;

// ---------------------------------------------------------------------------------------------
// Sheets

type Grid = readonly (readonly CellValue[])[];
type ExcelResult = NonNullable<CellFormulaValue['result']>;

/** ExcelJS writes `t="array"` formulas from these two fields, which its type declarations omit. */
type ArrayFormulaValue = CellFormulaValue & { shareType: 'array'; ref: string };

function writeSheet(sheet: Worksheet, rows: readonly (readonly CellContent[])[], grid: Grid | undefined, context: FormulaContext, cached: boolean): void {
  const spills = grid ? spillAreas(rows, grid) : new Map<string, Area>();
  rows.forEach((row, r) => {
    row.forEach((content, c) => {
      if (content === null) return;
      const cell = sheet.getCell(r + 1, c + 1);
      if (typeof content !== 'string' || !content.startsWith('=')) {
        // A scenario built in code could hold NaN or Infinity, which the file format has no number for.
        cell.value = typeof content === 'number' && !Number.isFinite(content) ? { error: '#NUM!' } : content;
        return;
      }
      const value = grid?.[r]?.[c];
      // HyperFormula could not parse it: Excel must not be handed it either (it would call the file corrupt).
      const translated = isCellError(value) && value.error === '#ERROR!' ? undefined : toExcelFormula(content, context);
      if (!translated?.ok) {
        cell.value = content;
        return;
      }
      const area = spills.get(`${r},${c}`);
      const result = cached ? excelResult(value) : undefined;
      const formula: CellFormulaValue = result === undefined ? { formula: translated.formula } : { formula: translated.formula, result };
      if (area || translated.array) {
        const ref = area ? `${formatLocalAddress(r, c)}:${formatLocalAddress(r + area.rows - 1, c + area.cols - 1)}` : formatLocalAddress(r, c);
        const arrayFormula: ArrayFormulaValue = { ...formula, shareType: 'array', ref };
        cell.value = arrayFormula;
      } else {
        cell.value = formula;
      }
      if (area && cached) writeSpilledValues(sheet, r, c, area, grid);
    });
  });
  setColumnWidths(sheet, rows);
}

/** The other cells of an array formula hold only its results. */
function writeSpilledValues(sheet: Worksheet, top: number, left: number, area: Area, grid: Grid | undefined): void {
  for (let r = top; r < top + area.rows; r += 1) {
    for (let c = left; c < left + area.cols; c += 1) {
      if (r === top && c === left) continue;
      const result = excelResult(grid?.[r]?.[c]);
      if (result !== undefined) sheet.getCell(r + 1, c + 1).value = result;
    }
  }
}

function isCellError(value: CellValue | undefined): value is CellError {
  return typeof value === 'object' && value !== null;
}

const EXCEL_ERRORS: ReadonlySet<string> = new Set<CellErrorValue['error']>(['#N/A', '#REF!', '#NAME?', '#DIV/0!', '#NULL!', '#VALUE!', '#NUM!']);

function isExcelError(text: string): text is CellErrorValue['error'] {
  return EXCEL_ERRORS.has(text);
}

/** A computed value as Excel can cache it; HyperFormula's own errors (#CYCLE!, #SPILL!, #ERROR!) have no cached form. */
function excelResult(value: CellValue | undefined): ExcelResult | undefined {
  if (value === undefined || value === null) return undefined;
  if (isCellError(value)) return isExcelError(value.error) ? { error: value.error } : undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return value;
}

interface Area {
  rows: number;
  cols: number;
}

/**
 * With array arithmetic on, a formula such as =A1:A3*2 fills the cells below it. They are empty in the
 * scenario but hold values; each such block belongs to the formula at its top-left corner. Scanning in
 * reading order meets every corner before the blocks of formulas below or to the right of it.
 */
function spillAreas(rows: readonly (readonly CellContent[])[], grid: Grid): Map<string, Area> {
  const claimed = new Set<string>();
  const areas = new Map<string, Area>();
  const spilled = (r: number, c: number) =>
    !claimed.has(`${r},${c}`) && (rows[r]?.[c] ?? null) === null && (grid[r]?.[c] ?? null) !== null;
  rows.forEach((row, r) => {
    row.forEach((content, c) => {
      if (typeof content !== 'string' || !content.startsWith('=')) return;
      let cols = 1;
      while (spilled(r, c + cols)) cols += 1;
      let height = 1;
      while (spilled(r + height, c)) height += 1;
      if (cols === 1 && height === 1) return;
      const cells: string[] = [];
      for (let dr = 0; dr < height; dr += 1) {
        for (let dc = 0; dc < cols; dc += 1) {
          if (dr === 0 && dc === 0) continue;
          if (!spilled(r + dr, c + dc)) return;
          cells.push(`${r + dr},${c + dc}`);
        }
      }
      for (const cell of cells) claimed.add(cell);
      areas.set(`${r},${c}`, { rows: height, cols });
    });
  });
  return areas;
}

function setColumnWidths(sheet: Worksheet, rows: readonly (readonly CellContent[])[]): void {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((content, c) => {
      const text = typeof content === 'string' && !content.startsWith('=') ? content : '';
      widths[c] = Math.max(widths[c] ?? 10, Math.min(60, text.length + 2));
    });
  }
  widths.forEach((width, c) => {
    sheet.getColumn(c + 1).width = width;
  });
}

// ---------------------------------------------------------------------------------------------
// Inputs, outputs and their sources

interface NamedCellMark {
  row: number;
  col: number;
  kind: 'input' | 'output';
  unit: string;
  input?: InputDefinition;
}

function namedCellMarks(scenario: FullScenario): Map<string, NamedCellMark[]> {
  const marks = new Map<string, NamedCellMark[]>();
  const add = (cell: string, mark: Omit<NamedCellMark, 'row' | 'col'>) => {
    const address = parseCellAddress(cell);
    if (!address) return;
    const list = marks.get(address.sheet) ?? [];
    list.push({ ...mark, row: address.row, col: address.col });
    marks.set(address.sheet, list);
  };
  for (const input of Object.values(scenario.inputs)) add(input.cell, { kind: 'input', unit: input.unit, input });
  for (const output of Object.values(scenario.outputs)) add(output.cell, { kind: 'output', unit: output.unit });
  return marks;
}

/** A unit of "%" means the cell holds a fraction shown as a percentage. */
const PERCENT_FORMAT = '0.0%';
const INPUT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } } as const;

/** Inputs are shaded and checked against their bounds, outputs bold: the model's faces, as in the app. */
function markNamedCells(sheet: Worksheet, marks: readonly NamedCellMark[]): void {
  for (const mark of marks) {
    const cell = sheet.getCell(mark.row + 1, mark.col + 1);
    if (mark.unit === '%') cell.numFmt = PERCENT_FORMAT;
    if (mark.kind === 'output') {
      cell.font = { bold: true };
      continue;
    }
    cell.fill = INPUT_FILL;
    const validation = mark.input && boundsValidation(mark.input);
    if (validation) cell.dataValidation = validation;
  }
}

function boundsValidation(input: InputDefinition): DataValidation | undefined {
  const { min, max } = input;
  // Excel refuses a title over 32 characters and a message over 225, so the label goes in the message, cut short.
  const common = { type: 'decimal', allowBlank: false, showErrorMessage: true, errorStyle: 'stop', errorTitle: 'Outside the scenario\'s range' } as const;
  const message = (bounds: string) => `${input.label.slice(0, 180)}: ${bounds}`;
  if (min !== undefined && max !== undefined) {
    return { ...common, operator: 'between', formulae: [min, max], error: message(`from ${min} to ${max}`) };
  }
  if (min !== undefined) return { ...common, operator: 'greaterThanOrEqual', formulae: [min], error: message(`at least ${min}`) };
  if (max !== undefined) return { ...common, operator: 'lessThanOrEqual', formulae: [max], error: message(`at most ${max}`) };
  return undefined;
}

function writeSources(sheet: Worksheet, scenario: FullScenario, values: ScenarioValues | undefined, cached: boolean): void {
  sheet.addRow([...SOURCES_HEADER]).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const [name, input] of Object.entries(scenario.inputs)) {
    const address = parseCellAddress(input.cell);
    const current = address && values?.sheets[address.sheet]?.[address.row]?.[address.col];
    const result = cached ? excelResult(current) : undefined;
    // The value is the defined name itself, so this sheet follows the model when someone edits an input.
    const value: CellFormulaValue = result === undefined ? { formula: name } : { formula: name, result };
    const source = input.source;
    const row = sheet.addRow([
      name,
      input.label,
      value,
      input.unit,
      address ? excelCellReference(address.sheet, formatLocalAddress(address.row, address.col)) : input.cell,
      input.min ?? null,
      input.max ?? null,
      'article' in source ? 'article' : 'assumption',
      'article' in source ? source.article.line : null,
      'article' in source ? source.article.quote : source.assumption,
    ]);
    if (input.unit === '%') row.getCell(3).numFmt = PERCENT_FORMAT;
  }
  [16, 40, 14, 12, 14, 10, 10, 12, 12, 80].forEach((width, c) => {
    sheet.getColumn(c + 1).width = width;
  });
  sheet.getColumn(10).alignment = { wrapText: true, vertical: 'top' };
}

/**
 * Every input and output becomes a workbook-level defined name, so formulas such as =Rate*2 work in
 * Excel as in the app. ExcelJS renders the range itself and leaves sheet names such as "2025" or "A1"
 * unquoted, which Excel cannot read; this workbook's names are rendered here instead.
 */
function setDefinedNames(book: ExcelJS.Workbook, scenario: FullScenario): void {
  const model: { name: string; ranges: string[] }[] = [];
  for (const [name, definition] of [...Object.entries(scenario.inputs), ...Object.entries(scenario.outputs)]) {
    const address = parseCellAddress(definition.cell);
    if (!address) continue;
    const local = `$${columnLetters(address.col)}$${address.row + 1}`;
    model.push({ name, ranges: [excelCellReference(address.sheet, local)] });
  }
  Object.defineProperty(book.definedNames, 'model', { get: () => model });
}

function toBytes(buffer: unknown): Uint8Array {
  // Node's ExcelJS gives a Buffer, the browser build a Buffer polyfill or an ArrayBuffer; callers get a plain copy.
  if (buffer instanceof Uint8Array) return new Uint8Array(buffer);
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  throw new TypeError('ExcelJS returned neither bytes nor an ArrayBuffer');
}

// ---------------------------------------------------------------------------------------------
// Formulas

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

/**
 * A formula as HyperFormula reads it (with its leading "=") -> the same formula as Excel stores it.
 * The grammar is HyperFormula's (its precedence, its string literals, its sheet names); the output
 * differs from the input where the two programs differ:
 * - sheet names quoted by Excel's rules ('2025'!A1), spelled as the sheet is; an unknown sheet is #REF!;
 * - chained powers bracketed, (2^3)^2: HyperFormula and Excel read 2^3^2 from the left, Gnumeric from the right;
 * - string literals: HyperFormula keeps a backslash pair (\") verbatim and has no "" escape; Excel doubles quotes;
 * - numbers in canonical form (1e3 -> 1000) and function names in upper case, with _xlfn. where Excel needs it;
 * - ROUND(x) -> ROUND(x,0); HyperFormula's own aliases (VARS, STDEVS...) -> Excel's names;
 * - a range used as an operand (A1:A3*2, IF(A1:A3>0,...)) asks for an array formula, except inside SUMPRODUCT.
 * Whitespace is dropped (see Translator.text). Formulas that cannot be carried over come back with a reason.
 */
export function toExcelFormula(formula: string, context: FormulaContext): ExcelFormula {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  try {
    const tokens = lex(body);
    const parser = new Parser(tokens);
    const tree = parser.formula();
    const translator = new Translator(tokens, context);
    translator.visit(tree, { direct: false, arrayContext: false });
    return { ok: true, formula: translator.text(), array: translator.needsArray };
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

class FormulaSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaSyntaxError';
  }
}

interface RefPart {
  sheet: string | undefined;
  /** `$A$1`, `A`, `1`: the part after the sheet, in upper case. */
  local: string;
}

type TokenKind = 'number' | 'string' | 'error' | 'function' | 'reference' | 'name' | 'operator' | 'punctuation' | 'end';

interface Token {
  kind: TokenKind;
  /** The token as written (for a string, its contents between the quotes). */
  text: string;
  /** A reference's parts; a column or row range (A:B, 1:3) has an end. */
  ref?: RefPart;
  refEnd?: RefPart;
  /** What the translation writes: text inserted before and after, or a replacement of the token. */
  before: string;
  after: string;
  replacement?: string;
}

const LETTER = 'A-Za-z\\u00C0-\\u02AF';
const NAME_CHAR = `${LETTER}0-9_.`;
const SHEET = `(?:'((?:[^']|'')+)'|([${LETTER}0-9_]+))!`;
const PATTERNS = {
  space: /[ \t\n\r]+/y,
  string: /"([^"\\]*(?:\\.[^"\\]*)*)"/y,
  error: /#[A-Za-z0-9/]+[?!]?/y,
  sheet: new RegExp(SHEET, 'y'),
  function: new RegExp(`([${LETTER}][${NAME_CHAR}]*)\\(`, 'y'),
  columnRange: new RegExp(`(\\$?[A-Za-z]{1,3}):(?:${SHEET})?(\\$?[A-Za-z]{1,3})(?![${NAME_CHAR}])`, 'y'),
  rowRange: new RegExp(`(\\$?[0-9]+):(?:${SHEET})?(\\$?[0-9]+)(?![${NAME_CHAR}])`, 'y'),
  cell: new RegExp(`\\$?([A-Za-z]{1,3})\\$?([0-9]+)(?![${NAME_CHAR}])`, 'y'),
  // HyperFormula reads an exponent only with a small "e".
  number: /(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[+-]?[0-9]+)?/y,
  name: new RegExp(`[${LETTER}_][${NAME_CHAR}]*`, 'y'),
  operator: /<>|<=|>=|[-+*/^&=<>%]/y,
  punctuation: /[(){},;:]/y,
};

const R1C1 = /^[Rr][0-9]*[Cc][0-9]*$/;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function sheetOf(match: RegExpExecArray, quoted: number): string | undefined {
  const name = match[quoted] ?? match[quoted + 1];
  return name?.replaceAll("''", "'");
}

function cellInLimits(match: RegExpExecArray): boolean {
  const row = Number(match[2]);
  return columnIndex(match[1] ?? '') < MAX_COLUMNS && row >= 1 && row <= MAX_ROWS;
}

/** A reference after an optional sheet prefix: a column range, a row range or a cell. */
function lexReference(text: string, at: number, sheet: string | undefined): { token: Omit<Token, 'before' | 'after'>; end: number } | undefined {
  const columns = matchAt(PATTERNS.columnRange, text, at) ?? matchAt(PATTERNS.rowRange, text, at);
  if (columns) {
    const endSheet = sheetOf(columns, 2);
    return {
      token: { kind: 'reference', text: columns[0], ref: { sheet, local: (columns[1] ?? '').toUpperCase() }, refEnd: { sheet: endSheet, local: (columns[4] ?? '').toUpperCase() } },
      end: at + columns[0].length,
    };
  }
  const cell = matchAt(PATTERNS.cell, text, at);
  if (cell && cellInLimits(cell)) {
    return { token: { kind: 'reference', text: cell[0], ref: { sheet, local: cell[0].toUpperCase() } }, end: at + cell[0].length };
  }
  return undefined;
}

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (true) {
    at += matchAt(PATTERNS.space, text, at)?.[0].length ?? 0;
    const push = (token: Omit<Token, 'before' | 'after'>, end: number) => {
      tokens.push({ ...token, before: '', after: '' });
      at = end;
    };
    if (at >= text.length) {
      push({ kind: 'end', text: '' }, at);
      return tokens;
    }
    const char = text[at];
    if (char === '"') {
      const match = matchAt(PATTERNS.string, text, at);
      if (!match) throw new FormulaSyntaxError('a string is not closed');
      push({ kind: 'string', text: match[1] ?? '' }, at + match[0].length);
      continue;
    }
    if (char === '#') {
      const match = matchAt(PATTERNS.error, text, at);
      if (!match) throw new FormulaSyntaxError(`unexpected "#" at ${at + 1}`);
      push({ kind: 'error', text: match[0].toUpperCase() }, at + match[0].length);
      continue;
    }
    const sheet = matchAt(PATTERNS.sheet, text, at);
    if (sheet) {
      const reference = lexReference(text, at + sheet[0].length, sheetOf(sheet, 1));
      if (!reference) throw new FormulaSyntaxError(`"${sheet[0]}" is not followed by a cell or range`);
      push({ ...reference.token, text: text.slice(at, reference.end) }, reference.end);
      continue;
    }
    const fn = matchAt(PATTERNS.function, text, at);
    if (fn) {
      push({ kind: 'function', text: (fn[1] ?? '').toUpperCase() }, at + fn[0].length);
      continue;
    }
    const reference = lexReference(text, at, undefined);
    if (reference) {
      push(reference.token, reference.end);
      continue;
    }
    const simple = (['number', 'name', 'operator', 'punctuation'] as const)
      .map((kind) => ({ kind, match: matchAt(PATTERNS[kind], text, at) }))
      .find(({ match }) => match !== null);
    if (!simple?.match) throw new FormulaSyntaxError(`unexpected "${char ?? ''}" at ${at + 1}`);
    // R1C1 is a cell in Excel's other notation: neither HyperFormula nor Excel reads it as a name.
    if (simple.kind === 'name' && R1C1.test(simple.match[0])) throw new FormulaSyntaxError(`${simple.match[0]} is an R1C1 reference`);
    push({ kind: simple.kind, text: simple.match[0] }, at + simple.match[0].length);
  }
}

type Node =
  | { type: 'leaf'; start: number; end: number }
  /** A single cell, or a range: a cell range spans three tokens (A1, ":", B3), A:B and 1:3 one. */
  | { type: 'cell' | 'range'; start: number; end: number }
  | { type: 'call'; name: string; args: Node[]; close: number; start: number; end: number }
  | { type: 'unary' | 'percent' | 'paren'; operand: Node; start: number; end: number }
  | { type: 'binary'; op: string; left: Node; right: Node; start: number; end: number }
  | { type: 'array'; items: Node[]; start: number; end: number }
  | { type: 'empty'; start: number; end: number };

const COMPARISON = ['=', '<>', '<', '>', '<=', '>='];

/** Recursive descent with HyperFormula's precedence: comparison < & < + - < * / < ^ < unary +- < %. */
class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  formula(): Node {
    const node = this.comparison();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new FormulaSyntaxError(`unexpected "${rest.text}" after the formula`);
    return node;
  }

  private peek(): Token {
    const token = this.tokens[this.index];
    if (!token) throw new FormulaSyntaxError('the formula ends too soon');
    return token;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private expect(text: string): number {
    const token = this.peek();
    if (token.kind !== 'punctuation' || token.text !== text) {
      throw new FormulaSyntaxError(token.kind === 'end' ? `missing "${text}"` : `expected "${text}", found "${token.text}"`);
    }
    this.index += 1;
    return this.index - 1;
  }

  private isOperator(ops: readonly string[]): boolean {
    const token = this.peek();
    return token.kind === 'operator' && ops.includes(token.text);
  }

  private binary(next: () => Node, ops: readonly string[]): Node {
    let left = next();
    while (this.isOperator(ops)) {
      const op = this.take().text;
      const right = next();
      left = { type: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private comparison(): Node {
    return this.binary(() => this.concatenation(), COMPARISON);
  }

  private concatenation(): Node {
    return this.binary(() => this.additive(), ['&']);
  }

  private additive(): Node {
    return this.binary(() => this.multiplicative(), ['+', '-']);
  }

  private multiplicative(): Node {
    return this.binary(() => this.power(), ['*', '/']);
  }

  private power(): Node {
    return this.binary(() => this.unary(), ['^']);
  }

  private unary(): Node {
    if (this.isOperator(['+', '-'])) {
      const start = this.index;
      this.take();
      const operand = this.unary();
      return { type: 'unary', operand, start, end: operand.end };
    }
    const operand = this.primary();
    if (this.isOperator(['%'])) {
      const end = this.index + 1;
      this.take();
      return { type: 'percent', operand, start: operand.start, end };
    }
    return operand;
  }

  private primary(): Node {
    const start = this.index;
    const token = this.take();
    switch (token.kind) {
      case 'number':
      case 'string':
      case 'error':
      case 'name':
        return { type: 'leaf', start, end: start + 1 };
      case 'reference':
        return this.reference(token, start);
      case 'function':
        return this.call(token.text, start);
      case 'punctuation':
        if (token.text === '(') {
          const operand = this.comparison();
          const end = this.expect(')') + 1;
          return { type: 'paren', operand, start, end };
        }
        if (token.text === '{') return this.array(start);
        break;
      default:
        break;
    }
    throw new FormulaSyntaxError(token.kind === 'end' ? 'the formula ends too soon' : `unexpected "${token.text}"`);
  }

  private reference(token: Token, start: number): Node {
    if (token.refEnd) return { type: 'range', start, end: start + 1 };
    const colon = this.peek();
    if (colon.kind !== 'punctuation' || colon.text !== ':') return { type: 'cell', start, end: start + 1 };
    this.take();
    const end = this.take();
    if (end.kind !== 'reference' || end.refEnd) throw new FormulaSyntaxError('a range must end with a cell, as in A1:B3');
    return { type: 'range', start, end: start + 3 };
  }

  private call(name: string, start: number): Node {
    const args: Node[] = [];
    const closing = this.peek();
    if (closing.kind === 'punctuation' && closing.text === ')') {
      this.take();
      return { type: 'call', name, args, close: start + 1, start, end: start + 2 };
    }
    while (true) {
      const next = this.peek();
      const empty = next.kind === 'punctuation' && (next.text === ',' || next.text === ')');
      args.push(empty ? { type: 'empty', start: this.index, end: this.index } : this.comparison());
      const separator = this.peek();
      if (separator.kind === 'punctuation' && separator.text === ',') {
        this.take();
        continue;
      }
      const close = this.expect(')');
      return { type: 'call', name, args, close, start, end: close + 1 };
    }
  }

  private array(start: number): Node {
    const items: Node[] = [this.comparison()];
    while (this.peek().kind === 'punctuation' && (this.peek().text === ',' || this.peek().text === ';')) {
      this.take();
      items.push(this.comparison());
    }
    const end = this.expect('}') + 1;
    return { type: 'array', items, start, end };
  }
}

interface VisitContext {
  /** The node is an argument of a function that takes ranges as they are. */
  direct: boolean;
  /** Some enclosing function evaluates its arguments as arrays anyway. */
  arrayContext: boolean;
}

class Translator {
  needsArray = false;
  private readonly sheets: ReadonlyMap<string, string>;
  private readonly names: ReadonlyMap<string, string>;

  constructor(private readonly tokens: Token[], context: FormulaContext) {
    this.sheets = new Map(context.sheets.map((sheet) => [sheet.toLowerCase(), sheet]));
    this.names = new Map([...context.names, 'TRUE', 'FALSE'].map((name) => [name.toUpperCase(), name]));
  }

  private token(index: number): Token {
    const token = this.tokens[index];
    if (!token) throw new FormulaSyntaxError('the formula ends too soon');
    return token;
  }

  visit(node: Node, context: VisitContext): void {
    switch (node.type) {
      case 'leaf':
        this.leaf(this.token(node.start));
        return;
      case 'cell':
        this.range(node.start, node.end);
        return;
      case 'range':
        if (this.range(node.start, node.end) && !context.direct && !context.arrayContext) this.needsArray = true;
        return;
      case 'paren':
        this.visit(node.operand, context);
        return;
      case 'unary':
      case 'percent':
        this.visit(node.operand, { direct: false, arrayContext: context.arrayContext });
        return;
      case 'binary':
        // Gnumeric reads a^b^c as a^(b^c); HyperFormula and Excel as (a^b)^c, which brackets make plain to all.
        if (node.op === '^' && node.left.type === 'binary' && node.left.op === '^') {
          this.token(node.left.start).before += '(';
          this.token(node.left.end - 1).after += ')';
        }
        this.visit(node.left, { direct: false, arrayContext: context.arrayContext });
        this.visit(node.right, { direct: false, arrayContext: context.arrayContext });
        return;
      case 'call':
        this.call(node, context);
        return;
      case 'array':
        for (const item of node.items) {
          if (!isConstant(item, this.tokens)) throw new FormulaSyntaxError('Excel allows only constants inside { }');
          this.visit(item, context);
        }
        return;
      case 'empty':
        return;
    }
  }

  private call(node: Extract<Node, { type: 'call' }>, context: VisitContext): void {
    const name = EXCEL_NAMES[node.name] ?? node.name;
    const token = this.token(node.start);
    const prefix = WORKSHEET_FUTURE_FUNCTIONS.has(name) ? '_xlfn._xlws.' : FUTURE_FUNCTIONS.has(name) ? '_xlfn.' : '';
    token.replacement = `${prefix}${name}(`;
    if (DIGITS_REQUIRED.has(name) && node.args.length === 1) this.token(node.close).before += ',0';
    const inner = { direct: RANGE_FUNCTIONS.has(name), arrayContext: context.arrayContext || ARRAY_FUNCTIONS.has(name) };
    for (const arg of node.args) this.visit(arg, inner);
  }

  private leaf(token: Token): void {
    switch (token.kind) {
      case 'number': {
        const value = Number(token.text);
        if (!Number.isFinite(value)) throw new FormulaSyntaxError(`${token.text} is too large for a number`);
        token.replacement = String(value).toUpperCase();
        return;
      }
      case 'string':
        token.replacement = excelString(token.text);
        return;
      case 'error':
        if (!isExcelError(token.text)) throw new FormulaSyntaxError(`Excel has no error value ${token.text}`);
        return;
      case 'name':
        token.replacement = this.names.get(token.text.toUpperCase()) ?? token.text;
        return;
      default:
        return;
    }
  }

  /** A cell (one token), a column or row range (one token) or a cell range (cell, ":", cell); false when it became #REF!. */
  private range(start: number, end: number): boolean {
    const first = this.token(start);
    const last = this.token(end - 1);
    const from = first.ref;
    const to = end - start === 3 ? last.ref : first.refEnd;
    if (!from) throw new FormulaSyntaxError('a range must begin with a cell');
    if (from.sheet === undefined && to?.sheet !== undefined) throw new FormulaSyntaxError('a range names its sheet before the first cell');
    const sheet = from.sheet === undefined ? undefined : this.sheets.get(from.sheet.toLowerCase());
    const sameSheet = to?.sheet === undefined || to.sheet.toLowerCase() === from.sheet?.toLowerCase();
    for (let index = start + 1; index < end; index += 1) this.token(index).replacement = '';
    // HyperFormula's value for a missing sheet, or a range across two sheets, is #REF!: so is Excel's.
    if ((from.sheet !== undefined && sheet === undefined) || !sameSheet) {
      first.replacement = '#REF!';
      return false;
    }
    const prefix = sheet === undefined ? '' : `${excelSheetReference(sheet)}!`;
    first.replacement = to ? `${prefix}${from.local}:${to.local}` : `${prefix}${from.local}`;
    return true;
  }

  /**
   * Whitespace is dropped: Gnumeric refuses a space before "," or ":" and a line break anywhere (it
   * reads a space between references as Excel's intersection operator), and HyperFormula ignores it.
   */
  text(): string {
    return this.tokens.map((token) => `${token.before}${token.replacement ?? token.text}${token.after}`).join('');
  }
}

function isConstant(node: Node, tokens: readonly Token[]): boolean {
  if (node.type === 'unary') return isConstant(node.operand, tokens);
  if (node.type !== 'leaf') return false;
  const token = tokens[node.start];
  return token !== undefined && (token.kind === 'number' || token.kind === 'string' || token.kind === 'error' || /^(TRUE|FALSE)$/i.test(token.text));
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
