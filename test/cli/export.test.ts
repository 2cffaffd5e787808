import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { exportScenarios, runExport } from '../../src/cli/export';
import { loadScenario, readPresets } from '../../src/cli/scenarioFiles';
import { outputsToCsv, parseSheetCsv, sheetValuesToCsvChunks } from '../../src/io/csv';
import { evaluateScenario } from '../../src/model';
import { REPO_ROOT } from '../paths';

const REPO = REPO_ROOT;
const TINY = join(REPO, 'test/fixtures/tiny.json');
const TINY_RESULT_SHEET_CSV = 'Revenue,1000\r\nTariff,250\r\nFlag,yes\r\n';
const TINY_INPUTS_CSV = 'Price,10,USD\r\nVolume,100,units\r\nRate,0.25,%\r\n';
const TINY_OUTPUTS_CSV = 'scenario,output,label,unit,value\r\ntiny,Revenue,Revenue,USD,1000\r\ntiny,TariffPaid,Tariff paid,USD,250\r\n';
const STACK_FRAME = /^\s+at /m;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx` starts in about half the time `npx tsx` takes. */
function runCli(args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...args], { cwd: REPO }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

let scratch: string;
let brokenJson: string;
let schemaError: string;
const outDir = (name: string) => join(scratch, name);

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tradesheet-export-'));
  brokenJson = join(scratch, 'broken.json');
  writeFileSync(brokenJson, '{ "type": "tradesheet-scenario", "version": 1,,, }');
  schemaError = join(scratch, 'wrong-version.json');
  writeFileSync(schemaError, readFileSync(TINY, 'utf8').replace('"version": 1', '"version": 2').replace('"id": "tiny"', '"id": "wrong-version"'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

// Each spawn costs about a second (Node, tsx, HyperFormula and zod loading), so spawns are few and run side by side.
describe.concurrent('npm run export, as a process', () => {
  it('writes every sheet of a scenario file as values CSV and, with --formulas, as formulas CSV, and the outputs CSV', async () => {
    const out = outDir('tiny');
    const run = await runCli([TINY, '--out', out, '--formulas']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(out, 'tiny')).sort()).toEqual(['Inputs.csv', 'Inputs.formulas.csv', 'Result sheet.csv', 'Result sheet.formulas.csv']);
    expect(readFileSync(join(out, 'tiny', 'Result sheet.csv'), 'utf8')).toBe(TINY_RESULT_SHEET_CSV);
    expect(readFileSync(join(out, 'tiny', 'Inputs.csv'), 'utf8')).toBe(TINY_INPUTS_CSV);
    expect(readFileSync(join(out, 'tiny', 'Result sheet.formulas.csv'), 'utf8')).toBe(
      "Revenue,'=Inputs!B1*Inputs!B2\r\nTariff,'=B1*Rate\r\nFlag,\"'=IF(TRUE,\"\"yes\"\",\"\"no\"\")\"\r\n",
    );
    expect(readFileSync(join(out, 'outputs.csv'), 'utf8')).toBe(TINY_OUTPUTS_CSV);
    expect(lines(run.stdout)).toEqual([`tiny: 4 files in ${join(out, 'tiny')}`, `outputs of 1 scenario: ${join(out, 'outputs.csv')}`]);
  });

  it('a broken file and a schema error: one line each naming the file, no stack, exit 2, the good scenario still written', async () => {
    const out = outDir('bad-files');
    const run = await runCli([brokenJson, TINY, schemaError, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    const problems = lines(run.stderr);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/broken\.json: not valid JSON: .*line 1, column \d+/);
    expect(problems[1]).toMatch(/wrong-version\.json: version: must be 1$/);
    expect(readFileSync(join(out, 'tiny', 'Result sheet.csv'), 'utf8')).toBe(TINY_RESULT_SHEET_CSV);
    expect(readFileSync(join(out, 'outputs.csv'), 'utf8')).toBe(TINY_OUTPUTS_CSV);
  });

  it.each<[name: string, args: string[], stderr: RegExp]>([
    ['an unknown preset id', ['no-such-preset', '--out', 'ignored'], /^no-such-preset: no such file, and no preset with that id/m],
    ['a missing --out', [TINY], /^export: --out DIR is required/],
  ])('%s exits 2 with a clear line and no stack', async (_name, args, stderr) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('with no scenarios named, exports every preset: a folder each, and one outputs row per preset and output', async () => {
    const out = outDir('presets');
    const { presets } = readPresets();
    const expectedRows = presets.flatMap(({ scenario: { id } }) => {
      const resolved = loadScenario(id, presets);
      if (!resolved.ok) throw new Error(`preset ${id} does not resolve`);
      return Object.keys(resolved.value.scenario.outputs).map((output) => [id, output]);
    });
    const run = await runCli(['--out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(presets.length).toBeGreaterThan(0);
    for (const { scenario } of presets) expect(readdirSync(join(out, scenario.id)).length).toBeGreaterThan(0);
    const [header, ...rows] = parseSheetCsv(readFileSync(join(out, 'outputs.csv'), 'utf8'));
    expect(header).toEqual(['scenario', 'output', 'label', 'unit', 'value']);
    expect(rows.map(([scenario, output]) => [scenario, output])).toEqual(expectedRows);
  });
});

describe('exportScenarios, called in-process', () => {
  it('with xlsx: true also writes DIR/<id>.xlsx holding every sheet, live formulas and the Sources sheet', async () => {
    const out = outDir('xlsx');
    const result = await exportScenarios({ scenarios: [TINY], outDir: out, formulas: false, bom: false, xlsx: true });
    expect(result.issues).toEqual([]);
    expect(result.written).toContain(join(out, 'tiny.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync(join(out, 'tiny.xlsx'))).buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet', 'Sources']);
    const tariff = workbook.getWorksheet('Result sheet')?.getCell('B2').value;
    expect(tariff).toMatchObject({ formula: 'B1*Rate', result: 250 });
  });

  it('returns what it wrote (no formulas files unless asked), and bom: true begins every file with U+FEFF', async () => {
    const out = outDir('in-process');
    const result = await exportScenarios({ scenarios: [TINY], outDir: out, formulas: false, bom: true, xlsx: false });
    expect(result.issues).toEqual([]);
    expect(result.written).toEqual([join(out, 'tiny', 'Inputs.csv'), join(out, 'tiny', 'Result sheet.csv'), join(out, 'outputs.csv')]);
    for (const file of result.written) expect(readFileSync(file, 'utf8').startsWith('\uFEFF')).toBe(true);
    expect(readFileSync(join(out, 'tiny', 'Result sheet.csv'), 'utf8')).toBe(`\uFEFF${TINY_RESULT_SHEET_CSV}`);
  });

  it('exporting every preset in one run (one workbook switched between them) writes what a build of each alone gives', async () => {
    const out = outDir('every-preset');
    const result = await exportScenarios({ scenarios: [], outDir: out, formulas: true, bom: false, xlsx: false });
    expect(result.issues).toEqual([]);
    const { presets } = readPresets();
    expect(result.exported.map((scenario) => scenario.id)).toEqual(presets.map(({ scenario }) => scenario.id));
    const outputs = presets.flatMap(({ scenario: { id } }) => {
      const resolved = loadScenario(id, presets);
      if (!resolved.ok) throw new Error(`preset ${id} does not resolve`);
      const alone = evaluateScenario(resolved.value.scenario);
      for (const [sheet, values] of Object.entries(alone.sheets)) {
        expect(readFileSync(join(out, id, `${sheet}.csv`), 'utf8'), `${id}/${sheet}.csv`).toBe([...sheetValuesToCsvChunks(values)].join(''));
      }
      return alone.outputs.map((output) => ({ scenario: id, output }));
    });
    expect(readFileSync(join(out, 'outputs.csv'), 'utf8')).toBe(outputsToCsv(outputs));
  });

  it('refuses a second scenario with an id already exported, instead of mixing their files', async () => {
    const result = await exportScenarios({ scenarios: [TINY, TINY], outDir: outDir('twice'), formulas: false, bom: false, xlsx: false });
    expect(result.exported.map((scenario) => scenario.id)).toEqual(['tiny']);
    expect(result.issues).toEqual([expect.objectContaining({ path: 'id', message: expect.stringContaining('"tiny" is exported already') })]);
  });

  it('refuses to let a sheet named "X.formulas" and the formulas of sheet "X" overwrite each other', async () => {
    const folder = join(scratch, 'clash');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'clash.json');
    const tiny = JSON.parse(readFileSync(TINY, 'utf8')) as { id: string; sheets: Record<string, unknown> };
    tiny.id = 'clash';
    tiny.sheets['Inputs.formulas'] = [[1]];
    writeFileSync(file, JSON.stringify(tiny));
    const result = await exportScenarios({ scenarios: [file], outDir: outDir('clash-out'), formulas: true, bom: false, xlsx: false });
    expect(result.issues).toEqual([
      expect.objectContaining({ path: 'sheets["Inputs.formulas"]', message: expect.stringContaining('would overwrite the file of sheet "Inputs"') }),
    ]);
    expect(readFileSync(join(outDir('clash-out'), 'clash', 'Inputs.formulas.csv'), 'utf8')).toBe(TINY_INPUTS_CSV);
  });

  it.each<[name: string, args: string[], stderr: RegExp]>([
    ['a missing --out', [TINY], /^export: --out DIR is required/],
    ['--out without its folder', [TINY, '--out'], /^export: Option '-o, --out <value>' argument missing/],
    ['an unknown option', [TINY, '--out', 'ignored', '--colour'], /^export: Unknown option '--colour'/],
  ])('runExport: %s is one line on stderr and exit code 2', async (_name, args, stderr) => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runExport(args, { out: (line) => out.push(line), err: (line) => err.push(line) })).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([expect.stringMatching(stderr)]);
  });

  it('runExport: --help prints the usage and exit code 0', async () => {
    const out: string[] = [];
    expect(await runExport(['--help'], { out: (line) => out.push(line), err: (line) => out.push(line) })).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^Usage: npm run export -- /)]);
  });
});
