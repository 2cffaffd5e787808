/** Where the browser tests find the repository and put their screenshots, and the flags Chromium runs with. */
import { REPO_ROOT } from '../paths';

export { REPO_ROOT };
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
