/** The worker answers the page's autocomplete with the functions its workbooks compute, not a copy kept elsewhere. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import type { CellValue } from '../../src/model';
import { REPO_ROOT } from '../paths';

const tiny = readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8');
const errorOf = (value: CellValue | undefined) => (typeof value === 'object' && value !== null ? value.error : undefined);

describe('functionCatalogue', () => {
  it('lists exactly the functions a formula can call: each is known to the workbook (no #NAME?), and a name it leaves out is not', async () => {
    const engine = createEngine({ 'scenarios/tiny.json': tiny });
    const catalogue = engine.functionCatalogue();
    expect(catalogue.find((entry) => entry.name === 'PMT')).toEqual({ name: 'PMT', args: ['rate', 'nper', 'pv', '[fv]', '[type]'], description: expect.stringMatching(/^Returns the periodic payment/) });
    const opened = await engine.open('tiny', null);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    // Called with no arguments most give an error, but only an unknown name gives #NAME?; HyperFormula parses OFFSET itself and needs its arguments.
    const names = [...catalogue.map((entry) => entry.name), 'CONCAT', 'LET'];
    const update = engine.setCells('tiny', names.map((name, row) => ({ sheet: 'Inputs', row: 100 + row, col: 20, content: name === 'OFFSET' ? '=OFFSET(A1,0,0)' : `=${name}()` })), {
      sheet: 'Inputs',
      whole: false,
      top: 100,
      left: 20,
      rows: names.length,
      cols: 1,
    });
    const window = update.window;
    if (!window) throw new Error('the edit answers with a window');
    // A sheet this small comes back whole, from A1.
    const values = names.map((_, index) => window.values[100 + index - window.top]?.[20 - window.left]);
    expect(update.problem).toBeUndefined();
    const unknown = names.filter((_, index) => errorOf(values[index]) === '#NAME?');
    expect(unknown).toEqual(['CONCAT', 'LET']);
  });
});
