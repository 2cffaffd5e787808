/** Number formats in the worker: set on a selection in one undo step, moved by rows and sheets, sent with each window, stored, downloaded, exported and shared. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import { memoryStorage } from '../../src/engine/storage/storage';
import { parsePresetText } from '../../src/io/scenarioFile';
import { readSharedPayload, sharePayload } from '../../src/io/shareLink';
import { formatsToRecord, formatsFromRecord, type FullScenario } from '../../src/model';
import type { Engine } from '../../src/shared/engine';
import type { Update, WindowRequest } from '../../src/shared/messages';
import { REPO_ROOT } from '../paths';

const tinyFile = { ...(JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8')) as object), formats: { 'Inputs!B1:B2': '#,##0', "'Result sheet'!B1": '#,##0.00,,," bn"' } };
const texts = {
  'scenarios/scenario.schema.json': '{}',
  'scenarios/tiny.json': JSON.stringify(tinyFile),
};
const request: WindowRequest = { sheet: 'Inputs', whole: true };
const all = { top: 0, left: 0, bottom: 2, right: 2 };

async function openTiny(engine: Engine): Promise<Update> {
  await engine.init();
  const result = await engine.open('tiny', request);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.update;
}

/** The window's formats as a file writes them, for one sheet. */
const shown = (update: Update) => formatsToRecord(new Map([[update.window?.sheet ?? '', update.window?.formats ?? []]])) ?? {};

describe('formats from the scenario file', () => {
  it('come with each window, and with the outputs whose cells have one', async () => {
    const engine = createEngine(texts);
    const update = await openTiny(engine);
    expect(shown(update)).toEqual({ 'Inputs!B1:B2': '#,##0' });
    expect(update.state.outputs.find((output) => output.name === 'Revenue')?.format).toBe('#,##0.00,,," bn"');
    expect(update.state.outputs.find((output) => output.name === 'TariffPaid')?.format).toBeUndefined();
    expect(update.state.inputs.find((input) => input.name === 'Volume')?.format).toBe('#,##0');
    expect(update.state.edited).toBe(false);
  });

  it('a sheet too big to travel whole sends, with each window, only the ranges that reach into it', async () => {
    const rows = Array.from({ length: 20_000 }, (_, row) => [row, row * 2, row * 3]);
    const big = { type: 'tradesheet-scenario', version: 1, id: 'big', name: 'Big', description: '', sheets: { Data: rows }, inputs: {}, outputs: {}, formats: { 'Data!A1:C10': '0.0', 'Data!B15000:C15010': '#,##0' } };
    const engine = createEngine({ ...texts, 'scenarios/big.json': JSON.stringify(big) });
    await engine.init();
    const opened = await engine.open('big', { sheet: 'Data', whole: false, top: 0, left: 0, rows: 50, cols: 3 });
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    expect(opened.update.window?.whole).toBe(false);
    expect(opened.update.window?.formats).toEqual([{ rect: { top: 0, left: 0, bottom: 9, right: 2 }, code: '0.0' }]);
    const far = engine.window('big', { sheet: 'Data', whole: false, top: 14_990, left: 0, rows: 50, cols: 3 });
    expect(far?.formats).toEqual([{ rect: { top: 14_999, left: 1, bottom: 15_009, right: 2 }, code: '#,##0' }]);
  });
});

describe('setFormat', () => {
  it('formats the selection in one undo step, which undo and redo take back and make again', async () => {
    const engine = createEngine(texts);
    const before = await openTiny(engine);
    let update = engine.setFormat('tiny', 'Inputs', { top: 1, left: 1, bottom: 2, right: 1 }, '0.0%', request);
    expect(update.problem).toBeUndefined();
    expect(shown(update)).toEqual({ 'Inputs!B1': '#,##0', 'Inputs!B2:B3': '0.0%' });
    expect(update.state).toMatchObject({ canUndo: true, edited: true });
    expect(update.state.revision).toBeGreaterThan(before.state.revision);
    expect(engine.listScenarios().find((entry) => entry.docId === 'tiny')?.edited).toBe(true);
    update = engine.undo('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!B1:B2': '#,##0' });
    expect(update.state).toMatchObject({ canUndo: false, canRedo: true, edited: false });
    update = engine.redo('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!B1': '#,##0', 'Inputs!B2:B3': '0.0%' });
  });

  it('General (null) takes the formats off, in order with cell edits on the undo stack', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 1, content: 12 }], request);
    let update = engine.setFormat('tiny', 'Inputs', all, null, request);
    expect(update.window?.formats).toEqual([]);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 1, content: 13 }], request);
    update = engine.undo('tiny', request);
    expect(update.window?.values[0]?.[1]).toBe(12);
    expect(update.window?.formats).toEqual([]);
    update = engine.undo('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!B1:B2': '#,##0' });
    expect(update.window?.values[0]?.[1]).toBe(12);
    update = engine.undo('tiny', request);
    expect(update.window?.values[0]?.[1]).toBe(10);
  });

  it.each([
    ['0.0"', /"0\.0\\"" is not an Excel number format code/],
    ['', /must not be empty/],
  ])('refuses the code %j with a message and changes nothing', async (code, message) => {
    const engine = createEngine(texts);
    await openTiny(engine);
    const update = engine.setFormat('tiny', 'Inputs', all, code, request);
    expect(update.problem).toMatch(message);
    expect(shown(update)).toEqual({ 'Inputs!B1:B2': '#,##0' });
    expect(update.state.canUndo).toBe(false);
  });

  it('refuses a sheet that does not exist', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    expect(engine.setFormat('tiny', 'Nowhere', all, '0', request).problem).toBe('there is no sheet named "Nowhere"');
  });
});

