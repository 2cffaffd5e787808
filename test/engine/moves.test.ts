/** Cut and paste moves cells as Excel does, re-pointing every formula that referred to them; moving a sheet along the tabs is an undo step. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import { openGrid, wholeSheet } from './gridEngine';
import { REPO_ROOT } from '../paths';
import type { Engine } from '../../src/shared/engine';
import type { PasteSource } from '../../src/shared/messages';

const scenario = {
  type: 'tradesheet-scenario',
  version: 1,
  id: 'grid' as const,
  name: 'Grid',
  description: '',
  sheets: {
    Data: [
      [null, null, null],
      [null, 1, 2],
      [null, 3, 4],
      ['=B2+C3', '=SUM(B2:C3)', '=Inputs!B1*2'],
    ],
    Inputs: [['Rate', 0.5, '=Data!C2']],
    Notes: [['note']],
  },
  inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '', source: { assumption: 'test' }, min: 0, max: 1 } },
  outputs: { Total: { cell: 'Data!B4', label: 'Total', unit: '' } },
};
const view = wholeSheet;

const open = () => openGrid(scenario);

/** What the page sends for a block it cut: the rows it copied and where they came from. */
function cut(engine: Engine, sheet: string, top: number, left: number, bottom: number, right: number, docId = 'grid'): PasteSource {
  const { contents } = engine.copyRange('grid', sheet, { top, left, bottom, right });
  return { kind: 'cells', rows: contents, from: { sheet, row: top, col: left }, cut: true, docId };
}

