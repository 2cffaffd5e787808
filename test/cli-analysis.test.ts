import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../src/cli/compare';
import { runGoalSeek } from '../src/cli/goalSeek';
import { runSweep } from '../src/cli/sweep';
import { runTornado } from '../src/cli/tornado';
import type { ConsoleStreams } from '../src/cli/shell';
import { parseSheetCsv } from '../src/io/csv';

const REPO = resolve(import.meta.dirname, '..');
const TINY = resolve(import.meta.dirname, 'fixtures/tiny.json');
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
    ['from = to', [TINY, '--input', 'Rate', '--from', '1', '--to', '1', '--steps', '3'], /^from and to must be different numbers, got 1 and 1$/],
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
