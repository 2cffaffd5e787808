/** Sheets stored in blocks of rows: a save writes only the blocks it changed, old formats open and are rewritten, a lost block is named, a failed block goes again. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import { blockKey } from '../../src/engine/storage/blocks';
import { memoryStorage, type Alongside, type EngineStorage } from '../../src/engine/storage/storage';
import type { FullScenario } from '../../src/model';
import type { Engine } from '../../src/shared/engine';
import type { WindowRequest } from '../../src/shared/messages';
import { REPO_ROOT } from '../paths';
import { storedScenario } from './storedWork';

const tinyText = readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8');
const texts = { 'scenarios/tiny.json': tinyText };
const DOC = 'u:blocks';
const ROWS = 2500;

/** 2,500 rows of an id, a number and a formula: three blocks of 1,000, 1,000 and 500 rows. */
function bigScenario(): FullScenario {
  const data = Array.from({ length: ROWS }, (_, row) => [row + 1, (row + 1) * 2, `=B${row + 1}*Inputs!$B$1`]);
  return {
    type: 'tradesheet-scenario',
    version: 1,
    id: 'blocks',
    name: 'Blocks',
    description: 'A sheet of several blocks.',
    sheets: { Inputs: [['Rate', 2], ['Total', `=SUM(Data!C1:C${ROWS})`]], Data: data },
    inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '', source: { assumption: 'a round number' } } },
    outputs: { Total: { cell: 'Inputs!B2', label: 'Total', unit: '' } },
  } as FullScenario;
}

const window = (sheet: string, top = 0): WindowRequest => ({ sheet, whole: false, top, left: 0, rows: 5, cols: 3 });
const cell = (engine: Engine, sheet: string, row: number, col: number) => {
  const shown = engine.window(DOC, window(sheet, row));
  return shown?.contents[row - shown.top]?.[col];
};

/** A storage that notes the keys each write stores and deletes, and every key it holds. */
function trackedStorage(inner: EngineStorage = memoryStorage()) {
  const writes: { stored: string[]; deleted: string[] }[] = [];
  const held = new Set<string>();
  let full = false;
  const note = (entries: [string, unknown][]) => {
    const write = { stored: entries.filter(([, value]) => value !== undefined).map(([key]) => key).sort(), deleted: entries.filter(([, value]) => value === undefined).map(([key]) => key).sort() };
    writes.push(write);
    for (const key of write.stored) held.add(key);
    for (const key of write.deleted) held.delete(key);
  };
  const storage: EngineStorage = {
    ...inner,
    set: (key, value) => {
      if (full) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      held.add(key);
      return inner.set(key, value);
    },
    update: (key, change, alongside: Alongside = {}) => {
      if (full) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      let next: unknown;
      return inner.update(
        key,
        (stored) => (next = change(stored)),
        (stored) => {
          const values = typeof alongside === 'function' ? alongside(stored) : alongside;
          note([[key, next], ...Object.entries(values)]);
          return values;
        },
      );
    },
  };
  return {
    storage,
    writes,
    held,
    fill: (isFull: boolean) => (full = isFull),
    /** The keys the last write of a scenario's record stored and deleted. */
    lastWrite: (docId = DOC) => writes.filter((write) => write.stored.includes(`doc:${docId}`)).at(-1),
  };
}

async function engineOn(storage: EngineStorage, saveDelay: (cells: number) => number = () => 0): Promise<Engine> {
  const engine = createEngine(texts, { storage, saveDelay });
  await engine.init();
  return engine;
}

/** A tab that opened the big scenario from a file, which stores it at once. */
async function tabWithBigScenario(storage: EngineStorage): Promise<Engine> {
  const engine = await engineOn(storage);
  const opened = await engine.openFile(new TextEncoder().encode(JSON.stringify(bigScenario())), 'blocks.json');
  expect(opened).toEqual({ ok: true, docId: DOC });
  expect(await engine.whenSaved()).toEqual({ ok: true });
  return engine;
}

async function reopened(storage: EngineStorage, docId = DOC): Promise<Engine> {
  const engine = await engineOn(storage);
  const opened = await engine.open(docId, window('Data'));
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return engine;
}

const setData = (engine: Engine, row: number, content: number) => engine.setCells(DOC, [{ sheet: 'Data', row, col: 1, content }], null);
const dataBlock = (index: number, part: 'current' | 'base' = 'current') => blockKey(DOC, part, 'Data', index);

