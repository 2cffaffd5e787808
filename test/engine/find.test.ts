/** Find and replace through the engine: values or formulas, a sheet or all, case and whole cell; one undo step per replacement. */
import { describe, expect, it } from 'vitest';
import { openGrid, wholeSheet } from './gridEngine';
import type { CellContent } from '../../src/model';
import { allMatches, findCells, replacedContent, type FindSource, type SheetDisplay } from '../../src/engine/session/find';
import { listedMatches, matchAt, type FindQuery } from '../../src/shared/find';

const scenario = {
  type: 'tradesheet-scenario',
  version: 1,
  id: 'grid' as const,
  name: 'Grid',
  description: '',
  sheets: {
    Data: [
      ['Price', 10, '=B1*Rate'],
      ['price list', 0.1, '=0.1+0.2'],
      ['PRICE', 100, '=SUM(B1:B2)'],
    ],
    Inputs: [['Rate', 0.5], ['Price note', '=Data!B1']],
  },
  inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '', source: { assumption: 'test' }, min: 0, max: 1 } },
  outputs: { Total: { cell: 'Data!C3', label: 'Total', unit: '' } },
};
const view = wholeSheet;
const query = (fields: Partial<FindQuery>): FindQuery => ({ text: '', lookIn: 'values', scope: 'sheet', sheet: 'Data', matchCase: false, wholeCell: false, ...fields });

const open = () => openGrid(scenario);

/** A find source over plain rows, with no number formats or units unless given. */
const rowsSource = (sheet: string, rows: CellContent[][], display: SheetDisplay = { formats: [], units: new Map() }): FindSource => ({
  sheetNames: () => [sheet],
  sheetValues: () => rows,
  sheetContents: () => rows,
  rangeContents: (_, rect) => rows.slice(rect.top, rect.bottom + 1).map((row) => row.slice(rect.left, rect.right + 1)),
  sheetDisplay: () => display,
});

const where = (cells: { sheet: string; row: number; col: number }[]) => cells.map((cell) => `${cell.sheet}!${cell.row},${cell.col}`);

