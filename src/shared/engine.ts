/**
 * The engine's face, as the page sees it across the worker: every method the worker's engine implements,
 * and the page's Comlink proxy of it (each answer a promise). The worker implements Engine; the page holds
 * an EngineClient; neither imports the other.
 */
import type { CellContent, CellValue, InputRange } from '../model';
import type { FunctionInfo } from '../model/workbook/functionCatalogue';
import type { Analysis } from './analysis';
import type { Position, Rect } from './cellRange';
import type { CsvImports } from './csvImport';
import type { FillAndFind } from './find';
import type { Sharing } from './sharing';
import type { Versions } from './versions';
import type {
  DownloadBytes,
  DownloadFile,
  FileOpenResult,
  InitResult,
  OpenResult,
  PasteSource,
  PresetSummary,
  RangeStats,
  ScenarioEntry,
  SessionState,
  SheetWindow,
  StorageNotice,
  Update,
  WindowRequest,
} from './messages';

/** A cell of a sheet by name and zero-based position. */
export interface CellRef {
  sheet: string;
  row: number;
  col: number;
}

export interface SaveStatus {
  ok: boolean;
  problem?: string;
}

export interface CellWrite {
  sheet: string;
  row: number;
  col: number;
  content: CellContent;
}

/** Analysis (compare, sweep, tornado, goal seek) answers for scenarios by their docId, with the user's edits. */
export interface Engine extends Analysis, CsvImports, Sharing, Versions, FillAndFind {
  /** Opens, if need be, the scenarios an analysis is about to compare. */
  prepareAnalysis(docIds: string[]): Promise<{ ok: true } | { ok: false; problems: string[] }>;
  /** The scenario as an Excel workbook with live formulas, cached values and a Sources sheet. */
  exportXlsx(docId: string): Promise<DownloadBytes>;
  /** Every preset file: roots first, then the presets that extend them, then files that do not load. */
  listPresets(): PresetSummary[];
  /** The functions a formula can call (HyperFormula's and tradesheet's plugins), with their arguments and help, for autocomplete. */
  functionCatalogue(): FunctionInfo[];
  /** The scenarios to pick from and where the page was, read back from the browser's storage. */
  /** `requested` is the scenario the page's address names, if any; the answer says which one the page should open, and its build has begun. */
  init(requested?: string | null): Promise<InitResult>;
  listScenarios(): ScenarioEntry[];
  open(docId: string, request: WindowRequest | null): Promise<OpenResult>;
  window(docId: string, request: WindowRequest): SheetWindow | null;
  setCells(docId: string, writes: CellWrite[], request: WindowRequest | null): Update;
  /** `coalesce` names a gesture (a slider drag) whose every step replaces the previous one in the history. */
  setInputs(docId: string, values: Record<string, number>, request: WindowRequest | null, coalesce?: string): Update;
  /** Gives an input a range (null: takes its range away), one undo step; a range the scenario format refuses comes back as the Update's problem. */
  setInputRange(docId: string, name: string, range: InputRange | null, request: WindowRequest | null): Update;
  /** Gives the cells of `rect` an Excel number format code (null: back to General), one undo step; a code numfmt cannot read comes back as the Update's problem. */
  setFormat(docId: string, sheet: string, rect: Rect, code: string | null, request: WindowRequest | null): Update;
  undo(docId: string, request: WindowRequest | null): Update;
  redo(docId: string, request: WindowRequest | null): Update;
  insertRows(docId: string, sheet: string, index: number, count: number, request: WindowRequest | null): Update;
  deleteRows(docId: string, sheet: string, index: number, count: number, request: WindowRequest | null): Update;
  insertColumns(docId: string, sheet: string, index: number, count: number, request: WindowRequest | null): Update;
  deleteColumns(docId: string, sheet: string, index: number, count: number, request: WindowRequest | null): Update;
  addSheet(docId: string, request: WindowRequest | null): Update;
  renameSheet(docId: string, sheet: string, newName: string, request: WindowRequest | null): Update;
  removeSheet(docId: string, sheet: string, request: WindowRequest | null): Update;
  moveSheet(docId: string, sheet: string, toIndex: number, request: WindowRequest | null): Update;
  resetCells(docId: string, cells: CellRef[], request: WindowRequest | null): Update;
  resetInputs(docId: string, names: string[], request: WindowRequest | null): Update;
  resetAll(docId: string, request: WindowRequest | null): Update;
  paste(docId: string, sheet: string, target: Rect, source: PasteSource, request: WindowRequest | null): Update;
  /** `formats`: each cell's number format code (null: General). */
  copyRange(docId: string, sheet: string, rect: Rect): { values: CellValue[][]; contents: CellContent[][]; formats: (string | null)[][] };
  rangeStats(docId: string, sheet: string, rect: Rect): RangeStats;
  /** Where Ctrl+arrow lands, for a sheet too big for the page to hold. */
  edge(docId: string, sheet: string, from: Position, step: Position, limits: { rows: number; cols: number }): Position;
  openFile(bytes: Uint8Array, fileName: string): Promise<FileOpenResult>;
  saveAs(docId: string, name: string): Promise<{ ok: true; docId: string } | { ok: false; problem: string }>;
  /** Drops the unsaved work on a preset, or deletes one of the user's scenarios. */
  discard(docId: string): Promise<void>;
  downloadScenario(docId: string): DownloadFile;
  exportSheetCsv(docId: string, sheet: string, bom: boolean): DownloadFile;
  exportCellsCsv(docId: string, bom: boolean): DownloadFile;
  exportOutputsCsv(docId: string, bom: boolean): DownloadFile;
  saveSession(session: SessionState): Promise<void>;
  /** Resolves once every edit so far is stored; a scenario that can no longer be stored counts for itself only when `docId` is given. */
  whenSaved(docId?: string): Promise<SaveStatus>;
  /** The page's ear for storage refused or back, and for scenarios another tab changed; a second call replaces the first. */
  watchStorage(listener: (notice: StorageNotice) => void): void;
  /** Drops this tab's copy of a scenario another tab changed, unsaved edits included: the next open reads the stored one. */
  forgetLocal(docId: string): void;
}

/** The page's handle on the engine: each method answered asynchronously. */
export type EngineClient = { [Method in keyof Engine]: (...args: Parameters<Engine[Method]>) => Promise<Awaited<ReturnType<Engine[Method]>>> };
