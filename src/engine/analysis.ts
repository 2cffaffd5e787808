/** The engine's answers to the analysis views, over the workbooks it holds open: comparisons, what-if tables, tornadoes, goal seek and Monte Carlo. */
import {
  compareScenarios,
  goalSeek,
  sweepInput,
  sweepTwoInputs,
  tornado,
  formatsFromRecord,
  parseCellAddress,
  type FormatRecord,
  type ScenarioOutputs,
  type Workbook,
} from '../model';
import type { Analysis } from '../shared/analysis';
import { formatCodeAt } from '../shared/numberFormat';
import { createSimulations } from './simulations';

export interface AnalysisTarget {
  id: string;
  name: string;
  workbook: Workbook;
  /** The scenario's revision the workbook was built at (-1 for a preset not open in the editor). */
  revision: number;
  /** The scenario's number formats as it stands, which the workbook does not hold. */
  formats?: FormatRecord | undefined;
}

/**
 * `find` gives a workbook of a scenario as it stands (with the user's edits) that trials may set and undo,
 * building it if need be; `read` gives its outputs, which a comparison needs and nothing more, from where
 * they already are.
 */
export function createAnalysis(find: (id: string) => AnalysisTarget, read: (id: string) => Omit<ScenarioOutputs, 'id'>): Analysis {
  return {
    describe(id) {
      const { name, workbook, formats } = find(id);
      const inputs = workbook.inputs();
      const outputs = workbook.outputs();
      return { id, name, inputs, outputs, formats: namedFormats([...inputs, ...outputs], formats) };
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

/** The format code of each named cell that has one, by name. */
export function namedFormats(named: readonly { name: string; cell: string }[], formats: FormatRecord | undefined): Record<string, string> {
  const sheets = formatsFromRecord(formats);
  const codes: [string, string][] = [];
  for (const { name, cell } of named) {
    const address = parseCellAddress(cell);
    const code = address && formatCodeAt(sheets.get(address.sheet), address.row, address.col);
    if (code !== undefined) codes.push([name, code]);
  }
  return Object.fromEntries(codes);
}
