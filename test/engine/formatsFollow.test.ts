/** Number formats follow the cells as Excel's do: copy and paste, fill, cut and paste and Reset carry them in the same undo step as the contents. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import { memoryStorage } from '../../src/engine/storage/storage';
import { formatLocalAddress } from '../../src/model/address';
import type { Rect } from '../../src/shared/cellRange';
import type { Engine } from '../../src/shared/engine';
import type { PasteSource, SheetWindow, Update, WindowRequest } from '../../src/shared/messages';
import { formatCodeAt } from '../../src/shared/numberFormat';
import { REPO_ROOT } from '../paths';

const tinyFile = { ...(JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8')) as object), formats: { 'Inputs!B1:B2': '#,##0' } };
const texts = {
  'scenarios/scenario.schema.json': '{}',
  'scenarios/tiny.json': JSON.stringify(tinyFile),
};
const inputs: WindowRequest = { sheet: 'Inputs', whole: true };
const results: WindowRequest = { sheet: 'Result sheet', whole: true };
const cell = (row: number, col: number): Rect => ({ top: row, left: col, bottom: row, right: col });

async function openTiny(engine: Engine): Promise<Update> {
  await engine.init();
  const result = await engine.open('tiny', inputs);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.update;
}

/** Each formatted cell of the window (a whole sheet) by its address, however the ranges are cut. */
function codes(window: SheetWindow | null | undefined): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const { rect } of window?.formats ?? []) {
    for (let row = rect.top; row <= rect.bottom; row += 1) {
      for (let col = rect.left; col <= rect.right; col += 1) {
        const code = formatCodeAt(window?.formats, row, col);
        if (code !== undefined) cells[formatLocalAddress(row, col)] = code;
      }
    }
  }
  return cells;
}

const shown = (update: Update) => codes(update.window);

/** What the page sends for a block it copied (or cut) in the app: its contents and its formats, as copyRange reads them. */
function copied(engine: Engine, sheet: string, rect: Rect, cut = false): PasteSource {
  const { contents, formats } = engine.copyRange('tiny', sheet, rect);
  return { kind: 'cells', rows: contents, formats, from: { sheet, row: rect.top, col: rect.left }, cut, docId: 'tiny' };
}

const n = '#,##0';
const preset = { B1: n, B2: n };

describe('copy and paste', () => {
  it('brings the copied cells\' formats, tiled over a larger target, in the step undo and redo take back and make again', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setFormat('tiny', 'Inputs', cell(0, 2), '@', inputs);
    const pasted = { ...preset, C1: '@', E1: n, E2: n, E3: n, E4: n, F1: '@', F3: '@' };
    let update = engine.paste('tiny', 'Inputs', { top: 0, left: 4, bottom: 3, right: 5 }, copied(engine, 'Inputs', { top: 0, left: 1, bottom: 1, right: 2 }), inputs);
    expect(update.problem).toBeUndefined();
    expect(shown(update)).toEqual(pasted);
    expect(update.window?.contents[3]?.[4]).toBe(100);
    update = engine.undo('tiny', inputs);
    expect(shown(update)).toEqual({ ...preset, C1: '@' });
    expect(update.window?.contents[3]?.[4] ?? null).toBeNull();
    update = engine.redo('tiny', inputs);
    expect(shown(update)).toEqual(pasted);
  });

  it('a General cell pasted over a formatted one takes its format off; pasted back, the formats are the preset\'s again', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    const price = copied(engine, 'Inputs', cell(0, 1));
    let update = engine.paste('tiny', 'Inputs', cell(0, 1), copied(engine, 'Inputs', cell(0, 0)), inputs);
    expect(shown(update)).toEqual({ B2: n });
    expect(update.state.formatsChanged).toBe(true);
    update = engine.paste('tiny', 'Inputs', cell(0, 1), price, inputs);
    expect(shown(update)).toEqual(preset);
    expect(update.state).toMatchObject({ formatsChanged: false, edited: false });
  });

  it('cells cut in another scenario land with their formats, as they are, and the other scenario keeps its own', async () => {
    const other = { ...tinyFile, id: 'other', name: 'Other', formats: {} };
    const engine = createEngine({ ...texts, 'scenarios/other.json': JSON.stringify(other) });
    await openTiny(engine);
    const cut = copied(engine, 'Inputs', { top: 0, left: 1, bottom: 1, right: 1 }, true);
    const opened = await engine.open('other', inputs);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    expect(shown(opened.update)).toEqual({});
    let update = engine.paste('other', 'Inputs', cell(3, 3), cut, inputs);
    expect(update.window?.contents.slice(3, 5).map((row) => row[3])).toEqual([10, 100]);
    expect(shown(update)).toEqual({ D4: n, D5: n });
    expect(codes(engine.window('tiny', inputs))).toEqual(preset);
    update = engine.undo('other', inputs);
    expect(shown(update)).toEqual({});
  });

  it('text from outside the app leaves the target\'s formats as they are', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    const update = engine.paste('tiny', 'Inputs', { top: 0, left: 1, bottom: 0, right: 2 }, { kind: 'text', rows: [[7, 'x']] }, inputs);
    expect(update.window?.contents[0]?.slice(1)).toEqual([7, 'x']);
    expect(shown(update)).toEqual(preset);
    expect(update.state.formatsChanged).toBe(false);
  });
});

