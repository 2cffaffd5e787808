/**
 * The Excel export checked against an independent engine. Each preset and the functions fixture is
 * written to .xlsx WITHOUT cached values, Gnumeric's ssconvert recalculates it and writes each sheet
 * as CSV, and every cell must match tradesheet's own CSV export: numbers within a relative 1e-9
 * (Gnumeric computes some functions in long double), text, booleans and errors exactly. So a formula
 * the export mistranslates, or one that Excel-family engines read otherwise, fails here by cell.
 *
 * Where the engines differ by design, the last block pins the difference down (see BY_DESIGN).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  Workbook,
  formatIssue,
  formatLocalAddress,
  parseScenario,
  type CellContent,
  type CellValue,
  type FullScenario,
} from '../src/model';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import { parseSheetCsv, sheetValuesToCsv } from '../src/io/csv';
import { scenarioToXlsx } from '../src/io/xlsx';

const SSCONVERT_MISSING = 'ssconvert not found: apt-get install -y gnumeric';
const RELATIVE_TOLERANCE = 1e-9;

function findSsconvert(): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'ssconvert'))
    .find((path) => existsSync(path));
}

interface GnumericResult {
  /** Each sheet's values, in tab order: the scenario's sheets, then Sources. */
  sheets: CellValue[][][];
  /** Formulas Gnumeric could not read ("Calc!B17 : At B17: 'SUM(A1 ,A2)' Invalid expression"). */
  complaints: string[];
}

/** Recalculates the workbook with Gnumeric and reads back every sheet's values. */
async function recalculateWithGnumeric(bytes: Uint8Array, sheetCount: number): Promise<GnumericResult> {
  const ssconvert = findSsconvert();
  if (!ssconvert) throw new Error(SSCONVERT_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'tradesheet-crosscheck-'));
  try {
    const input = join(dir, 'scenario.xlsx');
    writeFileSync(input, bytes);
    const { stderr } = await promisify(execFile)(
      ssconvert,
      [
        '--recalc',
        '--export-file-per-sheet',
        '--export-type=Gnumeric_stf:stf_assistant',
        // raw: full precision whatever the cell's number format; the C locale keeps "." as the decimal point.
        '--export-options=separator=, format=raw charset=UTF-8 eol=unix',
        input,
        join(dir, 'sheet.%n.csv'),
      ],
      { env: { ...process.env, LC_ALL: 'C.UTF-8' }, timeout: 20_000 },
    );
    const sheets = Array.from({ length: sheetCount }, (_, index) => {
      const file = join(dir, `sheet.${index}.csv`);
      return existsSync(file) ? parseSheetCsv(readFileSync(file, 'utf8')) : [];
    });
    return { sheets, complaints: stderr.split('\n').filter((line) => /![A-Z]+[0-9]+ : /.test(line)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What tradesheet's own CSV export says, read back the same way as Gnumeric's. */
const throughCsv = (values: readonly (readonly CellValue[])[]) => parseSheetCsv(sheetValuesToCsv(values));

const describeValue = (value: CellValue) => (typeof value === 'object' && value !== null ? value.error : JSON.stringify(value));

function sameValue(expected: CellValue, actual: CellValue): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return expected === actual || Math.abs(expected - actual) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
  }
  if (typeof expected === 'object' && expected !== null) return typeof actual === 'object' && actual !== null && actual.error === expected.error;
  return expected === actual;
}

/** Every cell of either grid that differs, as "Sheet!B3 =formula: tradesheet 1, Gnumeric 2". */
function differences(sheet: string, expected: CellValue[][], actual: CellValue[][], contents: CellContent[][] = []): string[] {
  const found: string[] = [];
  for (let row = 0; row < Math.max(expected.length, actual.length); row += 1) {
    const width = Math.max(expected[row]?.length ?? 0, actual[row]?.length ?? 0);
    for (let col = 0; col < width; col += 1) {
      const want = expected[row]?.[col] ?? null;
      const got = actual[row]?.[col] ?? null;
      if (sameValue(want, got)) continue;
      const content = contents[row]?.[col];
      const formula = typeof content === 'string' && content.startsWith('=') ? ` ${content}` : '';
      found.push(`${sheet}!${formatLocalAddress(row, col)}${formula}: tradesheet ${describeValue(want)}, Gnumeric ${describeValue(got)}`);
    }
  }
  return found;
}

interface Computed {
  sheetNames: string[];
  values: Record<string, CellValue[][]>;
  contents: Record<string, CellContent[][]>;
  inputs: { name: string; value: CellValue }[];
}

function computeWithTradesheet(scenario: FullScenario): Computed {
  const workbook = Workbook.open(scenario);
  try {
    const sheetNames = workbook.sheetNames();
    return {
      sheetNames,
      values: Object.fromEntries(sheetNames.map((name) => [name, workbook.sheetValues(name)])),
      contents: Object.fromEntries(sheetNames.map((name) => [name, workbook.sheetContents(name)])),
      inputs: workbook.inputs().map(({ name, value }) => ({ name, value })),
    };
  } finally {
    workbook.destroy();
  }
}

/** Exports without cached values, recalculates with Gnumeric, and lists every cell on which the two disagree. */
async function crossCheck(scenario: FullScenario): Promise<{ differences: string[]; complaints: string[] }> {
  const computed = computeWithTradesheet(scenario);
  const bytes = await scenarioToXlsx(scenario, { sheets: computed.values }, { cachedValues: false });
  const gnumeric = await recalculateWithGnumeric(bytes, computed.sheetNames.length + 1);
  const found = computed.sheetNames.flatMap((name, index) =>
    differences(name, throughCsv(computed.values[name] ?? []), gnumeric.sheets[index] ?? [], computed.contents[name]),
  );
  // The Sources sheet's Value column is =Name, so it checks that Gnumeric resolves every defined name.
  const sources = gnumeric.sheets[computed.sheetNames.length] ?? [];
  computed.inputs.forEach(({ name, value }, index) => {
    const row = sources[index + 1] ?? [];
    if (row[0] !== name) found.push(`Sources row ${index + 2}: expected input ${name}, found ${describeValue(row[0] ?? null)}`);
    const want = throughCsv([[value]])[0]?.[0] ?? null;
    if (!sameValue(want, row[2] ?? null)) found.push(`Sources =${name}: tradesheet ${describeValue(want)}, Gnumeric ${describeValue(row[2] ?? null)}`);
  });
  return { differences: found, complaints: gnumeric.complaints };
}

function readFixture(name: string): FullScenario {
  const parsed = parseScenario(JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8')), name);
  if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join('\n'));
  if ('extends' in parsed.value) throw new Error(`${name} must be a full scenario`);
  return parsed.value;
}

const { presets, issues } = readPresets();

describe('the Excel export agrees with Gnumeric', () => {
  it('has ssconvert to check against', () => {
    if (!findSsconvert()) throw new Error(SSCONVERT_MISSING);
  });

  it('has presets to check, every one readable', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(presets.length).toBeGreaterThan(0);
  });

  it('on every cell of the functions fixture', async () => {
    const result = await crossCheck(readFixture('functions.json'));
    expect(result.complaints).toEqual([]);
    expect(result.differences).toEqual([]);
  });

  it.each(presets.map((preset) => preset.scenario.id))('on every cell of preset %s', async (id) => {
    const resolved = loadScenario(id, presets);
    if (!resolved.ok) throw new Error(resolved.issues.map(formatIssue).join('\n'));
    const result = await crossCheck(resolved.value.scenario);
    expect(result.complaints).toEqual([]);
    expect(result.differences).toEqual([]);
  });
});

