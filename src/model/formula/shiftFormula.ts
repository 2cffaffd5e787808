/**
 * Moves a formula's relative references as a spreadsheet does when a copied formula is pasted
 * elsewhere: `=B3*2` copied one row down is `=B4*2`; `$B$3` stays; a reference pushed off the sheet is #REF!.
 * It runs in the engine worker; see the report: this belongs in the model (HyperFormula's copy/paste).
 */
import { MAX_COLUMNS, MAX_ROWS, columnIndex, columnLetters } from '../address';

const WORD_CHAR = /[A-Za-z0-9_.$]/;
const CELL_REFERENCE = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/;
const COLUMN_REFERENCE = /^(\$?)([A-Za-z]{1,3})$/;
const ROW_REFERENCE = /^(\$?)(\d{1,7})$/;
const REF_ERROR = '#REF!';

export function shiftFormula(formula: string, rows: number, cols: number): string {
  if (!formula.startsWith('=') || (rows === 0 && cols === 0)) return formula;
  let out = '';
  let at = 0;
  /** Where the sheet prefix of the reference being read starts in `out`, so #REF! can replace both. */
  let prefixAt = -1;
  while (at < formula.length) {
    const char = formula[at] ?? '';
    if (char === '"') {
      const end = closing(formula, at, '"');
      out += formula.slice(at, end);
      at = end;
      prefixAt = -1;
      continue;
    }
    if (char === "'") {
      const end = closing(formula, at, "'");
      const prefix = formula[end] === '!';
      prefixAt = prefix ? out.length : -1;
      out += formula.slice(at, prefix ? end + 1 : end);
      at = prefix ? end + 1 : end;
      continue;
    }
    if (!WORD_CHAR.test(char)) {
      out += char;
      at += 1;
      prefixAt = -1;
      continue;
    }
    let end = at;
    while (end < formula.length && WORD_CHAR.test(formula[end] ?? '')) end += 1;
    const word = formula.slice(at, end);
    const next = formula[end];
    if (next === '!') {
      prefixAt = out.length;
      out += `${word}!`;
      at = end + 1;
      continue;
    }
    if (next === ':' && (COLUMN_REFERENCE.test(word) || ROW_REFERENCE.test(word))) {
      const rangeEnd = readWord(formula, end + 1);
      const second = formula.slice(end + 1, rangeEnd);
      const whole = shiftWholeRange(word, second, rows, cols);
      if (whole !== undefined) {
        out = replaceFrom(out, prefixAt, whole);
        at = rangeEnd;
        prefixAt = -1;
        continue;
      }
    }
    const reference = next === '(' ? null : CELL_REFERENCE.exec(word);
    out = reference ? replaceFrom(out, prefixAt, shiftCell(reference, rows, cols)) : out + word;
    at = end;
    prefixAt = -1;
  }
  return out;
}

/** The index just past a quoted run that starts at `from` (doubled quotes stay inside). */
function closing(text: string, from: number, quote: string): number {
  let at = from + 1;
  while (at < text.length) {
    if (text[at] === quote) {
      if (text[at + 1] === quote) {
        at += 2;
        continue;
      }
      return at + 1;
    }
    at += 1;
  }
  return text.length;
}

function readWord(text: string, from: number): number {
  let end = from;
  while (end < text.length && WORD_CHAR.test(text[end] ?? '')) end += 1;
  return end;
}

/** Appends `text`; a #REF! also swallows the sheet prefix written just before it. */
function replaceFrom(out: string, prefixAt: number, text: string): string {
  return text === REF_ERROR && prefixAt >= 0 ? out.slice(0, prefixAt) + text : out + text;
}

function shiftCell(reference: RegExpExecArray, rows: number, cols: number): string {
  const [, colAbsolute = '', letters = '', rowAbsolute = '', digits = ''] = reference;
  const col = colAbsolute ? columnIndex(letters) : columnIndex(letters) + cols;
  const row = rowAbsolute ? Number(digits) - 1 : Number(digits) - 1 + rows;
  if (col < 0 || col >= MAX_COLUMNS || row < 0 || row >= MAX_ROWS) return REF_ERROR;
  return `${colAbsolute}${columnLetters(col)}${rowAbsolute}${row + 1}`;
}

/** `A:C` or `2:5`; undefined when the two words are not a whole-column or whole-row range. */
function shiftWholeRange(first: string, second: string, rows: number, cols: number): string | undefined {
  const columns = [COLUMN_REFERENCE.exec(first), COLUMN_REFERENCE.exec(second)];
  if (columns[0] && columns[1]) {
    const parts = columns.map((match) => {
      const [, absolute = '', letters = ''] = match ?? [];
      const col = absolute ? columnIndex(letters) : columnIndex(letters) + cols;
      return col < 0 || col >= MAX_COLUMNS ? undefined : `${absolute}${columnLetters(col)}`;
    });
    return parts.includes(undefined) ? REF_ERROR : parts.join(':');
  }
  const rowMatches = [ROW_REFERENCE.exec(first), ROW_REFERENCE.exec(second)];
  if (rowMatches[0] && rowMatches[1]) {
    const parts = rowMatches.map((match) => {
      const [, absolute = '', digits = ''] = match ?? [];
      const row = absolute ? Number(digits) - 1 : Number(digits) - 1 + rows;
      return row < 0 || row >= MAX_ROWS ? undefined : `${absolute}${row + 1}`;
    });
    return parts.includes(undefined) ? REF_ERROR : parts.join(':');
  }
  return undefined;
}
