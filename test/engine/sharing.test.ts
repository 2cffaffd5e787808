/** Sharing in the engine: Copy link's link, a link opened as a scenario shown but never stored until Keep, and Keep that never overwrites. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import { memoryStorage } from '../../src/engine/storage/storage';
import type { Engine } from '../../src/shared/engine';
import type { WindowRequest } from '../../src/shared/messages';
import { isSharedDoc } from '../../src/shared/sharing';
import { REPO_ROOT } from '../paths';

const texts = { 'scenarios/tiny.json': readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8') };
const inputs: WindowRequest = { sheet: 'Inputs', whole: true };
const PAGE = 'https://example.org/';

async function open(engine: Engine, docId: string) {
  const result = await engine.open(docId, inputs);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

async function linkOfEdited(engine: Engine): Promise<string> {
  await open(engine, 'tiny');
  engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: 300 }], inputs);
  const answer = await engine.shareLink('tiny', PAGE);
  if (!answer.ok) throw new Error(answer.problem);
  expect(answer.preset).toEqual({ id: 'tiny', name: 'Tiny fixture' });
  expect(answer.link.startsWith(`${PAGE}#share=v1.`)).toBe(true);
  return answer.link;
}

describe('a shared scenario in the engine', () => {
  let engine: Engine;
  beforeEach(async () => {
    engine = createEngine(texts, { storage: memoryStorage(), saveDelay: () => 0 });
    await engine.init();
  });

  it('opens a link as a scenario marked by its doc id, its edit shown against the preset, and stores nothing of it', async () => {
    const link = await linkOfEdited(createEngine(texts, { storage: memoryStorage(), saveDelay: () => 0 }));
    const opened = await engine.openShareLink(link);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    expect(isSharedDoc(opened.docId)).toBe(true);
    const shown = await open(engine, opened.docId);
    expect(shown.info).toMatchObject({ kind: 'user', id: 'tiny', baseName: 'the preset “Tiny fixture”' });
    expect(shown.update.state.changes).toEqual([{ sheet: 'Inputs', row: 1, col: 1, before: 100, after: 300 }]);
    engine.setCells(opened.docId, [{ sheet: 'Inputs', row: 0, col: 1, content: 20 }], inputs);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(engine.listScenarios().filter((entry) => entry.kind === 'user')).toEqual([]);
    // The same link again is the same scenario, edits and all.
    expect(await engine.openShareLink(link)).toEqual(opened);
  });

  it('keeps it among the scenarios under an id of its own, and a second keep of the same link does not overwrite the first', async () => {
    const link = await linkOfEdited(engine);
    const first = await engine.openShareLink(link);
    if (!first.ok) throw new Error(first.problems.join('\n'));
    const kept = await engine.keepShared(first.docId);
    expect(kept).toEqual({ ok: true, docId: 'u:tiny-2' });
    const second = await engine.openShareLink(link);
    if (!second.ok) throw new Error(second.problems.join('\n'));
    expect(second.docId).not.toBe(first.docId);
    expect(await engine.keepShared(second.docId)).toEqual({ ok: true, docId: 'u:tiny-3' });
    expect(engine.listScenarios().filter((entry) => entry.kind === 'user').map((entry) => entry.docId)).toEqual(['u:tiny-2', 'u:tiny-3']);
    const stored = await open(engine, 'u:tiny-2');
    expect(stored.update.window?.values[1]?.[1]).toBe(300);
    expect(await engine.keepShared('u:tiny-2')).toMatchObject({ ok: false });
  });

  it('answers a bad link with the problems and opens nothing', async () => {
    expect(await engine.openShareLink(`${PAGE}#share=v1.AAAA`)).toEqual({ ok: false, problems: ['the link: damaged or cut short: its data does not unpack (copy the whole link again)'] });
  });

  it('offers no link for a scenario too large for one, and says why', async () => {
    await open(engine, 'tiny');
    // Text that hardly compresses: 3,000 cells of pseudo-random hexadecimal digits.
    let seed = 1;
    const digits = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed.toString(16);
    };
    const noise = () => `${digits()}${digits()}${digits()}${digits()}`;
    const cells = Array.from({ length: 3000 }, (_, row) => ({ sheet: 'Inputs', row: row + 5, col: 0, content: noise() }));
    engine.setCells('tiny', cells, inputs);
    const answer = await engine.shareLink('tiny', PAGE);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.problem).toMatch(/^Its link would be \d+\.\d\sKB long, and a link carries at most 32\sKB: .*Download scenario/);
  });
});
