import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/compare';
import { runGoalSeek } from '../../src/cli/goalSeek';
import { runSweep } from '../../src/cli/sweep';
import { runTornado } from '../../src/cli/tornado';
import type { ConsoleStreams } from '../../src/cli/shell';
import { parseSheetCsv } from '../../src/io/csv';
import { REPO_ROOT, fixturePath } from '../paths';

const REPO = REPO_ROOT;
const TINY = fixturePath('tiny.json');
const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-analysis-'));

async function run(command: (args: readonly string[], streams: ConsoleStreams) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}
const csvAt = (file: string) => parseSheetCsv(readFileSync(file, 'utf8'));

describe('npm run compare', () => {
  it('writes every output of each scenario beside the baseline, tidy', async () => {
    const file = join(scratch, 'compare.csv');
    expect(await run(runCompare, ['baseline', 'roll-back', '--out', file])).toMatchObject({ code: 0, err: [] });
    const [header, ...rows] = csvAt(file);
    expect(header).toEqual(['scenario', 'output', 'label', 'unit', 'value', 'baseline_value', 'delta', 'delta_pct']);
    const rollBackCars = rows.find((row) => row[0] === 'roll-back' && row[1] === 'JpCarsToUs');
    // roll-back restores 1.4 million cars; the baseline has 1.4 million x (1 - 0.25 / 1.025)
    const base = 1_400_000 * (1 - 0.25 / 1.025);
    expect(rollBackCars?.[4]).toBe(1_400_000);
    expect(rollBackCars?.[5]).toBeCloseTo(base, 6);
    expect(rollBackCars?.[6]).toBeCloseTo(1_400_000 - base, 6);
    expect(rollBackCars?.[7]).toBeCloseTo(((1_400_000 - base) / base) * 100, 9);
  });

  it('refuses a baseline that is not compared', async () => {
    const result = await run(runCompare, ['roll-back', '--baseline', 'baseline', '--out', join(scratch, 'x.csv')]);
    expect(result).toMatchObject({ code: 2, err: ['compare: --baseline "baseline" is not among the compared scenarios (roll-back)'] });
  });
});

describe('npm run sweep', () => {
  it('writes input,input_value,output,value for each point and output', async () => {
    const file = join(scratch, 'sweep.csv');
    const result = await run(runSweep, [TINY, '--input', 'Volume', '--from', '0', '--to', '200', '--steps', '3', '--output', 'TariffPaid', '--out', file]);
    expect(result.code).toBe(0);
    expect(csvAt(file)).toEqual([
      ['input', 'input_value', 'output', 'value'],
      ['Volume', 0, 'TariffPaid', 0],
      ['Volume', 100, 'TariffPaid', 250],
      ['Volume', 200, 'TariffPaid', 500],
    ]);
  });

  it('takes an explicit list of values', async () => {
    const file = join(scratch, 'list.csv');
    await run(runSweep, [TINY, '--input', 'Rate', '--values', '0,1', '--output', 'Revenue', '--output', 'TariffPaid', '--out', file]);
    expect(csvAt(file).slice(1)).toEqual([['Rate', 0, 'Revenue', 1000], ['Rate', 0, 'TariffPaid', 0], ['Rate', 1, 'Revenue', 1000], ['Rate', 1, 'TariffPaid', 1000]]);
  });

  it.each([
    ['an unknown scenario', ['nope', '--input', 'Rate', '--from', '0', '--to', '1', '--steps', '3'], /^nope: no such file, and no preset with that id \(presets: .*baseline/],
    ['an unknown input', [TINY, '--input', 'Nope', '--from', '0', '--to', '1', '--steps', '3'], /^no input named "Nope"$/],
    ['an unknown output', [TINY, '--input', 'Rate', '--from', '0', '--to', '1', '--steps', '3', '--output', 'Nope'], /^no output named "Nope"$/],
    ['steps < 2', [TINY, '--input', 'Rate', '--from', '0', '--to', '1', '--steps', '1'], /^--steps must be a whole number of at least 2, got 1$/],
    ['from = to', [TINY, '--input', 'Rate', '--from', '1', '--to', '1', '--steps', '3'], /^--from and --to must be different numbers, got 1 and 1$/],
    ['a from that is not a number', [TINY, '--input', 'Rate', '--from', 'x', '--to', '1', '--steps', '3'], /^--from: "x" is not a number$/],
  ])('%s: one clear line and exit code 2', async (_name, args, message) => {
    const result = await run(runSweep, [...args, '--out', join(scratch, 'bad.csv')]);
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
  });

  it('as a process: a bad argument is one line on stderr, no stack trace, exit code 2', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/sweep.ts', 'baseline', '--input', 'Nope', '--from', '0', '--to', '1', '--steps', '2', '--out', join(scratch, 'p.csv')],
        { cwd: REPO }, (error, _stdout, stderr) => done({ code: error ? (error.code as number) : 0, stderr }));
    });
    expect(result).toEqual({ code: 2, stderr: 'no input named "Nope"\n' });
  });
});

