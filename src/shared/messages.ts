/**
 * The plain data that crosses between the page and the engine worker. The page imports these types
 * only, so neither HyperFormula nor the scenario schema reach its bundle.
 */
import type { CellContent, CellValue, FormatRange, InputRange, Source } from '../model';
import type { CsvEncoding } from '../io/csvImport';
import type { Rect } from './cellRange';

export interface ChainLink {
  id: string;
  name: string;
}

export interface PresetSummary {
  /** The file's id; for a file that does not parse, its file name without `.json`. */
  id: string;
  file: string;
  name: string;
  description: string;
  /** This preset, then the one it extends, up to the root scenario that holds the sheets. */
  chain: ChainLink[];
  /** Why the preset cannot be opened, one formatted issue each; empty when it is valid. */
  problems: string[];
}

/** A scenario the picker lists: a preset (its id is the doc id) or one of the user's own (`u:<id>`). */
export interface ScenarioEntry {
  docId: string;
  kind: 'preset' | 'user';
  id: string;
  name: string;
  description: string;
  chain: ChainLink[];
  problems: string[];
  /** A preset with unsaved work on it, kept in the browser. */
  edited: boolean;
}

export interface InputDefinitionView {
  name: string;
  label: string;
  unit: string;
  source: Source;
  min?: number;
  max?: number;
  /** What the input may be, for the Monte Carlo simulation: low and high, the distribution, and where they come from. */
  range?: InputRange;
  /** For a preset that extends another: the preset in the chain whose `set` gives this input its value. */
  setBy?: string;
}

export interface OutputDefinitionView {
  name: string;
  label: string;
  unit: string;
}

/** What does not change while a scenario is edited. */
export interface DocInfo {
  docId: string;
  kind: 'preset' | 'user';
  id: string;
  name: string;
  description: string;
  chain: ChainLink[];
  /** What "changed" is measured against, for the page's words: the preset's name, or "the opened file". */
  baseName: string;
  inputs: InputDefinitionView[];
  outputs: OutputDefinitionView[];
}

export interface SheetInfo {
  name: string;
  rows: number;
  cols: number;
}

export interface InputState {
  name: string;
  /** Where the input lives now: rows and columns inserted above it move it. */
  cell: string;
  value: CellValue;
  /** The value in the preset (or the file as opened). */
  presetValue: CellValue;
  changed: boolean;
  /** The range the simulation draws the input from now, which the inputs panel can change. */
  range?: InputRange;
  presetRange?: InputRange;
  /** Whether `range` differs from the preset's (or the file's as opened). */
  rangeChanged: boolean;
  /** The number format code of the input's cell, if it has one. */
  format?: string;
}

export interface OutputState {
  name: string;
  cell: string;
  value: CellValue;
  presetValue: CellValue;
  /** The number format code of the output's cell, if it has one. */
  format?: string;
}

export interface CellChangeInfo {
  sheet: string;
  row: number;
  col: number;
  before: CellContent;
  after: CellContent;
}

/** What an edit can change, sent back after each one. */
export interface DocState {
  docId: string;
  revision: number;
  sheets: SheetInfo[];
  inputs: InputState[];
  outputs: OutputState[];
  canUndo: boolean;
  canRedo: boolean;
  /** Cells whose content differs from the preset, inputs included. */
  changeCount: number;
  /** The first of them, in sheet and reading order. */
  changes: CellChangeInfo[];
  /** Whether the scenario differs from its preset at all, rows and sheets included. */
  edited: boolean;
  /** Whether the cells' number formats differ from the preset's (Reset all puts them back). */
  formatsChanged: boolean;
}

/** The part of a sheet the page asks for: all of it, or the rows and columns around what is on screen. */
export type WindowRequest = { sheet: string; whole: true } | { sheet: string; whole: false; top: number; left: number; rows: number; cols: number };

export interface SheetWindow {
  sheet: string;
  /** True when the window is the whole sheet, so any cell outside it is empty. */
  whole: boolean;
  top: number;
  left: number;
  values: CellValue[][];
  contents: CellContent[][];
  /** Cells of the window that differ from the preset, as row * width + col within the window. */
  changed: number[];
  /** The number formats of the sheet's ranges that reach into the window (whole, in sheet positions): a few ranges, not a code per cell. */
  formats: FormatRange[];
}

