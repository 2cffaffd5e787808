/**
 * The conformance corpus (test/fixtures/conformance.json: functions an analyst's model uses, each with
 * typical, negative, zero or empty, text-as-number, error and large arguments) computed by tradesheet and
 * by IronCalc, cell by cell as test/model/ironcalc.test.ts compares the presets. Every difference is
 * either mended by a plugin (src/model/workbook/functions.ts) or pinned with Excel's documented value
 * and the reason in test/model/conformanceCorpus.ts: the differences found must be exactly those pinned.
 */
import { describe, expect, it } from 'vitest';
import { compareSheet, computeWithTradesheet } from '../engineAgreement';
import { openInIronCalc, readSheet } from '../ironcalc';
import { CORPUS_SHEETS, PINNED, corpusScenario, expectedDifferences, readCorpus, byCorpusFormula } from './conformanceCorpus';

const corpus = readCorpus();
const scenario = corpusScenario(corpus);

describe('the conformance corpus', () => {
  it('covers at least 150 functions of every kind, each with at least four cases', () => {
    expect(corpus.functions.length).toBeGreaterThanOrEqual(150);
    expect(corpus.functions.filter((entry) => entry.cases.length < 4).map((entry) => entry.name)).toEqual([]);
    expect(new Set(corpus.functions.map((entry) => entry.name)).size).toBe(corpus.functions.length);
    const categories = new Set(corpus.functions.map((entry) => entry.category));
    for (const category of ['math', 'statistics', 'logic', 'lookup and reference', 'text', 'date and time', 'financial']) expect(categories).toContain(category);
    const names = new Set(corpus.functions.map((entry) => entry.name));
    for (const name of ['PMT', 'PV', 'FV', 'NPV', 'IRR', 'RATE', 'NPER', 'INT', 'TEXT', 'LOOKUP']) expect(names).toContain(name);
  });

  it('pins each difference once, for a formula of the corpus, with a reason', () => {
    const formulas = new Set(corpus.functions.flatMap((entry) => entry.cases));
    expect(PINNED.filter((pin) => !formulas.has(pin.formula)).map((pin) => pin.formula)).toEqual([]);
    expect(new Set(PINNED.map((pin) => pin.formula)).size).toBe(PINNED.length);
    expect(PINNED.filter((pin) => pin.why.length < 20).map((pin) => pin.formula)).toEqual([]);
  });

  it('computes in IronCalc what tradesheet computes, but for the pinned differences', () => {
    const computed = computeWithTradesheet(scenario);
    const model = openInIronCalc(scenario, computed.values);
    try {
      model.evaluate();
      let compared = 0;
      const differences = CORPUS_SHEETS.flatMap((name, sheet) => {
        const grid = computed.values[name] ?? [];
        const theirs = readSheet(model, sheet, grid.length, Math.max(0, ...grid.map((row) => row.length)));
        const comparison = compareSheet('IronCalc', name, grid, theirs, computed.contents[name]);
        compared += comparison.compared;
        return comparison.differences;
      });
      expect(compared).toBeGreaterThan(1000);
      expect(differences.map((difference) => byCorpusFormula(difference, corpus)).sort()).toEqual(expectedDifferences('IronCalc'));
    } finally {
      model.free();
    }
  });
});