describe('npm run sweep with a column input: a two-input table', () => {
  it('writes one row per cell of the baseline car tariff x demand elasticity table', async () => {
    const file = join(scratch, 'two-input.csv');
    const result = await run(runSweep, [
      'baseline', '--input', 'AutoTariff', '--from', '0', '--to', '0.5', '--steps', '6',
      '--column-input', 'CarDemandElasticity', '--column-from', '-2', '--column-to', '-0.5', '--column-steps', '4',
      '--output', 'UsTariffOnJpCars', '--out', file,
    ]);
    expect(result).toMatchObject({ code: 0, err: [], out: [`6 values of AutoTariff x 4 values of CarDemandElasticity -> UsTariffOnJpCars: ${file}`] });
    const [header, ...rows] = csvAt(file);
    expect(header).toEqual(['row_input', 'row_value', 'column_input', 'column_value', 'output', 'value']);
    expect(rows).toHaveLength(6 * 4);
    expect(rows.map((row) => row[3]).slice(0, 4)).toEqual([-2, -1.5, -1, -0.5]);
    // A 30 % added tariff (32.5 % with MFN), elasticity -1, full pass-through, no quota:
    // 1.4 million cars x (1 - 0.3 / 1.025) x 32.5 % x 28,000 USD a car.
    const cell = rows.find((row) => row[1] === 0.3 && row[3] === -1);
    expect(cell?.slice(0, 5)).toEqual(['AutoTariff', 0.3, 'CarDemandElasticity', -1, 'UsTariffOnJpCars']);
    expect(cell?.[5]).toBeCloseTo(1_400_000 * (1 - 0.3 / 1.025) * 0.325 * 28_000, 3);
  });

  it('takes listed values on either axis', async () => {
    const file = join(scratch, 'two-input-listed.csv');
    const result = await run(runSweep, [TINY, '--input', 'Volume', '--values', '0,200', '--column-input', 'Rate', '--column-values', '0.1,0.5', '--output', 'TariffPaid', '--out', file]);
    expect(result.code).toBe(0);
    // Tariff paid = 10 USD x volume x rate.
    expect(csvAt(file).slice(1)).toEqual([
      ['Volume', 0, 'Rate', 0.1, 'TariffPaid', 0],
      ['Volume', 0, 'Rate', 0.5, 'TariffPaid', 0],
      ['Volume', 200, 'Rate', 0.1, 'TariffPaid', 200],
      ['Volume', 200, 'Rate', 0.5, 'TariffPaid', 1000],
    ]);
  });

  const rows = ['--input', 'Volume', '--from', '0', '--to', '100', '--steps', '2'];
  const columns = ['--column-input', 'Rate', '--column-from', '0', '--column-to', '1', '--column-steps', '3'];
  it.each([
    ['an unknown row input', [TINY, '--input', 'Nope', '--from', '0', '--to', '1', '--steps', '2', ...columns, '--output', 'TariffPaid'], /^no input named "Nope"$/],
    ['an unknown column input', [TINY, ...rows, '--column-input', 'Nope', '--column-values', '0,1', '--output', 'TariffPaid'], /^no input named "Nope"$/],
    ['an unknown output', [TINY, ...rows, ...columns, '--output', 'Nope'], /^no output named "Nope"$/],
    ['the same input twice', [TINY, ...rows, '--column-input', 'Volume', '--column-values', '0,1', '--output', 'TariffPaid'], /^the row and column inputs must differ$/],
    ['column steps < 2', [TINY, ...rows, '--column-input', 'Rate', '--column-from', '0', '--column-to', '1', '--column-steps', '1', '--output', 'TariffPaid'],
      /^--column-steps must be a whole number of at least 2, got 1$/],
    ['column from = to', [TINY, ...rows, '--column-input', 'Rate', '--column-from', '1', '--column-to', '1', '--column-steps', '3', '--output', 'TariffPaid'],
      /^--column-from and --column-to must be different numbers, got 1 and 1$/],
    ['a column value that is not a number', [TINY, ...rows, '--column-input', 'Rate', '--column-values', '0,x', '--output', 'TariffPaid'], /^--column-values: "x" is not a number$/],
    ['several outputs', [TINY, ...rows, ...columns, '--output', 'TariffPaid', '--output', 'Revenue'],
      /^sweep: a two-input table shows exactly one output: name it with one --output \(got 2\)$/],
    ['no output', [TINY, ...rows, ...columns], /^sweep: a two-input table shows exactly one output: name it with one --output \(got 0\)$/],
    ['a column range without a column input', [TINY, ...rows, '--column-values', '0,1', '--output', 'TariffPaid'], /^sweep: --column-values needs --column-input NAME \(see --help\)$/],
  ])('%s: one clear line and exit code 2', async (_name, args, message) => {
    const result = await run(runSweep, [...args, '--out', join(scratch, 'bad-two-input.csv')]);
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
  });
});

