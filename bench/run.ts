/**
 * `npm run bench [-- --quick] [--only 3,4] [--out DIR]`: measures the figures of the performance issue in
 * one run, prints a table with each target and PASS/MISS, and writes DIR/results.json and
 * DIR/results.md (DIR is bench/ by default). Never part of `npm test`; test/bench.test.ts runs it with
 * --quick into a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, type BenchContext, type Figure } from './context';
import { analysisSpeed } from './analysisSpeed';
import { cliPeer } from './cliPeer';
import { csvExport } from './csvExport';
import { editToPaint } from './editToPaint';
import { firstLoad } from './firstLoad';
import { largeSheet } from './largeSheet';
import { modelOverhead } from './modelOverhead';
import { sweep } from './sweep';
import { uncertainty } from './uncertainty';
import { round } from './measure';
import { busyMachineWarning, formatTable, writeResults, type BenchResults, type FigureResult } from './report';

/** The issue allows the whole bench five minutes. */
const TIME_BUDGET_S = 300;

const FIGURES: ReadonlyMap<number, Figure> = new Map([
  [1, editToPaint],
  [2, largeSheet],
  [3, modelOverhead],
  [4, csvExport],
  [5, sweep],
  [6, cliPeer],
  [7, firstLoad],
  [8, analysisSpeed],
  [9, uncertainty],
]);

function packageVersion(name: string): string {
  try {
    const json = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return json.version ?? '?';
  } catch {
    return '?';
  }
}

export interface BenchOptions {
  quick: boolean;
  only: number[] | undefined;
  outDir: string;
  log?: (line: string) => void;
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-bench-'));
  const context: BenchContext = {
    quick: options.quick,
    repoRoot: REPO_ROOT,
    scratch,
    dataDir: options.quick ? join(scratch, 'data') : join(REPO_ROOT, 'bench/out'),
    log,
  };
  const started = performance.now();
  const loadAtStart = round(loadavg()[0] ?? 0, 2);
  const figures: FigureResult[] = [];
  try {
    for (const [number, figure] of FIGURES) {
      if (options.only && !options.only.includes(number)) continue;
      log(`figure ${number}…`);
      const start = performance.now();
      // Other work on the machine slows every figure; the 1-minute load average says how much there was.
      const loadAtStart = round(loadavg()[0] ?? 0, 2);
      try {
        const result = await figure(context);
        const load = { loadAverageAtStart: loadAtStart, loadAverageAtEnd: round(loadavg()[0] ?? 0, 2) };
        figures.push({ ...result, raw: { ...result.raw, ...load }, seconds: (performance.now() - start) / 1000 });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`  figure ${number} failed: ${message}`);
        figures.push({ figure: number, title: `figure ${number}`, metrics: [], method: [], raw: {}, seconds: (performance.now() - start) / 1000, error: message });
      }
      log(`  ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const cpu = cpus();
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cores: cpu.length,
      cpu: cpu[0]?.model.trim() ?? '?',
      memoryGB: Math.round(totalmem() / 1e9),
      loadAverage1mAtStart: loadAtStart,
      loadAverage1mAtEnd: round(loadavg()[0] ?? 0, 2),
    },
    versions: Object.fromEntries(['hyperformula', 'papaparse', 'vite', 'playwright-core', 'tsx'].map((name) => [name, packageVersion(name)])),
    seconds: (performance.now() - started) / 1000,
    figures,
  };
  writeResults(results, { json: join(options.outDir, 'results.json'), markdown: join(options.outDir, 'results.md') });
  return results;
}

function parseOnly(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const numbers = text.split(',').map((part) => Number(part.trim()));
  const unknown = numbers.filter((n) => !FIGURES.has(n));
  if (unknown.length > 0 || numbers.length === 0) throw new Error(`--only takes figure numbers from ${[...FIGURES.keys()].join(',')}, got "${text}"`);
  return numbers;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run bench [-- --quick] [--only 3,4] [--out DIR]\n');
    return 0;
  }
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'bench'));
  const results = await runBench({ quick: values.quick, only: parseOnly(values.only), outDir });
  process.stdout.write(`\n${formatTable(results)}\n\n`);
  const busy = busyMachineWarning(results);
  if (busy) process.stdout.write(`${busy}\n`);
  const over = results.seconds > TIME_BUDGET_S ? ` (over the ${TIME_BUDGET_S} s budget)` : '';
  process.stdout.write(`${results.seconds.toFixed(1)} s in all${over}; wrote ${join(outDir, 'results.json')} and results.md\n`);
  // A MISS is a result, not a failure; a figure that could not be measured is.
  const failed = results.figures.some((figure) => figure.error !== undefined || figure.metrics.some((m) => m.status === 'ERROR'));
  return failed ? 1 : 0;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(REPO_ROOT, 'bench/run.ts');
if (isMain) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
