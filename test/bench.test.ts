/**
 * The bench works: `npm run bench -- --quick` runs every figure at tiny sizes and writes results.json
 * and results.md with a number and a target for each. It asserts no time: a MISS here is not a failure
 * (quick sizes judge nothing), and the real figures come from a full `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lateFrames } from '../bench/largeSheetBrowser';
import { metric, type BenchResults } from '../bench/report';
import { findSsconvert } from './executables';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** Figure 6 times the export against Gnumeric's ssconvert: an optional extra, so it runs only where ssconvert is installed. */
const FIGURES = findSsconvert() ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 3, 4, 5, 7, 8, 9];

let outDir: string;
let run: { code: number | null; stdout: string; stderr: string };
let results: BenchResults;

beforeAll(async () => {
  // A temporary folder: the smoke run must not overwrite the full run's bench/results.*.
  outDir = mkdtempSync(join(tmpdir(), 'tradesheet-bench-smoke-'));
  run = await new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--only', FIGURES.join(','), '--out', outDir], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
  const json = join(outDir, 'results.json');
  if (!existsSync(json)) throw new Error(`the bench wrote no results.json (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults;
}, 300_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('runs every figure without an error', () => {
    const failures = results.figures.flatMap((figure) => [
      ...(figure.error === undefined ? [] : [`figure ${figure.figure}: ${figure.error}`]),
      ...figure.metrics.filter((m) => m.status === 'ERROR').map((m) => `${m.key}: ${m.note ?? 'no value'}`),
    ]);
    expect(failures).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    expect(results.quick).toBe(true);
  });

  it('reports every figure of the issue', () => {
    expect(results.figures.map((figure) => figure.figure)).toEqual(FIGURES);
  });

  it.each(FIGURES)('figure %i has a measured number and a target', (number) => {
    const figure = results.figures.find((candidate) => candidate.figure === number);
    expect(figure?.metrics.some((m) => typeof m.value === 'number' && Number.isFinite(m.value))).toBe(true);
    expect(figure?.metrics.some((m) => m.target !== undefined)).toBe(true);
  });

  it('judges every measure with a target as PASS or MISS', () => {
    for (const m of results.figures.flatMap((figure) => figure.metrics)) {
      expect(typeof m.value === 'number' && Number.isFinite(m.value), m.key).toBe(true);
      expect(m.status, m.key).toBe(m.target === undefined ? 'INFO' : m.value !== null && (m.target.op === '<=' ? m.value <= m.target.value : m.value >= m.target.value) ? 'PASS' : 'MISS');
    }
  });

  it('prints the table with the target and the result beside each figure, and writes it as Markdown', () => {
    expect(run.stdout).toMatch(/^fig\s+measure\s+value\s+target\s+result$/m);
    expect(run.stdout).toMatch(/^3a\s.*(PASS|MISS)$/m);
    const markdown = readFileSync(join(outDir, 'results.md'), 'utf8');
    expect(markdown).toContain('| fig | measure | value | target | result |');
    for (const number of FIGURES) expect(markdown).toContain(`## ${number}. `);
  });
});

describe('a measure', () => {
  it('is judged as it is stored: a p95 of 16.70004 ms is stored as 16.7 and passes a target of 16.7', () => {
    const frame = metric('1a', 'a frame', 16.70004, 'ms', { op: '<=', value: 16.7 });
    expect(frame.value).toBe(16.7);
    expect(frame.status).toBe('PASS');
    expect(metric('1a', 'a frame', 16.7006, 'ms', { op: '<=', value: 16.7 }).status).toBe('MISS');
  });
});

describe('a scroll frame', () => {
  it('is late when it misses its turn, not when the frame clock wavers by a tenth of a millisecond', () => {
    expect(lateFrames([16.6, 16.7, 16.8, 16.7, 17.6])).toBe(0);
    expect(lateFrames([16.7, 33.3, 16.7, 17.8, 50])).toBe(3);
  });
});
