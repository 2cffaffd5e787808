/** `npm run simulate`: the summary and draws files, the same seed giving the same bytes, scenarios paired draw by draw, and its refusals. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulate } from '../../src/cli/simulate';
import type { ConsoleStreams } from '../../src/cli/shell';
import { parseSheetCsv } from '../../src/io/csv';
import type { CellValue } from '../../src/model';
import { REPO_ROOT, fixturePath } from '../paths';

const REPO = REPO_ROOT;
const TINY = fixturePath('tiny.json');
const SAMPLES = 2000;
const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-simulate-'));

interface PresetFile {
  inputs: Record<string, { range?: unknown }>;
  outputs: Record<string, unknown>;
}
const baselineFile = JSON.parse(readFileSync(join(REPO, 'scenarios/baseline.json'), 'utf8')) as PresetFile;
const INPUTS = Object.keys(baselineFile.inputs);
const RANGED = INPUTS.filter((name) => baselineFile.inputs[name]?.range !== undefined);
const OUTPUTS = Object.keys(baselineFile.outputs);

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: ConsoleStreams = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await runSimulate(args, streams);
  return { code, out, err };
}
const csvAt = (file: string) => parseSheetCsv(readFileSync(file, 'utf8'));
const bytesAt = (file: string) => readFileSync(file);
const numberAt = (row: readonly CellValue[] | undefined, column: number): number => {
  const value = row?.[column];
  if (typeof value !== 'number') throw new Error(`expected a number in column ${column}, got ${String(value)}`);
  return value;
};

describe('npm run simulate on the baseline', () => {
  const summary = join(scratch, 'summary.csv');
  const draws = join(scratch, 'draws.csv');
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run(['baseline', '--samples', String(SAMPLES), '--out', summary, '--samples-out', draws]);
  });

  it('writes one summary row per output, its percentiles in order and its mean between its extremes', () => {
    expect(result).toEqual({
      code: 0,
      err: [],
      out: [
        `${OUTPUTS.length} rows, one per scenario and output, over ${SAMPLES} draws (lhs, seed 1): ${summary}`,
        `${SAMPLES} rows, one per draw and scenario: ${draws}`,
      ],
    });
    const [header, ...rows] = csvAt(summary);
    expect(header).toEqual(['scenario', 'output', 'label', 'unit', 'mean', 'sd', 'min', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'max']);
    expect(rows.map((row) => row[1])).toEqual(OUTPUTS);
    for (const row of rows) {
      expect(row[0]).toBe('baseline');
      const [mean, min, p5, p50, p95, max] = [4, 6, 7, 10, 12, 14].map((column) => numberAt(row, column));
      expect(p5).toBeLessThanOrEqual(p50!);
      expect(p50).toBeLessThanOrEqual(p95!);
      // The mean is a sum of 2,000 doubles: for an output all but constant (AverageUsCarTariff at 27.5 %)
      // its rounding may put it a few units in the last place outside the extremes.
      const slack = 1e-12 * Math.max(Math.abs(min!), Math.abs(max!));
      expect(mean).toBeGreaterThanOrEqual(min! - slack);
      expect(mean).toBeLessThanOrEqual(max! + slack);
    }
  });

  it('writes every draw wide: draw, scenario, each input, each output', () => {
    const [header, ...rows] = csvAt(draws);
    expect(header).toEqual(['draw', 'scenario', ...INPUTS, ...OUTPUTS]);
    expect(rows).toHaveLength(SAMPLES);
    expect(rows[0]?.slice(0, 2)).toEqual([1, 'baseline']);
    expect(rows.at(-1)?.slice(0, 2)).toEqual([SAMPLES, 'baseline']);
    // An input without a range holds its value; a ranged one varies from draw to draw.
    const column = (name: string) => rows.map((row) => row[2 + INPUTS.indexOf(name)]);
    expect(new Set(column('AutoTariff'))).toEqual(new Set([0.25]));
    for (const name of RANGED) expect(new Set(column(name)).size).toBe(SAMPLES);
  });

  it('gives the same bytes for the same seed, and other draws for another seed', async () => {
    const again = [join(scratch, 'again.csv'), join(scratch, 'again-draws.csv')] as const;
    expect((await run(['baseline', '--samples', String(SAMPLES), '--seed', '1', '--out', again[0], '--samples-out', again[1]])).code).toBe(0);
    expect(bytesAt(again[0]).equals(bytesAt(summary))).toBe(true);
    expect(bytesAt(again[1]).equals(bytesAt(draws))).toBe(true);
    const other = [join(scratch, 'other.csv'), join(scratch, 'other-draws.csv')] as const;
    expect((await run(['baseline', '--samples', String(SAMPLES), '--seed', '2', '--out', other[0], '--samples-out', other[1]])).code).toBe(0);
    expect(bytesAt(other[0]).equals(bytesAt(summary))).toBe(false);
    expect(bytesAt(other[1]).equals(bytesAt(draws))).toBe(false);
  });
});

describe('npm run simulate on two scenarios', () => {
  it('pairs them: every shared ranged input takes the same value on the same draw, and stdout says how often one beats the other', async () => {
    const summary = join(scratch, 'paired.csv');
    const draws = join(scratch, 'paired-draws.csv');
    const result = await run(['baseline', 'roll-back', '--samples', '500', '--output', 'JpCarsToUs', '--output', 'UsRiceTaxFree', '--out', summary, '--samples-out', draws]);
    expect(result.code).toBe(0);
    expect(result.err).toEqual([]);
    // roll-back drops the 25 % tariff: more cars on every draw, and rice untouched.
    expect(result.out.slice(2)).toEqual([
      'share of draws on which the output is above baseline\'s on the same draw ("same": equal on every draw):',
      'output         roll-back',
      'JpCarsToUs       100.0 %',
      'UsRiceTaxFree       same',
    ]);
    expect(csvAt(summary).slice(1).map((row) => row.slice(0, 2))).toEqual([
      ['baseline', 'JpCarsToUs'], ['baseline', 'UsRiceTaxFree'], ['roll-back', 'JpCarsToUs'], ['roll-back', 'UsRiceTaxFree'],
    ]);

    const [header, ...rows] = csvAt(draws);
    expect(header).toEqual(['draw', 'scenario', ...INPUTS, 'JpCarsToUs', 'UsRiceTaxFree']);
    expect(rows).toHaveLength(500 * 2);
    const column = (name: string) => 2 + INPUTS.indexOf(name);
    for (let draw = 1; draw <= 500; draw += 1) {
      const [base, rollBack] = rows.filter((row) => row[0] === draw);
      expect([base?.[1], rollBack?.[1]]).toEqual(['baseline', 'roll-back']);
      for (const name of RANGED) expect(rollBack?.[column(name)]).toBe(base?.[column(name)]);
      expect([base?.[column('AutoTariff')], rollBack?.[column('AutoTariff')]]).toEqual([0.25, 0]);
    }
  });
});

describe('npm run simulate refuses', () => {
  it.each([
    ['a scenario with no ranged input', [TINY], /^simulate: .*tiny\.json has no input with a range, so there is nothing to draw/],
    ['an unknown scenario', ['nope'], /^nope: no such file, and no preset with that id \(presets: .*baseline/],
    ['an unknown output', ['baseline', '--output', 'Nope'], /^no output named "Nope"$/],
    ['--samples below 2', ['baseline', '--samples', '1'], /^--samples must be a whole number of at least 2, got 1$/],
    ['--samples not whole', ['baseline', '--samples', '2.5'], /^--samples must be a whole number of at least 2, got 2.5$/],
    ['--samples above the most', ['baseline', '--samples', '1000001'], /^--samples must be at most 1000000, got 1000001$/],
    ['--sampling other than lhs or random', ['baseline', '--sampling', 'sobol'], /^--sampling must be lhs or random, got sobol$/],
    ['a negative --seed', ['baseline', '--seed', '-1'], /^--seed must be a whole number of at least 0, got -1$/],
    ['a --seed that is not a number', ['baseline', '--seed', 'x'], /^--seed must be a whole number of at least 0, got x$/],
    ['no scenario', [], /^name a scenario/],
  ])('%s: one clear line and exit code 2', async (_name, args, message) => {
    const result = await run([...args, '--out', join(scratch, 'bad.csv')]);
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
  });

  it('no --out', async () => {
    expect(await run(['baseline'])).toEqual({ code: 2, out: [], err: ['simulate: --out FILE is required (see --help)'] });
  });
});

describe('npm run simulate as a process', () => {
  const execNode = (args: string[], env: NodeJS.ProcessEnv = {}) => new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
  });

  it('node src/cli/run.mjs simulate writes the summary and says so', async () => {
    const file = join(scratch, 'process.csv');
    const result = await execNode(['src/cli/run.mjs', 'simulate', 'baseline', '--samples', '200', '--out', file]);
    expect(result).toEqual({ code: 0, stderr: '', stdout: `${OUTPUTS.length} rows, one per scenario and output, over 200 draws (lhs, seed 1): ${file}\n` });
    expect(csvAt(file)).toHaveLength(OUTPUTS.length + 1);
  });

  // HyperFormula takes about half a second to load: a bad file must not wait for it (issue #6).
  it('answers a bad scenario file before HyperFormula is loaded', async () => {
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{ "type": "tradesheet-scenario", "version": 1,,, }');
    const log = join(scratch, 'resolved.txt');
    writeFileSync(log, '');
    const result = await execNode(['--import', 'tsx', '--import', './test/fixtures/module-log/register.mjs', 'src/cli/simulate.ts', 'baseline', broken, '--out', join(scratch, 'never.csv')], { MODULE_LOG: log });
    expect(result).toMatchObject({ code: 2, stderr: `${broken}: not valid JSON: expected a key in double quotes, found "," at line 1, column 47\n` });
    const modules = readFileSync(log, 'utf8').split('\n');
    expect(modules).toContain(pathToFileURL(join(REPO, 'src/model/scenario.ts')).href);
    expect(modules.some((url) => url.includes('/node_modules/hyperformula/'))).toBe(false);
  });
});

describe('a simulation whose slice the compiled plan cannot express', () => {
  it('goes through HyperFormula and says on stderr which cell sent it there and why', async () => {
    const withLookup = join(scratch, 'lookup.json');
    writeFileSync(withLookup, JSON.stringify({
      type: 'tradesheet-scenario', version: 1, id: 'lookup', name: 'Lookup', description: 'A rate read through VLOOKUP',
      sheets: { Inputs: [['Rate', 0.25], ['Table', 1], ['', 2]], Out: [['Tariff', '=VLOOKUP(1,Inputs!B2:B3,1)*Rate']] },
      inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '%', source: { assumption: 'a test value' }, min: 0, max: 1, range: { low: 0.2, high: 0.3, distribution: 'uniform', source: { assumption: 'a test range' } } } },
      outputs: { Tariff: { cell: 'Out!B1', label: 'Tariff', unit: 'USD' } },
    }));
    const file = join(scratch, 'lookup-summary.csv');
    const result = await run([withLookup, '--samples', '50', '--out', file]);
    expect(result.code).toBe(0);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^simulate: Computed point by point through HyperFormula: Out!B1: .*VLOOKUP/);
    const [, row] = csvAt(file);
    expect(numberAt(row, 6)).toBeGreaterThanOrEqual(0.2);
    expect(numberAt(row, 14)).toBeLessThanOrEqual(0.3);
  });
});
