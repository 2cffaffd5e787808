/**
 * "Import CSV into a sheet", without the page: bytes -> text (UTF-8, or another encoding said so) ->
 * a preview with the delimiter -> cells, parsed in chunks with progress and cancel. Papaparse splits
 * the fields; the typing is ours. A column becomes numbers only when every value below its header is
 * a numeral a double holds exactly, so codes ("007") and long ids stay text; nothing becomes a
 * formula unless the caller asks. Pure: no DOM, no fs; the page brings the bytes and applies the cells.
 */
import Papa from 'papaparse';
// Not '../model': a page that lazily imports this module must not pull the engine in with it.
import { MAX_COLUMNS, MAX_ROWS, columnLetters } from '../model/address';
import type { CellContent } from '../model';

/** A browser holds a sheet this size comfortably; larger files are usually not meant for one sheet. */
export const MAX_CSV_IMPORT_BYTES = 50 * 1024 * 1024;
/** Excel's limits, which the workbook keeps. */
export const MAX_CSV_IMPORT_ROWS = MAX_ROWS;
export const MAX_CSV_IMPORT_COLUMNS = MAX_COLUMNS;
/** HyperFormula needs ~100 bytes a cell: 5 million cells is half a gigabyte. */
export const MAX_CSV_IMPORT_CELLS = 5_000_000;
/** Characters parsed between two yields to the event loop: ~10 ms of work. */
export const DEFAULT_CSV_CHUNK_CHARS = 1 << 20;

const MEGABYTE = 1024 * 1024;
const DELIMITERS_TO_GUESS = [',', ';', '\t', '|'];
/** The preview reads this much of the text: ten rows of any real file. */
const PREVIEW_CHARS = 1 << 20;
/** Ragged rows and similar lists name this many rows, then a count. */
const ROWS_NAMED = 10;

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'windows-1252';

export interface DecodedCsv {
  ok: true;
  text: string;
  encoding: CsvEncoding;
  /** For the user when the file was not UTF-8: which encoding was assumed, so they can check the text. */
  note?: string;
}

export interface CsvProblem {
  ok: false;
  problem: string;
  /** The CSV record (1 = the first) where the problem is, when it is in one. */
  row?: number;
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another zip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** Refused by its size alone, so a page can say so before it reads a file too large to hold. */
export function csvSizeProblem(size: number): CsvProblem | undefined {
  if (size <= MAX_CSV_IMPORT_BYTES) return undefined;
  return { ok: false, problem: `a CSV file may be at most ${MAX_CSV_IMPORT_BYTES / MEGABYTE} MB; this one is ${(size / MEGABYTE).toFixed(1)} MB` };
}

function decode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    // ignoreBOM keeps a byte order mark in the text, where parsing strips it (a BOM decides the encoding before this).
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** UTF-16 without a byte order mark: most of the even (big-endian) or odd (little-endian) bytes are zero. */
function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (sample.length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] === 0) {
      if (index % 2 === 0) evenZeros += 1;
      else oddZeros += 1;
    }
  }
  const pairs = Math.floor(sample.length / 2);
  if (oddZeros > pairs * 0.6 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros === 0) return 'utf-16be';
  return undefined;
}

/** Control characters other than tab, line feed, form feed and carriage return: text has almost none. */
function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) controls += 1;
  }
  return controls > Math.max(2, sample.length * 0.01);
}

/**
 * Latin-1 letters decode as Shift_JIS too ("é" then a letter is a rare kanji, "Ä" a half-width kana).
 * Japanese text mostly uses the lead bytes 0x81-0x9F (kana and the common kanji); Western text
 * yields the rare kanji of leads 0xE0-0xFC and half-width kana instead.
 */
