/**
 * axe-core for the browser tests: audits the page as it stands (or a part of it) at the WCAG 2 A and AA
 * rules and axe's best practices, and fails naming each violation's rule, impact, element and help.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ElementContext, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The rules every audit runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
const AUDITED_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

let axeSource: string | undefined;

/** axe-core's own bundle, read once from node_modules. */
function source(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface AuditOptions {
  /** A CSS selector for the part of the page to audit (a dialog, a panel); the whole page when left out. */
  within?: string;
  /** Rules turned off for this audit, each with the reason a reader of the test must see. */
  skip?: readonly { rule: string; why: string }[];
}

/**
 * Puts axe-core into the page, unless it is already there. The page's Content-Security-Policy allows
 * scripts from 'self' only, so a <script> tag with axe's text would be refused (and reported as a
 * violation by the CSP test); Playwright's evaluate runs through the DevTools protocol, which the policy
 * does not govern, so the page under test keeps the very policy users get.
 */
async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(source());
}

/** Runs axe on the page as it stands, or on the part `within` selects. */
async function audit(page: Page, options: AuditOptions = {}): Promise<AxeResults> {
  await injectAxe(page);
  const runOptions: RunOptions = {
    runOnly: { type: 'tag', values: [...AUDITED_TAGS] },
    rules: Object.fromEntries((options.skip ?? []).map(({ rule }) => [rule, { enabled: false }])),
    resultTypes: ['violations'],
  };
  // The whole document, not a selector for <html>: only then does axe run its page-level rules (one main landmark, a level-one heading).
  return page.evaluate(
    ([within, how]) => (window as unknown as { axe: { run(context: ElementContext, options: RunOptions): Promise<AxeResults> } }).axe.run(within ?? document, how),
    [options.within, runOptions] as const,
  );
}

/** One violation as a reader of a failed test needs it: which rule, how bad, where, and what to do. */
function describeViolation(violation: Result): string {
  const nodes = violation.nodes.map((node) => {
    const target = node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' ');
    const why = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ').trim();
    return `    at ${target}${why ? `: ${why}` : ''}`;
  });
  return [`${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help} (${violation.helpUrl})`, ...nodes].join('\n');
}

/**
 * Fails, naming every violation, unless axe finds none on `what` (the page, or the part `within` selects).
 * Open the view first, as a person leaves it on screen, then, for example:
 * `await expectNoViolations(page, 'the Find bar')` or `await expectNoViolations(page, 'the Find bar', { within: '[role="search"]' })`.
 */
export async function expectNoViolations(page: Page, what: string, options: AuditOptions = {}): Promise<void> {
  const { violations, passes } = await audit(page, options);
  // A run that checked nothing (a misspelt tag, a selector that matches nothing) would pass anything.
  expect(passes.length, `axe-core checked no rule on ${what}`).toBeGreaterThan(0);
  const skipped = (options.skip ?? []).map(({ rule, why }) => `(${rule} not checked: ${why})`);
  const report = [...violations.map(describeViolation), ...skipped].join('\n');
  expect(violations.length, `axe-core found ${violations.length} rule violation(s) on ${what}:\n${report}`).toBe(0);
}
