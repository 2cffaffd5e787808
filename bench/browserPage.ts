/**
 * What the browser figures share: a production build, `vite preview` serving it, and a headless Chromium
 * on a fresh profile (nothing cached, IndexedDB empty). The server and the Chromium flags are the browser
 * tests' own (test/e2e), so the bench measures the page the tests prove.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../test/e2e/chromium';
import { CHROMIUM_ARGS } from '../test/e2e/paths';
import { productionEnv, startPreview, viteBuildArgs } from '../test/e2e/previewServer';
import type { BenchContext } from './context';
import { runProcessOk, type ProcessRun } from './measure';

export { findChromium };

const builds = new Map<string, Promise<{ outDir: string; build: ProcessRun }>>();

/** `vite build` of the page into the run's scratch space: once a run, shared by every browser figure. */
export function buildPage(context: BenchContext): Promise<{ outDir: string; build: ProcessRun }> {
  const outDir = join(context.scratch, 'dist');
  let pending = builds.get(outDir);
  if (!pending) {
    pending = runProcessOk(process.execPath, viteBuildArgs(outDir), { cwd: context.repoRoot, env: productionEnv(), timeoutMs: 180_000 }).then((build) => ({ outDir, build }));
    builds.set(outDir, pending);
  }
  return pending;
}

/** Serves a build with `vite preview` while `body` runs. */
export async function withPreview<T>(outDir: string, body: (url: string) => Promise<T>): Promise<T> {
  const server = await startPreview(outDir);
  try {
    return await body(server.url);
  } finally {
    await server.stop();
  }
}

export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors the page reported. */
  problems: string[];
}

/** A new headless Chromium on an empty profile for `body`, closed and removed afterwards. */
export async function withChromium<T>(body: (browser: BenchBrowser) => Promise<T>, viewport = { width: 1280, height: 900 }): Promise<T> {
  const { executablePath } = await findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'tradesheet-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...CHROMIUM_ARGS], viewport });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // tsx compiles the bench with esbuild's keepNames: a function passed to page.evaluate calls its
    // __name(fn, name) helper for every named inner function, and the page has none.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    return await body({ context, page, problems });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