describe('a scenario stored in blocks of rows', () => {
  it('lists each sheet’s blocks in its record and reads back the very scenario it stored', async () => {
    const { storage } = trackedStorage();
    await tabWithBigScenario(storage);
    const record = (await storage.get(`doc:${DOC}`)) as { version: number; current: { sheets: { name: string; blocks: { rows: number }[] }[] } };
    expect(record.version).toBe(3);
    expect(record.current.sheets.map((sheet) => [sheet.name, sheet.blocks.map((block) => block.rows)])).toEqual([
      ['Inputs', [2]],
      ['Data', [1000, 1000, 500]],
    ]);
    const { sheets, inputs, outputs } = bigScenario();
    expect(await storedScenario(storage, DOC)).toMatchObject({ id: 'blocks', name: 'Blocks', sheets, inputs, outputs });
    const engine = await reopened(storage);
    expect(cell(engine, 'Data', 2499, 2)).toBe('=B2500*Inputs!$B$1');
  });

  it('writes only the record, the scenario’s inputs and outputs, and the block holding the edited row, in this tab and after a reload', async () => {
    const tracked = trackedStorage();
    const delays: number[] = [];
    const engine = await tabWithBigScenario(tracked.storage);
    setData(engine, 1499, 7);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(tracked.lastWrite()).toEqual({ stored: [dataBlock(1), `data:${DOC}`, `doc:${DOC}`].sort(), deleted: [] });

    const again = await engineOn(tracked.storage, (cells) => (delays.push(cells), 0));
    await again.open(DOC, window('Data'));
    again.setCells(DOC, [{ sheet: 'Data', row: 10, col: 0, content: 'edited' }], null);
    expect(await again.whenSaved()).toEqual({ ok: true });
    expect(tracked.lastWrite()).toEqual({ stored: [dataBlock(0), `data:${DOC}`, `doc:${DOC}`].sort(), deleted: [] });
    // The save waits as long as one block's write takes, not the whole sheet's.
    expect(delays.at(-1)).toBe(1000 * 3);
    const stored = await storedScenario(tracked.storage, DOC);
    expect([stored?.sheets.Data?.[1499]?.[1], stored?.sheets.Data?.[10]?.[0]]).toEqual([7, 'edited']);
  });

  it('writes the blocks a growing or shrinking sheet changes, and deletes those no longer listed', async () => {
    const tracked = trackedStorage();
    const engine = await tabWithBigScenario(tracked.storage);
    setData(engine, 3199, 1);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(tracked.lastWrite()).toEqual({ stored: [dataBlock(2), dataBlock(3), `data:${DOC}`, `doc:${DOC}`].sort(), deleted: [] });
    engine.undo(DOC, null);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(tracked.lastWrite()).toEqual({ stored: [dataBlock(2), `data:${DOC}`, `doc:${DOC}`].sort(), deleted: [dataBlock(3)] });
    expect((await storedScenario(tracked.storage, DOC))?.sheets.Data).toHaveLength(ROWS);
  });

  it('rewrites every sheet and the preset’s copy after rows, columns or sheets change, and deletes a removed sheet’s blocks', async () => {
    const tracked = trackedStorage();
    const engine = await tabWithBigScenario(tracked.storage);
    engine.deleteRows(DOC, 'Data', 0, 1, null);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(tracked.lastWrite()?.stored).toEqual(expect.arrayContaining([dataBlock(0), dataBlock(1), dataBlock(2), dataBlock(0, 'base'), `base:${DOC}`]));
    expect((await storedScenario(tracked.storage, DOC))?.sheets.Data?.[0]).toEqual([2, 4, '=B1*Inputs!$B$1']);

    engine.addSheet(DOC, null);
    engine.removeSheet(DOC, 'Data', null);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect([...tracked.held].filter((key) => key.includes(':Data:'))).toEqual([]);
    expect(Object.keys((await storedScenario(tracked.storage, DOC))?.sheets ?? {})).toEqual(['Inputs', 'Sheet3']);
  });

  it('keeps the blocks a refused write could not store, and stores them with the next write', async () => {
    const tracked = trackedStorage();
    const engine = await tabWithBigScenario(tracked.storage);
    tracked.fill(true);
    setData(engine, 1499, 7);
    expect(await engine.whenSaved()).toEqual({ ok: false, problem: 'The browser’s storage for this page is full.' });
    tracked.fill(false);
    setData(engine, 10, 8);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(tracked.lastWrite()?.stored).toEqual([dataBlock(0), dataBlock(1), `data:${DOC}`, `doc:${DOC}`].sort());
    const stored = await storedScenario(tracked.storage, DOC);
    expect([stored?.sheets.Data?.[1499]?.[1], stored?.sheets.Data?.[10]?.[1]]).toEqual([7, 8]);
  });

  it('a refused write of another tab’s newer save stores no block of its own', async () => {
    const tracked = trackedStorage();
    const first = await tabWithBigScenario(tracked.storage);
    const second = await reopened(tracked.storage);
    setData(second, 1499, 7);
    expect(await second.whenSaved()).toEqual({ ok: true });
    setData(first, 10, 8);
    expect((await first.whenSaved()).ok).toBe(false);
    const stored = await storedScenario(tracked.storage, DOC);
    expect([stored?.sheets.Data?.[1499]?.[1], stored?.sheets.Data?.[10]?.[1]]).toEqual([7, 22]);
  });

  it.each([
    ['missing', (storage: EngineStorage) => storage.update(dataBlock(1), () => undefined), 'rows 1,001 to 2,000 of sheet "Data" are missing'],
    ['of another save', (storage: EngineStorage) => storage.update(dataBlock(1), (block) => ({ ...(block as object), stamp: 'another:1' })), 'rows 1,001 to 2,000 of sheet "Data" were stored by another save than the rest'],
    ['damaged', (storage: EngineStorage) => storage.update(dataBlock(2), (block) => ({ ...(block as object), rows: [[1]] })), 'rows 2,001 to 2,500 of sheet "Data" are damaged'],
    ['missing from the preset’s copy', (storage: EngineStorage) => storage.update(dataBlock(0, 'base'), () => undefined), 'in the copy of the preset kept beside it, rows 1 to 1,000 of sheet "Data" are missing'],
  ])('with a block %s is not opened, and says which rows of which sheet', async (_, damage, problem) => {
    const storage = memoryStorage();
    await tabWithBigScenario(storage);
    await damage(storage);
    const engine = await engineOn(storage);
    const opened = await engine.open(DOC, window('Data'));
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.problems).toEqual([`Stored work for "${DOC}" is incomplete: ${problem}, and it was not opened.`]);
  });

  it('read while another tab stores it, is read again and opens as that tab stored it', async () => {
    const inner = memoryStorage();
    const writer = await tabWithBigScenario(inner);
    let saveMeanwhile = true;
    const storage: EngineStorage = {
      ...inner,
      getMany: async (keys) => {
        if (saveMeanwhile && keys.some((key) => key.startsWith('block:'))) {
          // The record is read; before its blocks are, the other tab stores an edit of every block.
          saveMeanwhile = false;
          writer.deleteRows(DOC, 'Data', 0, 1, null);
          expect(await writer.whenSaved()).toEqual({ ok: true });
        }
        return inner.getMany(keys);
      },
    };
    const engine = await reopened(storage);
    expect(saveMeanwhile).toBe(false);
    expect(cell(engine, 'Data', 0, 0)).toBe(2);
  });

  it('is removed, every block of it, when the person discards it', async () => {
    const tracked = trackedStorage();
    const engine = await tabWithBigScenario(tracked.storage);
    expect([...tracked.held].filter((key) => key.startsWith('block:'))).toHaveLength(8);
    await engine.discard(DOC);
    expect([...tracked.held].filter((key) => key.includes(DOC))).toEqual([]);
  });
});

