/**
 * A scenario as an Excel workbook with live formulas: every sheet, formulas as formulas, the inputs
 * and outputs as defined names, and a sheet that lists where each input comes from. No fs and no DOM:
 * the bytes go back to the caller, the CLI to write a file, the browser to offer a download.
 *
 * HyperFormula and Excel read most formulas alike; toExcelFormula (excelFormula.ts) rewrites the rest.
 */
import ExcelJS from 'exceljs';
import type { CellFormulaValue, DataValidation, Worksheet } from 'exceljs';
// address.ts itself, not the model's index: the index also re-exports the HyperFormula workbook, and a
// page that lazily imports this module to offer a download must not pull the engine in with it.
import { columnLetters, formatLocalAddress, parseCellAddress } from '../model/address';
import type { CellContent, CellError, CellValue, FullScenario, InputDefinition } from '../model';
import { parseFormatKey } from '../model/formats';
import { excelCellReference, isExcelError, toExcelFormula, type FormulaContext } from './excelFormula';

/** Computed values by sheet name, as evaluateScenario and Workbook.sheetValues give them. */
export interface ScenarioValues {
  sheets: Readonly<Record<string, readonly (readonly CellValue[])[]>>;
}

export interface XlsxOptions {
  /**
   * Store each formula's computed value in the file (default true), so readers that never
   * calculate (previews, pandas) still see numbers. Excel recalculates on opening either way.
   */
  cachedValues?: boolean;
}

/**
 * The scenario as the bytes of an .xlsx file. `values` supplies the cached results and tells which
 * formulas spill over several cells; without them every formula is written without a result.
 */
export async function scenarioToXlsx(
  scenario: FullScenario,
  values: ScenarioValues | undefined,
  options: XlsxOptions = {},
): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'tradesheet';
  book.title = scenario.name;
  book.subject = scenario.id;
  book.description = scenario.description;
  // The file's formulas are ours, not Excel's: have Excel compute them itself rather than trust the cache.
  book.calcProperties = { fullCalcOnLoad: true };

  const sheetNames = Object.keys(scenario.sheets);
  const context: FormulaContext = {
    sheets: sheetNames,
    names: [...Object.keys(scenario.inputs), ...Object.keys(scenario.outputs)],
  };
  const cached = options.cachedValues ?? true;
  const marks = namedCellMarks(scenario);
  for (const name of sheetNames) {
    const sheet = book.addWorksheet(name);
    writeSheet(sheet, scenario.sheets[name] ?? [], values?.sheets[name], context, cached);
    markNamedCells(sheet, marks.get(name) ?? []);
  }
  writeNumberFormats(book, scenario);
  writeSources(book.addWorksheet(sourcesSheetName(sheetNames)), scenario, values, cached);
  setDefinedNames(book, scenario);
  return toBytes(await book.xlsx.writeBuffer());
}

/** "Sources", or "Sources 2", "Sources 3"... when the scenario has a sheet of that name (names ignore case). */
export function sourcesSheetName(sheetNames: readonly string[]): string {
  const taken = new Set(sheetNames.map((name) => name.toLowerCase()));
  let name = 'Sources';
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `Sources ${n}`;
  return name;
}

/** Column headers of the Sources sheet; one row per input follows, in the scenario's order. */
export const SOURCES_HEADER = ['Input', 'Label', 'Value', 'Unit', 'Cell', 'Min', 'Max', 'Source', 'Article line', 'Article words, or why this number'] as const;

// ---------------------------------------------------------------------------------------------
// Sheets

type Grid = readonly (readonly CellValue[])[];
type ExcelResult = NonNullable<CellFormulaValue['result']>;

/** ExcelJS writes `t="array"` formulas from these two fields, which its type declarations omit. */
type ArrayFormulaValue = CellFormulaValue & { shareType: 'array'; ref: string };

function writeSheet(sheet: Worksheet, rows: readonly (readonly CellContent[])[], grid: Grid | undefined, context: FormulaContext, cached: boolean): void {
  const spills = grid ? spillAreas(rows, grid) : new Map<string, Area>();
  rows.forEach((row, r) => {
    row.forEach((content, c) => {
      if (content === null) return;
      const cell = sheet.getCell(r + 1, c + 1);
      if (typeof content !== 'string' || !content.startsWith('=')) {
        // A scenario built in code could hold NaN or Infinity, which the file format has no number for.
        cell.value = typeof content === 'number' && !Number.isFinite(content) ? { error: '#NUM!' } : content;
        return;
      }
      const value = grid?.[r]?.[c];
      // HyperFormula could not parse it: Excel must not be handed it either (it would call the file corrupt).
      const translated = isCellError(value) && value.error === '#ERROR!' ? undefined : toExcelFormula(content, context);
      if (!translated?.ok) {
        cell.value = content;
        return;
      }
      const area = spills.get(`${r},${c}`);
      const result = cached ? excelResult(value) : undefined;
      const formula: CellFormulaValue = result === undefined ? { formula: translated.formula } : { formula: translated.formula, result };
      if (area || translated.array) {
        const ref = area ? `${formatLocalAddress(r, c)}:${formatLocalAddress(r + area.rows - 1, c + area.cols - 1)}` : formatLocalAddress(r, c);
        const arrayFormula: ArrayFormulaValue = { ...formula, shareType: 'array', ref };
        cell.value = arrayFormula;
      } else {
        cell.value = formula;
      }
      if (area && cached) writeSpilledValues(sheet, r, c, area, grid);
    });
  });
  setColumnWidths(sheet, rows);
}

