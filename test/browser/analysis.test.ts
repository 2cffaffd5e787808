/** Scenario analysis in the browser: compare, sweep, tornado, goal seek, their SVG charts and CSVs; and the Excel download. */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSheetCsv } from '../../src/io/csv';
import { openBrowser, openScenario, screenshot, type BrowserSession } from './browser';

async function downloaded(page: Page, start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const path = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync(path) };
}

describe('scenario analysis', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
    await page.getByRole('button', { name: 'Analyse' }).click();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('compares every preset with the baseline: a table with deltas, an SVG bar chart, a tidy CSV', async () => {
    const table = page.locator('.compare-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(15);
    // The roll-back restores 1.4 million cars: +32.26 % against the baseline's response to the tariff.
    const header = await table.locator('thead th').allInnerTexts();
    const rollBack = header.findIndex((text) => text.startsWith('Roll-back'));
    const carsRow = table.locator('tbody tr').filter({ hasText: 'Japanese cars exported to the US' }).first();
    const rollBackCell = carsRow.locator('td').nth(rollBack - 1);
    expect(await rollBackCell.getAttribute('data-value')).toBe('1400000');
    expect(await rollBackCell.locator('.delta').innerText()).toMatch(/^\+341,463 \(\+32\.26%\)$/);
    // Bars are SVG rectangles, one per scenario and output of the chosen unit (USD/yr) that is not 0.
    const bars = page.locator('.compare .chart svg .recharts-bar-rectangle');
    await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(7 * 3);
    expect(await page.locator('.compare .chart svg .recharts-legend-item, .compare .chart .recharts-legend-item').count()).toBe(7);
    const csv = await downloaded(page, () => page.locator('.compare').getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.name).toBe('comparison.csv');
    const [head, ...rows] = parseSheetCsv(csv.bytes.toString('utf8'));
    expect(head).toEqual(['scenario', 'output', 'label', 'unit', 'value', 'baseline_value', 'delta', 'delta_pct']);
    expect(rows).toHaveLength(7 * 15);
    expect(rows.find((row) => row[0] === 'roll-back' && row[1] === 'JpCarsToUs')?.[4]).toBe(1_400_000);
    await screenshot(page, 'analysis-compare');
  });

  it('sweeps the car tariff from 0 % to 50 %: a line with a point per step, a table and a CSV', async () => {
    await page.getByRole('tab', { name: 'What if…' }).click();
    const sweep = page.locator('section[aria-labelledby="sweep-title"]');
    await sweep.locator('select').first().selectOption({ label: 'Added US tariff on cars and auto parts' });
    await sweep.getByLabel('From', { exact: true }).fill('0%');
    await sweep.getByLabel('To', { exact: true }).fill('50%');
    await sweep.getByLabel('Steps', { exact: true }).fill('11');
    await sweep.getByRole('checkbox', { name: 'Japanese cars exported to the US', exact: true }).uncheck();
    await sweep.getByRole('checkbox', { name: 'US tariff paid on Japanese cars', exact: true }).check();
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const rows = sweep.locator('.sweep-table tbody tr');
    await expect.poll(() => rows.count()).toBe(11);
    expect(await rows.first().innerText()).toMatch(/^0%\s+980,000,000$/);
    expect(await sweep.locator('svg .recharts-line-dots circle, svg .recharts-dot').count()).toBe(11);
    const csv = await downloaded(page, () => sweep.getByRole('button', { name: 'Download CSV' }).click());
    const [head, first, , , , , middle] = parseSheetCsv(csv.bytes.toString('utf8'));
    expect(head).toEqual(['input', 'input_value', 'output', 'value']);
    expect(first).toEqual(['AutoTariff', 0, 'UsTariffOnJpCars', 980_000_000]);
    expect(middle?.[1]).toBe(0.25);
    await screenshot(page, 'analysis-sweep');
  });

  it('a tornado ranks the inputs by how far they swing the car trade gap', async () => {
    const tornado = page.locator('section[aria-labelledby="tornado-title"]');
    await expect.poll(() => tornado.locator('.tornado-table tbody tr').count()).toBeGreaterThan(5);
    const first = await tornado.locator('.tornado-table tbody tr th').first().innerText();
    expect(['Average customs value of a Japanese car shipped to the US', 'Japanese cars exported to the US, 2024']).toContain(first);
    expect(await tornado.locator('svg .recharts-bar-rectangle').count()).toBeGreaterThan(5);
  });

  it('goal seek finds the extra rice that lifts US rice exports to a target, and applies it', async () => {
    const goal = page.locator('section[aria-labelledby="goal-seek-title"]');
    await goal.getByLabel('Target value').fill('447,500,000');
    await goal.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => goal.locator('.goal-answer').innerText()).toMatch(/= 100,000 t\/yr brings/);
    await goal.getByRole('button', { name: /^Apply/ }).click();
    await page.getByRole('button', { name: 'Back to the sheet' }).click();
    await expect.poll(() => page.locator('.output-row[data-output="UsRiceBeyondQuota"]').getAttribute('data-value')).toBe('101000');
  });
});

describe('Download Excel workbook', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('downloads the scenario as .xlsx with every sheet, live formulas, defined names and a Sources sheet', async () => {
    const { page } = session;
    await openScenario(page, 'roll-back', 'Summary');
    const file = await downloaded(page, async () => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await page.locator('.export-menu .menu-item').filter({ hasText: 'Download Excel workbook' }).click();
    });
    expect(file.name).toBe('roll-back.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(file.bytes).buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Inputs', 'Autos', 'Rice', 'Article', 'Sources']);
    expect(workbook.getWorksheet('Summary')?.getCell('B2').value).toMatchObject({ formula: 'Autos!B7', result: 1_400_000 });
    expect(workbook.definedNames.getRanges('AutoTariff').ranges).toEqual(['Inputs!$B$4']);
  });
});
