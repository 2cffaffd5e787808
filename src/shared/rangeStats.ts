/** The status bar's count, numbers and sum of a range, counted alike by the page (cells it holds) and the worker (a range too big to send). */
import type { CellValue } from '../model';
import type { RangeStats } from './messages';

export const noStats = (): RangeStats => ({ count: 0, numbers: 0, sum: 0 });

/** Counts one cell's value into `stats`: empty cells and empty text are not counted, numbers are also summed. */
export function tally(stats: RangeStats, value: CellValue): void {
  if (value === null || value === '') return;
  stats.count += 1;
  if (typeof value === 'number') {
    stats.numbers += 1;
    stats.sum += value;
  }
}