function readsAsJapanese(bytes: Uint8Array): boolean {
  let common = 0;
  let unusual = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index] ?? 0;
    if (byte < 0x80) continue;
    if (byte >= 0xa1 && byte <= 0xdf) {
      unusual += 1;
      continue;
    }
    if (byte <= 0x9f) common += 1;
    else unusual += 1;
    index += 1;
  }
  return common > unusual;
}

/**
 * Bytes -> text. UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as they are; any other
 * bytes are tried as Shift_JIS (Japanese statistics portals and Excel on Japanese Windows write it),
 * then as Windows-1252, and the result says so. A binary file (a workbook, a PDF, NUL bytes, many
 * control characters) is refused before anything is parsed.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv | CsvProblem {
  const tooBig = csvSizeProblem(bytes.length);
  if (tooBig) return tooBig;
  const withBom = (bom: number[], encoding: CsvEncoding, label: string): DecodedCsv | CsvProblem => {
    const text = decode(bytes.subarray(bom.length), label);
    return text === undefined
      ? { ok: false, problem: `the file begins with a ${label.toUpperCase()} byte order mark but is not valid ${label.toUpperCase()} text` }
      : { ok: true, text, encoding };
  };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return withBom([0xef, 0xbb, 0xbf], 'utf-8-bom', 'utf-8');
  if (startsWith(bytes, [0xff, 0xfe])) return withBom([0xff, 0xfe], 'utf-16le', 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return withBom([0xfe, 0xff], 'utf-16be', 'utf-16be');
  const signature = SIGNATURES.find((candidate) => startsWith(bytes, candidate.bytes));
  if (signature) return { ok: false, problem: `this is ${signature.what}, not CSV text; save it as CSV (UTF-8) first` };
  const sample = bytes.subarray(0, 64 * 1024);
  const utf16 = utf16WithoutBom(sample);
  if (utf16) {
    const text = decode(bytes, utf16);
    if (text !== undefined) return { ok: true, text, encoding: utf16, note: `The file has no byte order mark; it was read as ${utf16.toUpperCase()}.` };
  }
  if (looksBinary(sample)) return { ok: false, problem: 'this is a binary file, not CSV text (it holds NUL bytes or control characters)' };
  const utf8 = decode(bytes, 'utf-8');
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'utf-8' };
  const shiftJis = decode(bytes, 'shift_jis');
  if (shiftJis !== undefined && readsAsJapanese(bytes)) {
    return { ok: true, text: shiftJis, encoding: 'shift_jis', note: 'The file is not UTF-8; it was read as Shift_JIS (Japanese). Check that the text reads correctly.' };
  }
  const western = decode(bytes, 'windows-1252');
  if (western !== undefined) {
    return { ok: true, text: western, encoding: 'windows-1252', note: 'The file is not UTF-8; it was read as Windows-1252 (Western European). Check that accented letters read correctly.' };
  }
  return { ok: false, problem: 'the file is not text in UTF-8, UTF-16, Shift_JIS or Windows-1252' };
}

export interface CsvPreview {
  /** The detected (or given) delimiter: ",", ";", tab or "|". */
  delimiter: string;
  linebreak: '\r\n' | '\n' | '\r';
  /** The first rows, as the fields papaparse split them: untyped text. */
  rows: string[][];
  /** All of them when the preview reached the end, else an estimate from the length of the rows read. */
  estimatedRows: number;
}

function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function asLinebreak(value: string): CsvPreview['linebreak'] {
  return value === '\r\n' || value === '\r' ? value : '\n';
}

