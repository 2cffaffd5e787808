/** The workbook's plain values stay plain: src/model/values.ts, and all it imports, name neither HyperFormula nor src/model/workbook/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCellError } from '../../src/model';
import { REPO_ROOT } from '../paths';

/** Every module `file` reaches through its imports (type-only ones too): files under src/, packages by name. */
function reachedFrom(file: string): Set<string> {
  const reached = new Set<string>();
  const visit = (path: string) => {
    for (const [, specifier = ''] of readFileSync(path, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (!specifier.startsWith('.')) {
        reached.add(specifier);
        continue;
      }
      const base = join(dirname(path), specifier);
      const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (!target || reached.has(relative(REPO_ROOT, target))) continue;
      reached.add(relative(REPO_ROOT, target));
      visit(target);
    }
  };
  visit(join(REPO_ROOT, file));
  return reached;
}

describe('src/model/values.ts', () => {
  it('reaches no HyperFormula: the page and the worker\'s contract import its types', () => {
    const reached = [...reachedFrom('src/model/values.ts')];
    expect(reached).toContain('src/model/scenario.ts');
    expect(reached.filter((module) => module.startsWith('hyperformula') || module.startsWith('src/model/workbook/'))).toEqual([]);
  });

  it('tells an error from the other values', () => {
    expect(isCellError({ error: '#DIV/0!', message: 'Division by zero.' })).toBe(true);
    expect([0, '', false, null, undefined].map(isCellError)).toEqual([false, false, false, false, false]);
  });
});
