/** Every preset can be picked and opens; the page fits a phone. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, openScenario, pageUrl, presetFilesOnDisk, screenshot, waitForScenario, type BrowserSession } from './browser';
import { REPO_ROOT } from './paths';

interface PresetJson {
  id: string;
  name: string;
  extends?: string;
}
const presets = presetFilesOnDisk().map((file) => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as PresetJson);

describe('the presets', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens the first preset when the address names none, and lists every preset file in the picker', async () => {
    await page.goto(pageUrl());
    await waitForScenario(page, 'baseline');
    await page.locator('.scenario-button').click();
    const listed = await page.locator('.scenario-list a').evaluateAll((links) => links.map((link) => link.getAttribute('data-doc-id')));
    expect([...listed].sort()).toEqual(presets.map((preset) => preset.id).sort());
    await screenshot(page, 'presets-picker');
    await page.keyboard.press('Escape');
  });

  it('opens every preset from the picker, with its name and the chain it extends', async () => {
    for (const preset of presets) {
      await page.locator('.scenario-button').click();
      await page.locator(`.scenario-list a[data-doc-id="${preset.id}"]`).click();
      await waitForScenario(page, preset.id);
      expect(await page.locator('.about h1').textContent()).toBe(preset.name);
      const trail = page.locator('.about .chain');
      const chain = (await trail.count()) > 0 ? await trail.getAttribute('data-chain') : null;
      if (preset.extends) expect(chain?.split(' ').slice(0, 2)).toEqual([preset.id, preset.extends]);
      expect(await page.locator('.banner[role="alert"]').count(), `${preset.id} opens without problems`).toBe(0);
      expect(await page.locator('.output-row').count()).toBeGreaterThan(0);
    }
  });

  it('switches sheets with Ctrl+PageDown and Ctrl+PageUp', async () => {
    await openScenario(page, 'baseline', 'Summary');
    await page.keyboard.press('Control+PageDown');
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Inputs');
    await page.keyboard.press('Control+PageUp');
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Summary');
  });

  it('fits a phone screen', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await openScenario(phone.page, 'baseline', 'Summary');
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
