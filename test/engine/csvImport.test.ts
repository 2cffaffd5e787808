/** "Import CSV into a sheet" on the engine's side, called directly: one undo step, saved, a cancel takes nothing or takes it back, files that are not CSV refused. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DocSession } from '../../src/engine/session/docSession';
import { createEngine } from '../../src/engine/engine';
import { memoryStorage } from '../../src/engine/storage/storage';
import type { Engine } from '../../src/shared/engine';
import type { CsvImportChoice, CsvImportStep, CsvReading, Update, WindowRequest } from '../../src/shared/messages';
import { REPO_ROOT } from '../paths';
import { storedScenario } from './storedWork';


const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/csv', name));
const tiny = readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8');

const ROWS = 100_000;
/** 100,000 rows of 10 columns, about 7 MB: ids, codes that must stay text, quoted commas, large numbers. */
function bigCsv(rows = ROWS): Buffer {
  const lines = ['id,hs_code,partner,value_jpy,share,units,year,port,note,check'];
  for (let i = 1; i <= rows; i += 1) {
    lines.push(`${i},${String(i % 10_000).padStart(4, '0')},"Partner ${i % 200}, Ltd",${i * 1234567},${(i % 1000) / 1000},${i % 97},${2000 + (i % 25)},Yokohama,"said ""ok""",row ${i}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

describe('the engine imports a CSV', () => {
  const request: WindowRequest = { sheet: 'Inputs', whole: false, top: 0, left: 0, rows: 50, cols: 10 };
  const sheetNames = (update: Update) => update.state.sheets.map((sheet) => sheet.name);
  const choice = (target: CsvImportChoice['target'], fields: Partial<CsvImportChoice> = {}): CsvImportChoice => ({ delimiter: ',', headerRows: 1, formulas: 'as-text', target, ...fields });

  async function openTiny(): Promise<{ engine: Engine; storage: ReturnType<typeof memoryStorage> }> {
    const storage = memoryStorage();
    const engine = createEngine({ 'scenarios/tiny.json': tiny }, { storage, saveDelay: () => 0 });
    await engine.init();
    const opened = await engine.open('tiny', request);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    return { engine, storage };
  }

  async function read(engine: Engine, name: string, bytes: Uint8Array): Promise<Extract<CsvReading, { ok: true }>> {
    const reading = await engine.readCsv('tiny', new File([Uint8Array.from(bytes)], name));
    if (!reading.ok) throw new Error(reading.problem);
    return reading;
  }

  it('into a new sheet named after the file: one undo step, and stored like any edit', async () => {
    const { engine, storage } = await openTiny();
    const reading = await read(engine, 'quoted.csv', fixture('quoted.csv'));
    expect(reading).toMatchObject({ fileName: 'quoted.csv', encoding: 'utf-8', delimiter: ',', headerRows: 1, sheetName: 'quoted', estimatedRows: 4 });
    const answer = await engine.importCsv('tiny', reading.importId, choice({ kind: 'new', name: reading.sheetName }), request, () => undefined);
    if (answer.outcome !== 'imported') throw new Error(JSON.stringify(answer));
    expect(answer).toMatchObject({ sheet: 'quoted', rows: 4, cols: 4, warnings: [] });
    expect(sheetNames(answer.update)).toEqual(['Inputs', 'Result sheet', 'quoted']);
    expect(engine.window('tiny', { ...request, sheet: 'quoted' })?.contents[2]).toEqual(['Honda', 'Accord', 'line one\r\nline two', 31000]);
    await engine.whenSaved();
    const stored = await storedScenario(storage, 'tiny');
    expect(stored?.sheets.quoted?.[1]).toEqual(['Toyota', 'Corolla, Cross', 'built in "Kentucky"', 52000]);
    const undone = engine.undo('tiny', request);
    expect(sheetNames(undone)).toEqual(['Inputs', 'Result sheet']);
    expect(undone.state).toMatchObject({ canUndo: false, edited: false });
    expect(sheetNames(engine.redo('tiny', request))).toEqual(['Inputs', 'Result sheet', 'quoted']);
  });

  it('stores the new sheet the save delay after its answer, not while the page is still drawing it', async () => {
    const saveDelayMs = 20;
    const storage = memoryStorage();
    const engine = createEngine({ 'scenarios/tiny.json': tiny }, { storage, saveDelay: () => saveDelayMs });
    await engine.init();
    await engine.open('tiny', request);
    // 200,000 cells: building the answer's state (each cell against the preset) takes far longer than the delay.
    const reading = await read(engine, 'rows.csv', bigCsv(20_000));
    const saveStarts: number[] = [];
    const scenarioWithoutSheets = DocSession.prototype.scenarioWithoutSheets;
    // A save begins by reading the scenario's parts beside its sheets. Only this engine's document holds the new sheet: an earlier test's engine may still store its own.
    const spy = vi.spyOn(DocSession.prototype, 'scenarioWithoutSheets').mockImplementation(function (this: DocSession) {
      if (this.hasSheet('rows')) saveStarts.push(performance.now());
      return scenarioWithoutSheets.call(this);
    });
    try {
      const answer = await engine.importCsv('tiny', reading.importId, choice({ kind: 'new', name: 'rows' }), request, () => undefined);
      const answeredAt = performance.now();
      expect(answer.outcome).toBe('imported');
      await engine.whenSaved();
      expect(saveStarts).toHaveLength(1);
      // A timer never fires early: a save begun sooner was timed from before the answer.
      expect((saveStarts[0] ?? 0) - answeredAt).toBeGreaterThanOrEqual(saveDelayMs - 1);
    } finally {
      spy.mockRestore();
    }
    const stored = await storedScenario(storage, 'tiny');
    // The header row and every data row.
    expect(stored?.sheets.rows).toHaveLength(20_001);
  });

  it('in place of a sheet: one undo step; a named input\'s cell must still get a number', async () => {
    const { engine } = await openTiny();
    const replacing = await read(engine, 'inputs.csv', new TextEncoder().encode('Price,20,USD\nVolume,300,units\nRate,0.5,%\n'));
    const answer = await engine.importCsv('tiny', replacing.importId, choice({ kind: 'replace', sheet: 'Inputs' }, { headerRows: 0 }), request, () => undefined);
    if (answer.outcome !== 'imported') throw new Error(JSON.stringify(answer));
    expect(answer.update.state.outputs.find((output) => output.name === 'Revenue')?.value).toBe(6000);
    expect(answer.update.state.changeCount).toBe(3);
    const undone = engine.undo('tiny', request);
    expect(undone.state.outputs.find((output) => output.name === 'Revenue')?.value).toBe(1000);
    expect(undone.state).toMatchObject({ canUndo: false, changeCount: 0 });

    const words = await read(engine, 'words.csv', new TextEncoder().encode('a,b\nc,lots\n'));
    const refused = await engine.importCsv('tiny', words.importId, choice({ kind: 'replace', sheet: 'Inputs' }), request, () => undefined);
    expect(refused).toEqual({ outcome: 'refused', problem: 'Inputs!B2 is the input “Volume” (Volume): it must hold a number from 0 to 1000.' });
    expect(engine.window('tiny', request)?.contents[1]).toEqual(['Volume', 100, 'units']);
  });

  it('a sheet name that is taken is refused, and the workbook is untouched', async () => {
    const { engine } = await openTiny();
    const reading = await read(engine, 'Inputs.csv', fixture('semicolon.csv'));
    expect(reading.sheetName).toBe('Inputs (2)');
    const refused = await engine.importCsv('tiny', reading.importId, choice({ kind: 'new', name: 'inputs' }, { delimiter: ';' }), request, () => undefined);
    expect(refused).toEqual({ outcome: 'refused', problem: 'a sheet named "Inputs" already exists' });
    expect(engine.undo('tiny', request).state.sheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet']);
  });

  it('the changes an import into a new sheet reports are the ones a read of the workbook finds, on it and on the other sheets', async () => {
    const { engine } = await openTiny();
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 0, col: 0, content: 'Cost' }], null);
    const text = 'name,value,formula\nA,1,=B2*2\n,,\n=not run,007,\n,,=SUM(B2:B4)\n';
    const reading = await read(engine, 'mixed.csv', new TextEncoder().encode(text));
    const imported = await engine.importCsv('tiny', reading.importId, choice({ kind: 'new', name: 'mixed' }, { headerRows: 1, formulas: 'evaluate' }), request, () => undefined);
    if (imported.outcome !== 'imported') throw new Error(JSON.stringify(imported));
    // Undoing and redoing a sheet's arrival forgets what is known of every sheet's changes: they are read again.
    engine.undo('tiny', null);
    const reread = engine.redo('tiny', null);
    expect(reread.state.sheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet', 'mixed']);
    expect(imported.update.state.changeCount).toBe(10);
    expect(imported.update.state.changeCount).toBe(reread.state.changeCount);
    expect(imported.update.state.changes).toEqual(reread.state.changes);
  });

  it('a header-row count that is not a whole number, 0 or more, is refused, and the workbook is untouched', async () => {
    const { engine } = await openTiny();
    const reading = await read(engine, 'counts.csv', new TextEncoder().encode('year,cars\n2024,100\n'));
    for (const headerRows of [-1, 1.5, Number.NaN]) {
      const refused = await engine.importCsv('tiny', reading.importId, choice({ kind: 'new', name: 'counts' }, { headerRows }), request, () => undefined);
      expect(refused).toEqual({ outcome: 'refused', problem: `the number of header rows must be a whole number, 0 or more, not ${headerRows}` });
    }
    expect(engine.undo('tiny', request).state.sheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet']);
  });

  it('cancelled while reading: nothing is written', async () => {
    const { engine } = await openTiny();
    const reading = await read(engine, 'big.csv', bigCsv());
    const steps: CsvImportStep[] = [];
    const running = engine.importCsv('tiny', reading.importId, choice({ kind: 'new', name: 'big' }), request, (step) => {
      steps.push(step);
      if (steps.length === 2) expect(engine.cancelCsvImport(reading.importId, request)).toBeNull();
    });
    expect(await running).toEqual({ outcome: 'cancelled' });
    expect(steps.every((step) => step.stage === 'reading')).toBe(true);
    const state = engine.undo('tiny', request).state;
    expect(state).toMatchObject({ canUndo: false, edited: false });
    expect(state.sheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet']);
  });

  it('cancelled once written: taken back, and redo cannot bring it back', async () => {
    const { engine } = await openTiny();
    const reading = await read(engine, 'codes.csv', fixture('codes.csv'));
    const answer = await engine.importCsv('tiny', reading.importId, choice({ kind: 'new', name: 'codes' }), request, () => undefined);
    expect(answer.outcome).toBe('imported');
    const reverted = engine.cancelCsvImport(reading.importId, request);
    expect(reverted?.state.sheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet']);
    expect(reverted?.state).toMatchObject({ canUndo: false, canRedo: false, edited: false });
    expect(engine.cancelCsvImport(reading.importId, request)).toBeNull();
  });

  it('refuses a file over the size limit before reading it, and a binary file by its bytes', async () => {
    const { engine } = await openTiny();
    const huge = await engine.readCsv('tiny', new File([new Uint8Array(50 * 1024 * 1024 + 1)], 'huge.csv'));
    expect(huge).toEqual({ ok: false, fileName: 'huge.csv', size: 50 * 1024 * 1024 + 1, problem: 'a CSV file may be at most 50 MB; this one is 50.0 MB' });
    const workbook = await engine.readCsv('tiny', new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])], 'book.xlsx'));
    expect(workbook).toMatchObject({ ok: false, problem: 'this is an Excel workbook (.xlsx) or another zip archive, not CSV text; save it as CSV (UTF-8) first' });
  });
});
