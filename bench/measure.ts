/** Timing, statistics and a seeded random source for the benchmarks. Nothing here knows about a figure. */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync, constants as zlibConstants } from 'node:zlib';

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
  /** Every sample in the order taken, so a reader can see warm-up or drift. */
  samples: number[];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile by linear interpolation between the nearest ranks (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (rank - below);
}

export function summarize(samples: readonly number[]): Summary {
  return {
    median: median(samples),
    p95: percentile(samples, 95),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
    samples: samples.map((sample) => round(sample, 4)),
  };
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Milliseconds one call takes. */
export function timeMs(body: () => unknown): number {
  const start = performance.now();
  body();
  return performance.now() - start;
}

/** CPU milliseconds (user + system, every thread of this process) one call takes: what it costs whatever else the machine runs. */
export function cpuMs(body: () => unknown): number {
  const start = process.cpuUsage();
  body();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export async function timeMsAsync(body: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await body();
  return performance.now() - start;
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection. `npm run bench` starts node without --expose-gc, so the flag is set at run
 * time and the function taken from a fresh context (the documented way V8 exposes it after start-up).
 */
export function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) {
      gc = exposed;
    } else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
}

/**
 * Two contenders measured side by side: each run times both, and the order alternates (AB, BA, ...)
 * so neither always profits from the other's warm caches. By default a full collection before each call
 * makes each pay for its own garbage, not for what the other left behind; calls of a few milliseconds
 * that make little garbage are timed without it (`collectBeforeEach: false`), because the collection
 * itself slows and scatters the call after it (figure 3 says by how much).
 */
export async function sideBySide(
  runs: number,
  warmups: number,
  contenders: { a: () => unknown; b: () => unknown },
  { collectBeforeEach = true }: { collectBeforeEach?: boolean } = {},
): Promise<{ a: Summary; b: Summary; ratios: Summary }> {
  for (let i = 0; i < warmups; i += 1) {
    contenders.a();
    contenders.b();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const timeA = () => {
      if (collectBeforeEach) collectGarbage();
      a.push(timeMs(contenders.a));
    };
    const timeB = () => {
      if (collectBeforeEach) collectGarbage();
      b.push(timeMs(contenders.b));
    };
    if (i % 2 === 0) {
      timeA();
      timeB();
    } else {
      timeB();
      timeA();
    }
    // Lets a pending timer or I/O callback run between samples instead of inside one.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { a: summarize(a), b: summarize(b), ratios: summarize(a.map((value, i) => value / (b[i] ?? Number.NaN))) };
}

/** Mulberry32: a small, fast PRNG with a 32-bit state; the same seed gives the same data on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ProcessRun {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a whole process and times it from spawn to exit (wall clock, as a user waits for it). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - start, code, signal, stdout, stderr });
    });
  });
}

/** A process that must succeed: its run, or an error carrying the tail of its output. */
export async function runProcessOk(command: string, args: readonly string[], options: Parameters<typeof runProcess>[2]): Promise<ProcessRun> {
  const run = await runProcess(command, args, options);
  if (run.code !== 0) {
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${run.code ?? run.signal}:\n${tail}`);
  }
  return run;
}

/** The compression level every gzip figure uses: 9, the smallest output (what a server pre-compressing assets would pick). */
/** The machine's busy time across all cores since boot, in milliseconds of CPU: sampled twice, it gives how busy the machine was between. */
function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

export interface QuietWait {
  waitedMs: number;
  /** Share of the machine's CPU in use over the last window measured, 0 to 1. */
  lastBusyShare: number;
  quiet: boolean;
}

/**
 * Waits until the whole machine is quiet: two windows of `windowMs` in a row with under `maxBusyShare` of its
 * CPU in use (all processes, not only ours), or `timeoutMs`. Says how long it waited and whether it got there.
 */
export async function waitForQuietCpu({ windowMs = 250, maxBusyShare = 0.15, timeoutMs = 10_000 } = {}): Promise<QuietWait> {
  const start = performance.now();
  let quietWindows = 0;
  let lastBusyShare = 1;
  while (performance.now() - start < timeoutMs) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = cpuTimes();
    lastBusyShare = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    quietWindows = lastBusyShare < maxBusyShare ? quietWindows + 1 : 0;
    if (quietWindows >= 2) return { waitedMs: performance.now() - start, lastBusyShare, quiet: true };
  }
  return { waitedMs: performance.now() - start, lastBusyShare, quiet: false };
}

export const GZIP_LEVEL = zlibConstants.Z_BEST_COMPRESSION;

export function gzipBytes(content: Uint8Array | string): number {
  return gzipSync(content, { level: GZIP_LEVEL }).byteLength;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  // A tenth of a millisecond shows, so a 16.8 ms frame does not read as the 16.7 ms target rounded alike.
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

/** Decimal units, as the targets and Vite's own report use them: 1 kB = 1,000 bytes, 1 MB = 1,000,000. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}
