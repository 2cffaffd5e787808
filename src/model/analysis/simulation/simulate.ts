/**
 * Monte Carlo on an open workbook: each ranged input drawn (Latin hypercube by default) from a stream of its
 * own, every joint draw answered through trials.ts, then per output its statistics, threshold probability,
 * histogram, rank-correlation sensitivity and a tornado over each input's P10 to P90. Plain data out, typed
 * arrays included, so a Web Worker can post it and the CLI print it.
 */
import type { Distribution, InputRange } from '../../scenario';
import type { CellValue, InputValue } from '../../values';
import { WorkbookError, type Workbook } from '../../workbook';
import { trialsOf, type EvaluationPath, type TrialOptions } from '../trials';
import type { TornadoBar } from '../sweep';
import { rangeDistribution, type InputDistribution } from './distributions';
import { sampleInput, type DrawCache, type Sampling } from './sampling';
import { rank } from './ranking';
import { centred, correlation, finiteValues, histogram, summarise, thresholdProbability, type Centred, type Histogram, type Summary, type ThresholdProbability } from './statistics';

export const DEFAULT_SAMPLES = 10_000;
/** A fixed default, so running the same model twice gives the same answer; pass another seed to see the noise. */
export const DEFAULT_SEED = 1;
export const MAX_SAMPLES = 1_000_000;

/** Each option may be left out or given as undefined (as a command line's parsed flags give it): either means the default. */
export interface SimulationOptions extends TrialOptions {
  samples?: number | undefined;
  seed?: number | undefined;
  sampling?: Sampling | undefined;
  /** The outputs to simulate; all of them when absent or empty. */
  outputs?: readonly string[] | undefined;
  /** Output name -> a value whose probability of being exceeded (and undercut) is wanted. */
  thresholds?: Readonly<Record<string, number>> | undefined;
  /** Draws to reuse and keep: the worker holds one across runs. */
  cache?: DrawCache | undefined;
}

export interface SimulatedInput {
  name: string;
  label: string;
  unit: string;
  /** The input's value in the workbook: the mode of a triangular or PERT range. */
  value: number;
  range: InputRange;
  /** The distribution drawn from: the range's, or the default for its low. */
  distribution: Distribution;
  /** The 10th and 90th percentiles of the distribution (truncated to min/max): the tornado's ends. */
  p10: number;
  p90: number;
  /** The input's value at each point of the simulation. */
  draws: Float64Array;
}

export interface Sensitivity {
  input: string;
  /** Spearman's rank correlation between the input's draws and the output, -1 to 1. */
  rankCorrelation: number;
  /** The squared rank correlation as a share of the sum over the ranged inputs: the shares add up to 1 (100 %), or are all 0 for an output that does not vary. */
  share: number;
}

/** A bar of the tornado over each input's P10 (lowValue) and P90 (highValue), every other input at its value: the what-if tornado's bar less its base and basis. */
export type RangeTornadoBar = Omit<TornadoBar, 'baseValue' | 'basis'>;

export interface SimulatedOutput {
  name: string;
  label: string;
  unit: string;
  /** The output with every input at its value. */
  baseValue: CellValue;
  /** The output at each point, NaN where the point gave an error or a value that is not a finite number. */
  values: Float64Array;
  /** Points left out of the statistics because their value is not a finite number. */
  errors: number;
  /** Over the numeric points; null when there are none. */
  summary: Summary | null;
  histogram: Histogram;
  /** null unless a threshold was asked for this output. */
  threshold: ThresholdProbability | null;
  /** Largest share first. */
  sensitivity: Sensitivity[];
  /** Largest swing first. */
  tornado: RangeTornadoBar[];
}

export interface Simulation {
  samples: number;
  seed: number;
  sampling: Sampling;
  evaluation: EvaluationPath;
  /** The ranged inputs, in the workbook's order; the others stayed at their values. */
  inputs: SimulatedInput[];
  outputs: SimulatedOutput[];
}

interface Ranged {
  input: InputValue;
  value: number;
  range: InputRange;
  distribution: InputDistribution;
}

