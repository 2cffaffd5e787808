/**
 * A scenario file whose every piece of text is HTML meant to run (name, description, sheet names, labels,
 * units, sources, cell text and a formula that builds markup): it opens, each text is shown literally,
 * in the editor, the analysis tables and the charts' SVG text, and none of it runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, cellText, formulaBar, openBrowser, openScenario, openScenarioFile, screenshot, selectSheet, type BrowserSession } from './browser';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const SVG = '<svg onload="window.__pwned=1"></svg>';
const IFRAME = '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>';
/** Sheet names have at most 31 characters and no "/". */
const IMG_SHEET = '<img src=x onerror=__pwned=1>';
const SVG_SHEET = '<svg onload=__pwned=1>';
const BUILT_MARKUP = '<img src=x onerror=window.__pwned=1>';

const NAME = `Hostile ${IMG} ${SCRIPT}`;
const DESCRIPTION = `${SVG} ${IFRAME} ${IMG}`;
const INPUT_LABEL = `Tariff ${IMG}`;
const INPUT_UNIT = `pts ${SCRIPT}`;
const SOURCE = `Assumed ${SCRIPT} ${IMG}`;
const REVENUE_LABEL = `Revenue ${SVG}`;
const DOUBLE_LABEL = `Double ${SCRIPT}`;

const hostileScenario = {
  type: 'tradesheet-scenario',
  version: 1,
  id: 'hostile',
  name: NAME,
  description: DESCRIPTION,
  sheets: {
    [IMG_SHEET]: [
      [IMG, 'Value', SCRIPT],
      [`Row ${SVG}`, 0.25, IFRAME],
      ['Revenue', '=B2*1000', 'USD/yr'],
      ['=CONCATENATE("<img src=x ", "onerror=window.__pwned=1>")', null, null],
    ],
    [SVG_SHEET]: [[`='${IMG_SHEET}'!B3*2`, SCRIPT]],
  },
  inputs: {
    Tariff: { cell: `'${IMG_SHEET}'!B2`, label: INPUT_LABEL, unit: INPUT_UNIT, source: { assumption: SOURCE }, min: 0, max: 1 },
  },
  outputs: {
    Revenue: { cell: `'${IMG_SHEET}'!B3`, label: REVENUE_LABEL, unit: 'USD/yr' },
    Double: { cell: `'${SVG_SHEET}'!A1`, label: DOUBLE_LABEL, unit: IMG },
  },
};

/** Chart text is SVG <tspan>s, broken at spaces to fit: compare it with the spaces left out. */
const withoutSpaces = (text: string) => text.replace(/\s+/g, '');

async function svgText(chart: Locator): Promise<string> {
  return withoutSpaces((await chart.locator('svg').allTextContents()).join(''));
}

/** Anything the payloads would have made had they been parsed as HTML, and whether any of them ran. */
async function injected(page: Page): Promise<{ pwned: unknown; elements: string[] }> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    elements: [...document.querySelectorAll('img, iframe, script:not([src]), [onerror], [onload], svg svg')].map((element) => element.outerHTML),
  }));
}

