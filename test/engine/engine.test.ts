/** The engine worker's API, called directly in Node: presets, editing sessions, the diff against the preset, storage. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import type { Engine } from '../../src/shared/engine';
import type { Update, WindowRequest } from '../../src/shared/messages';
import { memoryStorage, type EngineStorage } from '../../src/engine/storage/storage';
import { sheetValuesToCsv } from '../../src/io/csv';
import { Workbook, type FullScenario } from '../../src/model';
import { REPO_ROOT } from '../paths';

const tiny = readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8');
const extending = (id: string, fields: Record<string, unknown>) =>
  JSON.stringify({ type: 'tradesheet-scenario', version: 1, id, name: `Preset ${id}`, description: '', ...fields });

const texts = {
  'scenarios/scenario.schema.json': '{"$schema": "https://json-schema.org/draft/2020-12/schema"}',
  'scenarios/tiny.json': tiny,
  'scenarios/busier.json': extending('busier', { extends: 'tiny', set: { Volume: 200 } }),
  'scenarios/busiest.json': extending('busiest', { extends: 'busier', set: { Rate: 0.5 } }),
  'scenarios/broken.json': '{ "type": "tradesheet-scenario",',
  'scenarios/orphan.json': extending('orphan', { extends: 'nowhere', set: {} }),
  'scenarios/misnamed.json': extending('other-name', { extends: 'tiny', set: {} }),
};

const whole = (sheet: string): WindowRequest => ({ sheet, whole: false, top: 0, left: 0, rows: 50, cols: 10 });
const output = (update: Update, name: string) => update.state.outputs.find((candidate) => candidate.name === name)?.value;

async function opened(engine: Engine, docId: string, sheet = 'Inputs'): Promise<Update> {
  const result = await engine.open(docId, whole(sheet));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.update;
}

describe('the preset list', () => {
  const engine = createEngine(texts);

  it('lists every preset but the schema: roots, then presets that extend, then files that do not load', () => {
    expect(engine.listPresets().map((preset) => preset.file)).toEqual([
      'scenarios/tiny.json',
      'scenarios/busier.json',
      'scenarios/busiest.json',
      'scenarios/broken.json',
      'scenarios/misnamed.json',
      'scenarios/orphan.json',
    ]);
  });

  it.each([
    ['broken', /^scenarios\/broken\.json: not valid JSON/],
    ['orphan', /^scenarios\/orphan\.json: extends: no scenario with id "nowhere"/],
    ['misnamed', /^scenarios\/misnamed\.json: id: a preset's id must equal its file name/],
  ])("reports why %s cannot be opened, in the model's words", async (id, message) => {
    const summary = engine.listPresets().find((preset) => preset.id === id);
    expect(summary?.problems).toEqual([expect.stringMatching(message)]);
    expect(await engine.open(id, null)).toEqual({ ok: false, problems: summary?.problems });
  });

  it('answers an unknown id with a problem, not an exception', async () => {
    expect(await engine.open('nope', null)).toEqual({ ok: false, problems: ['no scenario with id "nope"'] });
  });

  it('follows a chain: which preset set each input', async () => {
    const result = await engine.open('busiest', null);
    if (!result.ok) throw new Error('busiest does not open');
    expect(result.info.chain.map((link) => link.id)).toEqual(['busiest', 'busier', 'tiny']);
    expect(result.info.inputs.map((input) => [input.name, input.setBy])).toEqual([
      ['Volume', 'busier'],
      ['Rate', 'busiest'],
    ]);
    expect(result.update.state.outputs.map((item) => item.value)).toEqual([2000, 1000]);
  });
});

describe('starting a page', () => {
  /** Memory storage that counts reads of each key: a scenario's build starts with one read of its stored work. */
  function countingStorage(): { storage: EngineStorage; reads: Map<string, number> } {
    const inner = memoryStorage();
    const reads = new Map<string, number>();
    const count = (keys: readonly string[]) => {
      for (const key of keys) reads.set(key, (reads.get(key) ?? 0) + 1);
    };
    return {
      reads,
      storage: {
        ...inner,
        get: (key) => (count([key]), inner.get(key)),
        getMany: (keys) => (count(keys), inner.getMany(keys)),
      },
    };
  }
  const session = (docId: string | null) => ({ docId, sheets: {}, active: {} });

  it('starts with the scenario the address names, else where the page was last, else the first preset that loads', async () => {
    expect((await createEngine(texts).init('busiest')).startDocId).toBe('busiest');
    expect((await createEngine(texts).init()).startDocId).toBe('tiny');

    const storage = memoryStorage();
    await storage.set('session', session('busier'));
    expect((await createEngine(texts, { storage }).init(null)).startDocId).toBe('busier');
    // A remembered scenario that no longer loads is passed over.
    await storage.set('session', session('broken'));
    expect((await createEngine(texts, { storage }).init(null)).startDocId).toBe('tiny');
  });

  it("begins building the first scenario while the page draws itself, and the page's open() uses that build", async () => {
    const { storage, reads } = countingStorage();
    const engine = createEngine(texts, { storage });
    const builds = vi.spyOn(Workbook, 'open');
    try {
      await engine.init('busier');
      // The build began inside init: its read of the stored work is under way before the page asks to open.
      expect(reads.get('doc:busier')).toBe(1);
      const [first, second] = await Promise.all([engine.open('busier', whole('Inputs')), engine.open('busier', whole('Inputs'))]);
      expect(first.ok && second.ok).toBe(true);
      expect(builds).toHaveBeenCalledTimes(1);
      expect(first.ok && output(first.update, 'Revenue')).toBe(2000);
    } finally {
      builds.mockRestore();
    }
  });

  it('answers a named scenario that does not exist when the page opens it, as before', async () => {
    const engine = createEngine(texts);
    expect((await engine.init('nope')).startDocId).toBe('nope');
    expect(await engine.open('nope', null)).toEqual({ ok: false, problems: ['no scenario with id "nope"'] });
  });
});

