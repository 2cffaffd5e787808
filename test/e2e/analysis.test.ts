/** Scenario analysis in the browser: compare, sweep, two-input table, tornado, goal seek, their SVG charts and CSVs; and the Excel download. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSheetCsv } from '../../src/io/csv';
import { openBrowser, openScenario, openScenarioFile, pageUrl, screenshot, type BrowserSession } from './browser';

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
    // Every preset is opened in the worker first: seconds on a busy machine, beyond the poll's default second.
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(15);
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
    // The baseline compiles into the fast plan: no line says otherwise.
    expect(await sweep.getByRole('note').count()).toBe(0);
    await screenshot(page, 'analysis-sweep');
  });

  it('a two-input table puts the car tariff down the rows, the demand elasticity across, the tariff paid in the cells, and downloads them', async () => {
    await page.getByRole('tab', { name: 'What if…' }).click();
    const panel = page.locator('section[aria-labelledby="data-table-title"]');
    const rowFields = panel.getByRole('group', { name: 'Rows' });
    await rowFields.locator('select').selectOption({ label: 'Added US tariff on cars and auto parts' });
    await rowFields.getByLabel('From', { exact: true }).fill('0%');
    await rowFields.getByLabel('To', { exact: true }).fill('50%');
    await rowFields.getByLabel('Steps', { exact: true }).fill('6');
    const columnFields = panel.getByRole('group', { name: 'Columns' });
    await columnFields.locator('select').selectOption({ label: 'US import-demand elasticity for Japanese cars' });
    await columnFields.getByLabel('From', { exact: true }).fill('-2');
    await columnFields.getByLabel('To', { exact: true }).fill('-0.5');
    await columnFields.getByLabel('Steps', { exact: true }).fill('4');
    await panel.getByLabel(/^Output in the cells/).selectOption({ label: 'US tariff paid on Japanese cars' });
    await panel.getByRole('button', { name: 'Build table' }).click();

    const table = panel.locator('.data-table');
    const rows = table.locator('tbody tr');
    // The table built on opening, from the defaults, stays until the answer to the click replaces it whole.
    await expect.poll(() => table.locator('thead .axis-corner').innerText(), { timeout: 30_000 }).toMatch(/Added US tariff on cars and auto parts\s+%/);
    expect(await rows.count()).toBe(6);
    expect(await table.locator('thead .axis-title').innerText()).toMatch(/US import-demand elasticity for Japanese cars\s+elasticity/);
    expect(await table.locator('thead tr').nth(1).locator('th').allInnerTexts()).toEqual(['-2', '-1.5', '-1', '-0.5']);
    expect(await rows.locator('th').allInnerTexts()).toEqual(['0%', '10%', '20%', '30%', '40%', '50%']);
    // A 30 % added tariff (32.5 % with MFN), elasticity -1, full pass-through, no quota:
    // 1.4 million cars x (1 - 0.3 / 1.025) x 32.5 % x 28,000 USD a car.
    const expected = 1_400_000 * (1 - 0.3 / 1.025) * 0.325 * 28_000;
    const cell = rows.nth(3).locator('td').nth(2);
    expect(Number(await cell.getAttribute('data-value'))).toBeCloseTo(expected, 3);
    expect(await cell.innerText()).toBe(Math.round(expected).toLocaleString('en-US'));
    // With no tariff added the elasticity does not matter: the first row is one value, the palest.
    expect(new Set(await rows.first().locator('td').allInnerTexts())).toEqual(new Set(['980,000,000']));

    const csv = await downloaded(page, () => panel.getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.name).toBe('data-table-AutoTariff-CarDemandElasticity.csv');
    const [head, ...records] = parseSheetCsv(csv.bytes.toString('utf8'));
    expect(head).toEqual(['row_input', 'row_value', 'column_input', 'column_value', 'output', 'value']);
    expect(records).toHaveLength(6 * 4);
    const record = records.find((row) => row[1] === 0.3 && row[3] === -1);
    expect(record?.slice(0, 5)).toEqual(['AutoTariff', 0.3, 'CarDemandElasticity', -1, 'UsTariffOnJpCars']);
    expect(record?.[5]).toBe(Number(await cell.getAttribute('data-value')));
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-data-table');
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

describe('an analysis the compiled plan cannot express', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('still answers, through HyperFormula, and says under the results which cell sent it there and why', async () => {
    const { page } = session;
    const file = join(mkdtempSync(join(tmpdir(), 'tradesheet-lookup-')), 'lookup.json');
    writeFileSync(file, JSON.stringify({
      type: 'tradesheet-scenario', version: 1, id: 'lookup', name: 'A rate read through VLOOKUP', description: 'The tariff reads its base through VLOOKUP.',
      sheets: { Inputs: [['Rate', 0.25], ['Table', 4], ['', 8]], Out: [['Tariff', '=VLOOKUP(4,Inputs!B2:B3,1)*Rate']] },
      inputs: { Rate: { cell: 'Inputs!B1', label: 'Tariff rate', unit: '%', source: { assumption: 'a test value' }, min: 0, max: 1 } },
      outputs: { Tariff: { cell: 'Out!B1', label: 'Tariff', unit: 'USD' } },
    }));
    await page.goto(pageUrl());
    await openScenarioFile(page, file, 'u:lookup');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByRole('tab', { name: 'What if…' }).click();
    const sweep = page.locator('section[aria-labelledby="sweep-title"]');
    await sweep.getByLabel('Steps', { exact: true }).fill('3');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => sweep.locator('.sweep-table tbody tr').count(), { timeout: 30_000 }).toBe(3);
    expect(await sweep.locator('.sweep-table tbody tr').last().innerText()).toMatch(/^100%\s+4$/);
    expect(await sweep.getByRole('note').innerText()).toMatch(/^Computed point by point through HyperFormula: Out!B1: .*VLOOKUP/);
    await screenshot(page, 'analysis-hyperformula-note');
  });
});
