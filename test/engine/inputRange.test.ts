/** An input's range set from the inputs panel: checked by the worker, one undo step beside the cells', stored, reopened and downloaded. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import { memoryStorage } from '../../src/engine/storage/storage';
import type { InputRange } from '../../src/model';
import type { Engine } from '../../src/shared/engine';
import type { Update, WindowRequest } from '../../src/shared/messages';
import { REPO_ROOT } from '../paths';

const texts = {
  'scenarios/scenario.schema.json': '{}',
  'scenarios/tiny.json': readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8'),
};
const request: WindowRequest = { sheet: 'Inputs', whole: true };
const range: InputRange = { low: 80, high: 130, source: { assumption: 'a guess' } };

async function openTiny(engine: Engine): Promise<Update> {
  await engine.init();
  const result = await engine.open('tiny', request);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  expect(result.info.inputs.find((input) => input.name === 'Volume')?.range).toBeUndefined();
  return result.update;
}

const volume = (update: Update) => update.state.inputs.find((input) => input.name === 'Volume');

describe('setInputRange', () => {
  it('gives an input a range, marks it changed from the preset, and sends the definitions again', async () => {
    const engine = createEngine(texts);
    const before = await openTiny(engine);
    const update = engine.setInputRange('tiny', 'Volume', range, request);
    expect(update.problem).toBeUndefined();
    expect(volume(update)).toMatchObject({ range, rangeChanged: true, changed: false });
    expect(update.state.edited).toBe(true);
    expect(update.state.revision).toBeGreaterThan(before.state.revision);
    expect(update.info?.inputs.find((input) => input.name === 'Volume')?.range).toEqual(range);
    expect(engine.listScenarios().find((entry) => entry.docId === 'tiny')?.edited).toBe(true);
  });

  it.each([
    [{ ...range, low: 200 }, /high \(130\) must be greater than low \(200\)/],
    [{ ...range, low: -5, distribution: 'lognormal' }, /lognormal range needs low above 0/],
    [{ ...range, low: 120, high: 130, distribution: 'triangular' }, /100 lies outside 120 to 130/],
    [{ low: 1, high: 2 }, /source/],
  ])('refuses %j with the format’s message and changes nothing', async (bad, message) => {
    const engine = createEngine(texts);
    const before = await openTiny(engine);
    const update = engine.setInputRange('tiny', 'Volume', bad as InputRange, request);
    expect(update.problem).toMatch(message);
    expect(update.info).toBeUndefined();
    expect(volume(update)?.range).toBeUndefined();
    expect(update.state.canUndo).toBe(before.state.canUndo);
  });

  it('is one undo step, in order with cell edits, and redoes', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setInputs('tiny', { Volume: 110 }, request);
    engine.setInputRange('tiny', 'Volume', range, request);
    engine.setInputs('tiny', { Volume: 120 }, request);
    let update = engine.undo('tiny', request);
    expect(volume(update)).toMatchObject({ value: 110, range });
    update = engine.undo('tiny', request);
    expect(volume(update)).toMatchObject({ value: 110, rangeChanged: false });
    expect(volume(update)?.range).toBeUndefined();
    expect(update.info?.inputs.find((input) => input.name === 'Volume')?.range).toBeUndefined();
    update = engine.undo('tiny', request);
    expect(volume(update)?.value).toBe(100);
    expect(update.state.canUndo).toBe(false);
    engine.redo('tiny', request);
    update = engine.redo('tiny', request);
    expect(volume(update)).toMatchObject({ value: 110, range });
    update = engine.redo('tiny', request);
    expect(volume(update)).toMatchObject({ value: 120, range });
    expect(update.state.canRedo).toBe(false);
  });

  it('a range edit after an undo drops the redo, in HyperFormula too', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setInputs('tiny', { Volume: 110 }, request);
    engine.undo('tiny', request);
    const update = engine.setInputRange('tiny', 'Volume', range, request);
    expect(update.state.canRedo).toBe(false);
    expect(volume(engine.redo('tiny', request))?.value).toBe(100);
  });

  it('Reset puts back the preset’s value and range in one step, which undo takes back', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setInputs('tiny', { Volume: 110 }, request);
    engine.setInputRange('tiny', 'Volume', range, request);
    let update = engine.resetInputs('tiny', ['Volume'], request);
    expect(volume(update)).toMatchObject({ value: 100, changed: false, rangeChanged: false });
    expect(update.state.edited).toBe(false);
    update = engine.undo('tiny', request);
    expect(volume(update)).toMatchObject({ value: 110, range, rangeChanged: true });
  });

  it('is removed with null', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setInputRange('tiny', 'Volume', range, request);
    const update = engine.setInputRange('tiny', 'Volume', null, request);
    expect(volume(update)?.range).toBeUndefined();
    expect(update.state.edited).toBe(false);
  });

  it('is stored, opens again with the range in another tab, and goes into Download scenario', async () => {
    const storage = memoryStorage();
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await openTiny(engine);
    engine.setInputRange('tiny', 'Volume', { ...range, distribution: 'normal' }, request);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    const downloaded = JSON.parse(engine.downloadScenario('tiny').text) as { inputs: Record<string, { range?: InputRange }> };
    expect(downloaded.inputs.Volume?.range).toEqual({ ...range, distribution: 'normal' });

    const again = createEngine(texts, { storage, saveDelay: () => 0 });
    await again.init();
    const result = await again.open('tiny', request);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.info.inputs.find((input) => input.name === 'Volume')?.range).toEqual({ ...range, distribution: 'normal' });
    expect(volume(result.update)).toMatchObject({ rangeChanged: true });
    expect(again.listScenarios().find((entry) => entry.docId === 'tiny')?.edited).toBe(true);
  });
});

describe('a value set against a range', () => {
  it('is refused outside a triangular range, which has the value as its mode: the work would not open again', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setInputRange('tiny', 'Volume', { ...range, distribution: 'triangular' }, request);
    const update = engine.setInputs('tiny', { Volume: 150 }, request);
    expect(update.problem).toMatch(/150 lies outside 80 to 130; change its range first/);
    expect(volume(update)?.value).toBe(100);
    expect(volume(engine.setInputs('tiny', { Volume: 120 }, request))?.value).toBe(120);
  });
});