function rangedInputs(workbook: Workbook): Ranged[] {
  return workbook.inputs().flatMap((input) => {
    const { range } = input;
    if (!range) return [];
    if (typeof input.value !== 'number') throw new WorkbookError(`input "${input.name}" has a range but its value is not a number`);
    try {
      return [{ input, value: input.value, range, distribution: rangeDistribution(range, input.value, input) }];
    } catch (error) {
      throw new WorkbookError(`input "${input.name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

function checkedOptions(workbook: Workbook, options: SimulationOptions) {
  const samples = options.samples ?? DEFAULT_SAMPLES;
  if (!Number.isInteger(samples) || samples < 2 || samples > MAX_SAMPLES) {
    throw new WorkbookError(`samples must be a whole number from 2 to ${MAX_SAMPLES}, got ${samples}`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new WorkbookError(`the seed must be a whole number, got ${seed}`);
  const all = workbook.outputs();
  const wanted = options.outputs && options.outputs.length > 0 ? options.outputs : all.map((output) => output.name);
  const outputs = wanted.map((name) => {
    const output = all.find((candidate) => candidate.name === name);
    if (!output) throw new WorkbookError(`no output named "${name}"`);
    return output;
  });
  for (const [name, threshold] of Object.entries(options.thresholds ?? {})) {
    if (!wanted.includes(name)) throw new WorkbookError(`a threshold is given for "${name}", which is not among the simulated outputs`);
    if (!Number.isFinite(threshold)) throw new WorkbookError(`the threshold for "${name}" must be a number, got ${threshold}`);
  }
  return { samples, seed, sampling: options.sampling ?? 'lhs', outputs };
}

/**
 * Each input's share of the output's variance by squared rank correlation, over the numeric points only:
 * where some points gave errors, the inputs are ranked again among the rest.
 */
function sensitivityOf(values: Float64Array, outputRanks: Float64Array, inputs: readonly SimulatedInput[], inputRanks: readonly Centred[]): Sensitivity[] {
  const complete = outputRanks.length === values.length;
  const output = centred(outputRanks);
  const correlations = inputs.map((input, k) => {
    const ranks = complete ? inputRanks[k] : centred(rank(input.draws.filter((_, i) => Number.isFinite(values[i]))).ranks);
    return ranks ? correlation(ranks, output) : 0;
  });
  const total = correlations.reduce((sum, rho) => sum + rho * rho, 0);
  return inputs
    .map((input, k) => {
      const rho = correlations[k] ?? 0;
      return { input: input.name, rankCorrelation: rho, share: total > 0 ? (rho * rho) / total : 0 };
    })
    .sort((a, b) => b.share - a.share);
}

/**
 * Draws every ranged input, runs the joint draws and each input's P10 and P90 (others at their values)
 * through the model in one batch, and summarises each output. Inputs without a range stay at their value.
 */
export function simulate(workbook: Workbook, options: SimulationOptions = {}): Simulation {
  const { samples, seed, sampling, outputs } = checkedOptions(workbook, options);
  const ranged = rangedInputs(workbook);
  if (ranged.length === 0) throw new WorkbookError('no input has a range: give at least one input a range (low and high) to simulate');

  // Each input's ranks, centred once for all its correlations.
  const ranks: Centred[] = [];
  const inputs: SimulatedInput[] = ranged.map(({ input, value, range, distribution }) => {
    const sample = sampleInput(input.name, distribution, samples, seed, sampling, options.cache);
    ranks.push(centred(sample.ranks));
    return {
      name: input.name, label: input.label, unit: input.unit, value, range, distribution: distribution.kind,
      p10: distribution.quantile(0.1), p90: distribution.quantile(0.9), draws: sample.draws,
    };
  });

  // The joint draws in one batch, as numbers; then each input at its P10 (point 2k) and P90 (point 2k + 1),
  // every other ranged input at its value, in a second small batch that keeps errors as values.
  const names = outputs.map((output) => output.name);
  const trials = trialsOf(workbook, inputs.map((input) => input.name), names, options);
  const numbers = trials.numbers(Object.fromEntries(inputs.map((input) => [input.name, input.draws])), samples);
  const ends = trials.run(Object.fromEntries(inputs.map((input, k) => {
    const column = new Float64Array(2 * inputs.length).fill(input.value);
    column[2 * k] = input.p10;
    column[2 * k + 1] = input.p90;
    return [input.name, column];
  })), 2 * inputs.length);

  const simulated = outputs.map((output): SimulatedOutput => {
    const values = numbers[output.name] ?? new Float64Array(samples).fill(Number.NaN);
    const column = ends[output.name] ?? [];
    const { sorted, ranks: outputRanks } = rank(finiteValues(values));
    const tornado = inputs.map((input, k): RangeTornadoBar => {
      const outputAtLow = column[2 * k] ?? null;
      const outputAtHigh = column[2 * k + 1] ?? null;
      const swing = typeof outputAtLow === 'number' && typeof outputAtHigh === 'number' ? Math.abs(outputAtHigh - outputAtLow) : 0;
      return { input: input.name, label: input.label, unit: input.unit, lowValue: input.p10, highValue: input.p90, outputAtLow, outputAtHigh, swing };
    });
    const threshold = options.thresholds && Object.hasOwn(options.thresholds, output.name) ? options.thresholds[output.name] : undefined;
    return {
      name: output.name,
      label: output.label,
      unit: output.unit,
      baseValue: output.value,
      values,
      errors: samples - sorted.length,
      summary: summarise(sorted) ?? null,
      histogram: histogram(sorted),
      threshold: threshold === undefined ? null : thresholdProbability(sorted, threshold),
      sensitivity: sensitivityOf(values, outputRanks, inputs, ranks),
      tornado: tornado.sort((a, b) => b.swing - a.swing),
    };
  });
  return { samples, seed, sampling, evaluation: trials.path, inputs, outputs: simulated };
}

/** The buffers a Web Worker can transfer with a simulation instead of copying them. */
export function simulationBuffers(simulation: Simulation): ArrayBuffer[] {
  const arrays = [
    ...simulation.inputs.map((input) => input.draws),
    ...simulation.outputs.flatMap((output) => [output.values, output.histogram.edges, output.histogram.counts]),
  ];
  return arrays.map((array) => array.buffer).filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}