describe('HTML in a scenario file is text', () => {
  let session: BrowserSession;
  let page: Page;
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-hostile-'));

  beforeAll(async () => {
    const file = join(scratch, 'hostile.json');
    writeFileSync(file, JSON.stringify(hostileScenario, null, 2));
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline');
    await openScenarioFile(page, file, 'u:hostile');
  });

  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows the name, description, sheet names, inputs, sources and outputs literally', async () => {
    expect(await page.locator('.scenario-button-name').textContent()).toBe(NAME);
    expect(await page.locator('#scenario-title').textContent()).toBe(NAME);
    expect(await page.title()).toBe(`${NAME} · tradesheet`);
    expect(await page.locator('.about-description').textContent()).toBe(DESCRIPTION);
    expect(await page.locator('[role="tab"][data-sheet]').allTextContents()).toEqual([IMG_SHEET, SVG_SHEET]);
    const input = page.locator('.input-row[data-input="Tariff"]');
    expect(await input.textContent()).toContain(INPUT_LABEL);
    expect(await input.textContent()).toContain(SOURCE);
    expect(await page.locator('.output-row[data-output="Revenue"]').textContent()).toContain(REVENUE_LABEL);
    expect(await page.locator('.output-row[data-output="Double"]').textContent()).toContain(DOUBLE_LABEL);
    expect(await page.locator('.output-row[data-output="Double"]').textContent()).toContain(IMG);
    await screenshot(page, 'hostile-editor');
    expect(await injected(page)).toEqual({ pwned: undefined, elements: [] });
  });

  it('shows cell text, and markup a formula builds, literally in the grid and the formula bar', async () => {
    expect(await cellText(page, 'A1')).toBe(IMG);
    expect(await cellText(page, 'C1')).toBe(SCRIPT);
    expect(await cellText(page, 'A2')).toBe(`Row ${SVG}`);
    expect(await cellText(page, 'C2')).toBe(IFRAME);
    expect(await cellText(page, 'A4')).toBe(BUILT_MARKUP);
    await selectSheet(page, SVG_SHEET);
    expect(await cellText(page, 'A1')).toBe('500');
    expect(await cellText(page, 'B1')).toBe(SCRIPT);
    await cell(page, 'A1').click();
    expect(await formulaBar(page).inputValue()).toBe(`='${IMG_SHEET}'!B3*2`);
    expect(await injected(page)).toEqual({ pwned: undefined, elements: [] });
  });

  it('shows them literally in the comparison, the sweep and the tornado, their charts included', async () => {
    await page.getByRole('button', { name: 'Analyse' }).click();
    const compare = page.locator('.compare');
    await compare.locator('.compare-table').waitFor();
    expect(await compare.locator('.compare-table thead').textContent()).toContain(NAME);
    expect(await compare.locator('.compare-table tbody').textContent()).toContain(REVENUE_LABEL);
    await compare.locator('.chart svg .recharts-bar-rectangle').first().waitFor();
    expect(await svgText(compare.locator('.chart'))).toContain(withoutSpaces(REVENUE_LABEL));
    expect(await compare.locator('.chart .recharts-legend-item-text').allTextContents()).toContain(NAME);
    await compare.getByLabel('Unit').selectOption(IMG);
    await expect.poll(() => svgText(compare.locator('.chart'))).toContain(withoutSpaces(DOUBLE_LABEL));
    expect(await svgText(compare.locator('.chart'))).toContain(withoutSpaces(IMG));
    await screenshot(page, 'hostile-compare');

    await page.getByRole('tab', { name: 'What if…' }).click();
    const sweep = page.locator('section[aria-labelledby="sweep-title"]');
    // The inputs arrive from the worker after the tab shows: read them once they are there.
    await expect.poll(() => sweep.locator('select').first().locator('option').allTextContents()).toEqual([INPUT_LABEL]);
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await sweep.locator('.chart svg .recharts-line').first().waitFor();
    expect(await svgText(sweep.locator('.chart'))).toContain(withoutSpaces(`${INPUT_LABEL} (${INPUT_UNIT})`));
    expect(await sweep.locator('.chart .recharts-legend-item-text').allTextContents()).toEqual([REVENUE_LABEL]);

    const tornado = page.locator('section[aria-labelledby="tornado-title"]');
    await tornado.locator('svg .recharts-bar-rectangle').first().waitFor();
    expect(await tornado.locator('.tornado-table tbody th').allTextContents()).toEqual([INPUT_LABEL]);
    expect(await svgText(tornado)).toContain(withoutSpaces(INPUT_LABEL));
    await screenshot(page, 'hostile-what-if');

    expect(await injected(page)).toEqual({ pwned: undefined, elements: [] });
    expect(session.problems).toEqual([]);
  });
});
