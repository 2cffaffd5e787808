/** Helpers for the browser tests: a fresh Chromium on the built page, with every console error kept. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROME_PATH, REPO_ROOT, SHOTS_DIR } from './paths';

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and failed requests, in the order they happened. */
  problems: string[];
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'tradesheet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
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

/** Waits until the scenario view (or its problem report) for `id` has rendered. */
export async function showPreset(page: Page, id: string): Promise<void> {
  await page.locator(`.preset-list a[data-preset-id="${id}"]`).click();
  await page.locator(`article[data-preset="${id}"], main .problems`).first().waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The preset files as the directory holds them, as the page names them: `scenarios/<name>.json`. */
export function presetFilesOnDisk(): string[] {
  return readdirSync(join(REPO_ROOT, 'scenarios'))
    .filter((name) => name.endsWith('.json') && name !== 'scenario.schema.json')
    .sort()
    .map((name) => `scenarios/${name}`);
}