describe('work stored by an earlier version', () => {
  /** The tiny preset with its Volume (Inputs!B2) at 300, as a save of that version stored it. */
  async function storedByEarlierVersion(version: 1 | 2): Promise<EngineStorage> {
    const preset = JSON.parse(tinyText) as FullScenario;
    const current = { ...preset, sheets: { ...preset.sheets, Inputs: preset.sheets.Inputs?.map((row, index) => (index === 1 ? [row[0] ?? null, 300, row[2] ?? null] : row)) ?? [] } };
    const meta = { docId: 'tiny', kind: 'preset', id: 'tiny', name: preset.name, description: preset.description, chain: [], baseName: 'the preset', setBy: {} };
    const record = { format: 'tradesheet-work', version, meta, structureTouched: false, stamp: 'earlier:1' };
    const storage = memoryStorage();
    if (version === 1) await storage.set('doc:tiny', { ...record, current, base: preset });
    else await storage.update('doc:tiny', () => record, { 'data:tiny': { stamp: 'earlier:1', current, base: preset } });
    return storage;
  }

  it.each([1, 2] as const)('version %i opens, and its next save stores it in blocks', async (version) => {
    const tracked = trackedStorage(await storedByEarlierVersion(version));
    const engine = await engineOn(tracked.storage);
    const opened = await engine.open('tiny', window('Inputs'));
    expect(opened.ok && opened.info.name).toBe('Tiny fixture');
    expect(engine.window('tiny', window('Inputs'))?.values[1]?.[1]).toBe(300);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: 320 }], null);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    const record = await tracked.storage.get('doc:tiny');
    expect(record).toMatchObject({ version: 3 });
    // The record lists blocks; the cells are beside it.
    expect(JSON.stringify(record)).not.toContain('Volume');
    expect(await tracked.storage.get('data:tiny')).not.toHaveProperty('current');
    expect(tracked.lastWrite('tiny')?.stored).toEqual(expect.arrayContaining([blockKey('tiny', 'current', 'Inputs', 0), blockKey('tiny', 'base', 'Result sheet', 0), 'base:tiny']));
    expect((await storedScenario(tracked.storage, 'tiny'))?.sheets.Inputs?.[1]?.[1]).toBe(320);
    const again = await engineOn(tracked.storage);
    await again.open('tiny', window('Inputs'));
    expect(again.window('tiny', window('Inputs'))?.values[1]?.[1]).toBe(320);
    expect(again.listScenarios().find((entry) => entry.docId === 'tiny')?.edited).toBe(true);
  });
});
