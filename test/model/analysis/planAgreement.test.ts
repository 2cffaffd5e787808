/** Every preset's plan agrees with HyperFormula on every cell of its slice, at random points. */
// Points lie inside and outside each input's min and max, with zeros, negatives, -0 and huge values, so that
// #DIV/0! and #NUM! occur; all points are evaluated in one batch, each compared with HyperFormula set to it.
// PROPERTY_RUNS=1000 multiplies the runs for a deeper search; a failure prints the seed and the shrunk points.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, readPresets } from '../../../src/cli/scenarioFiles';
import { Workbook, WorkbookInTurn, type FullScenario, type InputDefinition } from '../../../src/model';
import { disagreements, planOrThrow } from './planHarness';

/** Batches per preset, 40 by default as in test/model/properties.test.ts. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const PRESETS = ['baseline', 'letter-threat', 'car-quota', 'roll-back', 'rice-opening', 'auto-standards', 'capital-w-win'];

const scenarios = new Map<string, FullScenario>();
const workbooks = new WorkbookInTurn();

beforeAll(() => {
  const { presets } = readPresets();
  for (const id of PRESETS) {
    const loaded = loadScenario(id, presets);
    if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
    scenarios.set(id, loaded.value.scenario);
  }
});

afterAll(() => workbooks.destroy());

/** A value for one input: mostly within its range, often outside it, and the values that break formulas. */
function inputValue(definition: InputDefinition): fc.Arbitrary<number> {
  const min = definition.min ?? -1e6, max = definition.max ?? 1e6;
  const span = max - min || 1;
  const finite = { noNaN: true, noDefaultInfinity: true } as const;
  return fc.oneof(
    { weight: 6, arbitrary: fc.double({ ...finite, min, max }) },
    { weight: 2, arbitrary: fc.double({ ...finite, min: min - 3 * span, max: max + 3 * span }) },
    { weight: 2, arbitrary: fc.constantFrom(0, -0, -1, 1, min, max, -max) },
    { weight: 1, arbitrary: fc.constantFrom(1e300, -1e300, 1e-300, 5e-324) },
  );
}

function points(scenario: FullScenario): fc.Arbitrary<Record<string, number>[]> {
  const point = fc.record(Object.fromEntries(Object.entries(scenario.inputs).map(([name, definition]) => [name, inputValue(definition)])));
  return fc.array(point, { minLength: 1, maxLength: 64, size: 'medium' });
}

describe('a plan agrees with HyperFormula on every cell of its slice', () => {
  it.each(PRESETS)('%s: every formula cell the outputs depend on, at random points in one batch', (id) => {
    const scenario = scenarios.get(id);
    if (!scenario) throw new Error(`no preset ${id}`);
    const plan = planOrThrow(scenario, Object.keys(scenario.inputs), Object.keys(scenario.outputs));
    const workbook: Workbook = workbooks.open(scenario);
    expect(plan.cells.length).toBeGreaterThan(30);
    fc.assert(
      fc.property(points(scenario), (batch) => {
        expect(disagreements(workbook, plan, batch)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('a batch of several chunks agrees point by point, each chunk computed from its own points', () => {
    const scenario = scenarios.get('baseline');
    if (!scenario) throw new Error('no baseline');
    const plan = planOrThrow(scenario, Object.keys(scenario.inputs), Object.keys(scenario.outputs));
    const workbook = workbooks.open(scenario);
    const [batch] = fc.sample(fc.array(fc.record(Object.fromEntries(Object.entries(scenario.inputs).map(([name, definition]) => [name, inputValue(definition)]))), { minLength: 3000, maxLength: 3000 }), { numRuns: 1, seed: 20250720 });
    expect(disagreements(workbook, plan, batch ?? [], (index) => index % 97 === 0 || index >= 2990)).toEqual([]);
  });

  it('a plan over some inputs agrees where the others keep their cells\' values', () => {
    const scenario = scenarios.get('baseline');
    if (!scenario) throw new Error('no baseline');
    const chosen = ['AutoTariff', 'CarDemandElasticity', 'YenPerDollar', 'UsRicePrice'];
    const plan = planOrThrow(scenario, chosen, Object.keys(scenario.outputs));
    const workbook = workbooks.open(scenario);
    const point = fc.record(Object.fromEntries(Object.entries(scenario.inputs).filter(([name]) => chosen.includes(name)).map(([name, definition]) => [name, inputValue(definition)])));
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 24 }), (batch) => {
        expect(disagreements(workbook, plan, batch)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
