/**
 * A production build served by `vite preview` on a free port: what the browser tests and the browser
 * figures of the bench run against. node runs vite directly (through npx, killing it would leave vite running).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export const VITE = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');

/** The arguments of `vite build` into `outDir` (the caller runs it, synchronously or not, with PRODUCTION_ENV). */
export function viteBuildArgs(outDir: string): string[] {
  return [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
}

/**
 * The environment for `vite build`: vite keeps a NODE_ENV it inherits, and vitest sets NODE_ENV=test,
 * which would build React's development bundle: the tests and the bench must see what users get.
 */
export function productionEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production' };
}

export interface PreviewServer {
  url: string;
  stop(): Promise<void>;
}

export async function startPreview(outDir: string): Promise<PreviewServer> {
  const port = await freePort();
  const server = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilServing(url, server, () => log);
  } catch (error) {
    await stop(server);
    throw error;
  }
  return { url, stop: () => stop(server) };
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
