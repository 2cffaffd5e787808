/**
 * Monte Carlo runs in the worker: the draws kept between runs (DrawCache), a long run drawn input by input
 * with a pause between so a cancel (or any other call) gets through, and each run's values kept for the
 * threshold questions the page asks after it.
 */
import { transfer } from 'comlink';
import { WorkbookError, type Workbook } from '../model';
import { DEFAULT_SAMPLES, DEFAULT_SEED, DrawCache, MAX_SAMPLES, rangeDistribution, sampleInput, simulate, simulationBuffers, thresholdProbability, type Sampling } from '../model/analysis/simulation';
import type { Analysis, SimulationAnswer } from '../shared/analysis';

/** A scenario's workbook as it stands, which simulate() may try inputs on, and the revision it was built at (analysis.ts's AnalysisTarget). */
export interface SimulationTarget {
  workbook: Workbook;
  revision: number;
}

/** Draws held across runs: 2,500,000 (40 MB with their ranks) holds every input of a 200,000-draw run of the presets. */
const CACHE_DRAWS = 2_500_000;
/** A run this small (draws times ranged inputs) is drawn in one go: pausing between inputs would cost more than it saves. */
const DRAW_IN_ONE_GO = 250_000;
/** Runs whose values are kept for thresholds: the page has two (the Uncertainty tab and the outputs panel's bands). */
const KEPT_RUNS = 4;

interface KeptRun {
  values: Map<string, Float64Array>;
  /** Each output's finite values in order, sorted when first asked for. */
  sorted: Map<string, Float64Array>;
}

/** A turn of the worker's event loop: the messages that arrived meanwhile (a cancel) are handled. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createSimulations(find: (id: string) => SimulationTarget): Pick<Analysis, 'simulate' | 'cancelSimulation' | 'simulationThreshold'> {
  const cache = new DrawCache(CACHE_DRAWS);
  /** The run under way under each runId, by a token a later run or a cancel replaces. */
  const running = new Map<string, symbol>();
  const kept = new Map<string, KeptRun>();

  /**
   * Draws each ranged input into `into` one at a time, pausing between them; false once the run was
   * cancelled or superseded. A range simulate() will refuse is skipped here: simulate says what is wrong.
   */
  async function drawAhead(id: string, samples: number, seed: number, sampling: Sampling, into: DrawCache, current: () => boolean, onProgress?: (fraction: number) => void): Promise<boolean> {
    const ranged = find(id).workbook.inputs().filter((input) => input.range !== undefined);
    for (const [index, input] of ranged.entries()) {
      await pause();
      if (!current()) return false;
      onProgress?.(index / ranged.length);
      // Looked up again after the pause: an edit meanwhile rebuilds the workbook the input came from.
      const now = find(id).workbook.inputs().find((candidate) => candidate.name === input.name);
      if (!now?.range || typeof now.value !== 'number') continue;
      try {
        sampleInput(now.name, rangeDistribution(now.range, now.value, now), samples, seed, sampling, into);
      } catch {
        continue;
      }
    }
    await pause();
    return current();
  }

  function keep(runId: string, values: Map<string, Float64Array>): void {
    kept.delete(runId);
    kept.set(runId, { values, sorted: new Map() });
    for (const oldest of kept.keys()) {
      if (kept.size <= KEPT_RUNS) break;
      kept.delete(oldest);
    }
  }

  return {
    async simulate(id, request, onProgress) {
      const { runId } = request;
      const token = Symbol(runId);
      running.set(runId, token);
      const current = () => running.get(runId) === token;
      const samples = request.samples ?? DEFAULT_SAMPLES;
      const seed = request.seed ?? DEFAULT_SEED;
      const sampling = request.sampling ?? 'lhs';
      try {
        const ranged = find(id).workbook.inputs().filter((input) => input.range !== undefined).length;
        const draws = samples * ranged;
        // A run too big for the shared cache gets one of its own, so its inputs drawn ahead are all still there when simulate() asks.
        const runCache = draws > CACHE_DRAWS ? new DrawCache(draws) : cache;
        if (draws > DRAW_IN_ONE_GO && Number.isInteger(samples) && samples <= MAX_SAMPLES) {
          const progress = onProgress && ((fraction: number) => onProgress({ stage: 'drawing', fraction }));
          if (!(await drawAhead(id, samples, seed, sampling, runCache, current, progress))) return { outcome: 'cancelled' };
          onProgress?.({ stage: 'evaluating', fraction: 1 });
          await pause();
          if (!current()) return { outcome: 'cancelled' };
        }
        const target = find(id);
        const { workbook } = target;
        const simulation = simulate(workbook, { samples, seed, sampling, outputs: request.outputs ?? [], cache: runCache });
        keep(runId, new Map(simulation.outputs.map((output) => [output.name, output.values.slice()])));
        const answer: SimulationAnswer = {
          outcome: 'done',
          scenario: workbook.id,
          revision: target.revision,
          simulation,
          inputs: workbook.inputs().map(({ name, value }) => ({ name, value })),
        };
        // The draws and values move to the page rather than being copied: a 100,000-draw run is some 20 MB.
        return transfer(answer, simulationBuffers(simulation));
      } catch (error) {
        if (error instanceof WorkbookError) return { outcome: 'refused', problem: error.message };
        throw error;
      } finally {
        if (current()) running.delete(runId);
      }
    },

    cancelSimulation(runId) {
      running.delete(runId);
    },

    simulationThreshold(runId, output, threshold) {
      const run = kept.get(runId);
      const values = run?.values.get(output);
      if (!run || !values) return null;
      let sorted = run.sorted.get(output);
      if (!sorted) {
        sorted = values.filter((value) => Number.isFinite(value)).sort();
        run.sorted.set(output, sorted);
      }
      return thresholdProbability(sorted, threshold);
    },
  };
}
