/** `npm run simulate -- SCENARIO... --out FILE`: Monte Carlo over the inputs' ranges, the scenarios paired draw by draw. */
import { createWriteStream, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FullScenario } from '../model/scenario';
import type { Sampling } from '../model/analysis/simulation';
import { simulationDrawsToCsvChunks, simulationSummaryToCsv, type SimulatedScenario } from '../io/csv';
import { loadScenario, readPresets } from './scenarioFiles';
import { UsageError, isMainModule, issueError, parseCommandLine, reportEvaluation, runAsMain, withUsageErrors, type ConsoleStreams } from './shell';

export const SIMULATE_USAGE = `Usage: npm run simulate -- SCENARIO... [--samples N] [--seed S] [--sampling lhs|random]
                         [--output NAME ...] --out FILE [--samples-out FILE] [--bom]

Draws every input that has a range (N joint draws, 10000 by default; Latin hypercube unless
--sampling random) with the seed S (1 by default), runs each draw through the model, and writes
per scenario and output (all when none are named) the statistics as CSV:
scenario,output,label,unit,mean,sd,min,p5,p10,p25,p50,p75,p90,p95,max.

Each scenario is a preset id or a file. All are simulated with the same seed, so an input takes the
same value on the same draw in each: with two or more, it prints for each output how often each
other scenario's value exceeds the first's on the same draw.

--samples-out also writes every draw, one row per draw and scenario:
draw,scenario,<each input>,<each output> (an input without a range at its value).`;

const WHOLE_NUMBER = /^\d+$/;
const SAMPLINGS: readonly Sampling[] = ['lhs', 'random'];

export async function runSimulate(args: readonly string[], streams: ConsoleStreams): Promise<number> {
  return withUsageErrors(streams, async () => {
    const { values, positionals } = parseCommandLine('simulate', args, {
      samples: { type: 'string' },
      seed: { type: 'string' },
      sampling: { type: 'string', default: 'lhs' },
      output: { type: 'string', multiple: true },
      out: { type: 'string', short: 'o' },
      'samples-out': { type: 'string' },
      bom: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      streams.out(SIMULATE_USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('name a scenario: a preset id such as baseline, or a scenario file (see --help)');
    if (!values.out) throw new UsageError('simulate: --out FILE is required (see --help)');
    const samples = values.samples === undefined ? undefined : wholeNumber('samples', values.samples, 2);
    const seed = values.seed === undefined ? undefined : wholeNumber('seed', values.seed, 0);
    const sampling = samplingArgument(values.sampling);

    const scenarios = openScenarios(positionals);
    // Every file is checked before HyperFormula (half a second) is loaded.
    const { DEFAULT_SAMPLES, DEFAULT_SEED, MAX_SAMPLES, pairedProbability, simulate } = await import('../model/analysis/simulation');
    const drawn = { samples: samples ?? DEFAULT_SAMPLES, seed: seed ?? DEFAULT_SEED, sampling };
    if (drawn.samples > MAX_SAMPLES) throw new UsageError(`--samples must be at most ${MAX_SAMPLES}, got ${values.samples}`);
    const { WorkbookInTurn } = await import('../model/workbook');
    const workbooks = new WorkbookInTurn();
    const simulated: SimulatedScenario[] = [];
    try {
      for (const scenario of scenarios) {
        const workbook = workbooks.open(scenario);
        const simulation = simulate(workbook, { ...drawn, outputs: values.output ?? [] });
        reportEvaluation(streams, 'simulate', simulation.evaluation);
        simulated.push({ scenario: scenario.id, simulation, inputs: workbook.inputs().map(({ name, value }) => ({ name, value })) });
      }
    } finally {
      workbooks.destroy();
    }

    writeFileSync(values.out, simulationSummaryToCsv(simulated, { bom: values.bom }));
    const rows = simulated.reduce((sum, entry) => sum + entry.simulation.outputs.length, 0);
    streams.out(`${rows} rows, one per scenario and output, over ${drawn.samples} draws (${drawn.sampling}, seed ${drawn.seed}): ${values.out}`);
    const drawsFile = values['samples-out'];
    if (drawsFile !== undefined) {
      await pipeline(Readable.from(simulationDrawsToCsvChunks(simulated, { bom: values.bom })), createWriteStream(drawsFile));
      streams.out(`${drawn.samples * simulated.length} rows, one per draw and scenario: ${drawsFile}`);
    }
    const [first, ...others] = simulated;
    if (first && others.length > 0) {
      for (const line of pairedTable(first, others, pairedProbability)) streams.out(line);
    }
    return 0;
  });
}

/** Reads and resolves every scenario, and refuses one with nothing to draw, all before the formula engine loads. */
function openScenarios(names: readonly string[]): FullScenario[] {
  const { presets } = readPresets();
  return names.map((name) => {
    const loaded = loadScenario(name, presets);
    if (!loaded.ok) throw issueError(loaded.issues);
    const { scenario } = loaded.value;
    if (!Object.values(scenario.inputs).some((input) => input.range)) {
      throw new UsageError(`simulate: ${name} has no input with a range, so there is nothing to draw: give at least one input a range (low and high)`);
    }
    return scenario;
  });
}

function wholeNumber(flag: string, text: string, least: number): number {
  const value = Number(text);
  if (!WHOLE_NUMBER.test(text) || !Number.isSafeInteger(value) || value < least) {
    throw new UsageError(`--${flag} must be a whole number of at least ${least}, got ${text}`);
  }
  return value;
}

function samplingArgument(text: string | undefined): Sampling {
  const sampling = SAMPLINGS.find((name) => name === text);
  if (sampling === undefined) throw new UsageError(`--sampling must be lhs or random, got ${text}`);
  return sampling;
}

/**
 * For each output, the share of draws on which each other scenario's value exceeds the first's. The
 * draws are paired, so this says more than comparing the two distributions; a tie counts as not above.
 */
function pairedTable(first: SimulatedScenario, others: readonly SimulatedScenario[], paired: (a: Float64Array, b: Float64Array) => number): string[] {
  const outputs = first.simulation.outputs;
  const width = Math.max(6, ...outputs.map((output) => output.name.length));
  const columns = others.map((other) => Math.max(9, other.scenario.length));
  const lines = [
    `share of draws on which the output is above ${first.scenario}'s on the same draw ("same": equal on every draw):`,
    [`${'output'.padEnd(width)}`, ...others.map((other, k) => other.scenario.padStart(columns[k] ?? 0))].join('  '),
  ];
  for (const output of outputs) {
    const cells = others.map((other, k) => {
      const theirs = other.simulation.outputs.find((candidate) => candidate.name === output.name);
      const above = theirs ? paired(theirs.values, output.values) : Number.NaN;
      const below = theirs ? paired(output.values, theirs.values) : Number.NaN;
      // 0 % above reads as "always below" unless it says that the scenarios never differed.
      const cell = Number.isNaN(above) ? 'n/a' : above + below === 0 ? 'same' : `${(above * 100).toFixed(1)} %`;
      return cell.padStart(columns[k] ?? 0);
    });
    lines.push([output.name.padEnd(width), ...cells].join('  '));
  }
  return lines;
}

if (isMainModule(import.meta.url)) runAsMain(runSimulate);
