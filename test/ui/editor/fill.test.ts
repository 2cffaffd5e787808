/** What the page asks the worker to fill: Ctrl+D and Ctrl+R's source and target, and the fill handle's target as it is dragged. */
import { describe, expect, it } from 'vitest';
import { edgeTarget, type Rect } from '../../../src/shared/cellRange';
import type { FillMode } from '../../../src/shared/find';
import type { Update } from '../../../src/shared/messages';
import type { EngineClient } from '../../../src/ui/engineClient';
import { dragTarget, fillAlongNeighbour, fillPreviewClass, fillSelection, isFillCorner, setFillPreview, type FillTarget } from '../../../src/ui/editor/fill';
import { Subscriptions } from '../../../src/ui/editor/subscriptions';

interface Asked {
  source: Rect;
  target: Rect;
  mode: FillMode;
}

/** An editor with `range` selected on a sheet of `size`, whose engine records each fill it is asked for. */
function editorWith(range: Rect, size = { rows: 100, cols: 20 }, whole: { rows?: boolean; cols?: boolean } = {}, cells: readonly (readonly (number | null)[])[] = []): { editor: FillTarget; asked: Asked[]; shown: { select?: boolean }[] } {
  const asked: Asked[] = [];
  const shown: { select?: boolean }[] = [];
  const update = { state: {}, window: null } as unknown as Update;
  const engine = {
    fill: (_docId: string, _sheet: string, source: Rect, target: Rect, mode: FillMode) => {
      asked.push({ source, target, mode });
      return Promise.resolve(update);
    },
  } as unknown as EngineClient;
  const editor: FillTarget = {
    docId: 'doc',
    sheet: 'Sheet1',
    range,
    subscriptions: new Subscriptions(),
    viewport: {
      sheetSize: () => size,
      contentAt: (row, col) => cells[row]?.[col] ?? null,
      edge: (from, step) => Promise.resolve(edgeTarget((row, col) => (cells[row]?.[col] ?? null) !== null, from, step, size)),
    },
    request: () => ({ sheet: 'Sheet1', whole: true }),
    engineCall: (call) => call(engine),
    showEdit: (_, options = {}) => shown.push(options),
    setNotice: (notice) => {
      throw new Error(notice.text);
    },
    wholeRows: () => whole.rows ?? false,
    wholeColumns: () => whole.cols ?? false,
  };
  return { editor, asked, shown };
}

describe('Ctrl+D and Ctrl+R', () => {
  it.each([
    ['down: the first row over the rest', 'down', { top: 1, left: 1, bottom: 4, right: 3 }, { top: 1, left: 1, bottom: 1, right: 3 }, { top: 2, left: 1, bottom: 4, right: 3 }],
    ['down on one row: the row above into it', 'down', { top: 4, left: 0, bottom: 4, right: 2 }, { top: 3, left: 0, bottom: 3, right: 2 }, { top: 4, left: 0, bottom: 4, right: 2 }],
    ['right: the first column over the rest', 'right', { top: 0, left: 2, bottom: 1, right: 5 }, { top: 0, left: 2, bottom: 1, right: 2 }, { top: 0, left: 3, bottom: 1, right: 5 }],
    ['right on one column: the column left into it', 'right', { top: 0, left: 2, bottom: 3, right: 2 }, { top: 0, left: 1, bottom: 3, right: 1 }, { top: 0, left: 2, bottom: 3, right: 2 }],
  ] as const)('%s, copying, the selection kept', async (_, direction, range, source, target) => {
    const { editor, asked, shown } = editorWith(range);
    await fillSelection(editor, direction);
    expect(asked).toEqual([{ source, target, mode: 'copy' }]);
    expect(shown).toEqual([{ select: false }]);
  });

  it('asks nothing at the top row or the first column, where there is nothing to copy from', async () => {
    const { editor, asked } = editorWith({ top: 0, left: 0, bottom: 0, right: 3 });
    await fillSelection(editor, 'down');
    const { editor: left, asked: askedLeft } = editorWith({ top: 2, left: 0, bottom: 5, right: 0 });
    await fillSelection(left, 'right');
    expect([...asked, ...askedLeft]).toEqual([]);
  });

  it('stops whole columns at the filled part of the sheet, as copying them does', async () => {
    const { editor, asked } = editorWith({ top: 0, left: 1, bottom: 1_048_575, right: 1 }, { rows: 30, cols: 5 }, { cols: true });
    await fillSelection(editor, 'down');
    expect(asked[0]?.target).toEqual({ top: 1, left: 1, bottom: 29, right: 1 });
  });
});

describe('the fill handle', () => {
  const source = { top: 2, left: 1, bottom: 3, right: 2 };

  it.each([
    ['as far as the column to the left runs', [[1, 5], [2, null], [3, null], [4, null], [null, null], [6, null]], { top: 1, left: 1, bottom: 3, right: 1 }],
    ['by the column to the right when the left one is empty', [[null, 5, 1], [null, null, 2], [null, null, null]], { top: 1, left: 1, bottom: 1, right: 1 }],
  ])('double-clicked, fills down %s', async (_, cells, target) => {
    const { editor, asked } = editorWith({ top: 0, left: 1, bottom: 0, right: 1 }, { rows: 10, cols: 5 }, {}, cells);
    await fillAlongNeighbour(editor);
    expect(asked).toEqual([{ source: { top: 0, left: 1, bottom: 0, right: 1 }, target, mode: 'series' }]);
  });

  it('double-clicked beside nothing, fills nothing', async () => {
    const { editor, asked } = editorWith({ top: 0, left: 0, bottom: 0, right: 0 }, { rows: 10, cols: 5 }, {}, [[5, null], [null, null]]);
    await fillAlongNeighbour(editor);
    expect(asked).toEqual([]);
  });

  it.each([
    ['inside the source: nothing', { row: 3, col: 2 }, undefined],
    ['below: the rows down to the pointer', { row: 7, col: 3 }, { top: 4, left: 1, bottom: 7, right: 2 }],
    ['right: the columns across to the pointer', { row: 4, col: 9 }, { top: 2, left: 3, bottom: 3, right: 9 }],
    ['as far down as right: down', { row: 5, col: 4 }, { top: 4, left: 1, bottom: 5, right: 2 }],
    ['above or left: nothing (the handle fills down or right)', { row: 0, col: 0 }, undefined],
  ])('dragged %s', (_, pointer, target) => {
    expect(dragTarget(source, pointer)).toEqual(target);
  });

  it('sits on the cell that ends the selection on both axes', () => {
    expect(isFillCorner('is-active edge-t edge-b edge-l edge-r')).toBe(true);
    expect(isFillCorner('in-range edge-b')).toBe(false);
    expect(isFillCorner('in-range edge-b edge-r copy')).toBe(true);
  });

  it('outlines the block the drag would leave filled, and tells the grid when that changes', () => {
    const { editor } = editorWith(source);
    let told = 0;
    editor.subscriptions.subscribe('selection', () => (told += 1));
    setFillPreview(editor, { top: 2, left: 1, bottom: 6, right: 2 });
    setFillPreview(editor, { top: 2, left: 1, bottom: 6, right: 2 });
    expect(told).toBe(1);
    expect(fillPreviewClass(editor, 2, 1)).toBe(' fill-preview fill-t fill-l');
    expect(fillPreviewClass(editor, 6, 2)).toBe(' fill-preview fill-b fill-r');
    expect(fillPreviewClass(editor, 7, 2)).toBe('');
    setFillPreview(editor, null);
    expect(fillPreviewClass(editor, 2, 1)).toBe('');
    expect(told).toBe(2);
  });
});
