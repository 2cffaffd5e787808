/** What a version changed since the one before: cells by their changes alone when both keep the origin's size, cell by cell otherwise; inputs by value or range; sheets added and removed. */
import { describe, expect, it } from 'vitest';
import { changesNothing, versionChanges } from '../../../src/engine/storage/versionChanges';
import type { SharePayload } from '../../../src/io/shareLink';
import type { FullScenario } from '../../../src/model';

const origin: FullScenario = {
  type: 'tradesheet-scenario',
  version: 1,
  id: 'tiny',
  name: 'Tiny',
  description: '',
  sheets: {
    Inputs: [
      ['Price', 10],
      ['Volume', 100],
    ],
    Notes: [['a note']],
  },
  inputs: { Volume: { cell: 'Inputs!B2', label: 'Volume', unit: 'units', source: { assumption: 'a guess' } } },
  outputs: {},
};
const patch = (cells: Record<string, number | string | null>, extra: Partial<Extract<SharePayload, { preset: string }>> = {}): SharePayload => ({ preset: 'tiny', sheets: { Inputs: { cells }, Notes: {} }, ...extra });

describe('versionChanges', () => {
  it.each([
    { case: 'the origin against itself', before: null, after: patch({}), cells: [], count: 0, inputs: [] },
    { case: 'an input cell written', before: null, after: patch({ B2: 300 }), cells: ['Inputs!B2 100->300'], count: 1, inputs: ['Volume'] },
    { case: 'since the version before, not since the origin', before: patch({ B2: 300, A1: 'Cost' }), after: patch({ B2: 400, A1: 'Cost' }), cells: ['Inputs!B2 300->400'], count: 1, inputs: ['Volume'] },
    { case: 'a cell written back to what the origin holds', before: patch({ A1: 'Cost' }), after: patch({}), cells: ['Inputs!A1 Cost->Price'], count: 1, inputs: [] },
    { case: 'empty and blank text are the same', before: patch({ A2: null }), after: patch({ A2: '' }), cells: [], count: 0, inputs: [] },
    {
      case: 'a sheet grown: compared cell by cell',
      before: null,
      after: { preset: 'tiny', sheets: { Inputs: { size: [3, 2], cells: { A3: 'Rate' } }, Notes: {} } } satisfies SharePayload,
      cells: ['Inputs!A3 null->Rate'],
      count: 1,
      inputs: [],
    },
    {
      case: 'a sheet given whole',
      before: null,
      after: { preset: 'tiny', sheets: { Inputs: { rows: [['Price', 10], ['Volume', 100], [null, 5]] }, Notes: {} } } satisfies SharePayload,
      cells: ['Inputs!B3 null->5'],
      count: 1,
      inputs: [],
    },
  ])('$case', ({ before, after, cells, count, inputs }) => {
    const changes = versionChanges(before, after, origin);
    expect(changes.cells.map((cell) => `${cell.sheet}!${cell.address} ${String(cell.before)}->${String(cell.after)}`)).toEqual(cells);
    expect(changes.cellCount).toBe(count);
    expect(changes.inputs).toEqual(inputs);
    expect(changes.formatsChanged).toBe(false);
    expect(changesNothing(changes)).toBe(count === 0 && inputs.length === 0);
  });

  it('names an input whose range changed though its value did not', () => {
    const inputs = { Volume: { ...origin.inputs.Volume!, range: { low: 80, high: 120, source: { assumption: 'a guess' } } } };
    expect(versionChanges(null, patch({}, { inputs }), origin).inputs).toEqual(['Volume']);
  });

  it('names sheets added and removed, and counts the added sheet\'s cells', () => {
    const after: SharePayload = { preset: 'tiny', sheets: { Inputs: {}, Extra: { rows: [[1, 2]] } } };
    const changes = versionChanges(null, after, origin);
    expect(changes.sheetsAdded).toEqual(['Extra']);
    expect(changes.sheetsRemoved).toEqual(['Notes']);
    expect(changes.cellCount).toBe(3);
  });

  it('tells number formats changed, as the origin and a version\'s changes give them', () => {
    const formatted = { ...origin, formats: { 'Inputs!B1:B2': '#,##0' } };
    expect(versionChanges(null, patch({}), formatted).formatsChanged).toBe(false);
    expect(versionChanges(null, patch({}, { formats: { 'Inputs!B1:B2': '0.00' } }), formatted).formatsChanged).toBe(true);
    expect(versionChanges(null, patch({}, { formats: { 'Inputs!B1:B2': null } }), formatted).formatsChanged).toBe(true);
    expect(versionChanges(patch({}, { formats: { 'Inputs!B1:B2': null } }), patch({}, { formats: { 'Inputs!B1:B2': null } }), formatted).formatsChanged).toBe(false);
  });

  it('counts every changed cell and lists the first 20', () => {
    const cells = Object.fromEntries(Array.from({ length: 30 }, (_, row) => [`C${row + 1}`, row]));
    const changes = versionChanges(null, { preset: 'tiny', sheets: { Inputs: { size: [30, 3], cells }, Notes: {} } }, origin);
    expect(changes.cellCount).toBe(30);
    expect(changes.cells).toHaveLength(20);
    expect(changes.cells[0]?.address).toBe('C1');
  });
});
