/** The presets for the simulation's tests and its timing script, and ranges to add to them. */
import type { FullScenario, InputRange } from '../../../../src/model';
import { loadScenario, readPresets } from '../../../../src/cli/scenarioFiles';

const assumed = (why: string): InputRange['source'] => ({ assumption: why });

/**
 * Ranges on four inputs the baseline leaves exact (two of them levers a scenario sets), so that with the
 * baseline's own eleven, 15 inputs vary: every distribution is among them.
 */
export const EXTRA_RANGES: Readonly<Record<string, InputRange>> = {
  MfnCarTariff: { low: 0.02, high: 0.03, distribution: 'uniform', source: assumed('test range') },
  AutoTariff: { low: 0.1, high: 0.25, distribution: 'pert', source: assumed('test range: a lever, not an estimate') },
  UsCarsToJpBase: { low: 15_000, high: 17_000, source: assumed('test range') },
  ExtraRiceTariffJpyPerKg: { low: 0, high: 341, distribution: 'pert', source: assumed('test range: a lever, not an estimate') },
};

export function scenarioOf(id: string): FullScenario {
  const loaded = loadScenario(id, readPresets().presets);
  if (!loaded.ok) throw new Error(`${id} does not load: ${loaded.issues.map((issue) => issue.message).join('; ')}`);
  return loaded.value.scenario;
}

/** The scenario with `ranges` put on its inputs, replacing any they had. */
export function withRanges(scenario: FullScenario, ranges: Readonly<Record<string, InputRange>>): FullScenario {
  const inputs = Object.fromEntries(Object.entries(scenario.inputs).map(([name, input]) => {
    const range = ranges[name];
    return [name, range ? { ...input, range } : input];
  }));
  return { ...scenario, inputs };
}
