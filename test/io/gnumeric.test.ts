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
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CellValue, FullScenario } from '../../src/model';
import { parseSheetCsv, sheetValuesToCsv } from '../../src/io/csv';
import { scenarioToXlsx } from '../../src/io/xlsx';
import {
  compareSheet,
  computeWithTradesheet,
  describePinnedDifferences,
  describeValue,
  readCheckedPresets,
  readFixture,
  sameValue,
  type PinnedDifference,
} from '../engineAgreement';
import { findSsconvert, GNUMERIC_SKIPPED } from '../executables';
import { byCorpusFormula, corpusScenario, expectedDifferences, lackedByGnumeric, readCorpus } from '../model/conformanceCorpus';

/** Gnumeric is an optional extra: without it this file's tests are skipped, and test/optionalChecks.ts says so once. */
const SSCONVERT = findSsconvert();

interface GnumericResult {
  /** Each sheet's values, in tab order: the scenario's sheets, then Sources. */
  sheets: CellValue[][][];
  /** Formulas Gnumeric could not read ("Calc!B17 : At B17: 'SUM(A1 ,A2)' Invalid expression"). */
  complaints: string[];
}

/** Recalculates the workbook with Gnumeric and reads back every sheet's values. */
async function recalculateWithGnumeric(bytes: Uint8Array, sheetCount: number): Promise<GnumericResult> {
  if (!SSCONVERT) throw new Error(GNUMERIC_SKIPPED);
  const dir = mkdtempSync(join(tmpdir(), 'tradesheet-crosscheck-'));
  try {
    const input = join(dir, 'scenario.xlsx');
    writeFileSync(input, bytes);
    const { stderr } = await promisify(execFile)(
      SSCONVERT,
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

/** Exports without cached values, recalculates with Gnumeric, and lists every cell on which the two disagree. */
async function crossCheck(scenario: FullScenario): Promise<{ differences: string[]; complaints: string[] }> {
  const computed = computeWithTradesheet(scenario);
  const bytes = await scenarioToXlsx(scenario, { sheets: computed.values }, { cachedValues: false });
  const gnumeric = await recalculateWithGnumeric(bytes, computed.sheetNames.length + 1);
  const found = computed.sheetNames.flatMap((name, index) =>
    compareSheet('Gnumeric', name, throughCsv(computed.values[name] ?? []), gnumeric.sheets[index] ?? [], computed.contents[name]).differences,
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

const presets = readCheckedPresets();

describe.skipIf(!SSCONVERT)('the Excel export agrees with Gnumeric', () => {
  it('has presets to check, every one readable', () => {
    expect(presets.issues).toEqual([]);
    expect(presets.ids.length).toBeGreaterThan(0);
  });

  it('on every cell of the functions fixture', async () => {
    const result = await crossCheck(readFixture('functions.json'));
    expect(result.complaints).toEqual([]);
    expect(result.differences).toEqual([]);
  });

  it('on every cell of the conformance corpus but those pinned in test/model/conformanceCorpus.ts', async () => {
    const corpus = readCorpus();
    const result = await crossCheck(corpusScenario(corpus));
    expect(result.complaints).toEqual([]);
    const differences = result.differences.map((difference) => byCorpusFormula(difference, corpus)).sort();
    // Every case of a function this Gnumeric lacks is #NAME? there, and nothing else about them differs.
    const lacked = differences.filter(lackedByGnumeric);
    const lackedCases = corpus.functions.filter(({ name }) => lackedByGnumeric(`=${name}(`)).flatMap(({ cases }) => cases);
    expect(lacked.filter((difference) => !difference.endsWith(', Gnumeric #NAME?'))).toEqual([]);
    expect(lacked.length).toBe(lackedCases.length);
    const pinned = expectedDifferences('Gnumeric', (value) => throughCsv([[value]])[0]?.[0] ?? null);
    expect(differences.filter((difference) => !lackedByGnumeric(difference))).toEqual(pinned);
  });

  it.each(presets.ids)('on every cell of preset %s', async (id) => {
    const result = await crossCheck(presets.scenario(id));
    expect(result.complaints).toEqual([]);
    expect(result.differences).toEqual([]);
  });
});

/**
 * Differences by design, each pinned to what the engines do today (see PinnedDifference).
 * A change on either side shows up here first. (References to empty cells mostly agree, because the
 * engine reads an empty cell as 0 as Excel does: =Z9 is 0, =Z9="" is TRUE, ="x"&Z9 is "x", MIN and
 * AVERAGE skip it; the fixture checks those. AND of nothing but empty cells is the exception below.)
 * INT, TEXT and the other functions src/model/workbook/functions.ts mends now agree (=INT(-2.5) is -3 in
 * all three); the conformance corpus's own differences are pinned in test/model/conformanceCorpus.ts.
 */
const BY_DESIGN: PinnedDifference[] = [
  ['a circular reference is #CYCLE! in tradesheet; Gnumeric iterates to a number, Excel warns and shows 0', '=A1+1', { error: '#CYCLE!', message: '' }, 'a number'],
  ['empty text counts as 0 in HyperFormula; Excel and Gnumeric refuse it', '=""+1', 1, { error: '#VALUE!', message: '' }],
  ['AND of empty cells only is FALSE in HyperFormula; #VALUE! in Excel and Gnumeric', '=AND(Z9)', false, { error: '#VALUE!', message: '' }],
  ['HyperFormula rounds the double 1.00499999...; Excel and Gnumeric round the decimal 1.005', '=ROUND(1.005,2)', 1, 1.01],
  ['COUNT counts TRUE typed as an argument in HyperFormula and Excel, not in Gnumeric', '=COUNT(1,TRUE)', 2, 1],
  ['a formula HyperFormula cannot parse is #ERROR!; the export writes its text, which Excel and Gnumeric show', '=SUM(1', { error: '#ERROR!', message: '' }, '=SUM(1'],
  ['a formula that is a range: #VALUE! in HyperFormula; exported as an array formula it shows the first cell', '=Z1:Z2', { error: '#VALUE!', message: '' }, 0],
];

describe.skipIf(!SSCONVERT)('Gnumeric', () => {
  describePinnedDifferences('Gnumeric', BY_DESIGN, async (scenario) => {
    const computed = computeWithTradesheet(scenario);
    const bytes = await scenarioToXlsx(scenario, { sheets: computed.values }, { cachedValues: false });
    const gnumeric = await recalculateWithGnumeric(bytes, 1);
    return { ours: throughCsv(computed.values.Differences ?? []), theirs: gnumeric.sheets[0] ?? [] };
  });
});
