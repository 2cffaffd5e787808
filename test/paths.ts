/** Where the tests find the repository and their fixtures, wherever in test/ a test file sits. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A path under test/fixtures/, e.g. fixturePath('csv', 'bom.csv'). */
export const fixturePath = (...parts: string[]): string => join(REPO_ROOT, 'test', 'fixtures', ...parts);
