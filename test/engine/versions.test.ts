/** Version history in the engine: automatic versions when editing pauses, at most one per interval; named ones; the preset always oldest; restore as one undo step; read-only versions; kept across a reload. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createEngine, type EngineOptions } from '../../src/engine/engine';
import { memoryStorage, type EngineStorage } from '../../src/engine/storage/storage';
import type { InputRange } from '../../src/model';
import type { Engine } from '../../src/shared/engine';
import type { WindowRequest } from '../../src/shared/messages';
import { ORIGIN_VERSION, versionDocId, type VersionSummary } from '../../src/shared/versions';
import { REPO_ROOT } from '../paths';

const texts = { 'scenarios/tiny.json': readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8') };
const request: WindowRequest = { sheet: 'Inputs', whole: true };
const range: InputRange = { low: 80, high: 130, source: { assumption: 'a guess' } };

/** Inputs!B2 of the tiny preset: the Volume input, 100 as it ships. */
const volume = (engine: Engine, docId = 'tiny') => engine.window(docId, request)?.values[1]?.[1];
const setVolume = (engine: Engine, value: number) => engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: value }], null);

async function opened(options: EngineOptions): Promise<Engine> {
  const engine = createEngine(texts, { saveDelay: () => 0, ...options });
  await engine.init();
  const result = await engine.open('tiny', request);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return engine;
}

async function versionsOf(engine: Engine, docId = 'tiny'): Promise<VersionSummary[]> {
  const listed = await engine.listVersions(docId);
  if (!listed.ok) throw new Error(listed.problem);
  return listed.versions;
}

/** Waits until the scenario lists `count` versions besides the preset. */
async function untilVersions(engine: Engine, count: number): Promise<VersionSummary[]> {
  await vi.waitFor(async () => expect((await versionsOf(engine)).length).toBe(count + 1), { timeout: 2000, interval: 10 });
  return versionsOf(engine);
}

const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('automatic versions', () => {
  it('takes one when editing pauses, saying which cells and inputs changed; the preset is always the oldest', async () => {
    const engine = await opened({ versions: { editingPause: 5, automaticInterval: 0 } });
    expect(await versionsOf(engine)).toEqual([{ id: ORIGIN_VERSION, kind: 'origin', name: 'The preset as it ships', time: null, changes: null, size: 0 }]);
    setVolume(engine, 300);
    const [newest, oldest] = await untilVersions(engine, 1);
    expect(newest?.kind).toBe('automatic');
    expect(newest?.name).toBe('Automatic');
    expect(newest?.changes).toEqual({ cellCount: 1, cells: [{ sheet: 'Inputs', address: 'B2', before: 100, after: 300 }], inputs: ['Volume'], sheetsAdded: [], sheetsRemoved: [], formatsChanged: false });
    expect(oldest?.id).toBe(ORIGIN_VERSION);
    // A version stores what differs from the preset, not the scenario whole.
    expect(newest?.size).toBeLessThan(120);
  });

  it('takes none when nothing changed since the last version (an edit undone)', async () => {
    const engine = await opened({ versions: { editingPause: 5, automaticInterval: 0 } });
    setVolume(engine, 300);
    await untilVersions(engine, 1);
    setVolume(engine, 400);
    engine.undo('tiny', null);
    await quiet(60);
    expect((await versionsOf(engine)).length).toBe(2);
  });

  it('takes at most one per interval: a pause within it waits for its end', async () => {
    let clock = 1_000_000;
    const engine = await opened({ versions: { editingPause: 5, automaticInterval: 60_000, now: () => clock } });
    setVolume(engine, 200);
    await untilVersions(engine, 1);
    clock += 30_000;
    setVolume(engine, 300);
    await quiet(60);
    expect((await versionsOf(engine)).length).toBe(2);
    clock += 30_000;
    setVolume(engine, 400);
    const [newest, previous] = await untilVersions(engine, 2);
    expect(newest?.time).toBe(1_060_000);
    expect(previous?.time).toBe(1_000_000);
    // Since the version before it: 200 -> 400, not since the preset.
    expect(newest?.changes?.cells).toEqual([{ sheet: 'Inputs', address: 'B2', before: 200, after: 400 }]);
  });

  it('takes none of a large scenario whose rows no longer are its origin\'s (each would copy every cell), while Save version still does', async () => {
    const engine = await opened({ versions: { editingPause: 5, automaticInterval: 0, largeScenarioCells: 12 } });
    engine.insertRows('tiny', 'Inputs', 0, 1, null);
    await quiet(60);
    expect(await versionsOf(engine)).toHaveLength(1);
    expect((await engine.saveVersion('tiny', 'By hand')).ok).toBe(true);
    expect((await versionsOf(engine)).map((version) => version.name)).toEqual(['By hand', 'The preset as it ships']);

    const small = await opened({ versions: { editingPause: 5, automaticInterval: 0 } });
    small.insertRows('tiny', 'Inputs', 0, 1, null);
    const [taken] = await untilVersions(small, 1);
    expect(taken?.kind).toBe('automatic');
  });

  it('keeps the newest 50 automatic versions and every named one, oldest automatic going first', async () => {
    let clock = 0;
    const storage = memoryStorage();
    const engine = await opened({ storage, versions: { editingPause: 1, automaticInterval: 10, now: () => clock } });
    expect((await engine.saveVersion('tiny', 'Before anything')).ok).toBe(true);
    for (let edit = 1; edit <= 52; edit += 1) {
      clock += 10;
      setVolume(engine, edit);
      await untilVersions(engine, Math.min(edit, 50) + 1);
      await vi.waitFor(async () => expect((await versionsOf(engine))[0]?.changes?.cells[0]?.after).toBe(edit), { timeout: 2000, interval: 5 });
    }
    const versions = await versionsOf(engine);
    expect(versions.filter((version) => version.kind === 'automatic')).toHaveLength(50);
    expect(versions.at(-2)?.name).toBe('Before anything');
    // The two oldest automatic versions (Volume 1 and 2) went, their contents with them.
    const automaticTimes = versions.filter((version) => version.kind === 'automatic').map((version) => version.time);
    expect(Math.min(...(automaticTimes as number[]))).toBe(30);
    const keys = [...(await storageKeys(storage))].filter((key) => key.startsWith('version:tiny:'));
    expect(keys).toHaveLength(51);
  });
});