describe('npm run tornado and goal-seek', () => {
  it('tornado lists each input by the swing it gives the output, largest first', async () => {
    const file = join(scratch, 'tornado.csv');
    const result = await run(runTornado, [TINY, '--output', 'Revenue', '--out', file]);
    expect(result.code).toBe(0);
    const [header, first, second] = csvAt(file);
    expect(header?.[0]).toBe('output');
    expect(first?.slice(0, 2)).toEqual(['Revenue', 'Volume']);
    expect(first?.at(-1)).toBe(400);
    expect(second?.slice(1, 2)).toEqual(['Rate']);
    // The printed table is for people: grouped digits, and a share as percent, not 0.2 %.
    expect(result.out[1]).toMatch(/^Volume\s+400 USD\s+80 units \.\. 120 units$/);
    expect(result.out[2]).toMatch(/^Rate\s+\S.* USD\s+\d+ % \.\. \d+ %$/);
  });

  it('a reader that closes the pipe early (| head -1) ends the output quietly: exit 0, no EPIPE stack', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/tornado.ts', 'baseline', '--output', 'CarGapUsd'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.once('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('goal seek finds the input value and exits 0; with no solution in range it says so and exits 1', async () => {
    expect(await run(runGoalSeek, [TINY, '--input', 'Volume', '--output', 'TariffPaid', '--target', '500'])).toMatchObject({
      code: 0, out: ['TariffPaid reaches 500 at Volume = 200'],
    });
    expect(await run(runGoalSeek, [TINY, '--input', 'Rate', '--output', 'TariffPaid', '--target', '5000'])).toMatchObject({
      code: 1, out: ['no value of Rate between 0 and 1 brings TariffPaid to 5000; the closest is 1000 at Rate = 1'],
    });
  });
});

/** Runs a command as npm does, recording the URL of every module it resolves (test/fixtures/module-log). */
function runRecordingModules(script: string, args: string[]): Promise<{ code: number | null; stderr: string; modules: string[] }> {
  const log = join(mkdtempSync(join(scratch, 'modules-')), 'resolved.txt');
  writeFileSync(log, '');
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', '--import', './test/fixtures/module-log/register.mjs', script, ...args],
      { cwd: REPO, env: { ...process.env, MODULE_LOG: log } },
      (error, _stdout, stderr) => done({ code: error ? (error.code as number) : 0, stderr, modules: readFileSync(log, 'utf8').split('\n') }));
  });
}
const loadsHyperFormula = (modules: readonly string[]) => modules.some((url) => url.includes('/node_modules/hyperformula/'));

