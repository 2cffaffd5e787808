/** Work is never lost in the engine: writes refused or failing keep the edits, a tab never stores over another's, and a save checks only the small record. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import { memoryStorage, type Alongside, type EngineStorage } from '../../src/engine/storage/storage';
import type { Engine } from '../../src/shared/engine';
import type { StorageNotice, WindowRequest } from '../../src/shared/messages';
import { REPO_ROOT } from '../paths';
import { storedScenario } from './storedWork';

const texts = { 'scenarios/tiny.json': readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8') };
const inputs: WindowRequest = { sheet: 'Inputs', whole: false, top: 0, left: 0, rows: 20, cols: 5 };
/** Inputs!B2 of the tiny preset: the Volume input, 100 as it ships. */
const volume = (engine: Engine) => engine.window('tiny', inputs)?.values[1]?.[1];
const setVolume = (engine: Engine, value: number) => engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: value }], null);

const storedVolume = async (storage: EngineStorage, docId = 'tiny') => (await storedScenario(storage, docId))?.sheets.Inputs?.[1]?.[1];

/** A storage whose writes the test can refuse, as a full disk refuses them. */
function diskThatFills(storage: EngineStorage): EngineStorage & { full: boolean } {
  const refuse = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
  const disk = {
    ...storage,
    full: false,
    set: (key: string, value: unknown) => (disk.full ? refuse() : storage.set(key, value)),
    update: (key: string, change: (stored: unknown) => unknown, alongside?: Alongside) => (disk.full ? refuse() : storage.update(key, change, alongside)),
  };
  return disk;
}

describe('the engine keeps work it cannot store, and never stores over another tab', () => {
  const channels: BroadcastChannel[] = [];
  const channel = () => {
    const opened = new BroadcastChannel('tradesheet-work-test');
    channels.push(opened);
    return opened;
  };
  const heard = (engine: Engine) => {
    const notices: StorageNotice[] = [];
    engine.watchStorage((notice) => notices.push(notice));
    return notices;
  };

  afterEach(() => {
    for (const opened of channels.splice(0)) opened.close();
  });

  it('a refused write keeps the edit in memory, says why, and stores it with the next write once the disk has room', async () => {
    const disk = diskThatFills(memoryStorage());
    const engine = createEngine(texts, { storage: disk, saveDelay: () => 0 });
    const notices = heard(engine);
    await engine.init();
    await engine.open('tiny', inputs);
    disk.full = true;
    setVolume(engine, 300);
    expect(await engine.whenSaved()).toEqual({ ok: false, problem: 'The browser’s storage for this page is full.' });
    expect(notices.at(-1)).toEqual({ kind: 'health', problem: 'The browser’s storage for this page is full.' });
    expect(volume(engine)).toBe(300);
    expect(JSON.parse(engine.downloadScenario('tiny').text).sheets.Inputs[1][1]).toBe(300);
    disk.full = false;
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 6, col: 0, content: 'a later edit' }], null);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(notices.at(-1)).toEqual({ kind: 'health', problem: null });
    expect(await storedVolume(disk)).toBe(300);
  });

  it('keeps storing after a save came due with nothing left to store (the edit was dropped before it)', async () => {
    const storage = memoryStorage();
    const engine = createEngine(texts, { storage, saveDelay: () => 10 });
    await engine.init();
    await engine.open('tiny', inputs);
    setVolume(engine, 200);
    // "Reload it" drops this tab's unsaved copy before its save is due: the save then finds nothing to store.
    engine.forgetLocal('tiny');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.open('tiny', inputs);
    setVolume(engine, 300);
    const gaveUp = new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000));
    expect(await Promise.race([engine.whenSaved(), gaveUp])).toEqual({ ok: true });
    expect(await storedVolume(storage)).toBe(300);
  });

  it('a storage that cannot be opened is reported at start, and the scenarios still open and edit', async () => {
    const refused = new DOMException('The user denied permission to access the database.', 'UnknownError');
    const storage: EngineStorage = { kind: 'indexeddb', get: () => Promise.reject(refused), getMany: () => Promise.reject(refused), set: () => Promise.reject(refused), update: () => Promise.reject(refused) };
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    const notices = heard(engine);
    expect((await engine.init()).problems).toEqual([]);
    expect(notices.at(-1)).toEqual({ kind: 'health', problem: 'The browser refused to store the work: The user denied permission to access the database.' });
    await engine.open('tiny', inputs);
    setVolume(engine, 250);
    expect(volume(engine)).toBe(250);
    expect((await engine.whenSaved()).ok).toBe(false);
  });

  it('a tab told by the channel that another tab stored the scenario does not store over it until the person chooses', async () => {
    const storage = memoryStorage();
    const first = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const second = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const firstHeard = heard(first);
    await Promise.all([first.init(), second.init()]);
    await first.open('tiny', inputs);
    setVolume(first, 300);
    await first.whenSaved();
    await second.open('tiny', inputs);
    expect(volume(second)).toBe(300);
    setVolume(second, 400);
    await second.whenSaved();
    await expect.poll(() => firstHeard.some((notice) => notice.kind === 'conflict' && notice.conflicted)).toBe(true);
    setVolume(first, 500);
    expect(await first.whenSaved()).toEqual({ ok: false, problem: expect.stringMatching(/changed in another tab/) });
    expect(await storedVolume(storage)).toBe(400);
    first.forgetLocal('tiny');
    expect(firstHeard.at(-1)).toEqual({ kind: 'conflict', docId: 'tiny', conflicted: false });
    await first.open('tiny', inputs);
    expect(volume(first)).toBe(400);
  });

  it('without the channel, the stamp on the stored record still stops a tab writing over a newer save', async () => {
    const storage = memoryStorage();
    const first = createEngine(texts, { storage, saveDelay: () => 0 });
    const second = createEngine(texts, { storage, saveDelay: () => 0 });
    const firstHeard = heard(first);
    await Promise.all([first.init(), second.init()]);
    await Promise.all([first.open('tiny', inputs), second.open('tiny', inputs)]);
    setVolume(second, 400);
    await second.whenSaved();
    setVolume(first, 500);
    expect((await first.whenSaved()).ok).toBe(false);
    expect(firstHeard.at(-1)).toEqual({ kind: 'conflict', docId: 'tiny', conflicted: true });
    expect(await storedVolume(storage)).toBe(400);
  });

  it('"save mine as a new scenario" keeps both: the other tab’s save and this tab’s edits under the new name', async () => {
    const storage = memoryStorage();
    const first = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const second = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const secondHeard = heard(second);
    await Promise.all([first.init(), second.init()]);
    await Promise.all([first.open('tiny', inputs), second.open('tiny', inputs)]);
    setVolume(second, 400);
    await second.whenSaved();
    setVolume(first, 500);
    await first.whenSaved();
    expect(await first.saveAs('tiny', 'Mine')).toEqual({ ok: true, docId: 'u:mine' });
    expect(await first.whenSaved()).toEqual({ ok: true });
    expect(await storedVolume(storage)).toBe(400);
    expect(await storedVolume(storage, 'u:mine')).toBe(500);
    // The other tab hears of the new scenario, and the stored list holds both tabs' work.
    await expect.poll(() => secondHeard.some((notice) => notice.kind === 'scenarios')).toBe(true);
    expect(second.listScenarios().map((entry) => entry.docId)).toContain('u:mine');
    expect(Object.keys((await storage.get('index')) as object).sort()).toEqual(['tiny', 'u:mine']);
  });
});