/** The keys a memory storage holds, read through its own interface. */
async function storageKeys(storage: EngineStorage): Promise<string[]> {
  const list = (await storage.get('versions:tiny')) as { versions: { id: string }[] };
  const ids = list.versions.map((version) => `version:tiny:${version.id}`);
  const values = await storage.getMany(ids);
  return ids.filter((_, at) => values[at] !== undefined);
}

describe('named versions', () => {
  it('are listed newest first with their name, survive a new engine on the same storage, and are deleted by hand', async () => {
    const storage = memoryStorage();
    const engine = await opened({ storage, versions: { editingPause: 60_000 } });
    setVolume(engine, 250);
    const saved = await engine.saveVersion('tiny', '  Quarter plan  ');
    expect(saved.ok && saved.version.name).toBe('Quarter plan');
    expect(await engine.saveVersion('tiny', '   ')).toEqual({ ok: false, problem: 'Give the version a name.' });
    setVolume(engine, 260);
    await engine.saveVersion('tiny', 'Revised');
    await engine.whenSaved();

    const reloaded = await opened({ storage, versions: { editingPause: 60_000 } });
    const versions = await versionsOf(reloaded);
    expect(versions.map((version) => version.name)).toEqual(['Revised', 'Quarter plan', 'The preset as it ships']);
    expect(versions[0]?.changes?.cells).toEqual([{ sheet: 'Inputs', address: 'B2', before: 250, after: 260 }]);

    const quarter = versions[1]?.id ?? '';
    expect(await reloaded.deleteVersion('tiny', quarter)).toEqual({ ok: true });
    expect((await versionsOf(reloaded)).map((version) => version.name)).toEqual(['Revised', 'The preset as it ships']);
    expect((await reloaded.deleteVersion('tiny', ORIGIN_VERSION)).ok).toBe(false);
  });

  it('refuses one that would take the versions past their size, and says so', async () => {
    const engine = await opened({ versions: { editingPause: 60_000, limits: { automatic: 50, chars: 150 } } });
    setVolume(engine, 250);
    expect((await engine.saveVersion('tiny', 'First')).ok).toBe(true);
    setVolume(engine, 260);
    const refused = await engine.saveVersion('tiny', 'Second');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problem).toMatch(/the versions of a scenario may take .* in all: delete a named version/);
    expect((await versionsOf(engine)).map((version) => version.name)).toEqual(['First', 'The preset as it ships']);
  });
});

