/**
 * Promises that hold for every input, tried with fast-check on random ones: undo returns the preset
 * exactly, a saved scenario reopens as itself, and a CSV export reads back as the values it holds.
 * Run counts are modest so the file stays quick (PROPERTY_RUNS=1000 multiplies them for a deeper
 * search); a failure prints the seed and the shrunk input.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, readPresets } from '../../src/cli/scenarioFiles';
import { parseSheetCsv, sheetValuesToCsv } from '../../src/io/csv';
import { Workbook, WorkbookError, type CellContent, type CellValue, type FullScenario } from '../../src/model';

/** Runs of each property per 40 by default. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

let baseline: FullScenario;
let baselineValues: Record<string, CellValue[][]>;

beforeAll(() => {
  const { presets } = readPresets();
  const loaded = loadScenario('baseline', presets);
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
  baseline = loaded.value.scenario;
  const workbook = Workbook.open(baseline);
  baselineValues = Object.fromEntries(workbook.sheetNames().map((sheet) => [sheet, workbook.sheetValues(sheet)]));
  workbook.destroy();
});

const open: Workbook[] = [];
afterAll(() => {
  for (const workbook of open) workbook.destroy();
});

function openWorkbook(scenario: FullScenario): Workbook {
  const workbook = Workbook.open(scenario);
  open.push(workbook);
  return workbook;
}

function close(workbook: Workbook): void {
  open.splice(open.indexOf(workbook), 1);
  workbook.destroy();
}

// --- random edits --------------------------------------------------------------------------------

/** Where an edit lands: a sheet by number, and fractions of its size, so the same edit fits any sheet. */
interface Place {
  sheet: number;
  row: number;
  col: number;
}
const place: fc.Arbitrary<Place> = fc.record({ sheet: fc.nat(), row: fc.double({ min: 0, max: 1, noNaN: true }), col: fc.double({ min: 0, max: 1, noNaN: true }) });

/** Formulas that parse, refer to cells near the edit, and a name the baseline defines; the last one HyperFormula 3.5.0 throws on. */
const FORMULAS = ['=A1+1', '=B2*2', '=SUM(A1:C3)', '=IF(B1>0,B1,0)', '=AutoTariff*100', '=A1&"x"', '=1/0', '=NOSUCH(1)', '=B3', '=ROUND(B2,2)', '=SUM(FIND(A1:C3,A2:B3))'];

const content: fc.Arbitrary<CellContent> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  // Text is anything that does not begin with "=" (which would make it a formula); "'", "007", "TRUE" and "" included.
  fc.string({ unit: 'grapheme', maxLength: 12 }).filter((text) => !text.startsWith('=')),
  fc.constantFrom('007', "'quoted", 'TRUE', '', 'July 20', '-5', '#REF!'),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...FORMULAS),
);

type Edit =
  | { kind: 'set'; at: Place; content: CellContent }
  | { kind: 'paste'; at: Place; block: CellContent[][] }
  | { kind: 'addRows' | 'removeRows' | 'addColumns' | 'removeColumns'; at: Place; count: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: place, content }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('paste' as const), at: place, block: fc.array(fc.array(content, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('addRows' as const, 'removeRows' as const, 'addColumns' as const, 'removeColumns' as const), at: place, count: fc.integer({ min: 1, max: 3 }) }) },
);

/** The workbook refuses to delete a named input's or output's cell; such a delete changes nothing. */
function unlessItHoldsANamedCell(remove: () => void): void {
  try {
    remove();
  } catch (error) {
    if (!(error instanceof WorkbookError && error.message.includes(' holds the '))) throw error;
  }
}

/** Applies one edit where it lands on the sheet as it is now; each edit is one undo step. */
function apply(workbook: Workbook, change: Edit): void {
  const sheets = workbook.sheetNames();
  const sheet = sheets[change.at.sheet % sheets.length]!;
  const size = workbook.sheetSize(sheet);
  // Within the sheet or one beyond its edge, where a user can also type.
  const row = Math.floor(change.at.row * (size.rows + 1));
  const col = Math.floor(change.at.col * (size.cols + 1));
  switch (change.kind) {
    case 'set':
      workbook.setCell({ sheet, row, col }, change.content);
      return;
    case 'paste':
      workbook.setCells(change.block.flatMap((cells, r) => cells.map((cell, c) => ({ address: { sheet, row: row + r, col: col + c }, content: cell }))));
      return;
    case 'addRows':
      workbook.addRows(sheet, Math.min(row, size.rows), change.count);
      return;
    case 'removeRows': {
      if (size.rows > 0) unlessItHoldsANamedCell(() => workbook.removeRows(sheet, Math.min(row, size.rows - 1), change.count));
      return;
    }
    case 'addColumns':
      workbook.addColumns(sheet, Math.min(col, size.cols), change.count);
      return;
    case 'removeColumns': {
      if (size.cols > 0) unlessItHoldsANamedCell(() => workbook.removeColumns(sheet, Math.min(col, size.cols - 1), change.count));
    }
  }
}

function valuesOf(workbook: Workbook): Record<string, CellValue[][]> {
  return Object.fromEntries(workbook.sheetNames().map((sheet) => [sheet, workbook.sheetValues(sheet)]));
}

// HyperFormula keeps 100 undo steps (ENGINE_CONFIG.undoLimit): a sequence stays well below.
const edits = fc.array(edit, { minLength: 1, maxLength: 25 });

