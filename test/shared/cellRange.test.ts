/** Where Ctrl+arrow lands, as in Excel. */
import { describe, expect, it } from 'vitest';
import { edgeTarget } from '../../src/shared/cellRange';

describe('Ctrl+arrow targets', () => {
  // Filled: A1..A3, A6, A7.
  const filled = new Set(['0:0', '1:0', '2:0', '5:0', '6:0']);
  const isFilled = (row: number, col: number) => filled.has(`${row}:${col}`);
  const limits = { rows: 100, cols: 26 };
  it.each([
    ['to the end of a filled run', { row: 0, col: 0 }, { row: 2, col: 0 }],
    ['from the end of a run to the next filled cell', { row: 2, col: 0 }, { row: 5, col: 0 }],
    ['from the last filled cell to the edge of the sheet', { row: 6, col: 0 }, { row: 99, col: 0 }],
  ])('%s', (_, from, to) => {
    expect(edgeTarget(isFilled, from, { row: 1, col: 0 }, limits)).toEqual(to);
  });
});