/** The first rows and what they say about the file: its delimiter, its line ends, its length in rows. */
export function previewCsv(text: string, rows = 10, delimiter?: string): CsvPreview {
  const body = withoutBom(text);
  // Papa splits all its input on line ends before it stops at `preview` rows: it gets the start only.
  const start = body.slice(0, PREVIEW_CHARS);
  // Papa's guess counts an empty line (the one after the last line end, too) as a row of one field,
  // which makes a short ";" file look ragged; guessing skips empty lines, the preview keeps them.
  const guessed = delimiter ?? Papa.parse<string[]>(start, { preview: 20, skipEmptyLines: 'greedy', delimitersToGuess: DELIMITERS_TO_GUESS }).meta.delimiter;
  const parsed = Papa.parse<string[]>(start, { preview: rows, delimiter: guessed });
  const reachedEnd = start.length === body.length && parsed.meta.cursor >= body.length;
  const data = reachedEnd ? dropFinalEmptyRecord(parsed.data, body) : parsed.data;
  const estimatedRows = reachedEnd || parsed.meta.cursor === 0 ? data.length : Math.round((body.length / parsed.meta.cursor) * data.length);
  return { delimiter: parsed.meta.delimiter, linebreak: asLinebreak(parsed.meta.linebreak), rows: data, estimatedRows };
}

/** The line end after the last record does not begin another, empty one. */
function dropFinalEmptyRecord(records: string[][], text: string): string[][] {
  const last = records.at(-1);
  if (last && last.length === 1 && last[0] === '' && /[\r\n]$/.test(text)) return records.slice(0, -1);
  return records;
}

export interface CsvImportOptions {
  /** As previewCsv detected it, when not given. */
  delimiter?: string;
  /** 'as-text' (the default): a field beginning with "=" is text, kept with a leading apostrophe; 'evaluate': it is a formula. */
  formulas?: 'as-text' | 'evaluate';
  /** Leading rows that are headers: kept as text and left out of the typing of their columns. Default: the first row, when it holds no number and a later row does. */
  headerRows?: number;
  onProgress?: (progress: CsvImportProgress) => void;
  /** Aborting rejects the promise with the signal's reason; nothing has been written anywhere. */
  signal?: AbortSignal;
  /** Characters parsed between two yields to the event loop. */
  chunkChars?: number;
}

export interface CsvImportProgress {
  stage: 'parsing' | 'typing';
  /** Rows parsed (or typed) so far. */
  rows: number;
  /** From 0 to 1 over the whole import. */
  fraction: number;
}

export type CsvColumnType = 'number' | 'text' | 'empty';

export interface CsvSheet {
  /** Rectangular: every row as long as the widest. */
  cells: CellContent[][];
  delimiter: string;
  headerRows: number;
  columnTypes: CsvColumnType[];
  /** What the user should know: padded rows, columns kept as text and why, fields beginning with "=". */
  warnings: string[];
}

export type CsvImportResult = { ok: true; value: CsvSheet } | CsvProblem;

