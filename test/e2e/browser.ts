/** Helpers for the browser tests: a fresh Chromium on the built page, with every console error kept. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM_ARGS, REPO_ROOT, SHOTS_DIR } from './paths';

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and failed requests, in the order they happened. */
  problems: string[];
  close(): Promise<void>;
}


/** A new profile each time, so IndexedDB starts empty; the clipboard may be read and written. */
export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'tradesheet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: inject('chromePath'),
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport,
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(inject('baseUrl')).origin });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The built page, optionally at a hash route such as `#baseline/Autos`. */
export function pageUrl(hash = ''): string {
  return `${inject('baseUrl')}${hash}`;
}

/** Opens a scenario (and sheet) by its URL and waits until its grid shows values. */
export async function openScenario(page: Page, docId: string, sheet?: string): Promise<void> {
  await page.goto(pageUrl(`#${docId}${sheet ? `/${encodeURIComponent(sheet)}` : ''}`));
  await waitForScenario(page, docId, sheet);
}

/** Opens a scenario file from disk through the page's "Open scenario file", and waits for the scenario it holds. */
export async function openScenarioFile(page: Page, path: string, docId: string): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles(path);
  await waitForScenario(page, docId);
}

export async function waitForScenario(page: Page, docId: string, sheet?: string): Promise<void> {
  await page.locator(`.about[data-doc="${docId}"]`).waitFor();
  if (sheet) await page.waitForFunction((name) => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === name, sheet);
  await page.locator('[role="grid"] [role="gridcell"].c-text, [role="grid"] [role="gridcell"].c-number').first().waitFor();
}

/** A cell by its A1 address, found through the ARIA grid: header row is aria-rowindex 1, row numbers aria-colindex 1. */
export function cell(page: Page, address: string): Locator {
  const match = /^([A-Z]+)(\d+)$/.exec(address);
  if (!match) throw new Error(`not an address: ${address}`);
  const col = [...(match[1] ?? '')].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0);
  const row = Number(match[2]);
  return page.locator(`[role="grid"] > [role="row"][aria-rowindex="${row + 1}"] > [aria-colindex="${col + 1}"]`);
}

export function formulaBar(page: Page): Locator {
  return page.getByLabel('Formula', { exact: true });
}

export function nameBox(page: Page): Locator {
  return page.getByLabel('Name box');
}

/** The text a cell shows (tabs and line breaks kept). */
export async function cellText(page: Page, address: string): Promise<string> {
  // A cell scrolled out of view is not in the DOM (the grid is virtualized): fail fast rather than wait.
  return (await cell(page, address).textContent({ timeout: 3000 })) ?? '';
}

export async function selectSheet(page: Page, sheet: string): Promise<void> {
  await page.locator(`[role="tab"][data-sheet="${sheet}"]`).click();
  await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe(sheet);
}

export async function waitSaved(page: Page): Promise<void> {
  await page.locator('.save-status[data-status="saved"]').waitFor();
}

/** The addresses of the cells that report aria-selected, in reading order. */
export async function selectedCells(page: Page): Promise<string[]> {
  return page.locator('[role="grid"] [role="gridcell"][aria-selected="true"]').evaluateAll((cells) =>
    cells.map((element) => {
      const col = Number(element.getAttribute('aria-colindex')) - 2;
      const row = Number(element.parentElement?.getAttribute('aria-rowindex')) - 1;
      let letters = '';
      for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
      return `${letters}${row}`;
    }),
  );
}

/** Where the keyboard is: the active cell's address, from the focused grid cell. */
export async function focusedCell(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement?.closest('[role="gridcell"]');
    if (!element) return null;
    const col = Number(element.getAttribute('aria-colindex')) - 2;
    const row = Number(element.parentElement?.getAttribute('aria-rowindex')) - 1;
    let letters = '';
    for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    return `${letters}${row}`;
  });
}

/** Pastes text as a browser does for Ctrl+V: a paste event carrying a DataTransfer, at the focused element. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}

/** From now on, keeps the duration of every main-thread task over 50 ms the page reports (Chromium's long tasks). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const holder = window as unknown as { __tasks?: number[] };
    holder.__tasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) holder.__tasks?.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks recorded since the last call (milliseconds each), and a fresh start. */
export async function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const holder = window as unknown as { __tasks?: number[] };
    const tasks = holder.__tasks ?? [];
    holder.__tasks = [];
    return tasks;
  });
}

/** The longest task that blocked the page's main thread since the last call, 0 when none did. */
export async function longestTask(page: Page): Promise<number> {
  return Math.max(0, ...(await takeLongTasks(page)));
}

/**
 * The big-sheet tests' start: a browser on the baseline that records long tasks, and `text` written to a
 * scratch folder as the scenario file `name`, for the test to open. `close` also removes the folder.
 */
export async function openWithScenarioFile(name: string, text: string): Promise<BrowserSession & { file: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-file-'));
  const file = join(scratch, name);
  writeFileSync(file, text);
  const session = await openBrowser();
  await recordLongTasks(session.page);
  await session.page.goto(pageUrl('#baseline'));
  await waitForScenario(session.page, 'baseline');
  return {
    ...session,
    file,
    async close() {
      await session.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The preset files as the directory holds them. */
export function presetFilesOnDisk(): string[] {
  return readdirSync(join(REPO_ROOT, 'scenarios'))
    .filter((name) => name.endsWith('.json') && name !== 'scenario.schema.json')
    .sort()
    .map((name) => `scenarios/${name}`);
}

/** Adds a new, empty sheet of its own for a test, with the Add sheet button: its name. */
export async function freshSheet(page: Page): Promise<string> {
  const before = await page.getByRole('tab').allTextContents();
  await page.getByRole('button', { name: 'Add sheet' }).click();
  await expect.poll(async () => (await page.getByRole('tab').allTextContents()).length).toBe(before.length + 1);
  const name = (await page.getByRole('tab', { selected: true }).textContent()) ?? '';
  expect(before).not.toContain(name);
  await page.getByRole('grid', { name: `Sheet ${name}` }).waitFor();
  return name;
}

/** Types entries into cells, each committed with Enter. */
export async function typeCells(page: Page, entries: Record<string, string>): Promise<void> {
  for (const [address, text] of Object.entries(entries)) {
    await cell(page, address).click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, address)).not.toBe('');
  }
}

/** The formula bar's text for a cell, once the cell is clicked and active. */
export async function formulaAt(page: Page, address: string): Promise<string> {
  await cell(page, address).click();
  await expect.poll(() => nameBox(page).inputValue()).toBe(address);
  return formulaBar(page).inputValue();
}

export const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';
