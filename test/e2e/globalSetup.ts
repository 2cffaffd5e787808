/**
 * Once per test run: build the production bundle into a scratch folder, serve it with `vite preview`,
 * and tell the browser tests where. Building outside dist/ leaves a running `npm start` alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium';
import { CHROMIUM_ARGS, REPO_ROOT } from './paths';
import { productionEnv, startPreview, viteBuildArgs, type PreviewServer } from './previewServer';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The production build the server serves. */
    distDir: string;
    /** The Chromium every browser test launches (see chromium.ts). */
    chromePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const browser = await findChromium();
  // Launched once here, so a browser that cannot start fails the run in one place, with its version said.
  const probe = await chromium.launch({ executablePath: browser.executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  const version = probe.version();
  await probe.close();
  console.log(`Browser tests use Chromium ${version} from ${browser.origin} (${browser.executablePath}).`);
  const outDir = mkdtempSync(join(tmpdir(), 'tradesheet-dist-'));
  const build = spawnSync(process.execPath, viteBuildArgs(outDir), { cwd: REPO_ROOT, env: productionEnv(), encoding: 'utf8' });
  if (build.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`vite build failed (exit ${build.status ?? build.signal}):\n${build.stdout}\n${build.stderr}`);
  }
  let server: PreviewServer;
  try {
    server = await startPreview(outDir);
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('baseUrl', server.url);
  project.provide('chromePath', browser.executablePath);
  project.provide('distDir', outDir);
  return async () => {
    await server.stop();
    rmSync(outDir, { recursive: true, force: true });
  };
}
