/**
 * CSV injection (OWASP) through every CSV writer: text a spreadsheet would run (= + - @ tab CR LF, their
 * full-width forms, multi-line) is written behind an apostrophe wherever it sits: scenario ids and names,
 * input and output names, labels, units, sheet names, cells, goal-seek messages; numbers, negatives
 * included, stay bare numbers. Written from hand-made results (every text field, even those a valid
 * scenario cannot hold) and from a hostile scenario file through the model and `npm run export`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { exportScenarios } from '../../src/cli/export';
import { loadScenario, readPresets } from '../../src/cli/scenarioFiles';
import {
  comparisonToCsv,
  goalSeekToCsv,
  outputsToCsv,
  parseSheetCsv,
  sheetContentsToCsv,
  sheetValuesToCsv,
  sweepToCsv,
  tableToCsv,
  tornadoToCsv,
  twoInputTableToCsv,
} from '../../src/io/csv';
import { compareScenarios, goalSeek, sweepInput, sweepTwoInputs, tornado, Workbook, type CellValue } from '../../src/model';
import { scenarioCellsToCsv } from '../../src/engine/cellsCsv';

const PLAN = { engine: 'plan' } as const;

const HOSTILE = [
  '=HYPERLINK("http://x","y")',
  '@SUM(A1)',
  "+cmd|' /C calc'!A0",
  '-1+1',
  '\n=1+1',
  '\t=1+1',
  '\r=1+1',
  '=1+1\nsecond line',
  '-2\n=1+1',
  '＝1+1',
  '＋1+1',
  '－1+1',
  '＠SUM(A1)',
];
const NUMBERS: [value: number, written: string][] = [
  [-1.5, '-1.5'],
  [-42, '-42'],
  [-0, '-0'],
  [-1e-7, '-1e-7'],
  [1e21, '1e+21'],
];

/** What starts a formula in Excel, LibreOffice or Google Sheets (their full-width forms in a Japanese locale). */
const RUNS = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
const NUMERAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The fields a spreadsheet sees, before any unescaping of ours. */
function rawFields(csv: string): string[] {
  return Papa.parse<string[]>(csv, { delimiter: ',' }).data.flat();
}

/** Every field that would run as a formula: none may, except a plain (negative) number. */
function runnableFields(csv: string): string[] {
  return rawFields(csv).filter((field) => RUNS.test(field) && !NUMERAL.test(field));
}

const escaped = (text: string) => `'${text}`;

describe('every CSV writer escapes each hostile text in each text field, and leaves numbers bare', () => {
  const writers: [writer: string, csvFor: (text: string) => string][] = [
    ['sheetValuesToCsv (a sheet, browser and CLI)', (text) => sheetValuesToCsv([[text, -1.5, -42, -0, -1e-7, 1e21]])],
    ['sheetContentsToCsv (formulas, CLI --formulas)', (text) => sheetContentsToCsv([[text, '=A1*-2', -1.5, -42, -0, -1e-7, 1e21]])],
    ['scenarioCellsToCsv (every sheet, browser)', (text) => scenarioCellsToCsv(text, [{ name: text, contents: [[text, -1.5, -42, -0, -1e-7, 1e21]], values: [[text, -1.5, -42, -0, -1e-7, 1e21]] }])],
    ['outputsToCsv', (text) => outputsToCsv(NUMBERS.map(([value]) => ({ scenario: text, output: { name: text, label: text, unit: text, cell: 'Sheet!A1', value } })))],
    ['comparisonToCsv', (text) => comparisonToCsv({
      baseline: text,
      scenarios: [{ id: text, name: text }],
      outputs: [{ name: text, label: text, unit: text }],
      rows: [...NUMBERS.map(([value]) => value), text].map((value) => ({ scenario: text, output: text, label: text, unit: text, value, baselineValue: value, delta: null, deltaShare: null, format: text })),
    })],
    ['sweepToCsv', (text) => sweepToCsv({ input: text, outputs: [text], points: [...NUMBERS.map(([value]) => ({ inputValue: value, outputs: { [text]: value } })), { inputValue: 0, outputs: { [text]: text } }], evaluation: PLAN })],
    ['twoInputTableToCsv', (text) => twoInputTableToCsv({
      rowInput: text, rowValues: [...NUMBERS.map(([value]) => value), 0], columnInput: text, columnValues: [-1.5], output: text, cells: [...NUMBERS.map(([value]) => [value]), [text]], evaluation: PLAN,
    })],
    ['tornadoToCsv', (text) => tornadoToCsv({
      output: text, baseOutput: -1.5, share: 0.2,
      bars: NUMBERS.map(([value]) => ({ input: text, label: text, unit: text, baseValue: value, lowValue: value, highValue: value, outputAtLow: text, outputAtHigh: value, swing: value, basis: 'value' as const })),
      evaluation: PLAN,
    })],
    ['goalSeekToCsv', (text) => NUMBERS.map(([value]) => goalSeekToCsv({ found: false, input: text, output: text, target: value, inputValue: value, outputValue: value, iterations: 3, message: text, evaluation: PLAN })).join('')],
    ['tableToCsv (its header too)', (text) => tableToCsv([text], [...NUMBERS.map(([value]) => [value]), [text]])],
  ];

  const cases = writers.flatMap(([writer, csvFor]) => HOSTILE.map((text) => [writer, text, csvFor] as const));
  it.each(cases)('%s: %j', (_writer, text, csvFor) => {
    const csv = csvFor(text);
    expect(runnableFields(csv)).toEqual([]);
    const fields = rawFields(csv);
    expect(fields).toContain(escaped(text));
    expect(fields).not.toContain(text);
    for (const [, written] of NUMBERS) expect(fields, written).toContain(written);
  });

  it('reads each escaped text back as the text it was', () => {
    expect(parseSheetCsv(sheetValuesToCsv([HOSTILE]))).toEqual([HOSTILE]);
  });
});