/** The other cells of an array formula hold only its results. */
function writeSpilledValues(sheet: Worksheet, top: number, left: number, area: Area, grid: Grid | undefined): void {
  for (let r = top; r < top + area.rows; r += 1) {
    for (let c = left; c < left + area.cols; c += 1) {
      if (r === top && c === left) continue;
      const result = excelResult(grid?.[r]?.[c]);
      if (result !== undefined) sheet.getCell(r + 1, c + 1).value = result;
    }
  }
}

function isCellError(value: CellValue | undefined): value is CellError {
  return typeof value === 'object' && value !== null;
}

/** A computed value as Excel can cache it; HyperFormula's own errors (#CYCLE!, #SPILL!, #ERROR!) have no cached form. */
function excelResult(value: CellValue | undefined): ExcelResult | undefined {
  if (value === undefined || value === null) return undefined;
  if (isCellError(value)) return isExcelError(value.error) ? { error: value.error } : undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return value;
}

interface Area {
  rows: number;
  cols: number;
}

/**
 * With array arithmetic on, a formula such as =A1:A3*2 fills the cells below it. They are empty in the
 * scenario but hold values; each such block belongs to the formula at its top-left corner. Scanning in
 * reading order meets every corner before the blocks of formulas below or to the right of it.
 */
function spillAreas(rows: readonly (readonly CellContent[])[], grid: Grid): Map<string, Area> {
  const claimed = new Set<string>();
  const areas = new Map<string, Area>();
  const spilled = (r: number, c: number) =>
    !claimed.has(`${r},${c}`) && (rows[r]?.[c] ?? null) === null && (grid[r]?.[c] ?? null) !== null;
  rows.forEach((row, r) => {
    row.forEach((content, c) => {
      if (typeof content !== 'string' || !content.startsWith('=')) return;
      let cols = 1;
      while (spilled(r, c + cols)) cols += 1;
      let height = 1;
      while (spilled(r + height, c)) height += 1;
      if (cols === 1 && height === 1) return;
      const cells: string[] = [];
      for (let dr = 0; dr < height; dr += 1) {
        for (let dc = 0; dc < cols; dc += 1) {
          if (dr === 0 && dc === 0) continue;
          if (!spilled(r + dr, c + dc)) return;
          cells.push(`${r + dr},${c + dc}`);
        }
      }
      for (const cell of cells) claimed.add(cell);
      areas.set(`${r},${c}`, { rows: height, cols });
    });
  });
  return areas;
}

function setColumnWidths(sheet: Worksheet, rows: readonly (readonly CellContent[])[]): void {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((content, c) => {
      const text = typeof content === 'string' && !content.startsWith('=') ? content : '';
      widths[c] = Math.max(widths[c] ?? 10, Math.min(60, text.length + 2));
    });
  }
  widths.forEach((width, c) => {
    sheet.getColumn(c + 1).width = width;
  });
}

// ---------------------------------------------------------------------------------------------
// Inputs, outputs and their sources

interface NamedCellMark {
  row: number;
  col: number;
  kind: 'input' | 'output';
  unit: string;
  input?: InputDefinition;
}

function namedCellMarks(scenario: FullScenario): Map<string, NamedCellMark[]> {
  const marks = new Map<string, NamedCellMark[]>();
  const add = (cell: string, mark: Omit<NamedCellMark, 'row' | 'col'>) => {
    const address = parseCellAddress(cell);
    if (!address) return;
    const list = marks.get(address.sheet) ?? [];
    list.push({ ...mark, row: address.row, col: address.col });
    marks.set(address.sheet, list);
  };
  for (const input of Object.values(scenario.inputs)) add(input.cell, { kind: 'input', unit: input.unit, input });
  for (const output of Object.values(scenario.outputs)) add(output.cell, { kind: 'output', unit: output.unit });
  return marks;
}

/** A unit of "%" means the cell holds a fraction shown as a percentage. */
const PERCENT_FORMAT = '0.0%';
const INPUT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } } as const;

