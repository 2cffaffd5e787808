/** Numbers formatted for reading (the page shows them; exports keep full precision): a cell's format code when it has one. */
import type { CellValue } from '../model';
import { formatPercent, formatWithCode } from '../shared/numberFormat';

const LOCALE = 'en-US';
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(LOCALE, options);
    formatters.set(key, found);
  }
  return found;
}

/** Thousands separators, and as many decimals as the size of the number deserves. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const number = value === 0 ? 0 : value;
  const size = Math.abs(number);
  if (size >= 1000) return formatter('0', { maximumFractionDigits: 0 }).format(number);
  if (size >= 1 || size === 0) return formatter('2', { maximumFractionDigits: 2 }).format(number);
  return formatter('sig4', { maximumSignificantDigits: 4 }).format(number);
}

/** "1.4 million" for a number big enough that its digits are hard to count, else undefined. */
export function formatInWords(value: number): string | undefined {
  if (!Number.isFinite(value) || Math.abs(value) < 1_000_000) return undefined;
  return formatter('words', { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }).format(value);
}

/**
 * A value as the page shows it: through `format`, an Excel number format code, when the cell has one;
 * else `unit` "%" means the value is a fraction shown as a percentage.
 */
export function formatValue(value: CellValue, unit = '', format?: string): string {
  if (format !== undefined) return formatWithCode(value, format);
  if (value === null) return '';
  if (typeof value === 'number') return unit === '%' ? formatPercent(value) : formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  return value.error;
}

/** The value at full precision when the text shown for it (by default, formatNumber's) hides some of it, for a tooltip. */
export function exactValue(value: CellValue, shown?: string): string | undefined {
  if (typeof value !== 'number') return undefined;
  const hides = shown === undefined ? formatNumber(value) !== formatter('exact', { maximumFractionDigits: 20 }).format(value) : shown.replaceAll(',', '') !== String(value);
  return hides ? String(value) : undefined;
}