describe('Reset all', () => {
  it('puts the preset\'s formats back in the same undo step as the cells', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 1, content: 12 }], request);
    let update = engine.setFormat('tiny', 'Inputs', all, '0.00', request);
    expect(update.state.formatsChanged).toBe(true);
    update = engine.resetAll('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!B1:B2': '#,##0' });
    expect(update.state).toMatchObject({ formatsChanged: false, edited: false, changeCount: 0 });
    update = engine.undo('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!A1:C3': '0.00' });
    expect(update.window?.values[0]?.[1]).toBe(12);
  });

  it('a change of formats alone is its own step', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setFormat('tiny', 'Inputs', all, null, request);
    let update = engine.resetAll('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!B1:B2': '#,##0' });
    update = engine.undo('tiny', request);
    expect(update.window?.formats).toEqual([]);
    expect(update.state.formatsChanged).toBe(true);
  });
});

describe('formats move with rows, columns and sheets', () => {
  it('rows inserted above move them down, rows inserted inside grow them, and undo puts them back', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    let update = engine.insertRows('tiny', 'Inputs', 0, 2, request);
    expect(shown(update)).toEqual({ 'Inputs!B3:B4': '#,##0' });
    update = engine.insertRows('tiny', 'Inputs', 3, 1, request);
    expect(shown(update)).toEqual({ 'Inputs!B3:B5': '#,##0' });
    expect(update.state.inputs.find((input) => input.name === 'Volume')).toMatchObject({ cell: 'Inputs!B5', format: '#,##0' });
    expect(shown(engine.undo('tiny', request))).toEqual({ 'Inputs!B3:B4': '#,##0' });
    update = engine.undo('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!B1:B2': '#,##0' });
    update = engine.redo('tiny', request);
    expect(shown(update)).toEqual({ 'Inputs!B3:B4': '#,##0' });
  });

  it('formats that only moved with their rows are no change from the preset, there or after a reload', async () => {
    const storage = memoryStorage();
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await openTiny(engine);
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 0, content: 'Unit price' }], request);
    const update = engine.insertRows('tiny', 'Inputs', 0, 1, request);
    expect(shown(update)).toEqual({ 'Inputs!B2:B3': '#,##0' });
    expect(update.state.formatsChanged).toBe(false);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    const again = createEngine(texts, { storage, saveDelay: () => 0 });
    await again.init();
    const result = await again.open('tiny', request);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(shown(result.update)).toEqual({ 'Inputs!B2:B3': '#,##0' });
    expect(result.update.state.formatsChanged).toBe(false);
    const reset = again.resetAll('tiny', request);
    expect(shown(reset)).toEqual({ 'Inputs!B2:B3': '#,##0' });
  });

  it('columns deleted take theirs; a renamed sheet keeps its own; a removed sheet\'s come back with undo', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    expect(shown(engine.deleteColumns('tiny', 'Inputs', 0, 1, request))).toEqual({ 'Inputs!A1:A2': '#,##0' });
    const sheet = { sheet: 'Totals', whole: true } as const;
    expect(shown(engine.renameSheet('tiny', 'Result sheet', 'Totals', sheet))).toEqual({ 'Totals!B1': '#,##0.00,,," bn"' });
    engine.removeSheet('tiny', 'Totals', request);
    expect(JSON.parse(engine.downloadScenario('tiny').text)).toMatchObject({ formats: { 'Inputs!A1:A2': '#,##0' } });
    engine.undo('tiny', request);
    expect(shown(engine.undo('tiny', { sheet: 'Result sheet', whole: true }))).toEqual({ "'Result sheet'!B1": '#,##0.00,,," bn"' });
  });
});

