/**
 * A formula being typed, cut into tokens with their places in the text, for the page's formula helpers
 * (pointing, the range finder, F4, autocomplete). Unlike the model's lexer it never refuses: half-typed
 * text (an open string, a dangling `Sheet!`) still has tokens, and every character belongs to one.
 */
import { columnIndex, MAX_COLUMNS, MAX_ROWS } from '../../model/address';
import type { Rect } from '../../shared/cellRange';

/** One end of a reference as written: zero-based, with its `$` anchors. */
export interface ReferenceEnd {
  row: number;
  col: number;
  rowAbsolute: boolean;
  colAbsolute: boolean;
}

export type FormulaToken =
  | { kind: 'space' | 'string' | 'error' | 'number' | 'name' | 'function' | 'operator' | 'open' | 'close' | 'comma' | 'other'; start: number; end: number; text: string }
  | ReferenceToken;

export interface ReferenceToken {
  kind: 'reference';
  start: number;
  end: number;
  text: string;
  /** The sheet named before `!`, or undefined for the formula's own sheet. */
  sheet: string | undefined;
  /** Where the sheet prefix ends and the cell part begins. */
  cellStart: number;
  first: ReferenceEnd;
  last: ReferenceEnd | undefined;
  /** Whole columns (`A:C`) or whole rows (`2:5`); their ends' other half spans the sheet. */
  whole?: 'columns' | 'rows';
  rect: Rect;
}

const NAME_CHAR = 'A-Za-z0-9_.\\u00C0-\\u02AF';
const REFERENCE = new RegExp(
  `(?:'((?:[^']|'')+)'!|([${NAME_CHAR}]+)!)?(\\$?)([A-Za-z]{1,3})(\\$?)([0-9]{1,7})(?::(\\$?)([A-Za-z]{1,3})(\\$?)([0-9]{1,7}))?(?![${NAME_CHAR}(!])`,
  'y',
);
const LINES = new RegExp(
  `(?:'((?:[^']|'')+)'!|([${NAME_CHAR}]+)!)?(?:(\\$?)([A-Za-z]{1,3}):(\\$?)([A-Za-z]{1,3})|(\\$?)([0-9]{1,7}):(\\$?)([0-9]{1,7}))(?![${NAME_CHAR}(!])`,
  'y',
);
const PATTERNS: readonly [Exclude<FormulaToken['kind'], 'reference'>, RegExp][] = [
  ['space', /\s+/y],
  // An unclosed string runs to the end of the text, as the person has not finished typing it.
  ['string', /"(?:[^"]|"")*(?:"|$)/y],
  ['error', /#[A-Za-z0-9/]+[?!]?/y],
  ['function', new RegExp(`[A-Za-z_\\u00C0-\\u02AF][${NAME_CHAR}]*(?=\\s*\\()`, 'y')],
  ['number', /(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][+-]?[0-9]+)?/y],
  ['name', new RegExp(`[A-Za-z_\\u00C0-\\u02AF][${NAME_CHAR}]*`, 'y')],
  ['operator', /<>|<=|>=|[-+*/^&=<>%:]/y],
  ['open', /\(/y],
  ['close', /\)/y],
  ['comma', /[,;]/y],
];

function endOf(absoluteCol: string | undefined, letters: string | undefined, absoluteRow: string | undefined, digits: string | undefined): ReferenceEnd | undefined {
  const col = columnIndex(letters ?? '');
  const row = Number(digits) - 1;
  if (col >= MAX_COLUMNS || row < 0 || row >= MAX_ROWS) return undefined;
  return { row, col, rowAbsolute: absoluteRow === '$', colAbsolute: absoluteCol === '$' };
}

