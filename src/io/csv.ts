/**
 * Sheets and outputs to CSV and back. Pure: data in, text out. Papaparse does the quoting; the typing
 * of fields and the formula-injection escape are ours, because papaparse cannot write -0, TRUE or an
 * error value, and its own `escapeFormulae` misses multi-line text (the `.` in its pattern stops at a newline).
 */
import Papa from 'papaparse';
import type { CellContent, CellValue, Comparison, GoalSeekResult, OutputValue, Sweep, Tornado, TwoInputTable } from '../model';
// Not from '../model', whose index loads HyperFormula: a command refusing a bad file must not wait for it.
import { sheetWidth } from '../model/scenario';
import type { Simulation } from '../model/analysis/simulation';

/** Every record, the last included, ends with CRLF: RFC 4180's line ending, and what Excel writes. */
const CSV_LINE_END = '\r\n';
const BYTE_ORDER_MARK = '\uFEFF';

export interface CsvOptions {
  /** Prepends U+FEFF so Excel reads the file as UTF-8 (Japanese text included) instead of the ANSI code page. */
  bom?: boolean;
}

export interface ScenarioOutput {
  /** The scenario's id. */
  scenario: string;
  output: OutputValue;
}

const OUTPUTS_CSV_HEADER = ['scenario', 'output', 'label', 'unit', 'value'] as const;

/** What `String(n)` writes for a finite double, and what a person types as a number; no leading "+". */
const NUMERAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/**
 * Text a spreadsheet would run as a formula (OWASP CSV injection), behind any apostrophes of our escape;
 * the full-width ＝＋－＠ too, which a Japanese-locale spreadsheet may read as their ASCII forms.
 */
const FORMULA_START = /^'*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
/** Text that carries our escape: one apostrophe more than the text had. */
const ESCAPED_TEXT = /^'+[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
const ENDS_WITH_LINE_END = /[\r\n]$/;
const AT_SIGN = 64;
const FULL_WIDTH_PLUS = 0xff0b;
const FULL_WIDTH_AT_SIGN = 0xff20;

/** HyperFormula's error values and Excel's others, as both spell them in a cell. */
const ERROR_TEXTS = new Set([
  '#DIV/0!', '#N/A', '#NAME?', '#NUM!', '#REF!', '#VALUE!', '#NULL!', '#CYCLE!', '#ERROR!', '#LIC!', '#SPILL!', '#CALC!',
]);

/**
 * A leading apostrophe makes a spreadsheet show the text instead of running it. Text that already
 * begins with apostrophes before such a character gets one more, so reading can always remove one.
 */
function escapeText(text: string): string {
  // Every character that can start a formula or our escape is at most "@" (64) or full-width: letters skip the regexes.
  const first = text.charCodeAt(0);
  if (first > AT_SIGN && (first < FULL_WIDTH_PLUS || first > FULL_WIDTH_AT_SIGN)) return text;
  return FORMULA_START.test(text) && !NUMERAL.test(text) ? `'${text}` : text;
}

/** A field as papaparse takes it: a number it writes with `toString()`, text it only quotes, null it leaves empty. */
type Field = number | string | null;

