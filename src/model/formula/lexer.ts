/** Formula text -> tokens, in HyperFormula's spelling: its string literals, its sheet names, its small "e". */
import { MAX_COLUMNS, MAX_ROWS, columnIndex } from '../address';
import type { CellReference, ColumnReference, RowReference } from './ast';

/** Why a formula cannot be read; parseFormula turns it into a result, so no caller sees it thrown. */
export class FormulaSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaSyntaxError';
  }
}

/**
 * `text` is the token as written, except: a string's is its contents between the quotes, a function's
 * its name in upper case (its "(" is part of the token), an error's is in upper case.
 */
export type Token =
  | { kind: 'number' | 'string' | 'error' | 'function' | 'name' | 'operator' | 'punctuation' | 'end'; text: string }
  | { kind: 'cell'; text: string; ref: CellReference }
  | { kind: 'columnRange'; text: string; start: ColumnReference; end: ColumnReference }
  | { kind: 'rowRange'; text: string; start: RowReference; end: RowReference };

const LETTER = 'A-Za-z\\u00C0-\\u02AF';
const NAME_CHAR = `${LETTER}0-9_.`;
const BARE_SHEET = `[${LETTER}0-9_]+`;
const SHEET = `(?:'(?<quoted>(?:[^']|'')+)'|(?<bare>${BARE_SHEET}))!`;
const PATTERNS = {
  space: /[ \t\n\r]+/y,
  string: /"([^"\\]*(?:\\.[^"\\]*)*)"/y,
  error: /#[A-Za-z0-9/]+[?!]?/y,
  sheet: new RegExp(SHEET, 'y'),
  function: new RegExp(`([${LETTER}][${NAME_CHAR}]*)\\(`, 'y'),
  columnRange: new RegExp(`(\\$?)([A-Za-z]{1,3}):(?:${SHEET})?(\\$?)([A-Za-z]{1,3})(?![${NAME_CHAR}])`, 'y'),
  rowRange: new RegExp(`(\\$?)([0-9]+):(?:${SHEET})?(\\$?)([0-9]+)(?![${NAME_CHAR}])`, 'y'),
  cell: new RegExp(`(\\$?)([A-Za-z]{1,3})(\\$?)([0-9]+)(?![${NAME_CHAR}])`, 'y'),
  // HyperFormula reads an exponent only with a small "e".
  number: /(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[+-]?[0-9]+)?/y,
  name: new RegExp(`[${LETTER}_][${NAME_CHAR}]*`, 'y'),
  operator: /<>|<=|>=|[-+*/^&=<>%]/y,
  punctuation: /[(){},;:]/y,
};

const R1C1 = /^[Rr][0-9]*[Cc][0-9]*$/;
const BARE_SHEET_NAME = new RegExp(`^${BARE_SHEET}$`);

/** A sheet name the lexer reads without quotes (Data!A1); any other needs them ('Rice quota'!A1). */
export function isBareSheetName(name: string): boolean {
  return BARE_SHEET_NAME.test(name);
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** The sheet a SHEET pattern matched, with a quoted name's doubled quotes made single. */
function sheetOf(match: RegExpExecArray): string | undefined {
  const name = match.groups?.['quoted'] ?? match.groups?.['bare'];
  return name?.replaceAll("''", "'");
}

type ReferenceToken = Extract<Token, { kind: 'cell' | 'columnRange' | 'rowRange' }>;

/** A reference after an optional sheet prefix: a column range, a row range or a cell. */
function lexReference(text: string, at: number, sheet: string | undefined): ReferenceToken | undefined {
  const columns = matchAt(PATTERNS.columnRange, text, at);
  if (columns) {
    const column = (absolute: string | undefined, letters: string | undefined, of: string | undefined): ColumnReference =>
      ({ sheet: of, col: columnIndex(letters ?? ''), absolute: absolute === '$' });
    return { kind: 'columnRange', text: columns[0], start: column(columns[1], columns[2], sheet), end: column(columns[5], columns[6], sheetOf(columns)) };
  }
  const rows = matchAt(PATTERNS.rowRange, text, at);
  if (rows) {
    const row = (absolute: string | undefined, digits: string | undefined, of: string | undefined): RowReference =>
      ({ sheet: of, row: Number(digits) - 1, absolute: absolute === '$' });
    return { kind: 'rowRange', text: rows[0], start: row(rows[1], rows[2], sheet), end: row(rows[5], rows[6], sheetOf(rows)) };
  }
  const cell = matchAt(PATTERNS.cell, text, at);
  if (!cell) return undefined;
  const col = columnIndex(cell[2] ?? '');
  const row = Number(cell[4]) - 1;
  // Past the sheet's edges there is no cell: B0 and XFE1 go on to be read as names.
  if (col >= MAX_COLUMNS || row < 0 || row >= MAX_ROWS) return undefined;
  return { kind: 'cell', text: cell[0], ref: { sheet, row, col, rowAbsolute: cell[3] === '$', colAbsolute: cell[1] === '$' } };
}

/** The formula's tokens (its leading "=" already gone), whitespace dropped, ending with an `end` token. */
export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (true) {
    at += matchAt(PATTERNS.space, text, at)?.[0].length ?? 0;
    const push = (token: Token, end: number) => {
      tokens.push(token);
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
      const reference = lexReference(text, at + sheet[0].length, sheetOf(sheet));
      if (!reference) throw new FormulaSyntaxError(`"${sheet[0]}" is not followed by a cell or range`);
      const end = at + sheet[0].length + reference.text.length;
      push({ ...reference, text: text.slice(at, end) }, end);
      continue;
    }
    const fn = matchAt(PATTERNS.function, text, at);
    if (fn) {
      push({ kind: 'function', text: (fn[1] ?? '').toUpperCase() }, at + fn[0].length);
      continue;
    }
    const reference = lexReference(text, at, undefined);
    if (reference) {
      push(reference, at + reference.text.length);
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
