/** The engine's answers to the analysis views, over the workbooks it holds open: comparisons, what-if tables, tornadoes, goal seek and Monte Carlo. */
import {
  compareScenarios,
  goalSeek,
  sweepInput,
  sweepTwoInputs,
  tornado,
  type ScenarioOutputs,
  type Workbook,
} from '../model';
import type { Analysis } from '../shared/analysis';
import { createSimulations } from './simulations';

export interface AnalysisTarget {
  id: string;
  name: string;
  workbook: Workbook;
  /** The scenario's revision the workbook was built at (-1 for a preset not open in the editor). */
  revision: number;
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
    ...createSimulations(find),
  };
}
