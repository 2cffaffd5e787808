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

/** `find` gives the open workbook of a scenario (the editor's, with the user's edits), opening it if need be. */
export function createAnalysis(find: (id: string) => AnalysisTarget): Analysis {
  return {
    describe(id) {
      const { name, workbook } = find(id);
      return { id, name, inputs: workbook.inputs(), outputs: workbook.outputs() };
    },
    compare(ids, baseline) {
      const results = ids.map((id) => {
        const target = find(id);
        return { id, name: target.name, outputs: target.workbook.outputs() };
      });
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
