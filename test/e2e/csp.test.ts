/**
 * The built page under its Content-Security-Policy (the <meta> in index.html, and the header `vite preview`
 * sends): it loads, recalculates, draws its charts and exports with no violation, in the page or in the
 * engine's worker; and the policy is live, so an injected inline script or handler does not run.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, pageUrl, screenshot, waitForScenario, type BrowserSession } from './browser';

interface Watched {
  __violations: string[];
}

/** Runs before anything else in a global scope: every violation there, by directive and what was blocked. */
const WATCH_VIOLATIONS = `self.__violations = [];
self.addEventListener('securitypolicyviolation', (event) => self.__violations.push(event.violatedDirective + ' ' + event.blockedURI));`;

const readViolations = () => (globalThis as unknown as Watched).__violations;
const violations = (scope: Page | Worker) => ('mainFrame' in scope ? scope.evaluate(readViolations) : scope.evaluate(readViolations));
const output = (page: Page, name: string) => page.locator(`.output-row[data-output="${name}"]`).getAttribute('data-value');

describe('the Content-Security-Policy', () => {
  let session: BrowserSession;
  let page: Page;
  let engine: Worker;
  const policies = new Map<string, string | undefined>();

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (type === 'document' || response.url().includes('/assets/worker-')) policies.set(response.url(), response.headers()['content-security-policy']);
    });
    await page.addInitScript(WATCH_VIOLATIONS);
    // The worker's own script is where it must start listening: an init script reaches only the page.
    await page.route(/\/assets\/worker-[^/]*\.js$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `${WATCH_VIOLATIONS}\n${await response.text()}` });
    });
    const worker = page.waitForEvent('worker');
    await page.goto(pageUrl('#baseline/Inputs'));
    engine = await worker;
    await waitForScenario(page, 'baseline', 'Inputs');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('is sent as a header with the page and the worker script, and forbids eval, inline script and framing', async () => {
    expect([...policies.keys()].some((url) => url.includes('/assets/worker-'))).toBe(true);
    for (const [url, policy] of policies) {
      expect(policy, url).toBeDefined();
      const directives = new Map((policy ?? '').split(';').map((directive) => {
        const [name = '', ...sources] = directive.trim().split(/\s+/);
        return [name, sources] as const;
      }));
      expect(directives.get('script-src'), url).toEqual(["'self'"]);
      expect(directives.get('object-src'), url).toEqual(["'none'"]);
      expect(directives.get('base-uri'), url).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(policy, url).not.toMatch(/unsafe-(eval|inline)/);
    }
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toMatch(/script-src 'self';/);
  });

  it('lets an edit recalculate, the analysis draw its charts and the Excel workbook download, with no violation in the page or the worker', async () => {
    const before = await output(page, 'UsTariffOnJpCars');
    await page.locator('#input-AutoTariff').fill('10');
    await page.locator('#input-AutoTariff').press('Enter');
    await expect.poll(() => output(page, 'UsTariffOnJpCars')).not.toBe(before);

    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.locator('.compare .chart svg .recharts-bar-rectangle').first().waitFor();
    await page.getByRole('tab', { name: 'What if…' }).click();
    await page.locator('section[aria-labelledby="tornado-title"] svg .recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'csp-analysis');
    await page.getByRole('button', { name: 'Back to the sheet' }).click();

    // The workbook is written by a chunk the worker loads only now.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.locator('.export-menu .menu-item').filter({ hasText: 'Download Excel workbook' }).click();
    expect((await download).suggestedFilename()).toBe('baseline.xlsx');

    expect(await violations(page)).toEqual([]);
    expect(await violations(engine)).toEqual([]);
    expect(session.problems).toEqual([]);
  });

  it('is live: an inline script and an inline event handler put into the page do not run, and each is reported', async () => {
    const ran = await page.evaluate(async () => {
      const holder = window as unknown as { __inlineScript?: number; __inlineHandler?: number };
      const script = document.createElement('script');
      script.textContent = 'window.__inlineScript = 1';
      document.body.append(script);
      const image = document.createElement('img');
      image.setAttribute('onerror', 'window.__inlineHandler = 1');
      image.src = 'data:,not an image';
      document.body.append(image);
      await new Promise((resolve) => setTimeout(resolve, 200));
      script.remove();
      image.remove();
      return [holder.__inlineScript, holder.__inlineHandler];
    });
    expect(ran).toEqual([undefined, undefined]);
    // Each twice: the header's policy and the <meta>'s both refuse it.
    expect((await violations(page)).sort()).toEqual(['script-src-attr inline', 'script-src-attr inline', 'script-src-elem inline', 'script-src-elem inline']);
    // Chromium logs each refusal as a console error: these two are the test's own.
    expect(session.problems.filter((problem) => !/Content Security Policy/.test(problem))).toEqual([]);
  });
});