/** Whole columns or rows, `A:C` or `2:5`, with an optional sheet. */
function linesAt(text: string, at: number): ReferenceToken | undefined {
  LINES.lastIndex = at;
  const match = LINES.exec(text);
  if (!match) return undefined;
  const columns = match[4] !== undefined;
  const from = columns ? columnIndex(match[4] ?? '') : Number(match[8]) - 1;
  const to = columns ? columnIndex(match[6] ?? '') : Number(match[10]) - 1;
  const limit = columns ? MAX_COLUMNS : MAX_ROWS;
  if (from < 0 || to < 0 || from >= limit || to >= limit) return undefined;
  const end = (index: number, absolute: string | undefined, edge: number): ReferenceEnd =>
    columns ? { row: edge, col: index, rowAbsolute: false, colAbsolute: absolute === '$' } : { row: index, col: edge, rowAbsolute: absolute === '$', colAbsolute: false };
  const [low, high] = [Math.min(from, to), Math.max(from, to)];
  const prefix = match[1] !== undefined ? match[1].length + 3 : match[2] !== undefined ? match[2].length + 1 : 0;
  return {
    kind: 'reference',
    start: at,
    end: at + match[0].length,
    text: match[0],
    sheet: match[1]?.replaceAll("''", "'") ?? match[2],
    cellStart: at + prefix,
    first: end(from, columns ? match[3] : match[7], 0),
    last: end(to, columns ? match[5] : match[9], columns ? MAX_ROWS - 1 : MAX_COLUMNS - 1),
    whole: columns ? 'columns' : 'rows',
    rect: columns ? { top: 0, left: low, bottom: MAX_ROWS - 1, right: high } : { top: low, left: 0, bottom: high, right: MAX_COLUMNS - 1 },
  };
}

function referenceAt(text: string, at: number): ReferenceToken | undefined {
  REFERENCE.lastIndex = at;
  const match = REFERENCE.exec(text);
  if (!match) return linesAt(text, at);
  const first = endOf(match[3], match[4], match[5], match[6]);
  const last = match[8] === undefined ? undefined : endOf(match[7], match[8], match[9], match[10]);
  if (!first || (match[8] !== undefined && !last)) return undefined;
  const sheet = match[1]?.replaceAll("''", "'") ?? match[2];
  const prefix = match[1] !== undefined ? match[1].length + 3 : match[2] !== undefined ? match[2].length + 1 : 0;
  const other = last ?? first;
  return {
    kind: 'reference',
    start: at,
    end: at + match[0].length,
    text: match[0],
    sheet,
    cellStart: at + prefix,
    first,
    last,
    rect: { top: Math.min(first.row, other.row), left: Math.min(first.col, other.col), bottom: Math.max(first.row, other.row), right: Math.max(first.col, other.col) },
  };
}

/** The tokens of a formula's text (its `=` included, as an operator), covering every character. */
export function formulaTokens(text: string): FormulaToken[] {
  const tokens: FormulaToken[] = [];
  let at = 0;
  while (at < text.length) {
    const reference = referenceAt(text, at);
    if (reference) {
      tokens.push(reference);
      at = reference.end;
      continue;
    }
    let token: FormulaToken | undefined;
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match && match[0].length > 0) {
        token = { kind, start: at, end: at + match[0].length, text: match[0] };
        break;
      }
    }
    token ??= { kind: 'other', start: at, end: at + 1, text: text.charAt(at) };
    tokens.push(token);
    at = token.end;
  }
  return tokens;
}

export function isFormula(text: string): boolean {
  return text.startsWith('=');
}

/** The formula's references in the order written, each with its place in the range finder's palette. */
export function formulaReferences(text: string): ReferenceToken[] {
  return isFormula(text) ? formulaTokens(text).filter((token): token is ReferenceToken => token.kind === 'reference') : [];
}

/** How many colours the range finder takes turns with (styles.css: .ref-colour-0 to -5, .ref-box-0 to -5). */
export const REFERENCE_PALETTE = 6;

/** A reference's colour index: the same cell or range written twice gets the same colour, as in Excel. */
export function referenceColours(references: readonly ReferenceToken[], palette = REFERENCE_PALETTE): number[] {
  const seen = new Map<string, number>();
  return references.map((reference) => {
    const key = `${reference.sheet?.toLowerCase() ?? ''}!${reference.rect.top},${reference.rect.left},${reference.rect.bottom},${reference.rect.right}`;
    const known = seen.get(key);
    if (known !== undefined) return known;
    const index = seen.size % palette;
    seen.set(key, index);
    return index;
  });
}
