/** Work is never lost in the page: storage refused or full, a render crash, two tabs editing one scenario. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Download, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cell, cellText, openBrowser, openScenario, pageUrl, screenshot, waitForScenario, waitSaved, type BrowserSession } from './browser';
import { CHROMIUM_ARGS } from './paths';


/** Downloads what `start` makes the page save, and reads the scenario file. */
async function downloadedScenario(page: Page, start: () => Promise<void>): Promise<{ name: string; sheets: Record<string, unknown[][]> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const json = JSON.parse(readFileSync(await (download as Download).path(), 'utf8')) as { sheets: Record<string, unknown[][]> };
  return { name: (download as Download).suggestedFilename(), sheets: json.sheets };
}

async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await cell(page, address).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect.poll(() => cellText(page, address)).toBe(text);
}

const outputValues = (page: Page) => page.locator('.output-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-value')));

/**
 * Put in front of the engine worker's script as the test server sends it: IndexedDB refuses every write
 * with QuotaExceededError while the page says the disk is full, as a full disk does.
 */
const FULL_DISK = `{
  const control = new BroadcastChannel('test-disk');
  let full = false;
  control.onmessage = (event) => {
    full = event.data === 'full';
    control.postMessage('now ' + event.data);
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
}
`;

async function setDisk(page: Page, state: 'full' | 'room'): Promise<void> {
  await page.evaluate(
    (wanted) =>
      new Promise<void>((resolve) => {
        const control = new BroadcastChannel('test-disk');
        control.onmessage = (event) => {
          if (event.data !== `now ${wanted}`) return;
          control.close();
          resolve();
        };
        control.postMessage(wanted);
      }),
    state,
  );
}

describe('storage the browser refuses', () => {
  let profile: string;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'tradesheet-blocked-'));
    mkdirSync(join(profile, 'Default'));
    // Chromium's "Don't allow sites to save data" setting: IndexedDB refuses to open, as in a locked-down browser.
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
    // The headless shell of @sparticuz/chromium reads no Preferences; a file where the profile keeps its
    // databases makes it refuse IndexedDB too ("Internal error opening backing store"), as a broken profile would.
    writeFileSync(join(profile, 'Default', 'IndexedDB'), 'not a folder');
    const context = await chromium.launchPersistentContext(profile, { executablePath: inject('chromePath'), headless: true, args: [...CHROMIUM_ARGS], viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = context.pages()[0] ?? (await context.newPage());
    close = async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    };
  });

  afterAll(async () => {
    await close();
  });

  it('says so from the start, keeps editing in memory, and downloads the scenario with the edit', async () => {
    await page.goto(pageUrl('#car-quota/Summary'));
    await waitForScenario(page, 'car-quota', 'Summary');
    const banner = page.locator('[data-banner="storage"]');
    await expect.poll(() => banner.textContent()).toMatch(/not being saved in this browser.*The browser refused to store the work: .+kept in this tab only/s);
    await typeInto(page, 'D3', 'only in this tab');
    await expect.poll(() => page.locator('.save-status').getAttribute('data-status')).toBe('problem');
    await screenshot(page, 'work-storage-refused');
    const file = await downloadedScenario(page, () => banner.getByRole('button', { name: 'Download scenario' }).click());
    expect(file.name).toBe('car-quota.json');
    expect(file.sheets.Summary?.[2]?.[3]).toBe('only in this tab');
    expect(await banner.isVisible()).toBe(true);
  });
});

describe('a full disk, then room again', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await session.context.route('**/assets/worker-*.js', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: FULL_DISK + (await response.text()) });
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the banner while writes fail, keeps every edit, and drops the banner once a write succeeds', async () => {
    await openScenario(page, 'car-quota', 'Summary');
    await setDisk(page, 'full');
    await typeInto(page, 'D3', 'typed while the disk was full');
    const banner = page.locator('[data-banner="storage"]');
    await expect.poll(() => banner.textContent()).toMatch(/not being saved in this browser\. The browser’s storage for this page is full\..*kept in this tab only/s);
    // Everything keeps working in memory: an input still moves the outputs.
    const before = await outputValues(page);
    await page.locator('#input-CarUnitValue').fill('30000');
    await page.locator('#input-CarUnitValue').press('Enter');
    await expect.poll(() => outputValues(page)).not.toEqual(before);
    await screenshot(page, 'work-storage-full');
    const file = await downloadedScenario(page, () => banner.getByRole('button', { name: 'Download scenario' }).click());
    expect(file.sheets.Summary?.[2]?.[3]).toBe('typed while the disk was full');

    await setDisk(page, 'room');
    await typeInto(page, 'D4', 'typed once there was room');
    await banner.waitFor({ state: 'detached' });
    await waitSaved(page);
    await page.reload();
    await waitForScenario(page, 'car-quota', 'Summary');
    expect(await cellText(page, 'D3')).toBe('typed while the disk was full');
    expect(await cellText(page, 'D4')).toBe('typed once there was room');
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});

