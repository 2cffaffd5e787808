/**
 * Once per test run: build the production bundle into a scratch folder, serve it with `vite preview`,
 * and tell the browser tests where. Building outside dist/ leaves a running `npm start` alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { CHROME_PATH, REPO_ROOT } from './paths';
import { productionEnv, startPreview, viteBuildArgs, type PreviewServer } from './previewServer';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The production build the server serves. */
    distDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(
      `The browser tests need Chromium and found none at ${CHROME_PATH}. ` +
        'Install it with `apt-get install -y chromium`, or set CHROME_PATH to a Chrome or Chromium executable.',
    );
  }
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
  project.provide('distDir', outDir);
  return async () => {
    await server.stop();
    rmSync(outDir, { recursive: true, force: true });
  };
}
