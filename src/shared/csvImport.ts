/** What "Import CSV into a sheet" asks of the engine: the file read and previewed in the worker, then imported as one step, with progress and cancel. */
import type { CsvImportAnswer, CsvImportChoice, CsvImportStep, CsvReading, Update, WindowRequest } from './messages';

export interface CsvImports {
  /** Reads a picked file (the page passes the File itself, so its bytes never cross the page's thread). */
  readCsv(docId: string, file: File): Promise<CsvReading>;
  /** The same file split on another delimiter. */
  previewCsv(importId: string, delimiter: string): CsvReading;
  importCsv(docId: string, importId: string, choice: CsvImportChoice, request: WindowRequest | null, onStep: (step: CsvImportStep) => void): Promise<CsvImportAnswer>;
  /** Stops the import while it reads; once it has written, takes it back (and out of redo). The answer, when the workbook changed. */
  cancelCsvImport(importId: string, request: WindowRequest | null): Update | null;
  /** Lets go of the file's text. */
  closeCsv(importId: string): void;
}

