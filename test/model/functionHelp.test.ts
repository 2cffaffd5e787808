/** The functions' help (for autocomplete and the signature tooltip) is held to the engine's own registry, so it cannot drift from the functions that work. */
import { describe, expect, it } from 'vitest';
import { functionCatalogue, functionHelpProblems } from '../../src/model/workbook/functionCatalogue';

describe('the function catalogue', () => {
  it('has help for every registered function, and none for a function the engine lacks, with argument counts the engine takes', () => {
    expect(functionHelpProblems()).toEqual([]);
  });

  it('lists HyperFormula’s functions and tradesheet’s plugins, each with a one-line description', () => {
    const catalogue = functionCatalogue();
    const names = catalogue.map((entry) => entry.name);
    expect(names.length).toBeGreaterThan(380);
    // LOOKUP exists only as tradesheet's plugin; SUM and PMT are HyperFormula's own.
    expect(names).toEqual(expect.arrayContaining(['LOOKUP', 'SUM', 'PMT', 'XLOOKUP']));
    for (const entry of catalogue) {
      expect(entry.description, entry.name).toMatch(/^[A-Z].*\.$/);
      expect(entry.description, entry.name).not.toContain('\n');
    }
    expect(catalogue.find((entry) => entry.name === 'PMT')?.args).toEqual(['rate', 'nper', 'pv', '[fv]', '[type]']);
  });
});