describe('fill', () => {
  it('a series down repeats the source\'s formats in the same step as its values', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 3, content: 1 }, { sheet: 'Inputs', row: 1, col: 3, content: 2 }], inputs);
    engine.setFormat('tiny', 'Inputs', cell(0, 3), '0.0', inputs);
    engine.setFormat('tiny', 'Inputs', cell(1, 3), '0.00', inputs);
    const filled = { ...preset, D1: '0.0', D2: '0.00', D3: '0.0', D4: '0.00', D5: '0.0' };
    let update = engine.fill('tiny', 'Inputs', { top: 0, left: 3, bottom: 1, right: 3 }, { top: 2, left: 3, bottom: 4, right: 3 }, 'series', inputs);
    expect(update.problem).toBeUndefined();
    expect(update.window?.contents.map((row) => row[3])).toEqual([1, 2, 3, 4, 5]);
    expect(shown(update)).toEqual(filled);
    update = engine.undo('tiny', inputs);
    expect(update.window?.contents[2]?.[3] ?? null).toBeNull();
    expect(shown(update)).toEqual({ ...preset, D1: '0.0', D2: '0.00' });
    update = engine.redo('tiny', inputs);
    expect(shown(update)).toEqual(filled);
  });

  it('filling up or left counts the source back from its far end, formats as contents', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setFormat('tiny', 'Inputs', cell(2, 2), '0.0', inputs);
    let update = engine.fill('tiny', 'Inputs', { top: 1, left: 1, bottom: 2, right: 2 }, { top: 0, left: 1, bottom: 0, right: 2 }, 'copy', inputs);
    expect(update.window?.contents[0]?.slice(1)).toEqual([0.25, '%']);
    expect(shown(update)).toEqual({ B2: n, C1: '0.0', C3: '0.0' });
    update = engine.fill('tiny', 'Inputs', cell(1, 1), cell(1, 0), 'copy', inputs);
    expect(shown(update)).toEqual({ A2: n, B2: n, C1: '0.0', C3: '0.0' });
    update = engine.undo('tiny', inputs);
    expect(shown(update)).toEqual({ B2: n, C1: '0.0', C3: '0.0' });
  });
});