describe('the stored work of a scenario', () => {
  /** Storage that notes every value a write's check reads: the check should need the stamp, not the sheets. */
  function checkedStorage(): { storage: EngineStorage; checked: unknown[] } {
    const inner = memoryStorage();
    const checked: unknown[] = [];
    const storage: EngineStorage = {
      ...inner,
      update: (key, change, alongside) => inner.update(key, (stored) => (checked.push(stored), change(stored)), alongside),
    };
    return { storage, checked };
  }

  /** A new tab's engine with the tiny preset open, its Volume set to `value` and stored. */
  async function tabThatStored(storage: EngineStorage, value: number): Promise<Engine> {
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await engine.init();
    await engine.open('tiny', inputs);
    setVolume(engine, value);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    return engine;
  }

  async function tabThatOpens(storage: EngineStorage, docId: string) {
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await engine.init();
    return { engine, opened: await engine.open(docId, inputs) };
  }

  it('is checked before each save by a record that lists where the rows are but holds no cell: the rows are written beside it, never read back', async () => {
    const { storage, checked } = checkedStorage();
    const engine = await tabThatStored(storage, 300);
    setVolume(engine, 350);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    const checkedRecords = checked.filter((stored) => typeof stored === 'object' && stored !== null && 'format' in stored);
    expect(checkedRecords).toHaveLength(1);
    expect(Object.keys(checkedRecords[0] as object).sort()).toEqual(['base', 'current', 'format', 'meta', 'stamp', 'structureTouched', 'version']);
    expect(JSON.stringify(checkedRecords[0])).not.toContain('Volume');
    expect(await storedVolume(storage)).toBe(350);
    const { engine: reopened } = await tabThatOpens(storage, 'tiny');
    expect(volume(reopened)).toBe(350);
  });

  it('whose inputs and outputs, stored beside the record, are missing is not opened, and says so', async () => {
    const storage = memoryStorage();
    const writer = await tabThatStored(storage, 300);
    expect(await writer.saveAs('tiny', 'Mine')).toEqual({ ok: true, docId: 'u:mine' });
    await writer.whenSaved();
    await storage.update('data:u:mine', () => undefined);
    const { opened } = await tabThatOpens(storage, 'u:mine');
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.problems).toEqual(['Stored work for "u:mine" is incomplete: the scenario\'s inputs and outputs are missing, and it was not opened.']);
  });

  it('is removed whole when the person discards it', async () => {
    const storage = memoryStorage();
    const engine = await tabThatStored(storage, 300);
    await engine.discard('tiny');
    expect(await storage.getMany(['doc:tiny', 'data:tiny'])).toEqual([undefined, undefined]);
  });
});
