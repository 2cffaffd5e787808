/**
 * axe-core audits every view of the built page, each as a person leaves it on screen: the sheet, the
 * scenario panels with a range being edited, each Analyse view with its results, and every dialog, menu
 * and banner. Each audit runs the WCAG 2 A and AA rules and axe's best practices, none turned off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoViolations } from './axe';
import { cell, openBrowser, openScenario, pageUrl, waitForScenario, waitSaved, type BrowserSession } from './browser';
import { REPO_ROOT } from './paths';

const fixture = (path: string) => readFileSync(join(REPO_ROOT, 'test/fixtures', path));

describe('the editor page, audited by axe-core', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
  });

  afterAll(async () => {
    expect(session?.problems).toEqual([]);
    await session?.close();
  });

  it('fails, naming the rule, its impact, the element and the help, when the page breaks a rule', async () => {
    await page.evaluate(() => {
      const probe = document.createElement('input');
      probe.id = 'audit-probe';
      document.querySelector('main')?.append(probe);
    });
    await expect(expectNoViolations(page, 'the sheet with an unlabelled field')).rejects.toThrow(
      /axe-core found 1 rule violation\(s\) on the sheet with an unlabelled field:\nlabel \(critical\): Form elements must have labels \(https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/label[^)]*\)\n {4}at #audit-probe: Fix any of the following:/,
    );
    await page.evaluate(() => document.getElementById('audit-probe')?.remove());
  });

  it('the sheet view, with a cell selected', async () => {
    await cell(page, 'B2').click();
    await expectNoViolations(page, 'the sheet view');
  });

  it('the sheet view while a cell is being edited', async () => {
    await cell(page, 'D3').click();
    await page.keyboard.press('F2');
    await page.keyboard.type('=B2*2');
    await expectNoViolations(page, 'the sheet view with the cell editor open');
    await page.keyboard.press('Escape');
  });

  it('the outputs and inputs panels, with their bands drawn, a range’s source shown and a range editor open', async () => {
    await page.locator('.output-list:not(.is-stale) .output-row .output-band').first().waitFor({ timeout: 30_000 });
    const row = page.locator('.input-row[data-input="CarUnitValue"]');
    await row.locator('.input-range summary').click();
    await row.getByRole('button', { name: 'Edit range of' }).click();
    const form = row.getByRole('form', { name: /^Range of/ });
    await form.getByLabel('Low').fill('-1000');
    await form.getByLabel('Distribution').selectOption('lognormal');
    await form.getByRole('button', { name: 'Set range' }).click();
    await form.locator('.range-problem').waitFor();
    await expectNoViolations(page, 'the scenario panels with a range editor showing a problem');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the scenario menu', async () => {
    await page.locator('.scenario-button').click();
    await page.locator('.scenario-list').waitFor();
    await expectNoViolations(page, 'the open scenario menu');
    await page.keyboard.press('Escape');
  });

  it('the Export and More menus', async () => {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.locator('.export-menu').waitFor();
    await expectNoViolations(page, 'the open Export menu');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.locator('.export-menu').waitFor();
    await expectNoViolations(page, 'the open More menu');
    await page.keyboard.press('Escape');
  });

  it('the context menus of a cell and of a sheet tab', async () => {
    await cell(page, 'B3').click({ button: 'right' });
    await page.getByRole('menu').waitFor();
    await expectNoViolations(page, 'the context menu of a cell');
    await page.keyboard.press('Escape');
    await page.locator('[role="tab"][data-sheet="Summary"]').click({ button: 'right' });
    await page.getByRole('menu').waitFor();
    await expectNoViolations(page, 'the context menu of a sheet tab');
    await page.keyboard.press('Escape');
  });

  it('the list of changes against the preset, and a sheet’s name being edited in its tab', async () => {
    await cell(page, 'D3').click();
    await page.keyboard.type('changed for the audit');
    await page.keyboard.press('Enter');
    await page.locator('.changes-button.has-changes').click();
    await page.locator('.changes-panel').waitFor();
    await expectNoViolations(page, 'the open list of changes');
    await page.keyboard.press('Escape');
    await cell(page, 'D3').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.changes-button.has-changes').count()).toBe(0);
    await page.locator('[role="tab"][data-sheet="Article"]').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    await page.getByLabel('New name for sheet Article').waitFor();
    await expectNoViolations(page, 'a sheet tab being renamed');
    await page.keyboard.press('Escape');
    await page.getByLabel('New name for sheet Article').waitFor({ state: 'detached' });
  });

  it('the confirmation and Save as dialogs', async () => {
    await page.locator('[role="tab"][data-sheet="Article"]').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('dialog').waitFor();
    await expectNoViolations(page, 'the dialog asking to delete a sheet');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByRole('dialog').waitFor();
    await expectNoViolations(page, 'the Save as dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the CSV import dialog, with its preview, and the notice after an import', async () => {
    await page.getByTestId('import-csv-input').setInputFiles({ name: 'quoted.csv', mimeType: 'text/csv', buffer: fixture('csv/quoted.csv') });
    const dialog = page.getByRole('dialog');
    await dialog.locator('.csv-preview').waitFor();
    await expectNoViolations(page, 'the CSV import dialog');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('.banner-info').waitFor();
    await expectNoViolations(page, 'the notice that the CSV was imported');
    await page.keyboard.press(`Control+z`);
  });

  it('the problems of a scenario file that cannot be opened', async () => {
    await page.getByTestId('open-file-input').setInputFiles(join(REPO_ROOT, 'test/fixtures/bad-scenarios/many-bad-cells.json'));
    await page.locator('.banner-problem').filter({ hasText: 'many-bad-cells.json could not be opened' }).waitFor();
    await expectNoViolations(page, 'the problems of a refused scenario file');
    await page.locator('.banner-problem').getByRole('button', { name: 'Dismiss' }).click();
  });
});

describe('the Analyse views, audited by axe-core with their results shown', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
    await page.getByRole('button', { name: 'Analyse' }).click();
  });

  afterAll(async () => {
    expect(session?.problems).toEqual([]);
    await session?.close();
  });

  it('compare scenarios: the table with deltas and the bar chart', async () => {
    await page.getByRole('tab', { name: 'Compare scenarios' }).click();
    await expect.poll(() => page.locator('.compare-table tbody tr').count(), { timeout: 30_000 }).toBe(15);
    await page.locator('.compare .chart svg .recharts-bar-rectangle').first().waitFor();
    await expectNoViolations(page, 'the Compare view');
  });

  it('what if: a sweep run, a data table built, the tornado and a goal seek answered', async () => {
    await page.getByRole('tab', { name: 'What if…' }).click();
    const sweep = page.locator('section[aria-labelledby="sweep-title"]');
    await sweep.getByLabel('Steps', { exact: true }).fill('5');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => sweep.locator('.sweep-table tbody tr').count(), { timeout: 30_000 }).toBe(5);
    const table = page.locator('section[aria-labelledby="data-table-title"]');
    await table.getByRole('button', { name: 'Build table' }).click();
    await table.locator('.data-table tbody tr').first().waitFor({ timeout: 30_000 });
    const tornado = page.locator('section[aria-labelledby="tornado-title"]');
    await tornado.locator('svg .recharts-bar-rectangle').first().waitFor({ timeout: 30_000 });
    const goal = page.locator('section[aria-labelledby="goal-seek-title"]');
    await goal.getByLabel('Target value').fill('447,500,000');
    await goal.getByRole('button', { name: 'Find' }).click();
    await goal.locator('.goal-answer').waitFor({ timeout: 30_000 });
    await expectNoViolations(page, 'the What if view');
  });

  it('uncertainty: the histogram and the statistics of a finished simulation', async () => {
    await page.getByRole('tab', { name: 'Uncertainty' }).click();
    await page.locator('.uncertainty[data-state="done"]').waitFor({ timeout: 60_000 });
    await expectNoViolations(page, 'the Uncertainty view');
  });
});

describe('the banners about sharing and storage, audited by axe-core', () => {
  let session: BrowserSession | undefined;

  afterAll(async () => {
    await session?.close();
  });

  it('the banner of a scenario opened from a link, and of a link that cannot be read', async () => {
    session = await openBrowser();
    const { page } = session;
    await openScenario(page, 'baseline', 'Summary');
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.locator('.export-menu .menu-item').filter({ hasText: 'Copy link' }).click();
    await page.locator('.banner-info').filter({ hasText: 'Link copied' }).waitFor();
    await expectNoViolations(page, 'the notice that the link was copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    await page.goto(link);
    await page.locator('[data-banner="shared"]').waitFor();
    await waitForScenario(page, 'shared:1');
    await expectNoViolations(page, 'a scenario opened from a link, with its banner');
    await page.goto(pageUrl('#share=v1.not-a-link'));
    await page.locator('[data-banner="link-problem"]').waitFor();
    await expectNoViolations(page, 'the banner of a link that cannot be read');
    await session.close();
    session = undefined;
  });

  it('the banner saying another tab changed the scenario', async () => {
    session = await openBrowser();
    const first = session.page;
    const second = await session.context.newPage();
    const typeInto = async (page: Page, text: string) => {
      await cell(page, 'D3').click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      await waitSaved(page);
    };
    await openScenario(first, 'car-quota', 'Summary');
    await typeInto(first, 'from the first tab');
    await openScenario(second, 'car-quota', 'Summary');
    await typeInto(second, 'from the second tab');
    await first.locator('[data-banner="conflict"]').waitFor({ timeout: 30_000 });
    await expectNoViolations(first, 'the banner of a scenario changed in another tab');
    await session.close();
    session = undefined;
  });

  it('the page that a crash leaves, with the ways on', async () => {
    session = await openBrowser();
    const { page } = session;
    await openScenario(page, 'baseline', 'Summary');
    await page.evaluate(() => {
      window.tradesheetTestCrash = 'Test crash for the audit';
    });
    await cell(page, 'D3').click();
    await page.keyboard.type('the edit that crashes the page');
    await page.keyboard.press('Enter');
    await page.locator('.crash').waitFor();
    await expectNoViolations(page, 'the page after a render crash');
    await session.close();
    session = undefined;
  });

  it('the banner saying the browser does not store the work', async () => {
    session = await openBrowser();
    const { page } = session;
    // The engine's IndexedDB refuses every write, as a browser with storage turned off does.
    await session.context.route('**/assets/worker-*.js', async (route) => {
      const response = await route.fetch();
      const refuse = `IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };\n`;
      await route.fulfill({ response, body: refuse + (await response.text()) });
    });
    await openScenario(page, 'baseline', 'Summary');
    await cell(page, 'D3').click();
    await page.keyboard.type('kept in this tab');
    await page.keyboard.press('Enter');
    await page.locator('[data-banner="storage"]').waitFor({ timeout: 30_000 });
    await expectNoViolations(page, 'the banner saying the work is not stored');
  });
});