/** Inputs are shaded and checked against their bounds, outputs bold: the model's faces, as in the app. */
function markNamedCells(sheet: Worksheet, marks: readonly NamedCellMark[]): void {
  for (const mark of marks) {
    const cell = sheet.getCell(mark.row + 1, mark.col + 1);
    if (mark.unit === '%') cell.numFmt = PERCENT_FORMAT;
    if (mark.kind === 'output') {
      cell.font = { bold: true };
      continue;
    }
    cell.fill = INPUT_FILL;
    const validation = mark.input && boundsValidation(mark.input);
    if (validation) cell.dataValidation = validation;
  }
}

/**
 * The scenario's number formats as the cells' own, after the inputs' percentages so a format given wins;
 * within each sheet's extent, as a whole-column format would otherwise write a million empty cells.
 */
function writeNumberFormats(book: ExcelJS.Workbook, scenario: FullScenario): void {
  for (const [key, code] of Object.entries(scenario.formats ?? {})) {
    const place = parseFormatKey(key);
    const rows = place && Object.hasOwn(scenario.sheets, place.sheet) ? scenario.sheets[place.sheet] : undefined;
    const sheet = place && book.getWorksheet(place.sheet);
    if (!place || !rows || !sheet) continue;
    const width = rows.reduce((widest, row) => Math.max(widest, row.length), 0);
    const { top, left } = place.rect;
    const bottom = Math.min(place.rect.bottom, rows.length - 1);
    const right = Math.min(place.rect.right, width - 1);
    for (let r = top; r <= bottom; r += 1) for (let c = left; c <= right; c += 1) sheet.getCell(r + 1, c + 1).numFmt = code;
  }
}

function boundsValidation(input: InputDefinition): DataValidation | undefined {
  const { min, max } = input;
  // Excel refuses a title over 32 characters and a message over 225, so the label goes in the message, cut short.
  const common = { type: 'decimal', allowBlank: false, showErrorMessage: true, errorStyle: 'stop', errorTitle: 'Outside the scenario\'s range' } as const;
  const message = (bounds: string) => `${input.label.slice(0, 180)}: ${bounds}`;
  if (min !== undefined && max !== undefined) {
    return { ...common, operator: 'between', formulae: [min, max], error: message(`from ${min} to ${max}`) };
  }
  if (min !== undefined) return { ...common, operator: 'greaterThanOrEqual', formulae: [min], error: message(`at least ${min}`) };
  if (max !== undefined) return { ...common, operator: 'lessThanOrEqual', formulae: [max], error: message(`at most ${max}`) };
  return undefined;
}

function writeSources(sheet: Worksheet, scenario: FullScenario, values: ScenarioValues | undefined, cached: boolean): void {
  sheet.addRow([...SOURCES_HEADER]).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const [name, input] of Object.entries(scenario.inputs)) {
    const address = parseCellAddress(input.cell);
    const current = address && values?.sheets[address.sheet]?.[address.row]?.[address.col];
    const result = cached ? excelResult(current) : undefined;
    // The value is the defined name itself, so this sheet follows the model when someone edits an input.
    const value: CellFormulaValue = result === undefined ? { formula: name } : { formula: name, result };
    const source = input.source;
    const row = sheet.addRow([
      name,
      input.label,
      value,
      input.unit,
      address ? excelCellReference(address.sheet, formatLocalAddress(address.row, address.col)) : input.cell,
      input.min ?? null,
      input.max ?? null,
      'article' in source ? 'article' : 'assumption',
      'article' in source ? source.article.line : null,
      'article' in source ? source.article.quote : source.assumption,
    ]);
    if (input.unit === '%') row.getCell(3).numFmt = PERCENT_FORMAT;
  }
  [16, 40, 14, 12, 14, 10, 10, 12, 12, 80].forEach((width, c) => {
    sheet.getColumn(c + 1).width = width;
  });
  sheet.getColumn(10).alignment = { wrapText: true, vertical: 'top' };
}

/**
 * Every input and output becomes a workbook-level defined name, so formulas such as =Rate*2 work in
 * Excel as in the app. ExcelJS renders the range itself and leaves sheet names such as "2025" or "A1"
 * unquoted, which Excel cannot read; this workbook's names are rendered here instead.
 */
function setDefinedNames(book: ExcelJS.Workbook, scenario: FullScenario): void {
  const model: { name: string; ranges: string[] }[] = [];
  for (const [name, definition] of [...Object.entries(scenario.inputs), ...Object.entries(scenario.outputs)]) {
    const address = parseCellAddress(definition.cell);
    if (!address) continue;
    const local = `$${columnLetters(address.col)}$${address.row + 1}`;
    model.push({ name, ranges: [excelCellReference(address.sheet, local)] });
  }
  Object.defineProperty(book.definedNames, 'model', { get: () => model });
}

function toBytes(buffer: unknown): Uint8Array {
  // Node's ExcelJS gives a Buffer, the browser build a Buffer polyfill or an ArrayBuffer; callers get a plain copy.
  if (buffer instanceof Uint8Array) return new Uint8Array(buffer);
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  throw new TypeError('ExcelJS returned neither bytes nor an ArrayBuffer');
}
