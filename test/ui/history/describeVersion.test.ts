/** How the History panel words a version: what changed in one line, the changed cells, and its time. */
import { describe, expect, it } from 'vitest';
import type { VersionChanges, VersionSummary } from '../../../src/shared/versions';
import { changeSummary, changedCells, versionTime } from '../../../src/ui/history/describeVersion';

const changes = (over: Partial<VersionChanges>): VersionChanges => ({ cellCount: 0, cells: [], inputs: [], sheetsAdded: [], sheetsRemoved: [], formatsChanged: false, ...over });
const summaryOf = (changed: VersionChanges | null): VersionSummary => ({ id: 'v', kind: changed ? 'automatic' : 'origin', name: 'Automatic', time: changed ? 0 : null, changes: changed, size: 0 });

describe('changeSummary', () => {
  it.each([
    { case: 'the origin', changed: null, text: 'Where the history starts: every later version is a change from this.' },
    { case: 'nothing', changed: changes({}), text: 'No change since the version before it' },
    { case: 'one cell and its input', changed: changes({ cellCount: 1, inputs: ['Volume'] }), text: '1 cell changed; input Volume since the version before' },
    { case: 'number formats alone', changed: changes({ formatsChanged: true }), text: 'number formats since the version before' },
    { case: 'many cells, inputs and sheets', changed: changes({ cellCount: 1234, inputs: ['Volume', 'Rate'], sheetsAdded: ['New'], sheetsRemoved: ['Old', 'Older'] }), text: '1,234 cells changed; inputs Volume, Rate; sheet “New” added; sheets “Old”, “Older” removed since the version before' },
  ])('$case', ({ changed, text }) => {
    expect(changeSummary(summaryOf(changed))).toBe(text);
  });
});

describe('changedCells', () => {
  it('words each listed cell with its old and new content, and counts the rest', () => {
    const listed = changedCells(changes({ cellCount: 25, cells: [{ sheet: 'Inputs', address: 'B2', before: 100, after: 300 }, { sheet: 'Notes', address: 'A1', before: null, after: true }, { sheet: 'Notes', address: 'A2', before: '=A1', after: '' }] }));
    expect(listed).toEqual({ lines: ['Inputs!B2: 100 → 300', 'Notes!A1: empty → TRUE', 'Notes!A2: =A1 → empty'], more: 22 });
  });
});

describe('versionTime', () => {
  it('gives today\'s versions by the clock alone, older ones with their date', () => {
    const now = new Date(2026, 11, 5, 15, 0);
    expect(versionTime(new Date(2026, 11, 5, 9, 30).getTime(), now)).toMatch(/^Today \S/);
    expect(versionTime(new Date(2026, 10, 28, 9, 30).getTime(), now)).toMatch(/2026/);
  });
});
