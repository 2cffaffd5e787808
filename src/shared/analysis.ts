/** What the analysis views ask of the engine (comparisons, what-if tables, tornadoes, goal seek), and the page's asynchronous side of it. */
import type { Comparison, GoalSeekResult, InputValue, OutputValue, Sweep, Tornado, TwoInputTable } from '../model';

export interface ScenarioShape {
  id: string;
  name: string;
  inputs: InputValue[];
  outputs: OutputValue[];
}

export interface Analysis {
  describe(id: string): ScenarioShape;
  compare(ids: readonly string[], baseline: string): Comparison;
  sweep(id: string, input: string, values: readonly number[], outputs: readonly string[]): Sweep;
  sweepTwo(id: string, rows: { input: string; values: number[] }, columns: { input: string; values: number[] }, output: string): TwoInputTable;
  tornado(id: string, output: string, share: number): Tornado;
  goalSeek(id: string, input: string, output: string, target: number): GoalSeekResult;
}

/** The page's side: each question answered asynchronously, after the scenarios compared are open (stored edits included). */
export type AnalysisClient = { [Method in keyof Analysis]: (...args: Parameters<Analysis[Method]>) => Promise<ReturnType<Analysis[Method]>> } & {
  prepareAnalysis(ids: string[]): Promise<{ ok: true } | { ok: false; problems: string[] }>;
};
