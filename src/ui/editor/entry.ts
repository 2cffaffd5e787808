/**
 * What a person types into a cell, turned into cell content the way Excel reads an entry, and back:
 * "1,000" is 1000, "25%" is 0.25, "TRUE" is true, "'007" is the text 007, "=..." is a formula.
 */
import type { CellContent } from '../../model';

/** Sign, optional $, digits with optional thousands groups, decimals, exponent, optional %. */
const NUMBER_ENTRY = /^([+-])?\$?(?:(\d{1,3}(?:,\d{3})+|\d+)(\.\d*)?|(\.\d+))(?:[eE]([+-]?\d+))?(%)?$/;
/** Accounting style: (1,000) is -1000. */
const PARENTHESISED = /^\(\s*([^()-]*?)\s*\)$/;
const BOOLEAN_ENTRY = /^(?:true|false)$/i;

/** The number an entry spells, or undefined when it is not a number. */
export function parseNumberEntry(text: string): number | undefined {
  const trimmed = text.trim();
  const negated = PARENTHESISED.exec(trimmed);
  if (negated) {
    const inner = parseNumberEntry(negated[1] ?? '');
    return inner === undefined || /^[+-]/.test(negated[1] ?? '') ? undefined : inner === 0 ? 0 : -inner;
  }
  const match = NUMBER_ENTRY.exec(trimmed);
  if (!match) return undefined;
  const [, sign = '', whole, fraction = '', bareFraction, exponent = '0', percent] = match;
  const digits = whole === undefined ? `0${bareFraction ?? ''}` : `${whole.replaceAll(',', '')}${fraction === '.' ? '' : fraction}`;
  // Shifting the exponent, not dividing by 100, keeps "1.1%" exactly the double 0.011.
  const value = Number(`${sign}${digits}e${Number(exponent) - (percent ? 2 : 0)}`);
  if (!Number.isFinite(value)) return undefined;
  return value === 0 ? 0 : value;
}

/** Cell content for what was typed; an empty entry clears the cell. */
export function parseEntry(text: string): CellContent {
  if (text === '') return null;
  if (text.startsWith('=')) return text;
  if (text.startsWith("'")) return text.slice(1);
  const number = parseNumberEntry(text);
  if (number !== undefined) return number;
  if (BOOLEAN_ENTRY.test(text.trim())) return text.trim().toUpperCase() === 'TRUE';
  return text;
}

/** The text an editor starts from: typing it back gives the same content (text that reads as a number gets an apostrophe). */
export function entryText(content: CellContent): string {
  if (content === null) return '';
  if (typeof content === 'number') return String(content);
  if (typeof content === 'boolean') return content ? 'TRUE' : 'FALSE';
  if (content.startsWith('=')) return content;
  return parseEntry(content) === content ? content : `'${content}`;
}
