/** Sharing by link in the browser: Copy link, the link opened in another profile as shared and not kept, Keep, a hostile link that changes nothing, a scenario too large for a link. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cell, cellText, openBrowser, openScenario, openScenarioFile, pageUrl, screenshot, selectSheet, waitForScenario, waitSaved, type BrowserSession } from './browser';
import { REPO_ROOT } from './paths';

/** A link of any JSON text, deflated and encoded as the page does: for links no honest page would make. */
async function rawLink(json: string): Promise<string> {
  const packed = await new Response(new Blob([new TextEncoder().encode(json)]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return pageUrl(`#share=v1.${Buffer.from(packed).toString('base64url')}`);
}

async function copyLink(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'More', exact: true }).click();
  await page.locator('.export-menu .menu-item').filter({ hasText: 'Copy link' }).click();
}

const sessions: BrowserSession[] = [];
async function browser(): Promise<BrowserSession> {
  const session = await openBrowser();
  sessions.push(session);
  return session;
}
const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-share-'));

afterEach(async () => {
  for (const session of sessions.splice(0)) {
    expect(session.problems).toEqual([]);
    await session.close();
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('sharing a scenario by link', () => {
  it('copies a link to an edited preset; another profile opens it shared and not kept, keeps it, and finds it after a reload', async () => {
    const { page } = await browser();
    await openScenario(page, 'baseline', 'Summary');
    await cell(page, 'D3').click();
    await page.keyboard.type('Shared by link');
    await page.keyboard.press('Enter');
    await waitSaved(page);
    await copyLink(page);
    await page.locator('.banner-info').filter({ hasText: 'Link copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link.startsWith(pageUrl('#share=v1.'))).toBe(true);
    expect(link.length).toBeLessThan(300);
    await screenshot(page, 'share-copied');

    const other = (await browser()).page;
    await other.goto(link);
    await other.locator('[data-banner="shared"]').waitFor();
    await waitForScenario(other, 'shared:1');
    await selectSheet(other, 'Summary');
    expect(await cellText(other, 'D3')).toBe('Shared by link');
    expect(await cell(other, 'D3').getAttribute('class')).toContain('c-changed');
    expect(await other.locator('[data-banner="shared"]').textContent()).toContain('Shared with you by link, not kept yet.');
    expect(await other.locator('.about .badge-shared').textContent()).toBe('Shared · not kept');
    expect(await other.locator('.save-status').textContent()).toBe('Not kept');
    // The address keeps the link, so a reload opens it again rather than a scenario this browser does not have.
    expect(other.url()).toBe(link);
    await screenshot(other, 'share-opened');
    await other.locator('.scenario-button').click();
    expect(await other.locator('.scenario-list a[data-doc-id^="u:"]').count()).toBe(0);
    await other.keyboard.press('Escape');

    await other.getByRole('button', { name: 'Keep', exact: true }).click();
    await waitForScenario(other, 'u:baseline-2', 'Summary');
    await other.locator('[data-banner="shared"]').waitFor({ state: 'detached' });
    await waitSaved(other);
    await other.reload();
    await waitForScenario(other, 'u:baseline-2', 'Summary');
    expect(await cellText(other, 'D3')).toBe('Shared by link');
    await other.locator('.scenario-button').click();
    expect(await other.locator('.scenario-list a[data-doc-id="u:baseline-2"]').textContent()).toContain('Baseline');
    await screenshot(other, 'share-kept');
  });

  it('a hostile link changes nothing and says what is wrong, in a fresh profile and over a scenario on screen', async () => {
    const { page } = await browser();
    const hostile = await rawLink('{"preset":"baseline","sheets":{"__proto__":{"cells":{"A1":1}}}}');
    await page.goto(hostile);
    const banner = page.locator('[data-banner="link-problem"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('the link: sheets.__proto__: "__proto__" is not allowed as a key');
    // Nothing was opened from it: the page shows where it would have started.
    await waitForScenario(page, 'baseline');
    await screenshot(page, 'share-hostile-fresh');

    await openScenario(page, 'roll-back', 'Autos');
    await page.goto(await rawLink(`{"preset":"baseline","sheets":{"Autos":{"size":[1048576,16384]}}}`));
    await expect.poll(() => banner.textContent()).toContain('the sheets would hold more than 10,485,760 cells');
    expect(new URL(page.url()).hash).toBe('#roll-back/Autos');
    expect(await page.locator('.about').getAttribute('data-doc')).toBe('roll-back');
    await screenshot(page, 'share-hostile-over');
    await page.goto(`${pageUrl('#share=v1.')}${'A'.repeat(40_000)}`);
    await expect.poll(() => banner.textContent()).toContain('too long: a link may be at most 32 KB');
    expect(await page.locator('.about').getAttribute('data-doc')).toBe('roll-back');
  });

  it('offers the file instead of a link for a scenario too large for one, and says why', async () => {
    const { page } = await browser();
    const tiny = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8')) as { id: string; sheets: Record<string, unknown[][]> };
    let seed = 1;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed.toString(16);
    };
    tiny.id = 'noisy';
    tiny.sheets.Noise = Array.from({ length: 3000 }, () => [`${noise()}${noise()}${noise()}`]);
    const file = join(scratch, 'noisy.json');
    writeFileSync(file, JSON.stringify(tiny));
    await page.goto(pageUrl());
    await waitForScenario(page, 'baseline');
    await openScenarioFile(page, file, 'u:noisy');
    await copyLink(page);
    const dialog = page.getByRole('dialog', { name: 'This scenario is too large for a link' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/Its link would be \d+\.\d\sKB long, and a link carries at most 32\sKB/);
    await screenshot(page, 'share-too-large');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download scenario' }).click()]);
    expect(download.suggestedFilename()).toBe('noisy.json');
  });
});
