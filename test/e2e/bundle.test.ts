/** The production build is React's production bundle and keeps HyperFormula in the worker: the page's own scripts stay small. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

describe('the production build', () => {
  const dist = inject('distDir');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const pageScripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1] ?? '');
  const workers = readdirSync(join(dist, 'assets')).filter((name) => /^worker-.*\.js$/.test(name));

  it('loads the page from scripts that do not contain HyperFormula', () => {
    expect(pageScripts.length).toBeGreaterThan(0);
    for (const script of pageScripts) {
      expect(readFileSync(join(dist, script), 'utf8'), script).not.toMatch(/hyperformula/i);
    }
  });

  it("ships React's production bundle, not the development one the tests' NODE_ENV=test would select", () => {
    const scripts = readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js'));
    for (const script of scripts) expect(readFileSync(join(dist, 'assets', script), 'utf8'), script).not.toMatch(/jsxDEV|react-dom\.development/);
  });

  it('bundles HyperFormula into the engine worker', () => {
    expect(workers).toHaveLength(1);
    expect(readFileSync(join(dist, 'assets', workers[0] ?? ''), 'utf8')).toMatch(/hyperformula/i);
  });
});
