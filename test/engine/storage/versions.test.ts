/** The store of versions: the bounds (automatic versions by count and size, named ones kept), oldest first, kept across a new store on the same storage, and a list it did not write left alone. */
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../src/engine/storage/storage';
import { VersionFormatError, VersionStore, withinLimits, type StoredVersion } from '../../../src/engine/storage/versions';
import type { SharePayload } from '../../../src/io/shareLink';

const noChanges = { cellCount: 0, cells: [], inputs: [], sheetsAdded: [], sheetsRemoved: [], formatsChanged: false };
const version = (id: string, kind: StoredVersion['kind'], size = 10): StoredVersion => ({ id, kind, name: kind === 'named' ? `Named ${id}` : 'Automatic', time: Number(id.replace(/\D/g, '')), changes: noChanges, size });
const content = (value: number): SharePayload => ({ preset: 'tiny', sheets: { Inputs: { cells: { B2: value } } } });
const ids = (versions: readonly StoredVersion[]) => versions.map((kept) => kept.id);

describe('withinLimits', () => {
  it.each([
    { case: 'under both bounds: all kept', versions: [version('a1', 'automatic'), version('n2', 'named')], limits: { automatic: 2, chars: 100 }, kept: ['a1', 'n2'], dropped: [] },
    { case: 'too many automatic: the oldest automatic go', versions: [version('a1', 'automatic'), version('a2', 'automatic'), version('a3', 'automatic')], limits: { automatic: 2, chars: 100 }, kept: ['a2', 'a3'], dropped: ['a1'] },
    { case: 'named versions never count against the automatic bound', versions: [version('n1', 'named'), version('n2', 'named'), version('a3', 'automatic')], limits: { automatic: 1, chars: 100 }, kept: ['n1', 'n2', 'a3'], dropped: [] },
    { case: 'too large: the oldest automatic go, the named stay', versions: [version('a1', 'automatic', 40), version('n2', 'named', 40), version('a3', 'automatic', 40)], limits: { automatic: 50, chars: 90 }, kept: ['n2', 'a3'], dropped: ['a1'] },
    { case: 'named versions alone past the size: kept, every automatic gone', versions: [version('n1', 'named', 60), version('a2', 'automatic', 10), version('n3', 'named', 60)], limits: { automatic: 50, chars: 100 }, kept: ['n1', 'n3'], dropped: ['a2'] },
  ])('$case', ({ versions, limits, kept, dropped }) => {
    const bounded = withinLimits(versions, limits);
    expect(ids(bounded.kept)).toEqual(kept);
    expect(ids(bounded.dropped)).toEqual(dropped);
  });
});

describe('VersionStore', () => {
  it('lists versions oldest first, and a new store on the same storage finds them and their contents', async () => {
    const storage = memoryStorage();
    const store = new VersionStore(storage);
    await store.add('tiny', version('a1', 'automatic'), content(1));
    await store.add('tiny', version('n2', 'named'), content(2));
    const reopened = new VersionStore(storage);
    expect(ids(await reopened.list('tiny'))).toEqual(['a1', 'n2']);
    expect(await reopened.content('tiny', 'n2')).toEqual(content(2));
    expect(await reopened.list('other')).toEqual([]);
  });

  it('deletes the contents of the versions the bounds drop, with their lines', async () => {
    const storage = memoryStorage();
    const store = new VersionStore(storage, { automatic: 2, chars: 1000 });
    for (const id of ['a1', 'a2', 'a3']) await store.add('tiny', version(id, 'automatic'), content(Number(id.slice(1))));
    expect(ids(await store.list('tiny'))).toEqual(['a2', 'a3']);
    expect(await store.content('tiny', 'a1')).toBeUndefined();
    expect(await store.content('tiny', 'a2')).toEqual(content(2));
  });

  it('does not store an automatic version larger than the bound, and says why', async () => {
    const store = new VersionStore(memoryStorage(), { automatic: 50, chars: 100 });
    const added = await store.add('tiny', version('a1', 'automatic', 200), content(1));
    expect(added.ok).toBe(false);
    expect(!added.ok && added.problem).toMatch(/^This version would take 0\.0 MB, and the versions of a scenario may take [\d.]+ MB in all: delete a named version to make room\.$/);
    expect(await store.list('tiny')).toEqual([]);
    expect(await store.content('tiny', 'a1')).toBeUndefined();
  });

  it('leaves a list in a format it does not know as it is, and says so', async () => {
    const storage = memoryStorage();
    await storage.set('versions:tiny', { format: 'something-else', versions: 'no' });
    const store = new VersionStore(storage);
    await expect(store.list('tiny')).rejects.toThrow(new VersionFormatError('The stored versions of "tiny" are in an unknown format; they were left as they are.'));
    await expect(store.add('tiny', version('a1', 'automatic'), content(1))).rejects.toThrow(VersionFormatError);
    expect(await storage.get('versions:tiny')).toEqual({ format: 'something-else', versions: 'no' });
  });

  it('removes one version, or every version and the origin of a scenario', async () => {
    const storage = memoryStorage();
    const store = new VersionStore(storage);
    await store.add('u:mine', version('n1', 'named'), content(1));
    await store.add('u:mine', version('n2', 'named'), content(2));
    await store.keepOrigin('u:mine', { type: 'tradesheet-scenario', version: 1, id: 'mine', name: 'Mine', description: '', sheets: { A: [[1]] }, inputs: {}, outputs: {} });
    expect(await store.remove('u:mine', 'n1')).toBe(true);
    expect(await store.remove('u:mine', 'n1')).toBe(false);
    expect(ids(await store.list('u:mine'))).toEqual(['n2']);
    expect(await store.content('u:mine', 'n1')).toBeUndefined();
    await store.removeAll('u:mine');
    expect(await store.list('u:mine')).toEqual([]);
    expect(await store.content('u:mine', 'n2')).toBeUndefined();
    expect(await store.origin('u:mine')).toBeUndefined();
  });
});