describe('find', () => {
  it.each([
    ['any case, in the sheet', { text: 'price' }, ['Data!0,0', 'Data!1,0', 'Data!2,0']],
    ['matching case', { text: 'Price', matchCase: true }, ['Data!0,0']],
    ['the whole cell', { text: 'price', wholeCell: true }, ['Data!0,0', 'Data!2,0']],
    ['every sheet, in tab order', { text: 'price', scope: 'all' as const }, ['Data!0,0', 'Data!1,0', 'Data!2,0', 'Inputs!1,0']],
    ['a computed value as shown (0.1+0.2 shows 0.3)', { text: '0.3', wholeCell: true }, ['Data!1,2']],
    ['values, not formulas', { text: 'Rate' }, []],
    ['formulas, not values', { text: 'rate', lookIn: 'formulas' as const }, ['Data!0,2']],
    ['a formula by its reference', { text: 'B1', lookIn: 'formulas' as const, scope: 'all' as const }, ['Data!0,2', 'Data!2,2', 'Inputs!1,1']],
  ])('finds %s', async (_, fields, expected) => {
    const engine = await open();
    const found = engine.find('grid', query(fields));
    expect(where(Array.from({ length: listedMatches(found) }, (_, index) => matchAt(found, index) ?? { sheet: '?', row: -1, col: -1 }))).toEqual(expected);
    expect(found.total).toBe(expected.length);
  });

  it('finds nothing for an empty query', async () => {
    const engine = await open();
    const found = engine.find('grid', query({ text: '' }));
    expect([listedMatches(found), found.total]).toEqual([0, 0]);
  });

  it('caps the list, never the count', () => {
    const rows = Array.from({ length: 30 }, (_, row) => [`item ${row}`]);
    const source = rowsSource('S', rows);
    const found = findCells(source, query({ text: 'item', sheet: 'S' }), 10);
    expect(listedMatches(found)).toBe(10);
    expect(found.total).toBe(30);
    // Replace all is not capped.
    expect(allMatches(source, query({ text: 'item', sheet: 'S' }))).toHaveLength(30);
  });

  it('searches 1,000,000 cells in one pass of a few seconds at most', () => {
    const rows = Array.from({ length: 100_000 }, (_, row) => Array.from({ length: 10 }, (__, col) => row * 10 + col));
    const source = rowsSource('Big', rows);
    const started = performance.now();
    const found = findCells(source, query({ text: '99999', sheet: 'Big' }), 100_000);
    const elapsed = performance.now() - started;
    // 99999, 199999, ..., 999999 (ten), and 999990 to 999998 (nine more).
    expect(found.total).toBe(19);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe('find in values, as the grid shows them', () => {
  const shown = {
    type: 'tradesheet-scenario',
    version: 1,
    id: 'grid' as const,
    name: 'Shown',
    description: '',
    sheets: {
      Data: [
        ['Exports', 8_150_731_707, 'USD'],
        ['Cars', 1_234.5, 'cars'],
        ['Share', 0.125, '%'],
        ['Tariff', 0.275, ''],
        ['Label', 'north', ''],
      ],
    },
    inputs: { Tariff: { cell: 'Data!B4', label: 'Tariff', unit: '%', source: { assumption: 'test' }, min: 0, max: 1 } },
    outputs: { Exports: { cell: 'Data!B1', label: 'Exports', unit: 'USD' } },
    formats: { 'Data!B1': '#,##0.00,,," bn"', 'Data!B5': '"Region: "@' },
  };
  const found = async (fields: Partial<FindQuery>) => {
    const engine = await openGrid(shown);
    const result = engine.find('grid', query(fields));
    return where(Array.from({ length: listedMatches(result) }, (_, index) => matchAt(result, index) ?? { sheet: '?', row: -1, col: -1 }));
  };

  it.each([
    ['through its number format', { text: '8.15 bn', wholeCell: true }, ['Data!0,1']],
    ['through its number format, in part', { text: '8.15' }, ['Data!0,1']],
    ['as the number too', { text: '8150731707' }, ['Data!0,1']],
    ['in General, with thousands separators', { text: '1,234.5', wholeCell: true }, ['Data!1,1']],
    ['as a percentage, left of a "%" unit', { text: '12.5%', wholeCell: true }, ['Data!2,1']],
    ["as a percentage, an input's unit being %", { text: '27.5%' }, ['Data!3,1']],
    ["text through a code's text section", { text: 'Region: north', wholeCell: true }, ['Data!4,1']],
  ])('finds a value %s', async (_, fields, expected) => {
    expect(await found(fields)).toEqual(expected);
  });

  it('matches nothing a cell does not show', async () => {
    expect(await found({ text: '8,150,731,707' })).toEqual([]);
    expect(await found({ text: '0.125%' })).toEqual([]);
  });

  it('replaces what was typed, leaving a cell that matched only through its format alone and saying so', async () => {
    const engine = await openGrid(shown);
    const done = engine.replace('grid', query({ text: 'bn' }), 'M', 'all', view());
    expect([done.replaced, done.formulasLeft, done.formattedLeft]).toEqual([0, 0, 1]);
    expect(done.update.window?.contents[0]?.[1]).toBe(8_150_731_707);
  });

  it('finds through formats in plain rows too, a million cells under a whole-column format', () => {
    const rows: CellContent[][] = Array.from({ length: 100_000 }, (_, row) => Array.from({ length: 10 }, (__, col) => (row * 10 + col) * 1_000));
    const source = rowsSource('Big', rows, { formats: [{ rect: { top: 0, left: 2, bottom: 99_999, right: 2 }, code: '#,##0.0,," M"' }], units: new Map() });
    // Column C holds 2,000, 12,000, ... 999,992,000: shown in millions to one decimal, 998,952,000 (row 99,895)
    // to 999,042,000 (row 99,904) all show "999.0 M"; no raw number reads so.
    const result = findCells(source, query({ text: '999.0 M', sheet: 'Big', wholeCell: true }), 10);
    expect(where([matchAt(result, 0) ?? { sheet: '?', row: -1, col: -1 }])).toEqual(['Big!99895,2']);
    expect(result.total).toBe(10);
  });
});

describe('replace', () => {
  it('replaces in every matching cell as one undo step, and reports the count', async () => {
    const engine = await open();
    const done = engine.replace('grid', query({ text: 'price' }), 'Cost', 'all', view());
    expect(done.replaced).toBe(3);
    expect(done.update.window?.contents.map((row) => row[0])).toEqual(['Cost', 'Cost list', 'Cost']);
    const undone = engine.undo('grid', view());
    expect(undone.window?.contents.map((row) => row[0])).toEqual(['Price', 'price list', 'PRICE']);
  });

  it('replaces in formulas when asked, and reads the result as an entry', async () => {
    const engine = await open();
    const done = engine.replace('grid', query({ text: 'B1', lookIn: 'formulas' }), 'B3', [{ sheet: 'Data', row: 0, col: 2 }], view());
    expect(done.replaced).toBe(1);
    expect(done.update.window?.contents[0]?.[2]).toBe('=B3*Rate');
    expect(done.update.window?.values[0]?.[2]).toBe(50);
  });

  it('leaves formulas alone when replacing in values, whose computed value it cannot change', async () => {
    const engine = await open();
    const done = engine.replace('grid', query({ text: '0.3' }), '7', 'all', view());
    expect([done.replaced, done.formulasLeft]).toEqual([0, 1]);
    expect(done.update.window?.contents[1]?.[2]).toBe('=0.1+0.2');
  });

  it("refuses text in an input's cell, naming it, and changes nothing", async () => {
    const engine = await open();
    const done = engine.replace('grid', query({ text: '0.5', scope: 'all', sheet: 'Inputs' }), 'half', 'all', view('Inputs'));
    expect(done.replaced).toBe(0);
    expect(done.update.problem).toMatch(/Inputs!B1 is the input “Rate” \(Rate\): it must hold a number/);
    expect(done.update.window?.contents[0]).toEqual(['Rate', 0.5]);
  });

  it.each([
    ['a number stays a number', 100, '1', '2', 200],
    ['text stays text', 'item 1', '1', '2', 'item 2'],
    ['text that reads as a number stays text', '007', '7', '8', '008'],
    ['the whole cell', 'Price', 'price', 'Cost', 'Cost'],
  ])('%s', (_, content, find, replacement, expected) => {
    expect(replacedContent(content, query({ text: find, lookIn: 'formulas', wholeCell: find === 'price' }), replacement)).toBe(expected);
  });
});