describe('restoring a version', () => {
  it('brings the preset back as one undo step: undo brings the edits back, redo the preset', async () => {
    const engine = await opened({ versions: { editingPause: 60_000 } });
    setVolume(engine, 300);
    engine.setCells('tiny', [{ sheet: 'Result sheet', row: 2, col: 1, content: 'edited' }], null);
    engine.setInputRange('tiny', 'Volume', range, null);
    const restored = await engine.restoreVersion('tiny', ORIGIN_VERSION, request);
    expect(restored.problem).toBeUndefined();
    expect(volume(engine)).toBe(100);
    expect(restored.state.edited).toBe(false);
    expect(restored.state.inputs.find((input) => input.name === 'Volume')?.range).toBeUndefined();

    const undone = engine.undo('tiny', request);
    expect(volume(engine)).toBe(300);
    expect(engine.window('tiny', { sheet: 'Result sheet', whole: true })?.values[2]?.[1]).toBe('edited');
    expect(undone.state.inputs.find((input) => input.name === 'Volume')?.range).toEqual(range);
    engine.redo('tiny', request);
    expect(volume(engine)).toBe(100);
  });

  it('brings a named version back over later edits', async () => {
    const engine = await opened({ versions: { editingPause: 60_000 } });
    setVolume(engine, 300);
    engine.setInputRange('tiny', 'Volume', range, null);
    const saved = await engine.saveVersion('tiny', 'With a range');
    setVolume(engine, 120);
    engine.setInputRange('tiny', 'Volume', null, null);
    const restored = await engine.restoreVersion('tiny', saved.ok ? saved.version.id : '', request);
    expect(volume(engine)).toBe(300);
    expect(restored.state.inputs.find((input) => input.name === 'Volume')?.range).toEqual(range);
    engine.undo('tiny', null);
    expect(volume(engine)).toBe(120);
  });

  it('after rows were inserted, keeps and restores the whole scenario: its cells moved from where the preset has them', async () => {
    const engine = await opened({ versions: { editingPause: 60_000 } });
    engine.insertRows('tiny', 'Inputs', 0, 1, null);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 0, content: 'Header' }], null);
    const saved = await engine.saveVersion('tiny', 'With a header row');
    expect(saved.ok && saved.version.changes?.cellCount).toBeGreaterThan(1);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 2, col: 1, content: 999 }, { sheet: 'Inputs', row: 0, col: 0, content: null }], null);
    await engine.restoreVersion('tiny', saved.ok ? saved.version.id : '', null);
    const rows = engine.window('tiny', request)?.values;
    expect([rows?.[0]?.[0], rows?.[2]?.[1]]).toEqual(['Header', 100]);
    engine.undo('tiny', null);
    expect(engine.window('tiny', request)?.values[2]?.[1]).toBe(999);
  });

  it('brings number formats back with the cells, in the same undo step', async () => {
    const engine = await opened({ versions: { editingPause: 60_000 } });
    const formatOfVolume = () => engine.window('tiny', request)?.formats.find(({ rect }) => rect.top <= 1 && rect.bottom >= 1 && rect.left <= 1 && rect.right >= 1)?.code;
    engine.setFormat('tiny', 'Inputs', { top: 1, left: 1, bottom: 1, right: 1 }, '#,##0.00', null);
    setVolume(engine, 300);
    const saved = await engine.saveVersion('tiny', 'Formatted');
    expect(saved.ok && saved.version.changes?.formatsChanged).toBe(true);
    await engine.restoreVersion('tiny', ORIGIN_VERSION, null);
    expect([volume(engine), formatOfVolume()]).toEqual([100, undefined]);
    engine.undo('tiny', null);
    expect([volume(engine), formatOfVolume()]).toEqual([300, '#,##0.00']);
    await engine.restoreVersion('tiny', ORIGIN_VERSION, null);
    await engine.restoreVersion('tiny', saved.ok ? saved.version.id : '', null);
    expect([volume(engine), formatOfVolume()]).toEqual([300, '#,##0.00']);
  });

  it('refuses a version holding a sheet the scenario no longer has, and says which', async () => {
    const engine = await opened({ versions: { editingPause: 60_000 } });
    engine.addSheet('tiny', null);
    engine.setCells('tiny', [{ sheet: 'Sheet3', row: 0, col: 0, content: 'kept' }], null);
    const saved = await engine.saveVersion('tiny', 'With a third sheet');
    expect(saved.ok && saved.version.changes?.sheetsAdded).toEqual(['Sheet3']);
    engine.removeSheet('tiny', 'Sheet3', null);
    setVolume(engine, 321);
    const refused = await engine.restoreVersion('tiny', saved.ok ? saved.version.id : '', request);
    expect(refused.problem).toBe('The version has a sheet this scenario no longer has (“Sheet3”): add it back first, then restore; nothing changed.');
    expect(volume(engine)).toBe(321);
  });

  it('restores from a version opened after a reload, its scenario not yet open', async () => {
    const storage = memoryStorage();
    const engine = await opened({ storage, versions: { editingPause: 60_000 } });
    setVolume(engine, 300);
    const saved = await engine.saveVersion('tiny', 'Three hundred');
    setVolume(engine, 400);
    await engine.whenSaved();
    const reloaded = createEngine(texts, { storage, versions: { editingPause: 60_000 } });
    const docId = versionDocId('tiny', saved.ok ? saved.version.id : '');
    await reloaded.init(docId);
    expect((await reloaded.open(docId, request)).ok).toBe(true);
    const restored = await reloaded.restoreVersion('tiny', saved.ok ? saved.version.id : '', null);
    expect(restored.problem).toBeUndefined();
    expect(volume(reloaded)).toBe(300);
    reloaded.undo('tiny', null);
    expect(volume(reloaded)).toBe(400);
  });

  it('refuses a stored version it cannot read, naming the problem, and changes nothing', async () => {
    const storage = memoryStorage();
    const engine = await opened({ storage, versions: { editingPause: 60_000 } });
    setVolume(engine, 300);
    const saved = await engine.saveVersion('tiny', 'Good');
    const id = saved.ok ? saved.version.id : '';
    await storage.set(`version:tiny:${id}`, { preset: 'tiny', sheets: { Inputs: { cells: { B2: 'not a number' } } } });
    setVolume(engine, 150);
    const refused = await engine.restoreVersion('tiny', id, request);
    expect(refused.problem).toMatch(/^The version could not be restored; nothing changed\. the stored version: inputs\.Volume/);
    expect(volume(engine)).toBe(150);
  });
});

