/** What every figure is handed, and how a figure runs part of itself in a fresh Node process. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runProcessOk } from './measure';
import type { FigureResult } from './report';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchContext {
  /** Tiny sizes and single runs: proves the bench works in seconds; its numbers judge nothing. */
  quick: boolean;
  repoRoot: string;
  /** A temporary folder for this run, removed at the end. */
  scratch: string;
  /** Where generated data meant to outlive the run goes (the large-sheet CSV for the browser half of figure 2). */
  dataDir: string;
  log: (line: string) => void;
}

export type Figure = (context: BenchContext) => Promise<Omit<FigureResult, 'seconds'>>;

/** Child tasks by name; bench/child.ts runs one and prints its JSON result as the last line. */
export type ChildTask = 'largeSheet.build' | 'csvExport.memory' | 'analysisSpeed.evaluations' | 'uncertainty.simulations';

/**
 * Runs a task of a figure in a fresh Node process: a cold engine, as a browser worker starts, and a
 * heap of its own, so one figure's garbage does not weigh on the next.
 */
export async function runChild<T>(task: ChildTask, args: unknown, options: { exposeGc?: boolean; timeoutMs?: number } = {}): Promise<T> {
  const flags = options.exposeGc ? ['--expose-gc'] : [];
  const run = await runProcessOk(process.execPath, [...flags, '--import', 'tsx', join(REPO_ROOT, 'bench/child.ts'), task, JSON.stringify(args)], {
    cwd: REPO_ROOT,
    timeoutMs: options.timeoutMs ?? 240_000,
  });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}