describe('formats in the analysis views', () => {
  it('the scenario\'s shape names the format of each input and output that has one, as it stands after edits', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    expect(engine.describe('tiny').formats).toEqual({ Volume: '#,##0', Revenue: '#,##0.00,,," bn"' });
    engine.setFormat('tiny', 'Result sheet', { top: 1, left: 1, bottom: 1, right: 1 }, '$#,##0', request);
    expect(engine.describe('tiny').formats).toEqual({ Volume: '#,##0', Revenue: '#,##0.00,,," bn"', TariffPaid: '$#,##0' });
  });
});

describe('formats leave the worker with the scenario', () => {
  it('Download scenario and the .xlsx carry them', async () => {
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setFormat('tiny', 'Inputs', { top: 2, left: 1, bottom: 2, right: 1 }, '0.00%', request);
    const downloaded = JSON.parse(engine.downloadScenario('tiny').text) as FullScenario;
    expect(downloaded.formats).toEqual({ 'Inputs!B1:B2': '#,##0', 'Inputs!B3': '0.00%', "'Result sheet'!B1": '#,##0.00,,," bn"' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array((await engine.exportXlsx('tiny')).bytes).buffer);
    expect(book.getWorksheet('Inputs')?.getCell('B3').numFmt).toBe('0.00%');
    expect(book.getWorksheet('Result sheet')?.getCell('B1').numFmt).toBe('#,##0.00,,," bn"');
  });

  it('are stored with the work and open again in another tab', async () => {
    const storage = memoryStorage();
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await openTiny(engine);
    engine.setFormat('tiny', 'Inputs', { top: 2, left: 1, bottom: 2, right: 1 }, '0.00%', request);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    const again = createEngine(texts, { storage, saveDelay: () => 0 });
    await again.init();
    const result = await again.open('tiny', request);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(shown(result.update)).toEqual({ 'Inputs!B1:B2': '#,##0', 'Inputs!B3': '0.00%' });
    expect(result.update.state.edited).toBe(true);
  });

  it('a link built on the preset carries only the formats that differ, and opens with them all', async () => {
    const preset = parsePresetText(texts['scenarios/tiny.json'], 'tiny.json');
    if (!preset.ok) throw new Error('fixture invalid');
    const engine = createEngine(texts);
    await openTiny(engine);
    engine.setFormat('tiny', 'Inputs', { top: 1, left: 1, bottom: 1, right: 1 }, '0', request);
    engine.setFormat('tiny', 'Result sheet', { top: 1, left: 1, bottom: 1, right: 1 }, '$#,##0', request);
    const scenario = JSON.parse(engine.downloadScenario('tiny').text) as FullScenario;
    const payload = sharePayload(scenario, [preset.value]);
    expect(payload).toMatchObject({ preset: 'tiny', formats: { 'Inputs!B1:B2': null, 'Inputs!B1': '#,##0', 'Inputs!B2': '0', "'Result sheet'!B2": '$#,##0' } });
    const read = readSharedPayload(new TextEncoder().encode(JSON.stringify(payload)), [preset.value]);
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(formatsToRecord(formatsFromRecord(read.value.resolved.scenario.formats))).toEqual(scenario.formats);

    const link = await engine.shareLink('tiny', 'https://example.invalid/');
    if (!link.ok) throw new Error(link.problem);
    const opened = await engine.openShareLink(link.link);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    const shared = await engine.open(opened.docId, { sheet: 'Result sheet', whole: true });
    expect(shared.ok && shown(shared.update)).toEqual({ "'Result sheet'!B1": '#,##0.00,,," bn"', "'Result sheet'!B2": '$#,##0' });
    expect(shared.ok && shared.update.state.edited).toBe(true);
  });

  it("compares each scenario's outputs through its own formats: a preset's as its file has them, an open one's as edited", async () => {
    const engine = createEngine({ ...texts, 'scenarios/busier.json': JSON.stringify({ type: 'tradesheet-scenario', version: 1, id: 'busier', name: 'Busier', description: '', extends: 'tiny', set: { Volume: 200 }, formats: { "'Result sheet'!B2": '#,##0.0,," M"' } }) });
    await openTiny(engine);
    engine.setFormat('tiny', 'Result sheet', { top: 1, left: 1, bottom: 1, right: 1 }, '$#,##0', request);
    expect(await engine.prepareAnalysis(['tiny', 'busier'])).toEqual({ ok: true });
    const comparison = engine.compare(['tiny', 'busier'], 'tiny');
    const format = (scenario: string, output: string) => comparison.rows.find((row) => row.scenario === scenario && row.output === output)?.format;
    expect([format('tiny', 'Revenue'), format('tiny', 'TariffPaid')]).toEqual(['#,##0.00,,," bn"', '$#,##0']);
    // busier extends tiny's file, whose formats it inherits, and adds its own.
    expect([format('busier', 'Revenue'), format('busier', 'TariffPaid')]).toEqual(['#,##0.00,,," bn"', '#,##0.0,," M"']);
  });
});
