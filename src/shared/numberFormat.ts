/**
 * Values shown through Excel number format codes, by numfmt: a cell's format in the grid, the bars and
 * panels, and chart labels; Excel's General for a number without one, a percentage for a "%" unit. Shared
 * so the page shows a value, and the worker's find matches it, alike.
 */
import { format, formatColor, getFormatInfo, isTextFormat } from 'numfmt';
import type { CellContent, CellValue, FormatRange } from '../model';

/** As Excel in the United States shows them; a code numfmt cannot read shows as Excel shows what does not fit, never throws. */
const OPTIONS = { locale: 'en-US', throws: false, invalid: '######', overflow: '######', leap1900: true, nbsp: false } as const;

/** A value through a format code: numbers (and text, by the code's text section) as Excel shows them; true/false, errors and empty cells as they are. */
export function formatWithCode(value: CellValue, code: string): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') return value.error;
  return format(code, value === 0 ? 0 : value, OPTIONS);
}

/** Excel's eight named colours, as a code writes them in brackets ([Red]); the grid has a class for each. */
const NAMED_COLOURS = new Set(['black', 'blue', 'cyan', 'green', 'magenta', 'red', 'white', 'yellow']);

/** The named colour a code gives this value ("red" for a negative in `#,##0;[Red](#,##0)`), or undefined: none, or an indexed one ([Color 10]), which the grid does not show. */
export function formatColourOf(value: CellValue, code: string): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const colour = formatColor(code, value, OPTIONS);
  return typeof colour === 'string' && NAMED_COLOURS.has(colour) ? colour : undefined;
}

/**
 * Excel's General format (up to 11 characters of digits, then scientific), with the whole part in groups
 * of three as the grid has always shown numbers: 1234.5678 -> "1,234.5678", 8150731707 -> "8,150,731,707".
 */
export function formatGeneral(value: number): string {
  const general = shortGeneral(value) ?? format('General', value === 0 ? 0 : value, OPTIONS);
  const plain = /^(-?)(\d+)(\.\d+)?$/.exec(general);
  if (!plain) return general;
  const [, sign = '', whole = '', fraction = ''] = plain;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
}

/**
 * General's text without numfmt for a number of at most ten characters (sign aside) in plain notation,
 * which General shows as JavaScript writes it: most cells, and find reads a million of them. A test holds
 * this to numfmt's answer.
 */
function shortGeneral(value: number): string | undefined {
  if (value === 0) return '0';
  const text = String(value);
  const digits = value < 0 ? text.length - 1 : text.length;
  return digits <= 10 && !text.includes('e') ? text : undefined;
}

/** Whether General shows a number as JavaScript writes it but for thousands separators (it is short: not rounded, not scientific). */
export function generalIsGrouped(value: number): boolean {
  return shortGeneral(value) !== undefined;
}

const percentFormats = new Map<number, Intl.NumberFormat>();

/** A fraction shown as a percentage, two decimals at most (one from 100% up): 0.25 -> "25%". */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  const digits = Math.abs(percent) >= 100 ? 1 : 2;
  let formatter = percentFormats.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    percentFormats.set(digits, formatter);
  }
  return `${formatter.format(percent === 0 ? 0 : percent)}%`;
}

/** A cell's text as the grid shows it: through its format code, else a percentage when its unit is "%", else Excel's General (never rounded to whole numbers). */
export function shownText(value: CellValue, percent: boolean, code: string | undefined): string {
  if (code !== undefined) return formatWithCode(value, code);
  if (value === null) return '';
  if (typeof value === 'number') return percent ? formatPercent(value) : formatGeneral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  return value.error;
}

/** The column of a row's last cell that holds "%", or -1: the numbers left of it show as percentages, as a unit column says. */
export function percentColumn(contents: readonly CellContent[]): number {
  for (let col = contents.length - 1; col >= 0; col -= 1) if (contents[col] === '%') return col;
  return -1;
}

/** The format code of one cell among a sheet's (disjoint) formatted ranges, if it has one. */
export function formatCodeAt(ranges: readonly FormatRange[] | undefined, row: number, col: number): string | undefined {
  if (!ranges) return undefined;
  for (const { rect, code } of ranges) {
    if (row >= rect.top && row <= rect.bottom && col >= rect.left && col <= rect.right) return code;
  }
  return undefined;
}

/** Whether a code shows numbers as text or dates, where a sum or an average in it would mislead (the status bar then shows General). */
export function sumsReadIn(code: string): boolean {
  if (isTextFormat(code)) return false;
  const info = getFormatInfo(code);
  return !info.isDate && info.type !== 'time' && info.type !== 'datetime' && info.type !== 'text';
}

/** The format codes the toolbar's Format control offers, and a number each is shown with in the menu. */
export const PRESET_FORMATS = [
  { id: 'number', label: 'Number', code: '#,##0.00', sample: 1234567.891 },
  { id: 'thousands', label: 'Thousands separators', code: '#,##0', sample: 1234567.891 },
  { id: 'percent', label: 'Percent', code: '0.0%', sample: 0.1234 },
  { id: 'millions', label: 'Millions', code: '#,##0.0,," M"', sample: 1234567.891 },
  { id: 'billions', label: 'Billions', code: '#,##0.00,,," bn"', sample: 8150731707 },
  { id: 'currency', label: 'Currency (USD)', code: '$#,##0.00', sample: 1234567.891 },
] as const;
