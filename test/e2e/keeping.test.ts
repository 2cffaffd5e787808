/** Keeping work: stored as it is made and back after a reload, saved under a name, files in and out, CSVs the CLI's bytes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOD, cell, cellText, formulaBar, openBrowser, openScenario, pageUrl, screenshot, selectSheet, waitForScenario, waitSaved, type BrowserSession } from './browser';
import { runExport } from '../../src/cli/export';

/** `npm run export` with these arguments, run in this process: the command's own entry point, arguments in, files out. */
async function runExportCli(args: string[]): Promise<void> {
  const errors: string[] = [];
  const code = await runExport(args, { out: () => undefined, err: (line) => errors.push(line) });
  if (code !== 0) throw new Error(`export exited ${code}: ${errors.join('\n')}`);
}

async function downloaded(page: Page, start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const path = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync(path) };
}

async function exportFrom(page: Page, item: RegExp): Promise<{ name: string; bytes: Buffer }> {
  return downloaded(page, async () => {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.locator('.export-menu .menu-item').filter({ hasText: item }).click();
  });
}

describe('keeping the work', () => {
  let session: BrowserSession;
  let page: Page;
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-keeping-'));

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('stores every edit and restores it after a reload: the scenario, the sheet, the cells, the marks', async () => {
    await openScenario(page, 'roll-back', 'Autos');
    await cell(page, 'D8').click();
    await page.keyboard.type('checked by hand');
    await page.keyboard.press('Enter');
    await cell(page, 'A5').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Insert row above' }).click();
    await expect.poll(() => cellText(page, 'D9')).toBe('checked by hand');
    await selectSheet(page, 'Inputs');
    await page.locator('#input-ThreatTariff').fill('5');
    await page.locator('#input-ThreatTariff').press('Enter');
    await expect.poll(() => cellText(page, 'B5')).toBe('5%');
    await cell(page, 'C7').click();
    await waitSaved(page);
    // Where the page was is stored as the click happens, a moment after it.
    await page.waitForTimeout(150);
    const outputs = await page.locator('.output-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-value')));

    await page.reload();
    await waitForScenario(page, 'roll-back', 'Inputs');
    expect(await cellText(page, 'B5')).toBe('5%');
    // A visit without the address in the URL comes back to the same place too.
    await page.goto('about:blank');
    await page.goto(pageUrl());
    await waitForScenario(page, 'roll-back', 'Inputs');
    expect(await cellText(page, 'B5')).toBe('5%');
    expect(await page.locator('.output-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-value')))).toEqual(outputs);
    expect(await page.getByLabel('Name box').inputValue()).toBe('C7');
    expect(await page.locator('.input-row[data-input="ThreatTariff"]').getAttribute('class')).toContain('is-changed');
    await selectSheet(page, 'Autos');
    await expect.poll(() => cellText(page, 'D9')).toBe('checked by hand');
    expect(await cellText(page, 'A5')).toBe('');
    expect(await cell(page, 'D9').getAttribute('class')).toContain('c-changed');
    // The inserted row is not a change of any cell: only the typed cell and the input count.
    expect(await page.locator('.changes-button').textContent()).toBe('2 changed cells');
    await page.locator('.scenario-button').click();
    expect(await page.locator('.scenario-list a[data-doc-id="roll-back"] .badge-edited').count()).toBe(1);
    await page.keyboard.press('Escape');
    await screenshot(page, 'keeping-restored');
  });

  it('switching scenarios keeps unsaved work in each, and undo still works after coming back', async () => {
    await openScenario(page, 'car-quota', 'Summary');
    await cell(page, 'D3').click();
    await page.keyboard.type('car quota note');
    await page.keyboard.press('Enter');
    await page.locator('.scenario-button').click();
    await page.locator('.scenario-list a[data-doc-id="baseline"]').click();
    await waitForScenario(page, 'baseline');
    await page.goBack();
    await waitForScenario(page, 'car-quota', 'Summary');
    expect(await cellText(page, 'D3')).toBe('car quota note');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'D3')).toBe('');
  });

  it('saves as a new scenario, downloads its file, and the CLI exports that file to the same bytes the page exports', { timeout: 90_000 }, async () => {
    await openScenario(page, 'baseline', 'Autos');
    const sheetCsv = await exportFrom(page, /This sheet/);
    const outputsCsv = await exportFrom(page, /The outputs/);
    expect(sheetCsv.name).toBe('baseline-Autos.csv');

    await selectSheet(page, 'Inputs');
    await page.locator('#input-AutoTariff').fill('15');
    await page.locator('#input-AutoTariff').press('Enter');
    await expect.poll(() => cellText(page, 'B4')).toBe('15%');
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('My deal, 15%');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await waitForScenario(page, 'u:my-deal-15');
    expect(await page.locator('.about h1').textContent()).toBe('My deal, 15%');
    // The preset is as it ships again; the new scenario still shows its change from it.
    expect(await page.locator('.changes-button').textContent()).toBe('1 changed cell');
    await page.locator('.scenario-button').click();
    expect(await page.locator('.scenario-list a[data-doc-id="baseline"] .badge-edited').count()).toBe(0);
    expect(await page.locator('.scenario-list a[data-doc-id="u:my-deal-15"]').textContent()).toContain('My deal, 15%');
    await page.keyboard.press('Escape');

    const scenarioFile = await downloaded(page, () => page.getByRole('button', { name: 'Download scenario' }).click());
    expect(scenarioFile.name).toBe('my-deal-15.json');
    const json = JSON.parse(scenarioFile.bytes.toString('utf8')) as { id: string; type: string; sheets: Record<string, unknown[][]> };
    expect(json).toMatchObject({ id: 'my-deal-15', type: 'tradesheet-scenario' });
    expect(json.sheets.Inputs?.[3]?.[1]).toBe(0.15);
    const file = join(scratch, scenarioFile.name);
    writeFileSync(file, scenarioFile.bytes);
    await selectSheet(page, 'Autos');
    const editedCsv = await exportFrom(page, /This sheet/);
    const editedOutputs = await exportFrom(page, /The outputs/);
    const longCsv = await exportFrom(page, /Every sheet/);

    const out = join(scratch, 'out');
    await runExportCli(['baseline', file, '--out', out]);
    expect(sheetCsv.bytes.equals(readFileSync(join(out, 'baseline', 'Autos.csv')))).toBe(true);
    expect(editedCsv.bytes.equals(readFileSync(join(out, 'my-deal-15', 'Autos.csv')))).toBe(true);
    const cliOutputs = readFileSync(join(out, 'outputs.csv'), 'utf8').split('\r\n');
    expect(outputsCsv.bytes.toString('utf8')).toBe(`${[cliOutputs[0], ...cliOutputs.filter((line) => line.startsWith('baseline,'))].join('\r\n')}\r\n`);
    expect(editedOutputs.bytes.toString('utf8')).toBe(`${[cliOutputs[0], ...cliOutputs.filter((line) => line.startsWith('my-deal-15,'))].join('\r\n')}\r\n`);
    const long = longCsv.bytes.toString('utf8').split('\r\n');
    expect(long[0]).toBe('scenario,sheet,cell,formula,value');
    expect(long).toContain('my-deal-15,Inputs,B4,0.15,0.15');
    expect(long.find((line) => line.startsWith('my-deal-15,Summary,B2,'))).toMatch(/^my-deal-15,Summary,B2,'=Autos!B7,\d+(\.\d+)?$/);
  });

  it('opens a scenario file, and shows what is wrong with a bad one in the page', async () => {
    await openScenario(page, 'baseline');
    const input = page.getByTestId('open-file-input');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "type": "tradesheet-scenario",\n  "version": 1,\n  "id": "x"\n  "name": "y"\n}') });
    const alert = page.locator('.banner[role="alert"]');
    await expect.poll(() => alert.textContent()).toMatch(/broken\.json could not be opened.*broken\.json: not valid JSON: .* at line 5, column 3/s);
    await screenshot(page, 'keeping-bad-file');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    const extending = { type: 'tradesheet-scenario', version: 1, id: 'deal', name: 'A deal', description: 'Cars at 10 %', extends: 'baseline', set: { AutoTariff: 2 } };
    await input.setInputFiles({ name: 'deal.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(extending)) });
    await expect.poll(() => alert.textContent()).toMatch(/deal\.json: set\.AutoTariff: 2 is above the input's max 1/);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await input.setInputFiles({ name: 'deal.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...extending, set: { AutoTariff: 0.1 } })) });
    await waitForScenario(page, 'u:deal');
    await selectSheet(page, 'Inputs');
    expect(await cellText(page, 'B4')).toBe('10%');
    expect(await page.locator('.about .chain').textContent()).toContain('Baseline');
  });

  it('adds, renames, moves and deletes sheets; formulas follow the rename; undo brings a deleted sheet back', async () => {
    await openScenario(page, 'rice-opening', 'Summary');
    await page.getByRole('button', { name: 'Add sheet' }).click();
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Sheet6');
    await cell(page, 'A1').click();
    await page.keyboard.type('=Rice!B2');
    await page.keyboard.press('Enter');
    await page.locator('[role="tab"][data-sheet="Rice"]').dblclick();
    await page.getByLabel('New name for sheet Rice').fill('Rice quota');
    await page.getByLabel('New name for sheet Rice').press('Enter');
    await expect.poll(() => page.locator('[role="tab"]').allTextContents()).toEqual(['Summary', 'Inputs', 'Autos', 'Rice quota', 'Article', 'Sheet6']);
    await selectSheet(page, 'Sheet6');
    await cell(page, 'A1').click();
    expect(await formulaBar(page).inputValue()).toBe("='Rice quota'!B2");
    await page.locator('[role="tab"][data-sheet="Sheet6"]').dblclick();
    await page.getByLabel('New name for sheet Sheet6').fill('Bad/name');
    await page.getByLabel('New name for sheet Sheet6').press('Enter');
    await expect.poll(() => page.locator('.tab-problem').textContent()).toMatch(/must not contain/);
    await page.getByLabel('New name for sheet Sheet6').press('Escape');
    expect(await page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Sheet6');
    await page.locator('[role="tab"][data-sheet="Sheet6"]').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Move left' }).click();
    await expect.poll(() => page.locator('[role="tab"]').allTextContents()).toEqual(['Summary', 'Inputs', 'Autos', 'Rice quota', 'Sheet6', 'Article']);
    await page.locator('[role="tab"][data-sheet="Article"]').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete sheet' }).click();
    await expect.poll(() => page.locator('[role="tab"]').allTextContents()).toEqual(['Summary', 'Inputs', 'Autos', 'Rice quota', 'Sheet6']);
    await screenshot(page, 'keeping-sheet-tabs');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => page.locator('[role="tab"]').allTextContents()).toContain('Article');
    // A sheet holding named inputs cannot go: the scenario would lose them.
    await page.locator('[role="tab"][data-sheet="Inputs"]').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete sheet' }).click();
    await expect.poll(() => page.locator('.banner[role="alert"]').textContent()).toMatch(/the sheet “Inputs” cannot be deleted/);
  });

  it('reverts an edited preset to how it ships, and deletes a scenario of one’s own, each after asking', async () => {
    await openScenario(page, 'letter-threat', 'Inputs');
    const shipped = await cellText(page, 'B4');
    await page.locator('#input-AutoTariff').fill('40');
    await page.locator('#input-AutoTariff').press('Enter');
    await expect.poll(() => cellText(page, 'B4')).toBe('40%');
    await waitSaved(page);

    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('button', { name: /Revert to preset/ }).click();
    const revert = page.getByRole('dialog');
    expect(await revert.getByRole('heading').textContent()).toMatch(/^Throw away your changes to “.+”\?$/);
    await revert.getByRole('button', { name: 'Revert to preset' }).click();
    await expect.poll(() => cellText(page, 'B4')).toBe(shipped);
    await expect.poll(() => page.locator('.save-status').textContent()).toContain('Unchanged');

    await page.locator('#input-AutoTariff').fill('35');
    await page.locator('#input-AutoTariff').press('Enter');
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Short-lived deal');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await waitForScenario(page, 'u:short-lived-deal');
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('button', { name: /Delete this scenario/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete scenario' }).click();
    await waitForScenario(page, 'baseline');
    await page.locator('.scenario-button').click();
    expect(await page.locator('.scenario-list a[data-doc-id="u:short-lived-deal"]').count()).toBe(0);
    expect(await page.locator('.scenario-list a[data-doc-id="letter-threat"] .badge-edited').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('the save status keeps one width, so the scenario name and the buttons beside it stay put as it changes', async () => {
    await openScenario(page, 'capital-w-win', 'Inputs');
    expect(await page.locator('.save-status').textContent()).toBe('Unchanged');
    // Each change of the status, with where the scenario button and the "Open scenario file" button then are.
    await page.evaluate(() => {
      const seen: { status: string; place: string }[] = [];
      (window as { __statusPlaces?: typeof seen }).__statusPlaces = seen;
      const place = () => {
        const scenario = document.querySelector('.scenario-button')?.getBoundingClientRect();
        const next = [...document.querySelectorAll('.top-actions button')].find((button) => button.textContent === 'Open scenario file')?.getBoundingClientRect();
        return JSON.stringify([scenario?.left, scenario?.width, next?.left]);
      };
      const note = () => seen.push({ status: document.querySelector('.save-status')?.textContent ?? '', place: place() });
      note();
      const actions = document.querySelector('.top-actions');
      if (actions) new MutationObserver(note).observe(actions, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.locator('#input-AutoTariff').fill('31');
    await page.locator('#input-AutoTariff').press('Enter');
    await expect.poll(() => page.locator('.save-status').textContent()).toBe('Saved in this browser');
    const seen = (await page.evaluate(() => (window as { __statusPlaces?: unknown }).__statusPlaces)) as { status: string; place: string }[];
    expect([...new Set(seen.map((entry) => entry.status))]).toEqual(['Unchanged', 'Saving…', 'Saved in this browser']);
    expect([...new Set(seen.map((entry) => entry.place))]).toHaveLength(1);
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});

describe('the top bar on a 1280-pixel screen', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('leaves the scenario name room: shorter button labels, the menu caret inside its button, nothing past the edge', async () => {
    const { page } = session;
    await openScenario(page, 'baseline', 'Inputs');
    await page.locator('#input-AutoTariff').fill('27');
    await page.locator('#input-AutoTariff').press('Enter');
    await expect.poll(() => page.locator('.save-status').innerText()).toBe('Saved');
    const layout = await page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect();
      const bar = document.querySelector('.topbar');
      return {
        name: box('.scenario-button-name')?.width ?? 0,
        button: box('.scenario-button')?.right ?? 0,
        caret: box('.scenario-button .caret')?.right ?? Infinity,
        overflow: bar ? bar.scrollWidth - bar.clientWidth : Infinity,
      };
    });
    expect(layout.name).toBeGreaterThan(200);
    expect(layout.caret).toBeLessThanOrEqual(layout.button);
    expect(layout.overflow).toBe(0);
    for (const name of ['Open file', 'Download']) await expect.poll(() => page.getByRole('button', { name, exact: true }).count()).toBe(1);
    expect(session.problems).toEqual([]);
  });
});
