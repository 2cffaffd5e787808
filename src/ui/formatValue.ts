/** Numbers formatted for reading (the page shows them; exports keep full precision). */
import type { CellValue } from '../model';

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

/** A fraction shown as a percentage: 0.25 -> "25%". */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  const digits = Math.abs(percent) >= 100 ? 1 : 2;
  return `${formatter(`pct${digits}`, { maximumFractionDigits: digits }).format(percent === 0 ? 0 : percent)}%`;
}

/** "1.4 million" for a number big enough that its digits are hard to count, else undefined. */
export function formatInWords(value: number): string | undefined {
  if (!Number.isFinite(value) || Math.abs(value) < 1_000_000) return undefined;
  return formatter('words', { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }).format(value);
}

/** A value as the page shows it; `unit` "%" means the value is a fraction shown as a percentage. */
export function formatValue(value: CellValue, unit = ''): string {
  if (value === null) return '';
  if (typeof value === 'number') return unit === '%' ? formatPercent(value) : formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  return value.error;
}

/** The value at full precision when the formatted text hides some of it, for a tooltip. */
export function exactValue(value: CellValue): string | undefined {
  return typeof value === 'number' && formatNumber(value) !== formatter('exact', { maximumFractionDigits: 20 }).format(value)
    ? String(value)
    : undefined;
}
