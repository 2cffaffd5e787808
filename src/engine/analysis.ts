/**
 * What the analysis views ask of the engine worker, over the workbooks it holds open: comparisons,
 * what-if tables, tornadoes and goal seek. It runs in the worker; the page imports its types only.
 */
import {
  compareScenarios,
  goalSeek,
  sweepInput,
  sweepTwoInputs,
  tornado,
  type Comparison,
  type GoalSeekResult,
  type InputValue,
  type OutputValue,
  type ScenarioOutputs,
  type Sweep,
  type Tornado,
  type TwoInputTable,
  type Workbook,
} from '../../model';

export interface AnalysisTarget {
  id: string;
  name: string;
  workbook: Workbook;
}

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

/**
 * `find` gives a workbook of a scenario as it stands (with the user's edits) that trials may set and undo,
 * building it if need be; `read` gives its outputs, which a comparison needs and nothing more, from where
 * they already are.
 */
export function createAnalysis(find: (id: string) => AnalysisTarget, read: (id: string) => Omit<ScenarioOutputs, 'id'>): Analysis {
  return {
    describe(id) {
      const { name, workbook } = find(id);
      return { id, name, inputs: workbook.inputs(), outputs: workbook.outputs() };
    },
    compare(ids, baseline) {
      const results = ids.map((id) => ({ id, ...read(id) }));
      return compareScenarios(results, baseline);
    },
    sweep: (id, input, values, outputs) => sweepInput(find(id).workbook, input, values, outputs),
    sweepTwo: (id, rows, columns, output) => sweepTwoInputs(find(id).workbook, rows, columns, output),
    tornado: (id, output, share) => tornado(find(id).workbook, output, share),
    goalSeek: (id, input, output, target) => goalSeek(find(id).workbook, input, output, target),
  };
}

/** The page's side: each question answered asynchronously, after the scenarios compared are open (stored edits included). */
export type AnalysisClient = { [Method in keyof Analysis]: (...args: Parameters<Analysis[Method]>) => Promise<ReturnType<Analysis[Method]>> } & {
  prepareAnalysis(ids: string[]): Promise<{ ok: true } | { ok: false; problems: string[] }>;
};
