/** Colours and number text shared by the analysis charts. */
import { formatInWords, formatValue } from '../formatValue';

/** A categorical palette that stays distinct for readers with red-green colour blindness (Okabe-Ito). */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#000000';
}

/** Axis ticks: through the cell's number format when it has one, else short ("8.15 billion" becomes "8.15B") so they fit beside the plot. */
export function axisTick(value: number, unit: string, format?: string): string {
  if (format !== undefined || unit === '%') return formatValue(value, unit, format);
  const words = formatInWords(value);
  if (!words) return formatValue(value, unit);
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 }).format(value);
}

/** An axis title from a unit: "USD/yr" is shown as is, a bare "%" as "percent". */
export function axisTitle(unit: string): string {
  return unit === '%' ? 'percent' : unit || 'value';
}
