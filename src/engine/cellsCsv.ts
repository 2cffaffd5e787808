/**
 * Every sheet of a scenario in one long CSV: `scenario,sheet,cell,formula,value`, one row per cell
 * that holds something. A thin composition over src/io/csv.ts, so its escaping and number text are
 * the CLI's; see the report: it belongs in src/io beside sheetValuesToCsv.
 */
import { formatLocalAddress } from '../model/address';
import type { CellContent, CellValue } from '../model';
import { sheetValuesToCsv, type CsvOptions } from '../io/csv';

export const CELLS_CSV_HEADER = ['scenario', 'sheet', 'cell', 'formula', 'value'] as const;

export interface SheetCells {
  name: string;
  contents: readonly (readonly CellContent[])[];
  values: readonly (readonly CellValue[])[];
}

export function scenarioCellsToCsv(scenario: string, sheets: readonly SheetCells[], options?: CsvOptions): string {
  const records: CellValue[][] = [[...CELLS_CSV_HEADER]];
  for (const sheet of sheets) {
    sheet.contents.forEach((row, rowIndex) => {
      row.forEach((content, col) => {
        if (content === null) return;
        records.push([scenario, sheet.name, formatLocalAddress(rowIndex, col), content, sheet.values[rowIndex]?.[col] ?? null]);
      });
    });
  }
  return sheetValuesToCsv(records, options);
}
