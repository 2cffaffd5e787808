/** Finds the programs some checks need (a browser, Gnumeric's ssconvert) on the PATH, as a shell would. */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first of `names` found in the folders of `path` (the PATH variable's text), in the order given. */
export function findOnPath(names: readonly string[], path = process.env.PATH ?? ''): string | undefined {
  const dirs = path.split(delimiter).filter((dir) => dir !== '');
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Gnumeric's converter, which the optional cross-check of the .xlsx export runs. */
export const findSsconvert = (): string | undefined => findOnPath(['ssconvert']);

export const GNUMERIC_SKIPPED =
  'Gnumeric checks skipped (the .xlsx cross-check, bench figure 6): ssconvert is not on the PATH; on Debian, apt-get install -y gnumeric runs them.';
