/** The status bar's count and sum: empty cells and empty text are not counted, text and errors are counted, numbers are counted and summed. */
import { describe, expect, it } from 'vitest';
import { noStats, tally } from '../../src/shared/rangeStats';

describe('tally', () => {
  it('counts what a cell shows and sums only its numbers', () => {
    const stats = noStats();
    for (const value of [1.5, null, '', 'text', true, { error: '#DIV/0!', message: 'division by zero' }, -0.5]) tally(stats, value);
    expect(stats).toEqual({ count: 5, numbers: 2, sum: 1 });
  });
});
