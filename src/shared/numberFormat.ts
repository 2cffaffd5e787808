/**
 * Values shown through Excel number format codes, by numfmt: a cell's format in the grid, the bars and
 * panels, and chart labels; Excel's General for a number without one. Shared so the page and the worker
 * show a value alike.
 */
import { format, formatColor, getFormatInfo, isTextFormat } from 'numfmt';
import type { CellValue, FormatRange } from '../model';

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
  const general = format('General', value === 0 ? 0 : value, OPTIONS);
  const plain = /^(-?)(\d+)(\.\d+)?$/.exec(general);
  if (!plain) return general;
  const [, sign = '', whole = '', fraction = ''] = plain;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
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
