/** Where the browser tests find the repository and put their screenshots, and the flags Chromium runs with. */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHOTS_DIR = process.env.SHOTS_DIR ?? '/tmp/shots';
/** Flags for headless Chromium on this machine: no sandbox (root in a container), no GPU, nothing fetched in the background. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