describe('a render crash', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows what failed with Reload and Download, and the work comes back after the reload', async () => {
    await openScenario(page, 'car-quota', 'Summary');
    await typeInto(page, 'D3', 'before the crash');
    await page.evaluate(() => {
      window.tradesheetTestCrash = 'Test crash: the side panel could not render';
    });
    await cell(page, 'D4').click();
    await page.keyboard.type('the edit that crashed the page');
    await page.keyboard.press('Enter');
    const crash = page.locator('.crash');
    await crash.waitFor();
    expect(await crash.getByRole('heading').textContent()).toBe('Part of the page stopped working');
    expect(await crash.locator('.crash-error').textContent()).toBe('Test crash: the side panel could not render');
    await screenshot(page, 'work-render-crash');
    const file = await downloadedScenario(page, () => crash.getByRole('button', { name: 'Download scenario' }).click());
    expect(file.sheets.Summary?.[2]?.[3]).toBe('before the crash');
    expect(file.sheets.Summary?.[3]?.[3]).toBe('the edit that crashed the page');

    // The reload starts a new page, without the message.
    await Promise.all([page.waitForEvent('load'), crash.getByRole('button', { name: 'Reload' }).click()]);
    await waitForScenario(page, 'car-quota', 'Summary');
    expect(await cellText(page, 'D3')).toBe('before the crash');
    expect(await cellText(page, 'D4')).toBe('the edit that crashed the page');
    // React reports the error it caught; nothing else went wrong.
    expect(session.problems.filter((problem) => !problem.includes('Test crash'))).toEqual([]);
  });
});

describe('two tabs on one scenario', () => {
  let session: BrowserSession;
  let first: Page;
  let second: Page;
  const conflict = (page: Page): Locator => page.locator('[data-banner="conflict"]');

  beforeAll(async () => {
    session = await openBrowser();
    first = session.page;
    second = await session.context.newPage();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('the other tab is told, does not save over the new version, and can keep its edits as a new scenario', async () => {
    await openScenario(first, 'car-quota', 'Summary');
    await typeInto(first, 'D3', 'from the first tab');
    await waitSaved(first);
    await openScenario(second, 'car-quota', 'Summary');
    expect(await cellText(second, 'D3')).toBe('from the first tab');
    await typeInto(second, 'D3', 'from the second tab');
    await waitSaved(second);

    await expect.poll(() => conflict(first).textContent()).toMatch(/This scenario was changed in another tab/);
    await typeInto(first, 'D5', 'first tab, after the second saved');
    await expect.poll(() => first.locator('.save-status').getAttribute('data-status')).toBe('problem');
    await screenshot(first, 'work-two-tabs-conflict');
    await second.reload();
    await waitForScenario(second, 'car-quota', 'Summary');
    expect(await cellText(second, 'D3')).toBe('from the second tab');
    expect(await cellText(second, 'D5')).toBe('');

    await conflict(first).getByRole('button', { name: 'Save mine as a new scenario' }).click();
    await first.getByRole('dialog').getByLabel('Name').fill('First tab version');
    await first.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await waitForScenario(first, 'u:first-tab-version');
    expect(await cellText(first, 'D3')).toBe('from the first tab');
    expect(await cellText(first, 'D5')).toBe('first tab, after the second saved');
    expect(await conflict(first).count()).toBe(0);
    // The second tab's list shows the new scenario without a reload.
    await second.locator('.scenario-button').click();
    await second.locator('.scenario-list a[data-doc-id="u:first-tab-version"]').waitFor();
    await second.keyboard.press('Escape');
  });

  it('"Reload it" shows what the other tab saved', async () => {
    await openScenario(first, 'car-quota', 'Summary');
    expect(await cellText(first, 'D3')).toBe('from the second tab');
    expect(await conflict(first).count()).toBe(0);
    await typeInto(second, 'D6', 'saved again in the second tab');
    await waitSaved(second);
    await conflict(first).waitFor();
    await conflict(first).getByRole('button', { name: 'Reload it' }).click();
    await expect.poll(() => cellText(first, 'D6')).toBe('saved again in the second tab');
    expect(await conflict(first).count()).toBe(0);
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
