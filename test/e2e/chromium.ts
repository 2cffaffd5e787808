/**
 * Which Chromium the browser tests and the bench drive: CHROME_PATH when set, else a Chromium or Chrome
 * on the PATH, else the headless Chromium that the `@sparticuz/chromium` devDependency ships, so a fresh
 * machine with Node alone runs the browser tests after `npm install`.
 */
import { existsSync } from 'node:fs';
import { findOnPath } from '../executables';

export interface FoundChromium {
  executablePath: string;
  /** Where it came from, for the one line a run prints about its browser. */
  origin: 'CHROME_PATH' | 'PATH' | '@sparticuz/chromium';
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

let found: Promise<FoundChromium> | undefined;

/** Resolved once a process; the packaged Chromium unpacks into the temporary folder (about 1.5 s, then reused). */
export function findChromium(): Promise<FoundChromium> {
  found ??= (async () => {
    const fromEnv = process.env.CHROME_PATH;
    if (fromEnv !== undefined && fromEnv !== '') {
      if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist`);
      return { executablePath: fromEnv, origin: 'CHROME_PATH' };
    }
    const onPath = findOnPath(SYSTEM_NAMES);
    if (onPath) return { executablePath: onPath, origin: 'PATH' };
    const { default: packaged } = await import('@sparticuz/chromium');
    return { executablePath: await packaged.executablePath(), origin: '@sparticuz/chromium' };
  })();
  return found;
}
