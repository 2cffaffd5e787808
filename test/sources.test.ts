/** The article the presets quote is in the repository, unchanged, and nothing the project runs reads a path outside it. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(import.meta.dirname, '..');

describe('sources/article.txt', () => {
  const text = readFileSync(join(REPO_ROOT, 'sources/article.txt'));

  it('is the saved page\'s first 41 lines, byte for byte, as the presets cite them', () => {
    expect(createHash('sha256').update(text).digest('hex')).toBe('b9a1c9a5e27595d5d79379dfc578054115f13d1fe125c6a44b76b9cebbcefe68');
    const lines = text.toString('utf8').split('\n');
    expect(lines).toHaveLength(42);
    expect(lines[1]).toBe('Japan, after 101 Tough Days, Learns a Hard Lesson about U.S. Alliance');
    expect(lines[41]).toBe('');
  });
});

/** Relative paths written in a file as string literals ('../x', "./y", `../z`), which code resolves from the file's folder. */
const RELATIVE_PATH = /(['"`])(\.\.?\/[^'"`\s]*)\1/g;

/**
 * The paths in `text` (the file at `file`, relative to the repository) that climb out of the repository.
 * A relative literal is resolved from the file's folder, as import.meta.dirname, new URL(…, import.meta.url)
 * and imports resolve it; literals that name a folder above the repository by name are caught too.
 */
export function pathsLeavingRepository(file: string, text: string): string[] {
  const folder = dirname(join(REPO_ROOT, file));
  const leaving: string[] = [];
  for (const match of text.matchAll(RELATIVE_PATH)) {
    const literal = match[2] ?? '';
    const target = resolve(folder, literal);
    if (relative(REPO_ROOT, target).startsWith('..')) leaving.push(literal);
  }
  for (const match of text.matchAll(/['"`][^'"`\n]*\bshared\/(seeds|design|hooks)\b[^'"`\n]*['"`]/g)) leaving.push(match[0]);
  return leaving;
}

/** Every file the project runs or configures itself with: source, tests, bench, and the top-level config. */
function projectFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(REPO_ROOT, path)).isDirectory()) return name === 'fixtures' || name === 'out' ? [] : walk(path);
      return /\.(ts|tsx|mjs|js|json|html)$/.test(name) ? [path] : [];
    });
  return [
    ...walk('src'),
    ...walk('test'),
    ...walk('bench'),
    'vite.config.ts',
    'tsconfig.json',
    'eslint.config.js',
    'package.json',
    '.ci/run',
  ]
    // bench/results.json is measurements; these two hold examples as data: this check's paths that
    // leave, and boundaries.test.ts's import lines linted as if written in src/.
    .filter((path) => !path.endsWith('results.json') && path !== 'test/sources.test.ts' && path !== 'test/boundaries.test.ts');
}

describe('the repository is self-contained', () => {
  it('no file of src/, test/, bench/ or the config reads a path outside the repository', () => {
    const files = projectFiles();
    expect(files.length).toBeGreaterThan(100);
    const leaving = files.flatMap((file) =>
      pathsLeavingRepository(file, readFileSync(join(REPO_ROOT, file), 'utf8')).map((path) => `${file}: ${path}`),
    );
    expect(leaving).toEqual([]);
  });

  it.each([
    ['test/presets.test.ts', "resolve(import.meta.dirname, '../../shared/seeds/000_1f4eb0135811e057.txt')"],
    ['src/cli/scenarioFiles.ts', "resolve(here, '../../../elsewhere/scenarios')"],
    ['bench/run.ts', "new URL('../../x.json', import.meta.url)"],
    ['vite.config.ts', 'fs.allow: ["../"]'],
    ['src/ui/App.tsx', "const seed = 'shared/seeds/article.txt';"],
  ])('the check catches %s reading %s', (file, text) => {
    expect(pathsLeavingRepository(file, text)).not.toEqual([]);
  });

  it.each([
    ['test/presets.test.ts', "resolve(import.meta.dirname, '../sources/article.txt')"],
    ['test/e2e/paths.ts', "new URL('../../', import.meta.url)"],
    ['src/engine/worker.ts', "import.meta.glob('../../scenarios/*.json')"],
  ])('and lets %s read %s, inside it', (file, text) => {
    expect(pathsLeavingRepository(file, text)).toEqual([]);
  });
});