describe('cut and paste', () => {
  it('on the same sheet moves the formats with the cells, the cut cells losing theirs', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    let update = engine.paste('tiny', 'Inputs', cell(5, 4), copied(engine, 'Inputs', cell(0, 1), true), inputs);
    expect(update.problem).toBeUndefined();
    expect(update.window?.contents[5]?.[4]).toBe(10);
    expect(shown(update)).toEqual({ B2: n, E6: n });
    update = engine.undo('tiny', inputs);
    expect(update.window?.contents[0]?.[1]).toBe(10);
    expect(shown(update)).toEqual(preset);
    expect(update.state.edited).toBe(false);
    update = engine.redo('tiny', inputs);
    expect(shown(update)).toEqual({ B2: n, E6: n });
  });

  it('onto another sheet moves them there, and undo brings them back', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    const update = engine.paste('tiny', 'Result sheet', cell(0, 3), copied(engine, 'Inputs', { top: 0, left: 1, bottom: 1, right: 1 }, true), results);
    expect(update.problem).toBeUndefined();
    expect(update.window?.contents.map((row) => row[3])).toEqual([10, 100, null]);
    expect(shown(update)).toEqual({ D1: n, D2: n });
    expect(codes(engine.window('tiny', inputs))).toEqual({});
    expect(shown(engine.undo('tiny', inputs))).toEqual(preset);
    expect(codes(engine.window('tiny', results))).toEqual({});
    expect(shown(engine.redo('tiny', inputs))).toEqual({});
  });
});

describe('Reset on a selection', () => {
  it('puts the preset\'s formats back in those cells only, in the step that puts their contents back', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 1, content: 12 }], inputs);
    engine.setFormat('tiny', 'Inputs', { top: 0, left: 1, bottom: 2, right: 1 }, '0.00', inputs);
    let update = engine.resetCells('tiny', [{ sheet: 'Inputs', row: 0, col: 1 }, { sheet: 'Inputs', row: 2, col: 1 }], inputs);
    expect(update.window?.contents[0]?.[1]).toBe(10);
    expect(shown(update)).toEqual({ B1: n, B2: '0.00' });
    update = engine.undo('tiny', inputs);
    expect(update.window?.contents[0]?.[1]).toBe(12);
    expect(shown(update)).toEqual({ B1: '0.00', B2: '0.00', B3: '0.00' });
    update = engine.redo('tiny', inputs);
    expect(shown(update)).toEqual({ B1: n, B2: '0.00' });
    update = engine.resetCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1 }], inputs);
    expect(shown(update)).toEqual(preset);
    expect(update.state).toMatchObject({ formatsChanged: false, edited: false });
    expect(shown(engine.undo('tiny', inputs))).toEqual({ B1: n, B2: '0.00' });
  });
});

describe('formats carried by an edit leave the worker as a format set does', () => {
  it('stored with the work, in Download scenario and in a share link', async () => {
    const storage = memoryStorage();
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await openTiny(engine);
    engine.paste('tiny', 'Result sheet', cell(4, 0), copied(engine, 'Inputs', { top: 0, left: 1, bottom: 1, right: 1 }), results);
    engine.fill('tiny', 'Inputs', cell(1, 1), cell(1, 2), 'copy', inputs);
    const downloaded = createEngine(texts);
    await downloaded.init();
    const file = await downloaded.openFile(new TextEncoder().encode(engine.downloadScenario('tiny').text), 'tiny-edited.json');
    if (!file.ok) throw new Error(file.problems.join('\n'));
    const fromFile = await downloaded.open(file.docId, inputs);
    if (!fromFile.ok) throw new Error(fromFile.problems.join('\n'));
    expect(codes(downloaded.window(file.docId, inputs))).toEqual({ ...preset, C2: n });
    expect(codes(downloaded.window(file.docId, results))).toEqual({ A5: n, A6: n });

    expect(await engine.whenSaved()).toEqual({ ok: true });
    const again = createEngine(texts, { storage, saveDelay: () => 0 });
    await again.init();
    const reopened = await again.open('tiny', results);
    if (!reopened.ok) throw new Error(reopened.problems.join('\n'));
    expect(shown(reopened.update)).toEqual({ A5: n, A6: n });
    expect(codes(again.window('tiny', inputs))).toEqual({ ...preset, C2: n });

    const link = await engine.shareLink('tiny', 'https://example.invalid/');
    if (!link.ok) throw new Error(link.problem);
    const opened = await engine.openShareLink(link.link);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    const shared = await engine.open(opened.docId, inputs);
    expect(shared.ok && shown(shared.update)).toEqual({ ...preset, C2: n });
    expect(codes(engine.window(opened.docId, results))).toEqual({ A5: n, A6: n });
  });
});
