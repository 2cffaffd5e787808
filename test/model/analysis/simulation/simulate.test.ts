/** simulate() on workbooks: sensitivity, the P10–P90 tornado on the baseline, paired scenarios, error points, options, and a result a worker can post. */
import { afterEach, describe, expect, it } from 'vitest';
import { Workbook, type FullScenario, type InputRange } from '../../../../src/model';
import { DrawCache, pairedProbability, simulate, simulationBuffers, type Simulation } from '../../../../src/model/analysis/simulation';
import { EXTRA_RANGES, scenarioOf, withRanges } from './rangedBaseline';

const open: Workbook[] = [];
const openWorkbook = (scenario: FullScenario) => {
  const workbook = Workbook.open(scenario);
  open.push(workbook);
  return workbook;
};
afterEach(() => {
  for (const workbook of open.splice(0)) workbook.destroy();
});

const source = { assumption: 'a test range' };
const uniform = (low: number, high: number): InputRange => ({ low, high, distribution: 'uniform', source });

/** Inputs A (S!A1) and B (S!B1) with the given ranges; outputs Out = `formula` (in S!C1) and Other = A - B. */
function twoInputModel(formula: string, ranges: { A?: InputRange; B?: InputRange }, values: [number, number] = [0.5, 0.5]): FullScenario {
  const input = (cell: string, label: string, range: InputRange | undefined) => ({ cell, label, unit: '', source, ...(range ? { range } : {}) });
  return {
    type: 'tradesheet-scenario', version: 1, id: 'two', name: 'Two inputs', description: '',
    sheets: { S: [[values[0], values[1], formula, '=A - B']] },
    inputs: { A: input('S!A1', 'A', ranges.A), B: input('S!B1', 'B', ranges.B) },
    outputs: { Out: { cell: 'S!C1', label: 'Out', unit: '' }, Other: { cell: 'S!D1', label: 'Other', unit: '' } },
  };
}

const outputOf = (simulation: Simulation, name: string) => {
  const output = simulation.outputs.find((candidate) => candidate.name === name);
  if (!output) throw new Error(`no output ${name}`);
  return output;
};
const inputOf = (simulation: Simulation, name: string) => {
  const input = simulation.inputs.find((candidate) => candidate.name === name);
  if (!input) throw new Error(`no input ${name}`);
  return input;
};

describe('sensitivity', () => {
  it('gives A about 99 % of the variance of 10·A + B when A and B are equally wide uniforms', () => {
    const simulation = simulate(openWorkbook(twoInputModel('=10*A + B', { A: uniform(0, 1), B: uniform(0, 1) })));
    const [first, second] = outputOf(simulation, 'Out').sensitivity;
    expect(first?.input).toBe('A');
    expect(first?.share).toBeGreaterThan(0.98);
    expect(first?.share).toBeLessThan(0.995);
    expect(second?.input).toBe('B');
    expect((first?.share ?? 0) + (second?.share ?? 0)).toBeCloseTo(1, 12);
    expect(first?.rankCorrelation).toBeGreaterThan(0.99);
    expect(second?.rankCorrelation).toBeGreaterThan(0.05);
  });

  it('keeps the sign of the rank correlation: A - B falls as B rises, and both share equally', () => {
    const simulation = simulate(openWorkbook(twoInputModel('=10*A + B', { A: uniform(0, 1), B: uniform(0, 1) })));
    const other = outputOf(simulation, 'Other').sensitivity;
    const byInput = Object.fromEntries(other.map((entry) => [entry.input, entry]));
    expect(byInput.A?.rankCorrelation).toBeGreaterThan(0.6);
    expect(byInput.B?.rankCorrelation).toBeLessThan(-0.6);
    expect(byInput.A?.share).toBeCloseTo(0.5, 1);
  });
});

