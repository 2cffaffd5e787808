import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const SHOTS_DIR = process.env.SHOTS_DIR ?? '/tmp/shots';