/**
 * Differences by design, each pinned to what the engines do today: [why, formula, tradesheet, Gnumeric].
 * A change on either side shows up here first. (References to empty cells mostly agree, because the
 * engine reads an empty cell as 0 as Excel does: =Z9 is 0, =Z9="" is TRUE, ="x"&Z9 is "x", MIN and
 * AVERAGE skip it; the fixture checks those. AND of nothing but empty cells is the exception below.)
 */
const BY_DESIGN: [string, string, CellValue, CellValue | 'a number'][] = [
  ['a circular reference is #CYCLE! in tradesheet; Gnumeric iterates to a number, Excel warns and shows 0', '=A1+1', { error: '#CYCLE!', message: '' }, 'a number'],
  ['empty text counts as 0 in HyperFormula; Excel and Gnumeric refuse it', '=""+1', 1, { error: '#VALUE!', message: '' }],
  ['AND of empty cells only is FALSE in HyperFormula; #VALUE! in Excel and Gnumeric', '=AND(Z9)', false, { error: '#VALUE!', message: '' }],
  ["HyperFormula's INT truncates toward zero; Excel and Gnumeric round down", '=INT(-2.5)', -2, -3],
  ['HyperFormula rounds the double 1.00499999...; Excel and Gnumeric round the decimal 1.005', '=ROUND(1.005,2)', 1, 1.01],
  ['COUNT counts TRUE typed as an argument in HyperFormula and Excel, not in Gnumeric', '=COUNT(1,TRUE)', 2, 1],
  ['a formula HyperFormula cannot parse is #ERROR!; the export writes its text, which Excel and Gnumeric show', '=SUM(1', { error: '#ERROR!', message: '' }, '=SUM(1'],
  ['a formula that is a range: #VALUE! in HyperFormula; exported as an array formula it shows the first cell', '=Z1:Z2', { error: '#VALUE!', message: '' }, 0],
];

/** One workbook of all the rows above, computed by both engines once. */
let differencesComputed: Promise<{ ours: CellValue[][]; theirs: CellValue[][] }> | undefined;
function computeDifferences() {
  differencesComputed ??= (async () => {
    const scenario: FullScenario = {
      type: 'tradesheet-scenario', version: 1, id: 'differences', name: 'Differences', description: '',
      sheets: { Differences: BY_DESIGN.map(([, formula]) => [formula]) }, inputs: {}, outputs: {},
    };
    const computed = computeWithTradesheet(scenario);
    const bytes = await scenarioToXlsx(scenario, { sheets: computed.values }, { cachedValues: false });
    const gnumeric = await recalculateWithGnumeric(bytes, 1);
    return { ours: throughCsv(computed.values.Differences ?? []), theirs: gnumeric.sheets[0] ?? [] };
  })();
  return differencesComputed;
}

describe('where tradesheet and Gnumeric differ by design', () => {
  it.each(BY_DESIGN.map((difference, row) => [...difference, row] as const))(
    '%s',
    async (_why, formula, tradesheet, gnumeric, row) => {
      const { ours, theirs } = await computeDifferences();
      const mine = ours[row]?.[0] ?? null;
      const other = theirs[row]?.[0] ?? null;
      expect(sameValue(tradesheet, mine), `${formula} in tradesheet: ${describeValue(mine)}`).toBe(true);
      if (gnumeric === 'a number') expect(typeof other, `${formula} in Gnumeric: ${describeValue(other)}`).toBe('number');
      else expect(sameValue(gnumeric, other), `${formula} in Gnumeric: ${describeValue(other)}`).toBe(true);
    },
  );
});
