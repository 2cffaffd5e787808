/** Which rows a session's undo steps mark for the next save: the blocks holding them are what it writes. */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/engine/session/history';
import { UnsavedRows } from '../../src/engine/session/unsavedRows';

const select = { sheet: 'Data', rect: { top: 0, left: 0, bottom: 0, right: 0 } };
const sheets = ['Inputs', 'Data'];

describe('the rows a step leaves unsaved', () => {
  it.each<[string, HistoryEntry | undefined, { structure: boolean; wholeSheets: string[]; rows: [string, number[]][] }]>([
    ['cells: their rows', { kind: 'cells', cells: [{ sheet: 'Data', row: 1499, col: 1 }, { sheet: 'Inputs', row: 0, col: 1 }, { sheet: 'Data', row: 3, col: 0 }] }, { structure: false, wholeSheets: [], rows: [['Data', [1499, 3]], ['Inputs', [0]]] }],
    ['input ranges: no row', { kind: 'ranges', ranges: [] }, { structure: false, wholeSheets: [], rows: [] }],
    ['number formats: no row', { kind: 'formats', formats: { before: { current: new Map(), reference: new Map() }, after: { current: new Map(), reference: new Map() } } }, { structure: false, wholeSheets: [], rows: [] }],
    ['tab order: no row', { kind: 'order', sheet: 'Data', from: 1, to: 0 }, { structure: false, wholeSheets: [], rows: [] }],
    ['a sheet imported in place: that sheet whole', { kind: 'sheet', select }, { structure: false, wholeSheets: ['Data'], rows: [] }],
    ['cells cut and pasted: every sheet whole, formulas anywhere may point elsewhere', { kind: 'moved', select }, { structure: false, wholeSheets: sheets, rows: [] }],
    ['rows, columns or sheets: everything, the preset’s copy too', { kind: 'structure', select }, { structure: true, wholeSheets: [], rows: [] }],
    ['a step the log does not know: everything', undefined, { structure: true, wholeSheets: [], rows: [] }],
  ])('%s', (_, entry, expected) => {
    const unsaved = new UnsavedRows();
    unsaved.step(entry, sheets);
    const marks = unsaved.take();
    expect({ structure: marks.structure, wholeSheets: [...marks.wholeSheets], rows: [...marks.rows].map(([sheet, rows]) => [sheet, [...rows]]) }).toEqual(expected);
    expect(unsaved.take()).toEqual({ structure: false, wholeSheets: new Set(), rows: new Map() });
  });

  it('a save that failed puts its marks back beside those made since', () => {
    const unsaved = new UnsavedRows();
    unsaved.cells([{ sheet: 'Data', row: 5 }]);
    const taken = unsaved.take();
    unsaved.cells([{ sheet: 'Data', row: 2000 }]);
    unsaved.restore(taken);
    expect([...(unsaved.take().rows.get('Data') ?? [])].sort((a, b) => a - b)).toEqual([5, 2000]);
  });
});