describe('cut and paste', () => {
  it('moves B2:C3 to E5 and re-points every formula that referred to it, on any sheet, in one undo step', async () => {
    const engine = await open();
    const moved = engine.paste('grid', 'Data', { top: 4, left: 4, bottom: 4, right: 4 }, cut(engine, 'Data', 1, 1, 2, 2), view());
    expect(moved.problem).toBeUndefined();
    expect(moved.select).toEqual({ sheet: 'Data', rect: { top: 4, left: 4, bottom: 5, right: 5 } });
    expect(moved.window?.contents[3]).toEqual(['=E5+F6', '=SUM(E5:F6)', '=Inputs!B1*2', null, null, null]);
    expect(moved.window?.contents.slice(4).map((row) => row.slice(4, 6))).toEqual([[1, 2], [3, 4]]);
    expect(moved.window?.contents[1]?.slice(1, 3)).toEqual([null, null]);
    expect(moved.state.outputs[0]?.value).toBe(10);
    const inputs = engine.window('grid', view('Inputs'));
    expect(inputs?.contents[0]?.[2]).toBe('=Data!F5');
    const undone = engine.undo('grid', view());
    expect(undone.window?.contents[3]).toEqual(['=B2+C3', '=SUM(B2:C3)', '=Inputs!B1*2']);
    expect(undone.window?.contents[1]).toEqual([null, 1, 2]);
    expect(undone.state.changeCount).toBe(0);
    const redone = engine.redo('grid', view());
    expect(redone.window?.contents[3]?.slice(0, 2)).toEqual(['=E5+F6', '=SUM(E5:F6)']);
  });

  it('moves B2:C3 onto another sheet and re-points the formulas of all three sheets, in one undo step', async () => {
    const engine = await open();
    // B3 reads a cell outside the block, C3 one inside it; both keep reading the same cells once moved.
    engine.setCells('grid', [{ sheet: 'Data', row: 2, col: 1, content: '=A1+3' }, { sheet: 'Data', row: 2, col: 2, content: '=B2+3' }], null);
    const moved = engine.paste('grid', 'Notes', { top: 4, left: 4, bottom: 4, right: 4 }, cut(engine, 'Data', 1, 1, 2, 2), view('Notes'));
    expect(moved.problem).toBeUndefined();
    expect(moved.select).toEqual({ sheet: 'Notes', rect: { top: 4, left: 4, bottom: 5, right: 5 } });
    expect(moved.window?.contents.slice(4).map((row) => row.slice(4, 6))).toEqual([[1, 2], ['=Data!A1+3', '=E5+3']]);
    expect(moved.window?.values.slice(4).map((row) => row.slice(4, 6))).toEqual([[1, 2], [3, 4]]);
    const data = engine.window('grid', view());
    expect(data?.contents[1]).toEqual([null, null, null]);
    expect(data?.contents[2]).toEqual([null, null, null]);
    expect(data?.contents[3]).toEqual(['=Notes!E5+Notes!F6', '=SUM(Notes!E5:F6)', '=Inputs!B1*2']);
    expect(engine.window('grid', view('Inputs'))?.contents[0]?.[2]).toBe('=Notes!F5');
    expect(moved.state.outputs[0]?.value).toBe(10);
    expect(moved.state.canUndo).toBe(true);

    const undone = engine.undo('grid', view());
    expect(undone.select).toEqual({ sheet: 'Data', rect: { top: 1, left: 1, bottom: 2, right: 2 } });
    expect(undone.window?.contents.slice(1, 4)).toEqual([[null, 1, 2], [null, '=A1+3', '=B2+3'], ['=B2+C3', '=SUM(B2:C3)', '=Inputs!B1*2']]);
    expect(engine.window('grid', view('Inputs'))?.contents[0]?.[2]).toBe('=Data!C2');
    expect(engine.window('grid', view('Notes'))?.contents).toEqual([['note']]);
    // The two formulas typed before the cut are still there to undo.
    expect(undone.state.canUndo).toBe(true);

    const redone = engine.redo('grid', view());
    expect(redone.select).toEqual(moved.select);
    expect(redone.window?.contents[3]).toEqual(['=Notes!E5+Notes!F6', '=SUM(Notes!E5:F6)', '=Inputs!B1*2']);
    expect(engine.window('grid', view('Notes'))?.contents[5]?.slice(4, 6)).toEqual(['=Data!A1+3', '=E5+3']);
    expect(redone.state.outputs[0]?.value).toBe(10);
  });

  it('counts no change once a move onto another sheet is undone', async () => {
    const engine = await open();
    engine.paste('grid', 'Notes', { top: 0, left: 3, bottom: 0, right: 3 }, cut(engine, 'Data', 1, 1, 2, 2), view('Notes'));
    const undone = engine.undo('grid', view());
    expect(undone.state.changeCount).toBe(0);
    expect(undone.state.canUndo).toBe(false);
  });

  it("moves each sheet of the car-quota preset whole onto another, keeping every output's value, and undo brings the preset back", async () => {
    const presetTexts = Object.fromEntries(['scenario.schema.json', 'baseline.json', 'car-quota.json'].map((file) => [`scenarios/${file}`, readFileSync(join(REPO_ROOT, 'scenarios', file), 'utf8')]));
    const engine = createEngine(presetTexts);
    const opened = await engine.open('car-quota', null);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    const before = opened.update.state;
    const sheets = before.sheets.map((sheet) => sheet.name);
    expect(sheets.length).toBeGreaterThan(2);
    for (const sheet of sheets) {
      const target = sheets.find((other) => other !== sheet) ?? '';
      const contents = engine.window('car-quota', { sheet, whole: true })?.contents ?? [];
      const right = Math.max(...contents.map((row) => row.length)) - 1;
      const below = (engine.window('car-quota', { sheet: target, whole: true })?.contents.length ?? 0) + 2;
      const block = engine.copyRange('car-quota', sheet, { top: 0, left: 0, bottom: contents.length - 1, right });
      const moved = engine.paste('car-quota', target, { top: below, left: 0, bottom: below, right: 0 }, { kind: 'cells', rows: block.contents, from: { sheet, row: 0, col: 0 }, cut: true, docId: 'car-quota' }, null);
      expect(moved.problem, sheet).toBeUndefined();
      expect(engine.window('car-quota', { sheet, whole: true })?.contents.flat().every((content) => content === null), sheet).toBe(true);
      expect(moved.state.outputs.map((output) => output.value), sheet).toEqual(before.outputs.map((output) => output.value));
      const undone = engine.undo('car-quota', null);
      expect(undone.state.outputs, sheet).toEqual(before.outputs);
      expect(undone.state.inputs, sheet).toEqual(before.inputs);
      expect(engine.window('car-quota', { sheet, whole: true })?.contents, sheet).toEqual(contents);
      expect(undone.state.changeCount, sheet).toBe(0);
    }
  });

  it("moves a named input and output onto another sheet with their cells, and formulas by name or by cell follow", async () => {
    const engine = await open();
    engine.setCells('grid', [{ sheet: 'Notes', row: 1, col: 0, content: '=Rate*10' }], null);
    const moved = engine.paste('grid', 'Notes', { top: 4, left: 1, bottom: 4, right: 1 }, cut(engine, 'Inputs', 0, 1, 0, 2), view('Notes'));
    expect(moved.problem).toBeUndefined();
    expect(moved.state.inputs.map((input) => [input.name, input.cell, input.value])).toEqual([['Rate', 'Notes!B5', 0.5]]);
    expect(moved.window?.contents[4]).toEqual([null, 0.5, '=Data!C2']);
    expect(moved.window?.values[1]?.[0]).toBe(5);
    expect(engine.window('grid', view())?.contents[3]?.[2]).toBe('=Notes!B5*2');
    const output = engine.paste('grid', 'Notes', { top: 7, left: 0, bottom: 7, right: 0 }, cut(engine, 'Data', 3, 0, 3, 2), view('Notes'));
    expect(output.state.outputs.map((item) => [item.name, item.cell, item.value])).toEqual([['Total', 'Notes!B8', 10]]);
    engine.undo('grid', null);
    const undone = engine.undo('grid', null);
    expect(undone.state.inputs.map((input) => [input.name, input.cell, input.value])).toEqual([['Rate', 'Inputs!B1', 0.5]]);
    expect(undone.state.outputs.map((item) => [item.name, item.cell])).toEqual([['Total', 'Data!B4']]);
    expect(engine.window('grid', view())?.contents[3]).toEqual(['=B2+C3', '=SUM(B2:C3)', '=Inputs!B1*2']);
    const redone = engine.redo('grid', null);
    expect(redone.state.inputs.map((input) => input.cell)).toEqual(['Notes!B5']);
  });

  it('keeps a move of empty cells onto another sheet as a step of its own, so undo takes back that and no more', async () => {
    const engine = await open();
    engine.setCells('grid', [{ sheet: 'Notes', row: 0, col: 0, content: 'edited' }], null);
    engine.paste('grid', 'Notes', { top: 5, left: 5, bottom: 5, right: 5 }, cut(engine, 'Data', 0, 0, 0, 1), view('Notes'));
    const undone = engine.undo('grid', view('Notes'));
    expect(undone.window?.contents[0]).toEqual(['edited']);
    expect(undone.state.canUndo).toBe(true);
  });

  it("refuses a move onto another sheet that puts text in an input's cell, and changes nothing", async () => {
    const engine = await open();
    const refused = engine.paste('grid', 'Inputs', { top: 0, left: 1, bottom: 0, right: 1 }, cut(engine, 'Notes', 0, 0, 0, 0), view('Inputs'));
    expect(refused.problem).toMatch(/Inputs!B1 is the input “Rate” \(Rate\): it must hold a number/);
    expect(refused.window?.contents[0]).toEqual(['Rate', 0.5, '=Data!C2']);
    expect(engine.window('grid', view('Notes'))?.contents).toEqual([['note']]);
    expect(refused.state.canUndo).toBe(false);
  });

  it('turns a reference to the cells a move onto another sheet writes over into #REF!, as Excel does', async () => {
    const engine = await open();
    engine.setCells('grid', [{ sheet: 'Notes', row: 0, col: 1, content: 7 }, { sheet: 'Data', row: 5, col: 0, content: '=Notes!B1' }], null);
    engine.paste('grid', 'Notes', { top: 0, left: 1, bottom: 0, right: 1 }, cut(engine, 'Data', 1, 1, 1, 1), view('Notes'));
    expect(engine.window('grid', view())?.contents[5]?.[0]).toBe('=#REF!');
  });

  it("moves an input's cell with its name, so the input follows it", async () => {
    const engine = await open();
    const moved = engine.paste('grid', 'Inputs', { top: 3, left: 1, bottom: 3, right: 1 }, cut(engine, 'Inputs', 0, 1, 0, 1), view());
    expect(moved.problem).toBeUndefined();
    expect(moved.state.inputs.map((input) => [input.name, input.cell, input.value])).toEqual([['Rate', 'Inputs!B4', 0.5]]);
    expect(engine.window('grid', view())?.contents[3]?.[2]).toBe('=Inputs!B4*2');
  });

  it("refuses, as a paste would, a move that puts text in an input's cell, and changes nothing", async () => {
    const engine = await open();
    const refused = engine.paste('grid', 'Inputs', { top: 0, left: 1, bottom: 0, right: 1 }, cut(engine, 'Inputs', 0, 0, 0, 0), view('Inputs'));
    expect(refused.problem).toMatch(/Inputs!B1 is the input “Rate” \(Rate\): it must hold a number/);
    expect(refused.window?.contents[0]).toEqual(['Rate', 0.5, '=Data!C2']);
    expect(refused.state.canUndo).toBe(false);
  });

  it('pastes a block cut in another scenario as written, without moving anything here', async () => {
    const engine = await open();
    const pasted = engine.paste('grid', 'Data', { top: 6, left: 0, bottom: 6, right: 0 }, cut(engine, 'Data', 1, 1, 1, 1, 'elsewhere'), view());
    expect(pasted.window?.contents[6]?.[0]).toBe(1);
    expect(pasted.window?.contents[1]?.[1]).toBe(1);
    expect(pasted.window?.contents[3]?.[0]).toBe('=B2+C3');
  });

  it('still pastes a copy with its formulas shifted, leaving the references to the copied cells alone', async () => {
    const engine = await open();
    const copied = { ...cut(engine, 'Data', 3, 0, 3, 0), cut: false };
    const pasted = engine.paste('grid', 'Data', { top: 3, left: 4, bottom: 3, right: 4 }, copied, view());
    expect(pasted.window?.contents[3]).toEqual(['=B2+C3', '=SUM(B2:C3)', '=Inputs!B1*2', null, '=F2+G3']);
  });
});