describe('undo', () => {
  it('after any edits, pastes and row or column inserts and deletes, undoing everything gives back the preset, cell for cell', () => {
    fc.assert(
      fc.property(edits, (changes) => {
        const workbook = openWorkbook(baseline);
        try {
          for (const change of changes) apply(workbook, change);
          let steps = 0;
          while (workbook.canUndo()) {
            workbook.undo();
            steps += 1;
            if (steps > changes.length) throw new Error(`more undo steps (${steps}) than edits (${changes.length})`);
          }
          expect(workbook.toScenario()).toEqual(baseline);
          expect(valuesOf(workbook)).toEqual(baselineValues);
        } finally {
          close(workbook);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('save and reopen', () => {
  it('after any edits, the scenario saved, opened and saved again is the same scenario', () => {
    fc.assert(
      fc.property(edits, (changes) => {
        const workbook = openWorkbook(baseline);
        try {
          for (const change of changes) apply(workbook, change);
          const saved = workbook.toScenario();
          const reopened = openWorkbook(saved);
          try {
            expect(reopened.toScenario()).toEqual(saved);
            expect(valuesOf(reopened)).toEqual(valuesOf(workbook));
          } finally {
            close(reopened);
          }
        } finally {
          close(workbook);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// --- reading ------------------------------------------------------------------------------------

/**
 * Formulas whose errors come and go without their own cell being written: spills, a volatile error, a
 * division by a cell, and a formula HyperFormula 3.5.0 throws on (FIND over arrays of different sizes).
 */
const ERRORS_ELSEWHERE = ['=A1:B2*2', '=TRANSPOSE(A1:C1)', '=IF(RAND()>0.5,1/0,1)', '=1/A1', '=1/B2', '=NOSUCH(A1)', '={1,2;3,4}', '=SUM(FIND(A1:C3,A2:B3))'];

type Step = Edit | { kind: 'undo' } | { kind: 'redo' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: edit },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), at: place, content: fc.constantFrom(...ERRORS_ELSEWHERE) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set' as const), at: place, content: fc.constantFrom<CellContent>(0, 1, null) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('undo' as const, 'redo' as const) }) },
);

describe('reading a sheet', () => {
  it('after any edits, undos and row or column changes, sheetValues and sheetContents hold what reading each cell gives, errors included', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const workbook = openWorkbook(baseline);
        try {
          const readAll = (when: string) => {
            for (const sheet of workbook.sheetNames()) {
              const { rows, cols } = workbook.sheetSize(sheet);
              expect(workbook.sheetValues(sheet), `${sheet} ${when}`).toEqual(workbook.rangeValues(sheet, 0, 0, rows, cols));
              expect(workbook.sheetContents(sheet), `${sheet} contents ${when}`).toEqual(workbook.rangeContents(sheet, 0, 0, rows, cols));
            }
          };
          // A sheet read once is read differently afterwards: every step is followed by a read.
          readAll('as opened');
          steps.forEach((next, i) => {
            if (next.kind === 'undo') workbook.undo();
            else if (next.kind === 'redo') workbook.redo();
            else apply(workbook, next);
            readAll(`after step ${i + 1} (${next.kind})`);
          });
        } finally {
          close(workbook);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// --- CSV round trip ------------------------------------------------------------------------------

/** The texts CSV cannot tell from another value, so the export and the parse agree to read them so. */
const NUMERAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ERROR_TEXTS = new Set(['#DIV/0!', '#N/A', '#NAME?', '#NUM!', '#REF!', '#VALUE!', '#NULL!', '#CYCLE!', '#ERROR!', '#LIC!', '#SPILL!', '#CALC!']);

/**
 * Text that reads back as itself. Left out, because CSV has no types and the README says so: text
 * that reads as a number ("12", "-0.5", "1e3"), as TRUE/FALSE, as an error ("#REF!"), and empty
 * text, which reads back as an empty cell.
 */
function unambiguousText(text: string): boolean {
  return text !== '' && !NUMERAL.test(text) && text !== 'TRUE' && text !== 'FALSE' && !ERROR_TEXTS.has(text);
}

/** Characters that try the quoting and the formula escape: quotes, delimiters, line ends, and what starts a formula. */
const TRICKY = ['"', ',', '\n', '\r', '\r\n', "'", '=', '+', '-', '@', '\t', ' ', '＝', '＋', '－', '＠', 'é', '日本', '🚗', '\u0000', '\uFEFF'];

const csvText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 3 })), { maxLength: 6 }).map((parts) => parts.join('')),
).filter(unambiguousText);

const csvValue: fc.Arbitrary<CellValue> = fc.oneof(
  // Every finite double: -0, the smallest subnormal, the largest double, and all between.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, 2 ** 53 + 2, 1e21, 1e-7),
  csvText,
  fc.boolean(),
  fc.constant(null),
);

const grid = fc.integer({ min: 1, max: 6 }).chain((width) => fc.array(fc.array(csvValue, { minLength: width, maxLength: width }), { maxLength: 8 }));

describe('CSV export', () => {
  it('reads back as every value it was given, exactly: doubles to the last bit, text with any characters', () => {
    fc.assert(
      fc.property(grid, fc.boolean(), (values, bom) => {
        const parsed = parseSheetCsv(sheetValuesToCsv(values, { bom }));
        expect(parsed).toHaveLength(values.length);
        parsed.forEach((row, r) => row.forEach((value, c) => {
          // toEqual tells -0 from 0, as it must here.
          expect(value, `row ${r} col ${c}`).toEqual(values[r]?.[c]);
        }));
        expect(parsed).toEqual(values);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('an error cell reads back as its error text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ERROR_TEXTS), (error) => {
        expect(parseSheetCsv(sheetValuesToCsv([[{ error, message: 'why' }, 1]]))).toEqual([[{ error, message: '' }, 1]]);
      }),
    );
  });
});