describe('a version opened read-only', () => {
  it('opens under its own doc id, refuses edits with a clear message, and compares with the scenario as it stands', async () => {
    const engine = await opened({ versions: { editingPause: 60_000 } });
    setVolume(engine, 300);
    const saved = await engine.saveVersion('tiny', 'Three hundred');
    setVolume(engine, 500);
    const docId = versionDocId('tiny', saved.ok ? saved.version.id : '');
    const result = await engine.open(docId, request);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.info.name).toMatch(/^Tiny fixture · Three hundred, /);
    expect(volume(engine, docId)).toBe(300);
    // What the version changed from the preset is marked, as on the scenario itself.
    expect(result.update.state.changeCount).toBe(1);

    const refused = engine.setCells(docId, [{ sheet: 'Inputs', row: 1, col: 1, content: 1 }], null);
    expect(refused.problem).toMatch(/^This is an earlier version, shown read-only/);
    expect(volume(engine, docId)).toBe(300);

    expect(await engine.prepareAnalysis(['tiny', docId])).toEqual({ ok: true });
    const comparison = engine.compare(['tiny', docId], 'tiny');
    const revenue = comparison.rows.find((row) => row.scenario === docId && row.output === 'Revenue');
    expect(revenue?.value).toBe(3000);
    expect(revenue?.delta).toBe(-2000);
  });

  it('opens the preset as the oldest version, and says so for a version no longer stored', async () => {
    const engine = await opened({ versions: { editingPause: 60_000 } });
    setVolume(engine, 300);
    const origin = await engine.open(versionDocId('tiny', ORIGIN_VERSION), request);
    expect(origin.ok && volume(engine, versionDocId('tiny', ORIGIN_VERSION))).toBe(100);
    const missing = await engine.open(versionDocId('tiny', 'gone'), request);
    expect(missing).toEqual({ ok: false, problems: ['This version is no longer stored in this browser (it was deleted, perhaps in another tab).'] });
  });
});

describe('a scenario of ones own', () => {
  it('keeps its versions against the scenario as first kept, and loses them when it is deleted', async () => {
    const storage = memoryStorage();
    const engine = await opened({ storage, versions: { editingPause: 60_000 } });
    const saved = await engine.saveAs('tiny', 'My plan');
    if (!saved.ok) throw new Error(saved.problem);
    engine.setCells(saved.docId, [{ sheet: 'Inputs', row: 1, col: 1, content: 700 }], null);
    const named = await engine.saveVersion(saved.docId, 'Seven hundred');
    expect(named.ok && named.version.changes).toMatchObject({ cellCount: 1, inputs: ['Volume'] });
    engine.setCells(saved.docId, [{ sheet: 'Inputs', row: 1, col: 1, content: 800 }], null);
    await engine.restoreVersion(saved.docId, named.ok ? named.version.id : '', null);
    expect(volume(engine, saved.docId)).toBe(700);
    await engine.discard(saved.docId);
    expect(await storage.get(`versions:${saved.docId}`)).toBeUndefined();
    expect(await storage.get(`versions-origin:${saved.docId}`)).toBeUndefined();
  });
});
