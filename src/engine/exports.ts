/** The files Export and Download scenario make of an open scenario: its scenario file, a sheet's CSV, every cell's, the outputs', and an Excel workbook. */
import { outputsToCsv, sheetValuesToCsv } from '../io/csv';
import { formatScenarioJson } from '../io/scenarioFile';
import type { Engine } from '../shared/engine';
import type { DownloadFile } from '../shared/messages';
import type { AnalysisTarget } from './analysis';
import { scenarioCellsToCsv } from './cellsCsv';
import type { DocSession } from './session/docSession';

export interface ExportSource {
  session(docId: string): DocSession;
  /** A workbook of the scenario as it stands, whose values the xlsx caches. */
  analysisTarget(docId: string): AnalysisTarget;
}

export type Exports = Pick<Engine, 'downloadScenario' | 'exportSheetCsv' | 'exportCellsCsv' | 'exportOutputsCsv' | 'exportXlsx'>;

export function createExports({ session, analysisTarget }: ExportSource): Exports {
  return {
    downloadScenario(docId) {
      const doc = session(docId);
      return download(doc, '.json', formatScenarioJson(doc.toScenario()));
    },

    exportSheetCsv(docId, sheet, bom) {
      const doc = session(docId);
      return download(doc, `-${sheet}.csv`, sheetValuesToCsv(doc.sheetValues(sheet), { bom }));
    },

    exportCellsCsv(docId, bom) {
      const doc = session(docId);
      const sheets = doc.sheetNames().map((name) => ({ name, contents: doc.sheetContents(name), values: doc.sheetValues(name) }));
      return download(doc, '-cells.csv', scenarioCellsToCsv(doc.meta.id, sheets, { bom }));
    },

    exportOutputsCsv(docId, bom) {
      const doc = session(docId);
      const rows = doc.outputs().map((output) => ({ scenario: doc.meta.id, output }));
      return download(doc, '-outputs.csv', outputsToCsv(rows, { bom }));
    },

    async exportXlsx(docId) {
      const doc = session(docId);
      const scenario = doc.toScenario();
      const { workbook } = analysisTarget(docId);
      const values = { sheets: Object.fromEntries(workbook.sheetNames().map((sheet) => [sheet, workbook.sheetValues(sheet)])) };
      // ExcelJS is large: the worker loads it the first time someone asks for a workbook.
      const { scenarioToXlsx } = await import('../io/xlsx');
      return { fileName: `${doc.meta.id}.xlsx`, bytes: await scenarioToXlsx(scenario, values) };
    },
  };
}

function download(doc: DocSession, suffix: string, text: string): DownloadFile {
  return { fileName: `${doc.meta.id}${suffix}`, text };
}