describe('an editing session', () => {
  let storage: EngineStorage;
  let engine: Engine;

  beforeEach(async () => {
    storage = memoryStorage();
    engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await engine.init();
  });

  it('opens a preset whole, with values, contents and nothing changed', async () => {
    const update = await opened(engine, 'tiny', 'Result sheet');
    expect(update.window).toMatchObject({
      sheet: 'Result sheet',
      whole: true,
      values: [
        ['Revenue', 1000],
        ['Tariff', 250],
        ['Flag', 'yes'],
      ],
      changed: [],
    });
    expect(update.window?.contents[1]).toEqual(['Tariff', '=B1*Rate']);
    expect(update.state).toMatchObject({ changeCount: 0, edited: false, canUndo: false });
  });

  it('edits a cell: the outputs move, the cell and the input are marked changed, undo and redo walk it back', async () => {
    await opened(engine, 'tiny');
    const edited = engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: 300 }], whole('Inputs'));
    expect(output(edited, 'Revenue')).toBe(3000);
    expect(edited.window?.changed).toEqual([1 * 3 + 1]);
    expect(edited.state.inputs.find((input) => input.name === 'Volume')).toMatchObject({ value: 300, presetValue: 100, changed: true });
    expect(edited.state.changes).toEqual([{ sheet: 'Inputs', row: 1, col: 1, before: 100, after: 300 }]);
    const undone = engine.undo('tiny', whole('Inputs'));
    expect(output(undone, 'Revenue')).toBe(1000);
    expect(undone.state).toMatchObject({ changeCount: 0, canRedo: true });
    expect(undone.select).toEqual({ sheet: 'Inputs', rect: { top: 1, left: 1, bottom: 1, right: 1 } });
    expect(output(engine.redo('tiny', whole('Inputs')), 'Revenue')).toBe(3000);
  });

  it('keeps a formula it cannot parse as typed, showing #ERROR!', async () => {
    await opened(engine, 'tiny');
    const update = engine.setCells('tiny', [{ sheet: 'Inputs', row: 4, col: 0, content: '=SUM(B1:' }], whole('Inputs'));
    expect(update.window?.contents[4]?.[0]).toBe('=SUM(B1:');
    expect(update.window?.values[4]?.[0]).toMatchObject({ error: '#ERROR!' });
  });

  it('inserts a row: formulas follow and nothing counts as changed; undo takes it out again', async () => {
    await opened(engine, 'tiny');
    const inserted = engine.insertRows('tiny', 'Inputs', 0, 1, whole('Result sheet'));
    expect(inserted.window?.contents[0]).toEqual(['Revenue', '=Inputs!B2*Inputs!B3']);
    expect(inserted.state.inputs.map((input) => input.cell)).toEqual(['Inputs!B3', 'Inputs!B4']);
    expect(inserted.state).toMatchObject({ changeCount: 0, edited: true });
    const typed = engine.setCells('tiny', [{ sheet: 'Inputs', row: 2, col: 1, content: 50 }], whole('Inputs'));
    expect(typed.window?.changed).toEqual([2 * 3 + 1]);
    engine.undo('tiny', null);
    const undone = engine.undo('tiny', whole('Result sheet'));
    expect(undone.window?.contents[0]).toEqual(['Revenue', '=Inputs!B1*Inputs!B2']);
    expect(undone.state).toMatchObject({ changeCount: 0, edited: false });
  });

  it('after a row is inserted, counts cells cleared at the sheet\'s end and cells typed past it', async () => {
    await opened(engine, 'tiny');
    engine.insertRows('tiny', 'Result sheet', 0, 1, null);
    // Result sheet now ends at row 4 (Flag): clearing it makes the live sheet smaller than the preset's.
    const cleared = engine.setCells('tiny', [{ sheet: 'Result sheet', row: 3, col: 0, content: null }, { sheet: 'Result sheet', row: 3, col: 1, content: null }], null);
    expect(cleared.state.changeCount).toBe(2);
    const typed = engine.setCells('tiny', [{ sheet: 'Result sheet', row: 9, col: 4, content: 'note' }], whole('Result sheet'));
    expect(typed.state.changeCount).toBe(3);
    expect(typed.window?.changed).toEqual([3 * 5, 3 * 5 + 1, 9 * 5 + 4]);
  });

  it('pastes a copied block with its formulas moved, in one undo step', async () => {
    await opened(engine, 'tiny');
    const copied = engine.copyRange('tiny', 'Result sheet', { top: 0, left: 0, bottom: 1, right: 1 });
    const pasted = engine.paste(
      'tiny',
      'Result sheet',
      { top: 5, left: 2, bottom: 5, right: 2 },
      { kind: 'cells', rows: copied.contents, from: { sheet: 'Result sheet', row: 0, col: 0 }, cut: false, docId: 'tiny' },
      whole('Result sheet'),
    );
    expect(pasted.window?.contents[6]).toEqual([null, null, 'Tariff', '=D6*Rate']);
    expect(pasted.select).toEqual({ sheet: 'Result sheet', rect: { top: 5, left: 2, bottom: 6, right: 3 } });
    const undone = engine.undo('tiny', whole('Result sheet'));
    expect(undone.window?.contents.slice(5).flat().every((content) => content === null)).toBe(true);
    expect(undone.state.changeCount).toBe(0);
  });

  it('refuses a bad sheet name with the reason, and renames and adds sheets', async () => {
    await opened(engine, 'tiny');
    expect(engine.renameSheet('tiny', 'Inputs', 'a/b', null).problem).toMatch(/must not contain/);
    const renamed = engine.renameSheet('tiny', 'Inputs', 'Assumptions', whole('Result sheet'));
    expect(renamed.window?.contents[0]).toEqual(['Revenue', '=Assumptions!B1*Assumptions!B2']);
    const added = engine.addSheet('tiny', null);
    expect(added.state.sheets.map((sheet) => sheet.name)).toEqual(['Assumptions', 'Result sheet', 'Sheet3']);
    expect(engine.removeSheet('tiny', 'Sheet3', null).state.sheets).toHaveLength(2);
  });

  it('resets one cell, or everything, to the preset in one step', async () => {
    await opened(engine, 'tiny');
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: 300 }, { sheet: 'Inputs', row: 0, col: 0, content: 'Cost' }], null);
    expect(engine.resetInputs('tiny', ['Volume'], null).state.changeCount).toBe(1);
    expect(engine.resetAll('tiny', null).state.changeCount).toBe(0);
  });

  it('stores every edit and reads it back in a new engine, the diff against the preset included', async () => {
    await opened(engine, 'tiny');
    engine.insertRows('tiny', 'Inputs', 0, 1, null);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 2, col: 1, content: 250 }], null);
    await engine.whenSaved();
    const again = createEngine(texts, { storage });
    const init = await again.init();
    expect(init.scenarios.find((entry) => entry.docId === 'tiny')?.edited).toBe(true);
    const restored = await opened(again, 'tiny');
    expect(restored.window?.contents[2]).toEqual(['Volume', 250, 'units']);
    expect(restored.state.changes).toEqual([{ sheet: 'Inputs', row: 2, col: 1, before: 100, after: 250 }]);
    expect(output(restored, 'Revenue')).toBe(2500);
  });

  it('forgets a preset whose edits were all undone', async () => {
    await opened(engine, 'tiny');
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: 300 }], null);
    await engine.whenSaved();
    engine.undo('tiny', null);
    await engine.whenSaved();
    expect((await createEngine(texts, { storage }).init()).scenarios.find((entry) => entry.docId === 'tiny')?.edited).toBe(false);
  });

  it('saves an edited preset under a new name; the preset is untouched again', async () => {
    await opened(engine, 'tiny');
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: 300 }], null);
    const saved = await engine.saveAs('tiny', 'My deal');
    expect(saved).toEqual({ ok: true, docId: 'u:my-deal' });
    const scenarios = engine.listScenarios();
    expect(scenarios.find((entry) => entry.docId === 'u:my-deal')).toMatchObject({ kind: 'user', name: 'My deal' });
    expect(scenarios.find((entry) => entry.docId === 'tiny')?.edited).toBe(false);
    const file = JSON.parse(engine.downloadScenario('u:my-deal').text) as FullScenario;
    expect(file).toMatchObject({ id: 'my-deal', name: 'My deal', type: 'tradesheet-scenario' });
    expect(file.sheets.Inputs?.[1]).toEqual(['Volume', 300, 'units']);
    // The edit still counts as a change from the preset it came from.
    expect((await opened(engine, 'u:my-deal')).state.changeCount).toBe(1);
  });

  it('opens a scenario file, or says what is wrong with it', async () => {
    const bad = await engine.openFile(new TextEncoder().encode('{"type": "tradesheet-scenario", "version": 1, "id": "x"'), 'x.json');
    expect(bad).toEqual({ ok: false, problems: [expect.stringMatching(/^x\.json: not valid JSON/)] });
    const invalid = await engine.openFile(new TextEncoder().encode(extending('mine', { extends: 'tiny', set: { Volume: 5000 } })), 'mine.json');
    expect(invalid).toEqual({ ok: false, problems: ['mine.json: set.Volume: 5000 is above the input\'s max 1000'] });
    const good = await engine.openFile(new TextEncoder().encode(extending('mine', { extends: 'tiny', set: { Volume: 500 } })), 'mine.json');
    expect(good).toEqual({ ok: true, docId: 'u:mine' });
    expect(output(await opened(engine, 'u:mine'), 'Revenue')).toBe(5000);
  });

  it('exports a sheet exactly as the CLI writes it', async () => {
    await opened(engine, 'tiny');
    const scenario = JSON.parse(tiny) as FullScenario;
    const workbook = Workbook.open(scenario);
    expect(engine.exportSheetCsv('tiny', 'Result sheet', false)).toEqual({
      fileName: 'tiny-Result sheet.csv',
      text: sheetValuesToCsv(workbook.sheetValues('Result sheet')),
    });
    workbook.destroy();
    expect(engine.exportCellsCsv('tiny', false).text.split('\r\n').slice(0, 3)).toEqual([
      'scenario,sheet,cell,formula,value',
      'tiny,Inputs,A1,Price,Price',
      'tiny,Inputs,B1,10,10',
    ]);
  });

  it("compares open scenarios from the editor's sessions, edits included, building no workbook", async () => {
    await opened(engine, 'tiny');
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: 300 }], null);
    expect(await engine.prepareAnalysis(['tiny', 'busier'])).toEqual({ ok: true });
    const builds = vi.spyOn(Workbook, 'open');
    try {
      const comparison = engine.compare(['tiny', 'busier'], 'tiny');
      expect(builds).not.toHaveBeenCalled();
      const revenue = (scenario: string) => comparison.rows.find((row) => row.scenario === scenario && row.output === 'Revenue');
      expect(revenue('tiny')?.value).toBe(3000);
      expect(revenue('busier')).toMatchObject({ value: 2000, delta: -1000 });
    } finally {
      builds.mockRestore();
    }
  });

  it('coalesces a slider drag into one undo step', async () => {
    await opened(engine, 'tiny');
    for (const value of [0.3, 0.4, 0.5]) engine.setInputs('tiny', { Rate: value }, null, 'drag-1');
    const undone = engine.undo('tiny', null);
    expect(undone.state.inputs.find((input) => input.name === 'Rate')?.value).toBe(0.25);
    expect(undone.state.canUndo).toBe(false);
  });
});