function cellField(value: CellValue): Field {
  switch (typeof value) {
    case 'number':
      // toString() is the shortest text that reads back as the same double, except that it drops the sign of -0.
      if (Object.is(value, -0)) return '-0';
      // JSON.stringify writes toString()'s digits without V8's number-to-string cache, which keeps every
      // string it makes alive into the old generation: an export's memory would grow with the file.
      return Number.isFinite(value) ? JSON.stringify(value) : value;
    case 'string':
      return escapeText(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    default:
      return value === null ? null : value.error;
  }
}

/** The row itself when papaparse can write every cell as it is (text that needs no escape, empty cells), else a copy with the others converted. */
function rowFields(row: readonly CellValue[]): readonly Field[] {
  let converted: Field[] | undefined;
  for (let col = 0; col < row.length; col += 1) {
    const value = row[col] ?? null;
    const field = cellField(value);
    // Each cell left unconverted is its own field: text, null or a number that is not finite.
    if (field !== value) (converted ??= row.slice() as Field[])[col] = field;
  }
  return converted ?? (row as readonly Field[]);
}

/** A sheet's rows as records of `width` fields each: a row may be shorter than others, and the cells it lacks are empty. */
function sheetRecords(rows: readonly (readonly CellValue[])[], width: number): (readonly Field[])[] {
  return rows.map((row) => {
    const fields = rowFields(row);
    return fields.length < width ? [...fields, ...new Array<null>(width - fields.length).fill(null)] : fields;
  });
}

function gridToCsv(rows: readonly (readonly Field[])[], options: CsvOptions | undefined): string {
  const body = rows.length === 0 ? '' : Papa.unparse(rows as Field[][], { newline: CSV_LINE_END }) + CSV_LINE_END;
  return options?.bom ? BYTE_ORDER_MARK + body : body;
}

/** Rows in one piece of a streamed CSV: a few hundred kB of text, and papaparse's cost per call is lost in it. */
const CSV_CHUNK_ROWS = 1000;

/** Every record ends with CRLF and papaparse quotes each field on its own, so the pieces join into gridToCsv's text. */
function* gridToCsvChunks(rows: readonly (readonly CellValue[])[], options: CsvOptions | undefined): Generator<string, void, undefined> {
  if (options?.bom) yield BYTE_ORDER_MARK;
  const width = sheetWidth(rows);
  for (let start = 0; start < rows.length; start += CSV_CHUNK_ROWS) {
    yield gridToCsv(sheetRecords(rows.slice(start, start + CSV_CHUNK_ROWS), width), undefined);
  }
}

/** A sheet's values with no header row: CSV row 1 is sheet row 1 and the first field is column A. */
export function sheetValuesToCsv(values: readonly (readonly CellValue[])[], options?: CsvOptions): string {
  return gridToCsv(sheetRecords(values, sheetWidth(values)), options);
}

/**
 * sheetValuesToCsv's text in pieces of up to 1,000 rows (the byte order mark, when asked for, first and
 * alone), to write to a file as they come: the whole text is never in memory at once.
 */
export function sheetValuesToCsvChunks(values: readonly (readonly CellValue[])[], options?: CsvOptions): Generator<string, void, undefined> {
  return gridToCsvChunks(values, options);
}

/**
 * Each cell's formula text or literal, at the cell's own address. Formulas are escaped like any text
 * beginning with "=": the file is for reading the model, so a spreadsheet must show them, not run them.
 */
export function sheetContentsToCsv(contents: readonly (readonly CellContent[])[], options?: CsvOptions): string {
  return gridToCsv(sheetRecords(contents, sheetWidth(contents)), options);
}

/** sheetContentsToCsv's text in pieces, as sheetValuesToCsvChunks gives sheetValuesToCsv's. */
export function sheetContentsToCsvChunks(contents: readonly (readonly CellContent[])[], options?: CsvOptions): Generator<string, void, undefined> {
  return gridToCsvChunks(contents, options);
}

/** Tidy outputs: the header, then one row per scenario and output. */
export function outputsToCsv(rows: readonly ScenarioOutput[], options?: CsvOptions): string {
  const records = rows.map(({ scenario, output }) => [
    escapeText(scenario),
    escapeText(output.name),
    escapeText(output.label),
    escapeText(output.unit),
    cellField(output.value),
  ]);
  return gridToCsv([[...OUTPUTS_CSV_HEADER], ...records], options);
}

export class CsvParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvParseError';
  }
}

function fieldValue(field: string): CellValue {
  if (field === '') return null;
  if (NUMERAL.test(field)) return Number(field);
  if (field === 'TRUE') return true;
  if (field === 'FALSE') return false;
  if (ERROR_TEXTS.has(field)) return { error: field, message: '' };
  return ESCAPED_TEXT.test(field) ? field.slice(1) : field;
}