describe('a hostile scenario file, through the model and `npm run export`', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-hostile-csv-'));
  const file = join(scratch, 'hostile.json');
  const [hyperlink = '', sum = '', command = '', minus = '', newline = '', tab = '', carriageReturn = '', multiLine = '', , fullWidthEquals = '', fullWidthPlus = ''] = HOSTILE;
  const textCells: CellValue[] = [sum, command, minus, newline, tab, fullWidthEquals];
  writeFileSync(file, JSON.stringify({
    type: 'tradesheet-scenario',
    version: 1,
    id: 'hostile',
    name: hyperlink,
    description: multiLine,
    sheets: {
      Data: [
        textCells,
        [-1.5, 0.25, '=B2*-4', '="=1"&"+1"', '=-A2', 'plain'],
      ],
    },
    inputs: {
      Base: { cell: 'Data!A2', label: carriageReturn, unit: fullWidthPlus, source: { assumption: command }, min: -10, max: 10 },
      Rate: { cell: 'Data!B2', label: hyperlink, unit: sum, source: { assumption: minus }, min: -1, max: 1 },
    },
    outputs: {
      Loss: { cell: 'Data!C2', label: minus, unit: tab },
      Built: { cell: 'Data!D2', label: newline, unit: fullWidthEquals },
      Negated: { cell: 'Data!E2', label: multiLine, unit: command },
    },
  }));

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  const { presets } = readPresets();
  const loaded = loadScenario(file, presets);
  if (!loaded.ok) throw new Error(`the hostile scenario does not load: ${JSON.stringify(loaded.issues)}`);
  const scenario = loaded.value.scenario;

  it('export writes the sheet values, formulas and outputs with every hostile text escaped and the numbers bare', async () => {
    const out = join(scratch, 'out');
    const result = await exportScenarios({ scenarios: [file], outDir: out, formulas: true, bom: false, xlsx: false });
    expect(result.issues).toEqual([]);
    const csvs = result.written.filter((path) => path.endsWith('.csv'));
    expect(csvs.map((path) => relative(out, path)).sort()).toEqual(['hostile/Data.csv', 'hostile/Data.formulas.csv', 'outputs.csv']);
    expect(readdirSync(join(out, 'hostile')).sort()).toEqual(['Data.csv', 'Data.formulas.csv']);
    for (const path of csvs) expect(runnableFields(readFileSync(path, 'utf8')), path).toEqual([]);

    const values = rawFields(readFileSync(join(out, 'hostile/Data.csv'), 'utf8'));
    for (const text of textCells) expect(values).toContain(escaped(String(text)));
    expect(values).toEqual(expect.arrayContaining(['-1.5', '-1', escaped('=1+1'), '1.5']));
    const formulas = rawFields(readFileSync(join(out, 'hostile/Data.formulas.csv'), 'utf8'));
    expect(formulas).toEqual(expect.arrayContaining([escaped('=B2*-4'), escaped('="=1"&"+1"'), escaped('=-A2'), '-1.5']));
    const outputs = parseSheetCsv(readFileSync(join(out, 'outputs.csv'), 'utf8'));
    expect(outputs.slice(1)).toEqual([
      ['hostile', 'Loss', minus, tab, -1],
      ['hostile', 'Built', newline, fullWidthEquals, '=1+1'],
      ['hostile', 'Negated', multiLine, command, 1.5],
    ]);
  });

  it('the comparison, sweep, two-input table, tornado and goal seek carry the labels and units escaped', () => {
    const workbook = Workbook.open(scenario);
    try {
      const comparison = compareScenarios([{ id: scenario.id, name: scenario.name, outputs: workbook.outputs() }], scenario.id);
      const csvs = [
        comparisonToCsv(comparison),
        sweepToCsv(sweepInput(workbook, 'Rate', [-1, 0, 1])),
        twoInputTableToCsv(sweepTwoInputs(workbook, { input: 'Base', values: [-2, 2] }, { input: 'Rate', values: [-0.5, 0.5] }, 'Built')),
        tornadoToCsv(tornado(workbook, 'Negated')),
        goalSeekToCsv(goalSeek(workbook, 'Rate', 'Loss', -2)),
      ];
      for (const csv of csvs) expect(runnableFields(csv), csv).toEqual([]);
      const [compared, swept, , tornadoCsv] = csvs.map(rawFields);
      expect(compared).toEqual(expect.arrayContaining([escaped(minus), escaped(tab), escaped(newline), escaped(fullWidthEquals), escaped('=1+1'), '-1']));
      expect(swept).toEqual(expect.arrayContaining(['-1', escaped('=1+1'), '4']));
      expect(tornadoCsv).toEqual(expect.arrayContaining([escaped(hyperlink), escaped(sum), escaped(carriageReturn), escaped(fullWidthPlus)]));
    } finally {
      workbook.destroy();
    }
  });
});