describe('an edit that fails inside HyperFormula', () => {
  let storage: EngineStorage;
  let engine: Engine;
  const setVolume = (volume: number) => engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: volume }], whole('Inputs'));
  const storedVolume = async () => {
    const again = createEngine(texts, { storage });
    await again.init();
    return (await opened(again, 'tiny')).window?.values[1]?.[1];
  };

  beforeEach(async () => {
    storage = memoryStorage();
    engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await engine.init();
    await opened(engine, 'tiny');
  });

  /** HyperFormula writes the edit's content, then throws while it computes (as 3.5.0 did with "Unknown array"). */
  function failAfterWriting(): void {
    const setCells = Workbook.prototype.setCells;
    vi.spyOn(Workbook.prototype, 'setCells').mockImplementationOnce(function (this: Workbook, edits) {
      setCells.call(this, edits);
      throw new Error('Unknown array');
    });
  }

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('opens the work again from its cells, as a reload would, says so, and stores it', async () => {
    setVolume(200);
    failAfterWriting();
    const update = setVolume(300);
    expect(update.problem).toBe('The edit failed inside the formula engine: Unknown array. The sheets were computed again from their cells; the undo history is gone.');
    expect(output(update, 'Revenue')).toBe(3000);
    expect(update.state).toMatchObject({ canUndo: false, changes: [{ sheet: 'Inputs', row: 1, col: 1, before: 100, after: 300 }] });
    expect(output(setVolume(400), 'Revenue')).toBe(4000);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(await storedVolume()).toBe(400);
  });

  it('when the work cannot be built again, it is no longer stored over what was, and the person is told to reload', async () => {
    setVolume(200);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    failAfterWriting();
    vi.spyOn(Workbook, 'open').mockImplementationOnce(() => {
      throw new Error('Unknown array');
    });
    const update = setVolume(300);
    const problem =
      'The edit failed inside the formula engine: Unknown array. "Tiny fixture" can no longer be computed (Unknown array) and is no longer saved: reload the page to go back to the work last saved.';
    expect(update.problem).toBe(problem);
    setVolume(400);
    expect(await engine.whenSaved()).toEqual({ ok: false, problem });
    expect(await engine.whenSaved('tiny')).toEqual({ ok: false, problem });
    expect(await storedVolume()).toBe(200);
    // Another scenario's edits are stored as ever, and its status says so.
    await opened(engine, 'busier');
    engine.setCells('busier', [{ sheet: 'Inputs', row: 1, col: 1, content: 250 }], null);
    expect(await engine.whenSaved('busier')).toEqual({ ok: true });
  });
});