/**
 * The inverse of sheetValuesToCsv. CSV has no types, so text that reads as a number, TRUE/FALSE or an
 * error text comes back as that value, and empty text comes back as an empty cell.
 */
export function parseSheetCsv(text: string): CellValue[][] {
  // Papa.parse drops a leading BOM itself; the delimiter is fixed because guessing fails on one column.
  const parsed = Papa.parse<string[]>(text, { delimiter: ',' });
  const [problem] = parsed.errors;
  if (problem) throw new CsvParseError(`CSV row ${(problem.row ?? 0) + 1}: ${problem.message}`);
  // The terminator after the last record is not the start of another, empty one.
  if (ENDS_WITH_LINE_END.test(text)) parsed.data.pop();
  return parsed.data.map((record) => record.map(fieldValue));
}

/** A tidy table: the header, then one record per observation, each field typed and escaped as a cell. */
export function tableToCsv(header: readonly string[], records: readonly (readonly CellValue[])[], options?: CsvOptions): string {
  return gridToCsv([header.map(escapeText), ...records.map(rowFields)], options);
}

export const COMPARISON_CSV_HEADER = ['scenario', 'output', 'label', 'unit', 'value', 'baseline_value', 'delta', 'delta_pct'] as const;

/** One row per scenario and output; a missing output or delta is an empty field, never 0. delta_pct is in percent. */
export function comparisonToCsv(comparison: Comparison, options?: CsvOptions): string {
  return tableToCsv(COMPARISON_CSV_HEADER, comparison.rows.map((row) => [
    row.scenario, row.output, row.label, row.unit, row.value ?? null, row.baselineValue ?? null, row.delta,
    row.deltaShare === null ? null : row.deltaShare * 100,
  ]), options);
}

export const SWEEP_CSV_HEADER = ['input', 'input_value', 'output', 'value'] as const;

export function sweepToCsv(sweep: Sweep, options?: CsvOptions): string {
  return tableToCsv(SWEEP_CSV_HEADER, sweep.points.flatMap((point) =>
    sweep.outputs.map((output) => [sweep.input, point.inputValue, output, point.outputs[output] ?? null])), options);
}

export const TWO_INPUT_CSV_HEADER = ['row_input', 'row_value', 'column_input', 'column_value', 'output', 'value'] as const;

export function twoInputTableToCsv(table: TwoInputTable, options?: CsvOptions): string {
  return tableToCsv(TWO_INPUT_CSV_HEADER, table.rowValues.flatMap((rowValue, i) =>
    table.columnValues.map((columnValue, j) => [table.rowInput, rowValue, table.columnInput, columnValue, table.output, table.cells[i]?.[j] ?? null])), options);
}

export const TORNADO_CSV_HEADER = ['output', 'input', 'label', 'unit', 'base_value', 'low_value', 'high_value', 'output_at_low', 'output_at_high', 'swing'] as const;

export function tornadoToCsv(result: Tornado, options?: CsvOptions): string {
  return tableToCsv(TORNADO_CSV_HEADER, result.bars.map((bar) => [
    result.output, bar.input, bar.label, bar.unit, bar.baseValue, bar.lowValue, bar.highValue, bar.outputAtLow, bar.outputAtHigh, bar.swing,
  ]), options);
}

export const GOAL_SEEK_CSV_HEADER = ['input', 'output', 'target', 'found', 'input_value', 'output_value', 'iterations', 'message'] as const;

export function goalSeekToCsv(result: GoalSeekResult, options?: CsvOptions): string {
  return tableToCsv(GOAL_SEEK_CSV_HEADER, [[
    result.input, result.output, result.target, result.found, result.inputValue, result.outputValue, result.iterations, result.message,
  ]], options);
}

/** One scenario's simulation, as the command line and the page both hold it. */
export interface SimulatedScenario {
  /** The scenario's id. */
  scenario: string;
  simulation: Simulation;
  /** Every input of the scenario, in its order, at its value in the workbook: one without a range holds it at every draw. */
  inputs: readonly { name: string; value: CellValue }[];
}