describe('moving a sheet', () => {
  it('is an undo step, and redo moves it again', async () => {
    const engine = await open();
    const moved = engine.moveSheet('grid', 'Notes', 0, null);
    expect(moved.state.sheets.map((sheet) => sheet.name)).toEqual(['Notes', 'Data', 'Inputs']);
    expect(moved.state.canUndo).toBe(true);
    const undone = engine.undo('grid', null);
    expect(undone.state.sheets.map((sheet) => sheet.name)).toEqual(['Data', 'Inputs', 'Notes']);
    expect(undone.state.canUndo).toBe(false);
    const redone = engine.redo('grid', null);
    expect(redone.state.sheets.map((sheet) => sheet.name)).toEqual(['Notes', 'Data', 'Inputs']);
  });

  it('keeps its place among cell edits: undo takes back the edit, then the move', async () => {
    const engine = await open();
    engine.setCells('grid', [{ sheet: 'Notes', row: 0, col: 0, content: 'first' }], null);
    engine.moveSheet('grid', 'Notes', 0, null);
    engine.setCells('grid', [{ sheet: 'Notes', row: 0, col: 0, content: 'second' }], null);
    engine.undo('grid', null);
    expect(engine.window('grid', view('Notes'))?.contents[0]).toEqual(['first']);
    const undone = engine.undo('grid', null);
    expect(undone.state.sheets.map((sheet) => sheet.name)).toEqual(['Data', 'Inputs', 'Notes']);
    engine.undo('grid', null);
    expect(engine.window('grid', view('Notes'))?.contents[0]).toEqual(['note']);
  });

  it('makes no step when the sheet stays where it was', async () => {
    const engine = await open();
    expect(engine.moveSheet('grid', 'Data', 0, null).state.canUndo).toBe(false);
  });
});
