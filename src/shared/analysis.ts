/** What the analysis views ask of the engine (comparisons, what-if tables, tornadoes, goal seek, Monte Carlo), and the page's asynchronous side of it. */
import type { CellValue, Comparison, GoalSeekResult, InputValue, OutputValue, Sweep, Tornado, TwoInputTable } from '../model';
import type { Sampling, Simulation, ThresholdProbability } from '../model/analysis/simulation';

export interface ScenarioShape {
  id: string;
  name: string;
  inputs: InputValue[];
  outputs: OutputValue[];
  /** The number format code of each input's and output's cell that has one, by name, for the charts' labels. */
  formats: Record<string, string>;
}

export interface SimulationRequest {
  /**
   * Names the run, so the page can cancel it, a later run under the same name supersedes it, and its
   * values stay in the worker for threshold questions (see `simulationThreshold`).
   */
  runId: string;
  samples?: number;
  seed?: number;
  sampling?: Sampling;
  /** The outputs to simulate; all of them when absent or empty. */
  outputs?: string[];
}

/** A long run reports as it goes: first each ranged input drawn, then the model evaluated at every draw (one step, not interruptible). */
export interface SimulationProgress {
  stage: 'drawing' | 'evaluating';
  /** From 0 to 1 over the drawing. */
  fraction: number;
}

export type SimulationAnswer =
  | {
      outcome: 'done';
      /** The scenario's id as a file names it (what the CLI's CSV writes in its `scenario` column). */
      scenario: string;
      /** The scenario's revision the draws were run on: the page knows whether its edits since are in. */
      revision: number;
      simulation: Simulation;
      /** Every input at its value in the workbook: the draws CSV holds an input without a range at it. */
      inputs: { name: string; value: CellValue }[];
    }
  /** Cancelled, or superseded by a later run under the same runId. */
  | { outcome: 'cancelled' }
  /** Nothing to draw, or options the simulation refuses: said in words. */
  | { outcome: 'refused'; problem: string };

export interface Analysis {
  describe(id: string): ScenarioShape;
  compare(ids: readonly string[], baseline: string): Comparison;
  sweep(id: string, input: string, values: readonly number[], outputs: readonly string[]): Sweep;
  sweepTwo(id: string, rows: { input: string; values: number[] }, columns: { input: string; values: number[] }, output: string): TwoInputTable;
  tornado(id: string, output: string, share: number): Tornado;
  goalSeek(id: string, input: string, output: string, target: number): GoalSeekResult;
  /**
   * Monte Carlo over the inputs' ranges on the scenario as it stands, edits included. The draws are kept
   * in the worker between runs; a long run yields between inputs, so `cancelSimulation` and other calls get through.
   */
  simulate(id: string, request: SimulationRequest, onProgress?: (progress: SimulationProgress) => void): Promise<SimulationAnswer>;
  cancelSimulation(runId: string): void;
  /** P(output > threshold) and P(output < threshold) over the last finished run under `runId`; null when that run is gone. */
  simulationThreshold(runId: string, output: string, threshold: number): ThresholdProbability | null;
}

/** The page's side: each question answered asynchronously, after the scenarios compared are open (stored edits included). */
export type AnalysisClient = { [Method in keyof Analysis]: (...args: Parameters<Analysis[Method]>) => Promise<Awaited<ReturnType<Analysis[Method]>>> } & {
  prepareAnalysis(ids: string[]): Promise<{ ok: true } | { ok: false; problems: string[] }>;
};