export const SIMULATION_SUMMARY_CSV_HEADER = ['scenario', 'output', 'label', 'unit', 'mean', 'sd', 'min', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'max'] as const;

/** A statistic or a simulated value as a field: NaN (an error point, the sd of one point) is empty, never 0 or "NaN". */
const finiteOrEmpty = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

/** One row per scenario and output; an output with no numeric point has its statistics empty. */
export function simulationSummaryToCsv(scenarios: readonly Pick<SimulatedScenario, 'scenario' | 'simulation'>[], options?: CsvOptions): string {
  return tableToCsv(SIMULATION_SUMMARY_CSV_HEADER, scenarios.flatMap(({ scenario, simulation }) => simulation.outputs.map((output) => {
    const { summary } = output;
    const statistics = summary
      ? [summary.mean, summary.sd, summary.min, summary.p5, summary.p10, summary.p25, summary.p50, summary.p75, summary.p90, summary.p95, summary.max].map(finiteOrEmpty)
      : new Array<null>(SIMULATION_SUMMARY_CSV_HEADER.length - 4).fill(null);
    return [scenario, output.name, output.label, output.unit, ...statistics];
  })), options);
}

/** Names in the first list's order, then each later list's new ones: the columns all the scenarios' rows share. */
function unionOfNames(lists: readonly (readonly { name: string }[])[]): string[] {
  const names = new Set<string>();
  for (const list of lists) for (const { name } of list) names.add(name);
  return [...names];
}

/**
 * Every draw wide, one row per draw and scenario, the scenarios of one draw together: draw (from 1),
 * scenario, each input's value at the draw (a ranged input's draw, another's fixed value), each output's
 * value (empty for an error point). A column a scenario does not have is empty in its rows. In pieces of
 * up to 1,000 rows, the header in the first: a million draws never sit in memory as one text.
 */
export function* simulationDrawsToCsvChunks(scenarios: readonly SimulatedScenario[], options?: CsvOptions): Generator<string, void, undefined> {
  const inputNames = unionOfNames(scenarios.map((entry) => entry.inputs));
  const outputNames = unionOfNames(scenarios.map((entry) => entry.simulation.outputs));
  // Per scenario, each column's value at draw i, looked up once rather than by name on every row.
  const columnsOf = scenarios.map(({ simulation, inputs }) => {
    const draws = new Map(simulation.inputs.map((input) => [input.name, input.draws]));
    const fixed = new Map(inputs.map((input) => [input.name, input.value]));
    const values = new Map(simulation.outputs.map((output) => [output.name, output.values]));
    return [
      ...inputNames.map((name): ((i: number) => CellValue) => {
        const column = draws.get(name);
        if (column) return (i) => column[i] ?? null;
        const value = fixed.get(name) ?? null;
        return () => value;
      }),
      ...outputNames.map((name): ((i: number) => CellValue) => {
        const column = values.get(name);
        return column ? (i) => finiteOrEmpty(column[i]) : () => null;
      }),
    ];
  });
  const samples = Math.max(0, ...scenarios.map((entry) => entry.simulation.samples));
  if (options?.bom) yield BYTE_ORDER_MARK;
  let rows: (readonly Field[])[] = [['draw', 'scenario', ...inputNames, ...outputNames].map(escapeText)];
  for (let i = 0; i < samples; i += 1) {
    for (const [s, entry] of scenarios.entries()) {
      if (i < entry.simulation.samples) rows.push(rowFields([i + 1, entry.scenario, ...(columnsOf[s] ?? []).map((valueAt) => valueAt(i))]));
    }
    if (rows.length >= CSV_CHUNK_ROWS) {
      yield gridToCsv(rows, undefined);
      rows = [];
    }
  }
  if (rows.length > 0) yield gridToCsv(rows, undefined);
}

/** simulationDrawsToCsvChunks's text in one piece: what the page offers as a download. */
export function simulationDrawsToCsv(scenarios: readonly SimulatedScenario[], options?: CsvOptions): string {
  return [...simulationDrawsToCsvChunks(scenarios, options)].join('');
}