describe('a simulation of a small model', () => {
  const scenario = twoInputModel('=10*A + B', { A: uniform(0, 1), B: uniform(0, 1) });

  it('summarises each output against its closed form: 10·A + B has mean 5.5 and sd √(101 / 12)', () => {
    const summary = outputOf(simulate(openWorkbook(scenario)), 'Out').summary;
    expect(summary?.count).toBe(10_000);
    expect(summary?.mean).toBeCloseTo(5.5, 3);
    expect(summary?.sd).toBeCloseTo(Math.sqrt(101 / 12), 2);
    expect(summary?.min).toBeGreaterThanOrEqual(0);
    expect(summary?.max).toBeLessThanOrEqual(11);
  });

  it('gives the probability of passing a threshold, and a histogram of every point', () => {
    const simulation = simulate(openWorkbook(scenario), { thresholds: { Out: 5.5 } });
    const out = outputOf(simulation, 'Out');
    expect(out.threshold?.above).toBeCloseTo(0.5, 2);
    expect(out.threshold?.below).toBeCloseTo(0.5, 2);
    expect(outputOf(simulation, 'Other').threshold).toBeNull();
    expect(out.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(10_000);
    expect(out.histogram.edges[0]).toBe(out.summary?.min);
    expect(out.histogram.edges.at(-1)).toBe(out.summary?.max);
  });

  it('leaves an input without a range at its value', () => {
    const simulation = simulate(openWorkbook(twoInputModel('=10*A + B', { A: uniform(0, 1) }, [0.5, 0.25])));
    expect(simulation.inputs.map((input) => input.name)).toEqual(['A']);
    const out = outputOf(simulation, 'Out');
    out.values.forEach((value, i) => expect(value).toBeCloseTo(10 * (simulation.inputs[0]?.draws[i] ?? 0) + 0.25, 12));
    expect(out.sensitivity.map((entry) => entry.input)).toEqual(['A']);
  });

  it('counts error points, leaves them out of the statistics and keeps them as NaN in place', () => {
    // SQRT of a negative is #NUM!: A is uniform on [-1, 3], so a quarter of the points fail.
    const simulation = simulate(openWorkbook(twoInputModel('=SQRT(A)', { A: uniform(-1, 3), B: uniform(0, 1) }, [1, 0.5])));
    const out = outputOf(simulation, 'Out');
    const draws = inputOf(simulation, 'A').draws;
    expect(out.errors).toBe(draws.filter((a) => a < 0).length);
    expect(out.errors).toBe(2500);
    expect(out.summary?.count).toBe(7500);
    out.values.forEach((value, i) => expect(Number.isNaN(value)).toBe((draws[i] ?? 0) < 0));
    expect(out.summary?.min).toBeGreaterThanOrEqual(0);
    expect(out.sensitivity[0]).toMatchObject({ input: 'A' });
    expect(out.sensitivity[0]?.rankCorrelation).toBeCloseTo(1, 6);
  });

  it('gives the same values through HyperFormula as through the compiled plan', () => {
    const workbook = openWorkbook(scenario);
    const fast = simulate(workbook, { samples: 40 });
    const slow = simulate(workbook, { samples: 40, engine: 'hyperformula' });
    expect(fast.evaluation).toEqual({ engine: 'plan' });
    expect(slow.evaluation).toMatchObject({ engine: 'hyperformula' });
    expect(Array.from(slow.outputs[0]?.values ?? [])).toEqual(Array.from(fast.outputs[0]?.values ?? []));
  });

  it('is plain data a worker can post, and names its buffers for transfer', () => {
    const simulation = simulate(openWorkbook(scenario), { samples: 100 });
    expect(structuredClone(simulation)).toEqual(simulation);
    expect(simulationBuffers(simulation)).toHaveLength(2 + 2 * 3);
  });
});

describe('the options', () => {
  const scenario = twoInputModel('=10*A + B', { A: uniform(0, 1), B: uniform(0, 1) });

  it('are checked, each with its own message', () => {
    const workbook = openWorkbook(scenario);
    expect(() => simulate(workbook, { samples: 1 })).toThrow(/samples must be a whole number from 2 to 1000000, got 1/);
    expect(() => simulate(workbook, { samples: 10.5 })).toThrow(/samples must be a whole number/);
    expect(() => simulate(workbook, { seed: 0.5 })).toThrow(/seed must be a whole number, got 0.5/);
    expect(() => simulate(workbook, { outputs: ['Nope'] })).toThrow(/no output named "Nope"/);
    expect(() => simulate(workbook, { outputs: ['Out'], thresholds: { Other: 1 } })).toThrow(/threshold is given for "Other", which is not among/);
    expect(() => simulate(workbook, { thresholds: { Out: Number.NaN } })).toThrow(/threshold for "Out" must be a number/);
  });

  it('need an input with a range', () => {
    expect(() => simulate(openWorkbook(twoInputModel('=A', {})))).toThrow(/no input has a range/);
  });

  it('name the input whose range cannot be drawn from', () => {
    const bad = twoInputModel('=A', { A: { low: 0, high: 1, distribution: 'triangular', source } }, [2, 0]);
    expect(() => simulate(openWorkbook(bad))).toThrow(/input "A": the value 2 is the mode of the triangular range 0 to 1/);
  });

  it('simulate the chosen outputs only, with plain random sampling when asked', () => {
    const simulation = simulate(openWorkbook(scenario), { outputs: ['Other'], sampling: 'random', samples: 500, seed: 9 });
    expect(simulation).toMatchObject({ samples: 500, seed: 9, sampling: 'random' });
    expect(simulation.outputs.map((output) => output.name)).toEqual(['Other']);
  });
});

describe('common random numbers', () => {
  it('give an input the same draws whether or not another input, before or after it, varies too', () => {
    const both = simulate(openWorkbook(twoInputModel('=A', { A: uniform(0, 1), B: uniform(0, 1) })));
    const onlyA = simulate(openWorkbook(twoInputModel('=A', { A: uniform(0, 1) })));
    const onlyB = simulate(openWorkbook(twoInputModel('=A', { B: uniform(0, 1) })));
    expect(Array.from(inputOf(both, 'A').draws)).toEqual(Array.from(inputOf(onlyA, 'A').draws));
    expect(Array.from(inputOf(both, 'B').draws)).toEqual(Array.from(inputOf(onlyB, 'B').draws));
  });

  it('are the same run to run for one seed, and change with it', () => {
    const workbook = openWorkbook(twoInputModel('=10*A + B', { A: uniform(0, 1), B: uniform(0, 1) }));
    const first = simulate(workbook, { seed: 5 });
    expect(simulate(workbook, { seed: 5 })).toEqual(first);
    expect(Array.from(simulate(workbook, { seed: 6 }).outputs[0]?.values ?? [])).not.toEqual(Array.from(first.outputs[0]?.values ?? []));
  });

  it('pair two scenarios draw by draw: rolling the car tariff back sells more cars in every draw', () => {
    const baseline = simulate(openWorkbook(scenarioOf('baseline')), { outputs: ['JpCarsToUs'] });
    const rollBack = simulate(openWorkbook(scenarioOf('roll-back')), { outputs: ['JpCarsToUs'] });
    for (const input of baseline.inputs) expect(Array.from(inputOf(rollBack, input.name).draws), input.name).toEqual(Array.from(input.draws));
    const cars = (simulation: Simulation) => outputOf(simulation, 'JpCarsToUs').values;
    expect(pairedProbability(cars(rollBack), cars(baseline))).toBe(1);
  });

  it('detect a difference far smaller than the noise, which unpaired draws cannot', () => {
    // Out = A + B with A uniform on [0, 1]; one scenario has B at 0, the other at 0.01.
    const model = (b: number) => openWorkbook(twoInputModel('=A + B', { A: uniform(0, 1) }, [0.5, b]));
    const lower = outputOf(simulate(model(0)), 'Out').values;
    const higher = outputOf(simulate(model(0.01)), 'Out').values;
    expect(pairedProbability(higher, lower)).toBe(1);
    const unpaired = outputOf(simulate(model(0.01), { seed: 2 }), 'Out').values;
    expect(pairedProbability(unpaired, lower)).toBeLessThan(0.55);
  });
});

describe('the tornado over each input\'s P10 to P90, on the baseline with four more ranges', () => {
  const workbook = () => openWorkbook(withRanges(scenarioOf('baseline'), EXTRA_RANGES));

  it('moves each ranged input to its distribution\'s P10 and P90, with the others at their values, as HyperFormula computes it', () => {
    const book = workbook();
    const simulation = simulate(book, { outputs: ['CarGapUsd'], samples: 2000 });
    expect(simulation.evaluation).toEqual({ engine: 'plan' });
    expect(simulation.inputs).toHaveLength(15);
    // JpCarsToUsBase is uniform on 1.35 to 1.45 million: its P10 and P90 are 1.36 and 1.44 million.
    expect(inputOf(simulation, 'JpCarsToUsBase')).toMatchObject({ distribution: 'uniform' });
    expect(inputOf(simulation, 'JpCarsToUsBase').p10).toBeCloseTo(1_360_000, 6);
    expect(inputOf(simulation, 'JpCarsToUsBase').p90).toBeCloseTo(1_440_000, 6);
    const { tornado, baseValue } = outputOf(simulation, 'CarGapUsd');
    expect(baseValue).toBe(book.outputs().find((output) => output.name === 'CarGapUsd')?.value);
    for (const bar of tornado) {
      const input = inputOf(simulation, bar.input);
      expect([bar.lowValue, bar.highValue]).toEqual([input.p10, input.p90]);
      const atLow = book.tryInputs({ [bar.input]: bar.lowValue }, ['CarGapUsd']).CarGapUsd;
      const atHigh = book.tryInputs({ [bar.input]: bar.highValue }, ['CarGapUsd']).CarGapUsd;
      expect(bar.outputAtLow, bar.input).toBeCloseTo(Number(atLow), 3);
      expect(bar.outputAtHigh, bar.input).toBeCloseTo(Number(atHigh), 3);
      expect(bar.swing).toBeCloseTo(Math.abs(Number(atHigh) - Number(atLow)), 3);
    }
  });

  it('puts the largest swing first, and a rice input moves the car gap not at all', () => {
    const { tornado } = outputOf(simulate(workbook(), { outputs: ['CarGapUsd'], samples: 2000 }), 'CarGapUsd');
    const swings = tornado.map((bar) => bar.swing);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    expect(tornado.find((bar) => bar.input === 'UsRicePrice')?.swing).toBe(0);
    expect(tornado[0]?.swing).toBeGreaterThan(0);
  });

  it('has the PERT lever added here in it: AutoTariff between its P10 and P90', () => {
    const simulation = simulate(workbook(), { outputs: ['JpCarsToUs'], samples: 2000 });
    const autoTariff = inputOf(simulation, 'AutoTariff');
    expect(autoTariff.distribution).toBe('pert');
    expect(autoTariff.p10).toBeGreaterThan(0.1);
    expect(autoTariff.p90).toBeLessThan(0.25);
    const bar = outputOf(simulation, 'JpCarsToUs').tornado.find((candidate) => candidate.input === 'AutoTariff');
    // A higher tariff sells fewer cars.
    expect(Number(bar?.outputAtHigh)).toBeLessThan(Number(bar?.outputAtLow));
  });
});

describe('a cache of draws across simulations', () => {
  it('gives the same simulation as drawing afresh', () => {
    const workbook = openWorkbook(withRanges(scenarioOf('baseline'), EXTRA_RANGES));
    const cache = new DrawCache();
    const fresh = simulate(workbook, { samples: 1000 });
    simulate(workbook, { samples: 1000, cache });
    expect(simulate(workbook, { samples: 1000, cache })).toEqual(fresh);
  });
});
