/** Cut and paste moves cells as Excel does, re-pointing every formula that referred to them; moving a sheet along the tabs is an undo step. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import type { Engine } from '../../src/shared/engine';
import type { PasteSource, WindowRequest } from '../../src/shared/messages';

const scenario = {
  type: 'tradesheet-scenario',
  version: 1,
  id: 'grid',
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
const texts = { 'scenarios/scenario.schema.json': '{}', 'scenarios/grid.json': JSON.stringify(scenario) };
const view = (sheet = 'Data'): WindowRequest => ({ sheet, whole: true });

async function open(): Promise<Engine> {
  const engine = createEngine(texts);
  const opened = await engine.open('grid', view());
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return engine;
}

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

  it('pastes cells cut onto another sheet as written, in one undo step, since HyperFormula would point their formulas at the wrong sheet', async () => {
    const engine = await open();
    const pasted = engine.paste('grid', 'Notes', { top: 2, left: 0, bottom: 2, right: 0 }, cut(engine, 'Data', 1, 1, 2, 2), view('Notes'));
    expect(pasted.problem).toBeUndefined();
    expect(pasted.window?.contents.slice(2)).toEqual([[1, 2], [3, 4]]);
    const data = engine.window('grid', view());
    expect(data?.contents[1]).toEqual([null, null, null]);
    expect(data?.contents[3]).toEqual(['=B2+C3', '=SUM(B2:C3)', '=Inputs!B1*2']);
    engine.undo('grid', null);
    expect(engine.window('grid', view())?.contents[1]).toEqual([null, 1, 2]);
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
