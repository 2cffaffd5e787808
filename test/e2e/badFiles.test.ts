/**
 * Every file of test/fixtures/bad-scenarios through the page's "Open scenario file", one after another
 * on one page: a refused file shows the lines of expected.json (openMessages when the CLI's differ, the
 * file named as the browser names it, without a folder) and leaves the open scenario as it was; a file
 * that loads opens and shows its error cells.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, GENERATORS, REPO, entries } from '../io/badScenarioCorpus';
import { cellText, openBrowser, openScenario, screenshot, selectSheet, type BrowserSession } from './browser';

const STACK_FRAME = /^\s+at /m;

interface Shown {
  hash: string;
  name: string | null;
  outputs: (string | null)[];
  cell: string;
  status: string | null;
}

/** What tells the scenario that was open is still open and unchanged. */
async function shownScenario(page: Page): Promise<Shown> {
  return {
    hash: await page.evaluate(() => window.location.hash),
    name: await page.locator('.scenario-button-name').textContent(),
    outputs: await page.locator('.output-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-value'))),
    cell: await cellText(page, 'B2'),
    status: await page.locator('.save-status').textContent(),
  };
}

async function openFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles(path);
}

describe('"Open scenario file" with every bad file of the corpus', () => {
  let session: BrowserSession;
  let page: Page;
  let before: Shown;
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-bad-browser-'));

  const pathOf = (name: string) => (GENERATORS[name] ? join(scratch, name) : join(REPO, CORPUS, name));
  const refused = entries.filter(([, entry]) => !entry.loads);
  const loadable = entries.filter(([, entry]) => entry.loads);

  beforeAll(async () => {
    for (const [name, make] of Object.entries(GENERATORS)) writeFileSync(join(scratch, name), make());
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
    before = await shownScenario(page);
  });

  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('covers the whole corpus, the generated files included', () => {
    expect(refused.length + loadable.length).toBe(63);
    expect(refused.filter(([name]) => GENERATORS[name]).length).toBe(Object.keys(GENERATORS).length);
  });

  it.each(refused.map(([name, entry]) => [name, entry.openMessages ?? entry.messages ?? []] as const))(
    '%s: its lines, naming the file and the path, and the open scenario untouched',
    async (name, lines) => {
      await openFile(page, pathOf(name));
      const title = `${name} could not be opened`;
      await page.waitForFunction((expected) => document.querySelector('.problems h2')?.textContent === expected, title);
      const shown = await page.locator('.problems li code').allTextContents();
      expect(shown).toEqual(lines.map((line) => line.replaceAll('{file}', name)));
      expect(shown.join('\n')).not.toMatch(STACK_FRAME);
      expect(await shownScenario(page)).toEqual(before);
      if (name === 'huge-50mb.json') await screenshot(page, 'bad-file-huge');
    },
  );

  it('logged no error to the console while refusing them', () => {
    expect(session.problems).toEqual([]);
  });

  it.each(loadable.map(([name, entry]) => [name, entry.errorCells ?? []] as const))(
    '%s: opens as a scenario of its own and shows its error cells',
    async (name, errorCells) => {
      const hash = await page.evaluate(() => window.location.hash);
      await openFile(page, pathOf(name));
      await expect.poll(() => page.evaluate(() => window.location.hash)).not.toBe(hash);
      await page.locator('[role="grid"] [role="gridcell"]').first().waitFor();
      expect(await page.locator('.problems').count()).toBe(0);
      for (const errorCell of errorCells) {
        const [address = '', error] = errorCell.split(': ');
        const [sheet = '', local = ''] = address.split('!');
        await selectSheet(page, sheet);
        await expect.poll(() => cellText(page, local)).toBe(error);
      }
    },
  );
});