/** A numeral as a person or a program writes one, without leading zeros ("007" is a code, not 7). */
const PLAIN_NUMERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The significant digits and the decimal exponent of a numeral, such as "1234e-2" for "12.340". */
function decimalDigits(numeral: string): string {
  const match = /^(-?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(numeral);
  if (!match) return numeral;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  const leading = /^0*/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  return digits === '' ? '0' : `${sign}${digits}e${point - digits.length}`;
}

/**
 * The number a field holds exactly, or undefined: a plain numeral whose value a double keeps
 * ("0.1" and "1.50" do; "12345678901234567890", "1e400" and "1e-400" do not).
 */
export function exactNumber(field: string): number | undefined {
  if (!PLAIN_NUMERAL.test(field)) return undefined;
  const value = Number(field);
  if (!Number.isFinite(value)) return undefined;
  return decimalDigits(field) === decimalDigits(String(value)) ? value : undefined;
}

/** Whether the first row names the columns: it holds no number, and a later row does. */
export function firstRowIsHeader(rows: readonly (readonly string[])[]): boolean {
  const holdsNumber = (row: readonly string[]) => row.some((field) => exactNumber(field) !== undefined);
  const [first, ...rest] = rows;
  return first !== undefined && !holdsNumber(first) && rest.some(holdsNumber);
}

interface ParseState {
  rows: string[][];
  /** Where the next record starts in the text. */
  cursor: number;
  done: boolean;
  problem?: CsvProblem;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

function rowWhere(text: string, record: number, offset: number): string {
  const line = lineAt(text, offset);
  return line === record ? `row ${record}` : `row ${record} (line ${line})`;
}

/**
 * Parses from the state's cursor through the next `chunk` characters, keeping the last record for the
 * next call when the chunk ends inside it. A chunk in which no record ends is parsed again, longer.
 */
function parseChunk(text: string, delimiter: string, linebreak: string, state: ParseState, chunk: number): void {
  let end = Math.min(text.length, state.cursor + chunk);
  for (;;) {
    const last = end >= text.length;
    const parser = new Papa.Parser({ delimiter, newline: linebreak as Papa.ParseConfig['newline'], quoteChar: '"' });
    const result = parser.parse(text.slice(state.cursor, end), state.cursor, !last) as Papa.ParseResult<string[]>;
    // Quote errors in the record held back for the next chunk are reported when that record is parsed whole.
    const error = result.errors.find((candidate) => candidate.type === 'Quotes' && (last || (candidate.row ?? 0) < result.data.length));
    if (error) {
      const record = state.rows.length + (error.row ?? 0) + 1;
      const where = rowWhere(text, record, state.cursor + (error.index ?? 0));
      const problem = error.code === 'MissingQuotes'
        ? `${where}: a quoted field opens and never closes, so the rest of the file would be one cell; check the quotes of this row`
        : `${where}: a quoted field is not closed properly: its closing quote must be followed by the delimiter or the end of the line (a quote inside a quoted field is written twice: "")`;
      state.problem = { ok: false, problem, row: record };
      return;
    }
    if (result.data.length > 0 || last) {
      for (const record of result.data) state.rows.push(record);
      state.cursor = last ? text.length : result.meta.cursor;
      state.done = last;
      return;
    }
    end = Math.min(text.length, end + Math.max(chunk, end - state.cursor));
  }
}

function limitProblem(rows: readonly string[][], from: number): CsvProblem | undefined {
  if (rows.length > MAX_CSV_IMPORT_ROWS) {
    return { ok: false, problem: `the file has more than ${MAX_CSV_IMPORT_ROWS} rows, Excel's limit; split it into several files`, row: MAX_CSV_IMPORT_ROWS + 1 };
  }
  for (let index = from; index < rows.length; index += 1) {
    const length = rows[index]?.length ?? 0;
    if (length > MAX_CSV_IMPORT_COLUMNS) {
      return { ok: false, problem: `row ${index + 1} has ${length} fields, more than Excel's ${MAX_CSV_IMPORT_COLUMNS} columns; is the delimiter right?`, row: index + 1 };
    }
  }
  return undefined;
}

function namedRows(rows: readonly number[]): string {
  const named = rows.slice(0, ROWS_NAMED).join(', ');
  return rows.length > ROWS_NAMED ? `${named} and ${rows.length - ROWS_NAMED} more` : named;
}

/** The typing, padding and warnings, once every record is parsed; `rows` here are the records of fields. */
class Typing {
  readonly width: number;
  readonly headerRows: number;
  readonly columnTypes: CsvColumnType[];
  readonly warnings: string[] = [];
  private formulaFields = 0;

  constructor(private readonly rows: readonly string[][], private readonly options: CsvImportOptions) {
    this.width = rows.reduce((widest, row) => Math.max(widest, row.length), 0);
    this.headerRows = Math.min(rows.length, options.headerRows ?? this.detectHeaderRows());
    this.columnTypes = Array.from({ length: this.width }, (_, col) => this.columnType(col));
    this.raggedWarning();
  }

  /**
   * The first row is a header when it holds no number and a later row does. More header rows (a
   * portal's title and units above the table) are the caller's to say: guessing them would let a
   * data row without numbers ("Alice,n/a") slip out of its column's typing.
   */
  private detectHeaderRows(): number {
    return firstRowIsHeader(this.rows) ? 1 : 0;
  }

  private columnType(col: number): CsvColumnType {
    let numbers = 0;
    let firstText: number | undefined;
    for (let row = this.headerRows; row < this.rows.length; row += 1) {
      const field = this.rows[row]?.[col] ?? '';
      if (field === '') continue;
      if (exactNumber(field) !== undefined) numbers += 1;
      else firstText ??= row;
    }
    if (firstText === undefined) return numbers > 0 ? 'number' : 'empty';
    if (numbers > 0) {
      const field = this.rows[firstText]?.[col] ?? '';
      const shown = field.length > 30 ? `${field.slice(0, 30)}…` : field;
      const others = numbers === 1 ? 'its 1 number stays' : `its ${numbers.toLocaleString('en-US')} numbers stay`;
      this.warnings.push(`column ${columnLetters(col)} is text because row ${firstText + 1} holds "${shown}", not a number a cell holds exactly; ${others} text too`);
    }
    return 'text';
  }

  private raggedWarning(): void {
    const counts = new Map<number, number>();
    for (const row of this.rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    let usual = this.width;
    let most = 0;
    for (const [length, count] of counts) {
      if (count > most || (count === most && length > usual)) [usual, most] = [length, count];
    }
    const ragged: number[] = [];
    this.rows.forEach((row, index) => {
      if (row.length !== usual) ragged.push(index + 1);
    });
    if (ragged.length === 0) return;
    const rowsWord = ragged.length === 1 ? `row ${ragged[0]} has` : `rows ${namedRows(ragged)} have`;
    this.warnings.push(`${rowsWord} a different number of fields from most rows (${usual}); every row was padded with empty cells to the widest (${this.width})`);
  }

  cell(field: string, row: number, col: number): CellContent {
    if (field === '') return null;
    if (row >= this.headerRows && this.columnTypes[col] === 'number') return Number(field);
    if (!field.startsWith('=')) return field;
    this.formulaFields += 1;
    // In a scenario, text that begins with "=" is a formula; the apostrophe keeps it text, as in Excel.
    return this.options.formulas === 'evaluate' ? field : `'${field}`;
  }

  typeRows(from: number, to: number, cells: CellContent[][]): void {
    for (let row = from; row < to; row += 1) {
      const fields = this.rows[row] ?? [];
      const typed: CellContent[] = new Array<CellContent>(this.width);
      for (let col = 0; col < this.width; col += 1) typed[col] = this.cell(fields[col] ?? '', row, col);
      cells.push(typed);
    }
  }

  finish(): void {
    if (this.formulaFields === 0) return;
    const fields = `${this.formulaFields.toLocaleString('en-US')} field${this.formulaFields === 1 ? '' : 's'} begin${this.formulaFields === 1 ? 's' : ''} with "="`;
    this.warnings.push(this.options.formulas === 'evaluate'
      ? `${fields} and became formulas, as asked`
      : `${fields}: kept as text with a leading apostrophe, not run as formulas`);
  }
}

interface Prepared {
  text: string;
  delimiter: string;
  linebreak: string;
}

function prepare(text: string, options: CsvImportOptions): Prepared | CsvProblem {
  const body = withoutBom(text);
  const tooBig = csvSizeProblem(body.length);
  if (tooBig) return tooBig;
  if (options.delimiter !== undefined && (options.delimiter === '' || Papa.BAD_DELIMITERS.some((bad) => options.delimiter?.includes(bad)))) {
    return { ok: false, problem: `${JSON.stringify(options.delimiter)} cannot be a delimiter` };
  }
  const preview = previewCsv(body, 10, options.delimiter);
  return { text: body, delimiter: preview.delimiter, linebreak: preview.linebreak };
}

function finishParse(prepared: Prepared, rows: string[][]): string[][] | CsvProblem {
  const records = dropFinalEmptyRecord(rows, prepared.text);
  if (records.every((row) => row.every((field) => field === ''))) return { ok: false, problem: 'there is nothing to import: the file holds no values' };
  if (records.length * records.reduce((widest, row) => Math.max(widest, row.length), 0) > MAX_CSV_IMPORT_CELLS) {
    return { ok: false, problem: `the file holds more than ${MAX_CSV_IMPORT_CELLS} cells (rows times the widest row); split it into several files` };
  }
  return records;
}

function sheetOf(typing: Typing, cells: CellContent[][], delimiter: string): CsvImportResult {
  typing.finish();
  return { ok: true, value: { cells, delimiter, headerRows: typing.headerRows, columnTypes: typing.columnTypes, warnings: typing.warnings } };
}

/** The whole import at once, for small text such as a paste. */
export function csvToSheetSync(text: string, options: Omit<CsvImportOptions, 'onProgress' | 'signal'> = {}): CsvImportResult {
  const prepared = prepare(text, options);
  if ('ok' in prepared) return prepared;
  const state: ParseState = { rows: [], cursor: 0, done: prepared.text.length === 0 };
  while (!state.done) {
    const before = state.rows.length;
    parseChunk(prepared.text, prepared.delimiter, prepared.linebreak, state, options.chunkChars ?? DEFAULT_CSV_CHUNK_CHARS);
    if (state.problem) return state.problem;
    const limit = limitProblem(state.rows, before);
    if (limit) return limit;
  }
  const records = finishParse(prepared, state.rows);
  if ('ok' in records) return records;
  const typing = new Typing(records, options);
  const cells: CellContent[][] = [];
  typing.typeRows(0, records.length, cells);
  return sheetOf(typing, cells, prepared.delimiter);
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The import was cancelled.', 'AbortError');
}

/** Rows typed between two yields. */
const TYPING_CHUNK_ROWS = 20_000;
/** Parsing is most of the work; typing the rest. */
const PARSING_SHARE = 0.8;

/**
 * The import in chunks: it yields to the event loop between chunks, reports progress, and stops when
 * the signal aborts (rejecting with its reason). It only returns cells, so a cancelled import changes
 * nothing; the caller writes the cells in one batch (one undo step) once it has them.
 */
export async function csvToSheet(text: string, options: CsvImportOptions = {}): Promise<CsvImportResult> {
  throwIfAborted(options.signal);
  const prepared = prepare(text, options);
  if ('ok' in prepared) return prepared;
  const total = Math.max(1, prepared.text.length);
  const state: ParseState = { rows: [], cursor: 0, done: prepared.text.length === 0 };
  while (!state.done) {
    const before = state.rows.length;
    parseChunk(prepared.text, prepared.delimiter, prepared.linebreak, state, options.chunkChars ?? DEFAULT_CSV_CHUNK_CHARS);
    if (state.problem) return state.problem;
    const limit = limitProblem(state.rows, before);
    if (limit) return limit;
    options.onProgress?.({ stage: 'parsing', rows: state.rows.length, fraction: (state.cursor / total) * PARSING_SHARE });
    await nextTurn();
    throwIfAborted(options.signal);
  }
  const records = finishParse(prepared, state.rows);
  if ('ok' in records) return records;
  const typing = new Typing(records, options);
  const cells: CellContent[][] = [];
  for (let from = 0; from < records.length; from += TYPING_CHUNK_ROWS) {
    const to = Math.min(records.length, from + TYPING_CHUNK_ROWS);
    typing.typeRows(from, to, cells);
    options.onProgress?.({ stage: 'typing', rows: to, fraction: PARSING_SHARE + (to / records.length) * (1 - PARSING_SHARE) });
    if (to < records.length) {
      await nextTurn();
      throwIfAborted(options.signal);
    }
  }
  return sheetOf(typing, cells, prepared.delimiter);
}
