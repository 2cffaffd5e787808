/**
 * Once per test run: build the production bundle into a scratch folder, serve it with `vite preview`,
 * and tell the browser tests where. Building outside dist/ leaves a running `npm start` alone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { CHROME_PATH, REPO_ROOT } from './paths';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The production build the server serves. */
    distDir: string;
  }
}

const VITE = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(
      `The browser tests need Chromium and found none at ${CHROME_PATH}. ` +
        'Install it with `apt-get install -y chromium`, or set CHROME_PATH to a Chrome or Chromium executable.',
    );
  }
  const outDir = mkdtempSync(join(tmpdir(), 'tradesheet-dist-'));
  const build = spawnSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`vite build failed (exit ${build.status ?? build.signal}):\n${build.stdout}\n${build.stderr}`);
  }
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [VITE, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilServing(baseUrl, server, () => log);
  } catch (error) {
    await stop(server);
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('distDir', outDir);
  return async () => {
    await stop(server);
    rmSync(outDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with ${server.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`vite preview did not answer at ${url} within 30 s:\n${log()}`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