export interface Selected {
  sheet: string;
  rect: Rect;
}

export interface Update {
  state: DocState;
  window: SheetWindow | null;
  /** Where the edit happened, so the page can show it (undo and redo may happen on another sheet). */
  select?: Selected;
  /** Why the edit was refused; nothing changed. */
  problem?: string;
  /** Sent again when the edit changed what DocInfo says (an input's range). */
  info?: DocInfo;
}

export type OpenResult = { ok: true; info: DocInfo; update: Update } | { ok: false; problems: string[] };

export type FileOpenResult = { ok: true; docId: string } | { ok: false; problems: string[] };

export interface DownloadFile {
  fileName: string;
  text: string;
}

export interface DownloadBytes {
  fileName: string;
  bytes: Uint8Array;
}

/** The page's place, kept in the browser so a reload returns to it. */
export interface SessionState {
  docId: string | null;
  sheets: Record<string, string>;
  active: Record<string, { sheet: string; row: number; col: number }>;
}

export interface InitResult {
  scenarios: ScenarioEntry[];
  session: SessionState | null;
  /** Stored work that could not be read back. */
  problems: string[];
  storage: 'indexeddb' | 'memory';
  /** The scenario to show first: the one asked for, else where the page was last, else the first that loads. */
  startDocId: string | null;
}

export type PasteSource =
  | { kind: 'text'; rows: CellContent[][] }
  | {
      kind: 'cells';
      rows: CellContent[][];
      from: { sheet: string; row: number; col: number };
      cut: boolean;
      docId: string;
      /** The copied cells' number format codes as copied, shaped as `rows` (null: General): a paste brings them too. */
      formats?: (string | null)[][];
    };

export interface RangeStats {
  count: number;
  numbers: number;
  sum: number;
}

/** A CSV file the engine has read and holds, by `importId`, until it is imported or the dialog closes. */
export interface CsvFileReading {
  ok: true;
  importId: string;
  fileName: string;
  /** In bytes. */
  size: number;
  encoding: CsvEncoding;
  /** Said when the file was not UTF-8: which encoding was assumed. */
  encodingNote?: string;
  /** The delimiter the rows below were split on: the detected one, or the one chosen instead. */
  delimiter: string;
  detectedDelimiter: string;
  /** The first rows, as text. */
  rows: string[][];
  /** Every row when the file is short, else an estimate from the length of the first rows. */
  estimatedRows: number;
  /** Leading rows that look like column names: 1 when the first row holds no number and a row below does, else 0. */
  headerRows: number;
  /** For a new sheet: the file's name, made a sheet name no other sheet has. */
  sheetName: string;
}

export type CsvReading = CsvFileReading | { ok: false; fileName: string; size: number; problem: string };

export interface CsvImportChoice {
  delimiter: string;
  /** Leading rows kept as text and left out of their columns' typing: column names, and a title or units above or below them. */
  headerRows: number;
  formulas: 'as-text' | 'evaluate';
  target: { kind: 'new'; name: string } | { kind: 'replace'; sheet: string };
}

/** `reading` parses and types the rows (cancel stops it at once); `writing` fills the workbook, in one go. */
export interface CsvImportStep {
  stage: 'reading' | 'writing';
  rows: number;
  /** From 0 to 1 over the reading. */
  fraction: number;
}

export type CsvImportAnswer =
  | { outcome: 'imported'; update: Update; sheet: string; rows: number; cols: number; warnings: string[] }
  | { outcome: 'cancelled' }
  | { outcome: 'refused'; problem: string };

/** What the engine tells the page about keeping the work, as it happens. */
export type StorageNotice =
  /** The browser refused to store the work (`problem`), or stores it again (null). */
  | { kind: 'health'; problem: string | null }
  /** Another tab stored this scenario since this tab read it: this tab does not store over it until the person chooses. */
  | { kind: 'conflict'; docId: string; conflicted: boolean }
  /** Another tab stored or removed a scenario: the list to pick from changed. */
  | { kind: 'scenarios' };