describe('the Format menu, the Find and replace bar, the formula helpers and the version history, audited by axe-core', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
  });

  afterAll(async () => {
    expect(session?.problems).toEqual([]);
    await session?.close();
  });

  it('the Format menu of the toolbar', async () => {
    await cell(page, 'B2').click();
    await page.getByRole('toolbar', { name: 'Editing' }).getByRole('button', { name: 'Format', exact: true }).click();
    await page.getByRole('group', { name: 'Number formats' }).waitFor();
    await expectNoViolations(page, 'the open Format menu');
    await page.keyboard.press('Escape');
  });

  it('the Find and replace bar, with a match found', async () => {
    await cell(page, 'A1').click();
    await page.keyboard.press('Control+h');
    const bar = page.getByRole('search', { name: 'Find and replace' });
    await bar.waitFor();
    await bar.getByRole('textbox', { name: 'Find' }).fill('cars');
    await bar.getByRole('textbox', { name: 'Find' }).press('Enter');
    await expect.poll(() => bar.getByRole('status').textContent()).toMatch(/^\d+ of \d+$/);
    await expectNoViolations(page, 'the Find and replace bar');
    await page.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });
  });

  it('the list of functions and names, and the signature of the call being typed', async () => {
    await cell(page, 'E20').click();
    await page.keyboard.type('=SU');
    await page.getByRole('listbox', { name: 'Functions and names' }).getByRole('option').first().waitFor();
    await expectNoViolations(page, 'the list of functions and names');
    await page.keyboard.type('M(B2,');
    await page.locator('.signature').waitFor();
    await expectNoViolations(page, 'the signature of SUM being typed');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  it('the version history', async () => {
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('button', { name: /^Version history…/ }).click();
    const panel = page.getByRole('dialog', { name: 'Version history' });
    await panel.getByRole('list', { name: 'Versions, newest first' }).waitFor();
    await expectNoViolations(page, 'the version history');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
