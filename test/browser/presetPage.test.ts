/** The page `npm start` opens, driven in Chromium against the production build. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, pageUrl, presetFilesOnDisk, screenshot, showPreset, type BrowserSession } from './browser';
import { REPO_ROOT } from './paths';

interface PresetJson {
  id: string;
  sheets?: Record<string, unknown[][]>;
  outputs?: Record<string, unknown>;
  inputs?: Record<string, { label: string; source: { article?: { line: number; quote: string }; assumption?: string } }>;
}

const readPreset = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as PresetJson;
const columnLetters = (count: number) => Array.from({ length: count }, (_, col) => String.fromCharCode(65 + col));

describe('the preset page', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
    await session.page.goto(pageUrl());
    await session.page.locator('.preset-list').waitFor();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('lists every preset file in scenarios/', async () => {
    const listed = await session.page.locator('.preset-list a').evaluateAll((links) => links.map((link) => link.getAttribute('data-preset-file')));
    expect([...listed].sort()).toEqual(presetFilesOnDisk());
  });

  it("shows the baseline's outputs as finite numbers, formatted for reading", async () => {
    const { page } = session;
    await showPreset(page, 'baseline');
    const cards = page.locator('.output-card');
    const outputs = Object.keys(readPreset('scenarios/baseline.json').outputs ?? {});
    expect(await cards.count()).toBe(outputs.length);
    const shown = await cards.evaluateAll((items) =>
      items.map((item) => ({
        raw: item.getAttribute('data-value') ?? '',
        text: item.querySelector('.output-value')?.textContent ?? '',
      })),
    );
    for (const { raw, text } of shown) {
      expect(Number.isFinite(Number(raw)), `output value ${raw}`).toBe(true);
      expect(text).toMatch(/\d/);
    }
    expect(shown.some(({ text }) => /\d,\d{3}/.test(text)), 'some output shows thousands separators').toBe(true);
    expect(shown.some(({ text }) => /%$/.test(text)), 'some output shows a percentage').toBe(true);
    await screenshot(page, 'baseline');
  });

  it('renders each sheet as a table with column letters and row numbers', async () => {
    const { page } = session;
    await showPreset(page, 'baseline');
    const sheets = readPreset('scenarios/baseline.json').sheets ?? {};
    const tabs = await page.locator('.sheet-tabs a').allTextContents();
    expect(tabs).toEqual(Object.keys(sheets));
    for (const [name, rows] of Object.entries(sheets)) {
      await page.locator(`.sheet-tabs a[data-sheet="${name}"]`).click();
      const grid = page.locator(`table[data-sheet-grid="${name}"]`);
      await grid.waitFor();
      const width = rows[0]?.length ?? 0;
      expect(await grid.locator('thead th').allTextContents()).toEqual(columnLetters(width));
      expect(await grid.locator('tbody th').allTextContents()).toEqual(rows.map((_, index) => String(index + 1)));
      expect(await grid.locator('tbody td').count()).toBe(rows.length * width);
      await screenshot(page, `baseline-sheet-${name.replace(/\W+/g, '-')}`);
    }
  });

  it('quotes the article with its line and badges the assumptions', async () => {
    const { page } = session;
    await showPreset(page, 'baseline');
    const inputs = Object.entries(readPreset('scenarios/baseline.json').inputs ?? {});
    const cited = inputs.find(([, input]) => input.source.article);
    const assumed = inputs.find(([, input]) => input.source.assumption);
    expect(cited && assumed, 'the baseline has an article figure and an assumption').toBeTruthy();
    if (!cited || !assumed) return;
    const citedRow = page.locator(`tr[data-input="${cited[0]}"]`);
    await expect.poll(() => citedRow.locator('figcaption').textContent()).toBe(`Article, line ${cited[1].source.article?.line}`);
    expect(await citedRow.locator('blockquote').textContent()).toBe(`“${cited[1].source.article?.quote}”`);
    const assumedRow = page.locator(`tr[data-input="${assumed[0]}"]`);
    expect(await assumedRow.locator('.badge-assumption').textContent()).toBe('Assumption');
    expect(await assumedRow.locator('.source-assumption').textContent()).toContain(assumed[1].source.assumption);
  });

  it('opens every preset, showing the chain it extends', async () => {
    const { page } = session;
    for (const file of presetFilesOnDisk()) {
      const preset = readPreset(file) as PresetJson & { extends?: string; set?: Record<string, number>; name: string };
      await showPreset(page, preset.id);
      expect(await page.locator('main .problems').count(), `${file} shows no problems`).toBe(0);
      expect(await page.locator('.scenario-head h1').textContent()).toBe(preset.name);
      const chain = await page.locator('.chain').getAttribute('data-chain');
      if (preset.extends) expect(chain?.split(' ').slice(0, 2)).toEqual([preset.id, preset.extends]);
      else expect(chain).toBeNull();
      const changes = await page.locator('.changes li').evaluateAll((items) => items.map((item) => item.getAttribute('data-change')));
      expect(changes.sort(), `${file} lists the inputs it sets`).toEqual(Object.keys(preset.set ?? {}).sort());
      await screenshot(page, `preset-${preset.id}`);
    }
  });

  it('fits a phone screen', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await phone.page.goto(pageUrl('#baseline'));
      await phone.page.locator('article[data-preset="baseline"]').waitFor();
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'the page itself does not scroll sideways').toBeLessThanOrEqual(0);
      await screenshot(phone.page, 'phone-baseline');
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
