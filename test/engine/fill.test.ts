/** Fill down, up, right and left through the engine: formulas moved, series continued, one undo step, inputs guarded. */
import { describe, expect, it } from 'vitest';
import { openGrid, wholeSheet } from './gridEngine';
import { fillWrites } from '../../src/engine/session/fill';
import type { Update } from '../../src/shared/messages';

const scenario = {
  type: 'tradesheet-scenario',
  version: 1,
  id: 'grid' as const,
  name: 'Grid',
  description: '',
  sheets: {
    Data: [
      [1, '=A1*2', '=$A$1+A1', 'label', 0.1],
      [2, null, null, null, 0.2],
      [4, null, null, null, null],
    ],
    Inputs: [['Rate', 0.5]],
  },
  inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '', source: { assumption: 'test' }, min: 0, max: 1 } },
  outputs: { Doubled: { cell: 'Data!B1', label: 'Doubled', unit: '' } },
};
const view = wholeSheet;

const open = () => openGrid(scenario);

const column = (update: Update, col: number) => update.window?.contents.map((row) => row[col] ?? null);

describe('fill', () => {
  it('copies the first row down with relative references moved and absolute ones kept (Ctrl+D)', async () => {
    const engine = await open();
    const filled = engine.fill('grid', 'Data', { top: 0, left: 1, bottom: 0, right: 3 }, { top: 1, left: 1, bottom: 3, right: 3 }, 'copy', view());
    expect(filled.problem).toBeUndefined();
    expect(column(filled, 1)?.slice(0, 4)).toEqual(['=A1*2', '=A2*2', '=A3*2', '=A4*2']);
    expect(column(filled, 2)?.slice(0, 4)).toEqual(['=$A$1+A1', '=$A$1+A2', '=$A$1+A3', '=$A$1+A4']);
    expect(column(filled, 3)?.slice(0, 4)).toEqual(['label', 'label', 'label', 'label']);
    expect(filled.window?.values.map((row) => row[1])).toEqual([2, 4, 8, 0]);
    expect(filled.select).toEqual({ sheet: 'Data', rect: { top: 0, left: 1, bottom: 3, right: 3 } });
  });

  it('is one undo step', async () => {
    const engine = await open();
    engine.fill('grid', 'Data', { top: 0, left: 1, bottom: 0, right: 3 }, { top: 1, left: 1, bottom: 3, right: 3 }, 'copy', null);
    const undone = engine.undo('grid', view());
    expect(undone.window?.contents.slice(1).map((row) => row.slice(1, 4))).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(undone.state.changeCount).toBe(0);
  });

  it('continues two or more numbers as a linear trend, and copies a single one', async () => {
    const engine = await open();
    const series = engine.fill('grid', 'Data', { top: 0, left: 4, bottom: 1, right: 4 }, { top: 2, left: 4, bottom: 4, right: 4 }, 'series', view());
    // 0.1, 0.2 continues 0.3, 0.4, 0.5, not 0.30000000000000004.
    expect(column(series, 4)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    const trend = engine.fill('grid', 'Data', { top: 0, left: 0, bottom: 2, right: 0 }, { top: 3, left: 0, bottom: 4, right: 0 }, 'series', view());
    // Least squares through 1, 2, 4 (as Excel's fill handle): slope 1.5, so 5.3333 and 6.8333.
    expect(column(trend, 0)?.slice(3)).toEqual([Number((16 / 3).toPrecision(15)), Number((41 / 6).toPrecision(15))]);
    const single = engine.fill('grid', 'Data', { top: 2, left: 0, bottom: 2, right: 0 }, { top: 2, left: 1, bottom: 2, right: 3 }, 'series', view());
    expect(single.window?.contents[2]?.slice(0, 4)).toEqual([4, 4, 4, 4]);
  });

  it('copies rather than continues under Ctrl+D, as Excel does', async () => {
    const engine = await open();
    const copied = engine.fill('grid', 'Data', { top: 0, left: 4, bottom: 1, right: 4 }, { top: 2, left: 4, bottom: 3, right: 4 }, 'copy', view());
    expect(column(copied, 4)?.slice(0, 4)).toEqual([0.1, 0.2, 0.1, 0.2]);
  });

  it('fills right, and up and left counting back from the source', () => {
    const contents = [[1, '=A1+1']];
    const right = fillWrites('S', { top: 0, left: 0, bottom: 0, right: 1 }, { top: 0, left: 2, bottom: 0, right: 4 }, 'copy', () => contents);
    expect(right.contents).toEqual([1, '=C1+1', 1]);
    const series = fillWrites('S', { top: 4, left: 0, bottom: 5, right: 0 }, { top: 2, left: 0, bottom: 3, right: 0 }, 'series', () => [[10], [20]]);
    expect(series.refs.map((ref) => ref.row)).toEqual([2, 3]);
    expect(series.contents).toEqual([-10, 0]);
    const up = fillWrites('S', { top: 4, left: 1, bottom: 5, right: 1 }, { top: 1, left: 1, bottom: 3, right: 1 }, 'copy', () => [['=A5'], ['=A6']]);
    expect(up.contents).toEqual(['=A2', '=A3', '=A4']);
  });

  it('refuses a target that is not beside the source, naming the source', async () => {
    const engine = await open();
    const refused = engine.fill('grid', 'Data', { top: 0, left: 0, bottom: 0, right: 0 }, { top: 5, left: 3, bottom: 6, right: 3 }, 'copy', null);
    expect(refused.problem).toMatch(/just below or above A1:A1/);
  });

  it("refuses, as typing there would, a fill that puts text in an input's cell, and changes nothing", async () => {
    const engine = await open();
    const refused = engine.fill('grid', 'Inputs', { top: 0, left: 0, bottom: 0, right: 0 }, { top: 0, left: 1, bottom: 0, right: 1 }, 'copy', view('Inputs'));
    expect(refused.problem).toMatch(/Inputs!B1 is the input “Rate” \(Rate\): it must hold a number/);
    expect(refused.window?.contents[0]).toEqual(['Rate', 0.5]);
    expect(refused.state.canUndo).toBe(false);
  });
});