// HyperFormula takes about half a second to load: a command refusing a bad file must not wait for it (issue #6).
describe.concurrent('a bad scenario file is answered before HyperFormula is loaded', () => {
  const broken = join(scratch, 'broken.json');
  writeFileSync(broken, '{ "type": "tradesheet-scenario", "version": 1,,, }');
  const brokenMessage = `${broken}: not valid JSON: expected a key in double quotes, found "," at line 1, column 47\n`;

  it.each([
    ['export', 'src/cli/export.ts', [broken, '--out', join(scratch, 'never')]],
    ['compare', 'src/cli/compare.ts', ['baseline', broken, '--out', join(scratch, 'never.csv')]],
    ['sweep', 'src/cli/sweep.ts', [broken, '--input', 'AutoTariff', '--values', '0,1', '--out', join(scratch, 'never.csv')]],
    ['tornado', 'src/cli/tornado.ts', [broken, '--output', 'CarGapUsd']],
    ['goal-seek', 'src/cli/goalSeek.ts', [broken, '--input', 'ExtraUsRice', '--output', 'UsRiceExportValue', '--target', '3.3e9']],
  ])('%s', async (_command, script, args) => {
    const result = await runRecordingModules(script, args);
    expect(result).toMatchObject({ code: 2, stderr: brokenMessage });
    expect(result.modules).toContain(pathToFileURL(join(REPO, 'src/model/scenario.ts')).href);
    expect(loadsHyperFormula(result.modules)).toBe(false);
  });

  it('while a good file does load it (the record sees HyperFormula when it is there)', async () => {
    const result = await runRecordingModules('src/cli/tornado.ts', [TINY, '--output', 'Revenue']);
    expect(result.code).toBe(0);
    expect(loadsHyperFormula(result.modules)).toBe(true);
  });
});

describe('an analysis whose slice the compiled plan cannot express', () => {
  const withLookup = join(scratch, 'lookup.json');
  writeFileSync(withLookup, JSON.stringify({
    type: 'tradesheet-scenario', version: 1, id: 'lookup', name: 'Lookup', description: 'A rate read through VLOOKUP',
    sheets: { Inputs: [['Rate', 0.25], ['Table', 1], ['', 2]], Out: [['Tariff', '=VLOOKUP(1,Inputs!B2:B3,1)*Rate']] },
    inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '%', source: { assumption: 'a test value' }, min: 0, max: 1 } },
    outputs: { Tariff: { cell: 'Out!B1', label: 'Tariff', unit: 'USD' } },
  }));

  it.each([
    ['sweep', runSweep, ['--input', 'Rate', '--from', '0', '--to', '1', '--steps', '3', '--out', join(scratch, 'lookup-sweep.csv')]],
    ['tornado', runTornado, ['--output', 'Tariff']],
    ['goal-seek', runGoalSeek, ['--input', 'Rate', '--output', 'Tariff', '--target', '0.5']],
  ] as const)('%s goes through HyperFormula and says on stderr which cell sent it there and why', async (name, command, args) => {
    const result = await run(command, [withLookup, ...args]);
    expect(result.code).toBe(0);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(new RegExp(`^${name}: Computed point by point through HyperFormula: Out!B1: .*VLOOKUP`));
  });

  it('the presets take the plan: a sweep of the baseline says nothing on stderr', async () => {
    const result = await run(runSweep, ['baseline', '--input', 'AutoTariff', '--from', '0', '--to', '1', '--steps', '3', '--out', join(scratch, 'plan-sweep.csv')]);
    expect(result).toMatchObject({ code: 0, err: [] });
  });
});
