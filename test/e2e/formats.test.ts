/**
 * Number formats round trip in the browser: a preset's formats in the grid, the panels and the status bar;
 * the toolbar's Format control on a selection, one undo step; the .xlsx's number formats; the
 * downloaded scenario opened again with its formats; and formats carried by Ctrl+C, Ctrl+V and Ctrl+D.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, cellText, focusedCell, MOD, nameBox, openBrowser, openScenario, openScenarioFile, screenshot, type BrowserSession } from './browser';

async function downloaded(page: Page, start: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  return readFileSync(await (download as Download).path());
}

async function formatSelection(page: Page, choice: string | RegExp): Promise<void> {
  await page.getByRole('toolbar', { name: 'Editing' }).getByRole('button', { name: 'Format', exact: true }).click();
  await page.getByRole('group', { name: 'Number formats' }).getByRole('button', { name: choice }).click();
}

describe('number formats in the browser', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the preset\'s formats in the grid, the outputs panel and the status bar', async () => {
    expect(await cellText(page, 'B2')).toMatch(/^\d{1,3}(,\d{3})+$/);
    expect(await cellText(page, 'B3')).toMatch(/^-?\d+\.\d%$/);
    expect(await cellText(page, 'B4')).toMatch(/^\d+\.\d\d bn$/);
    expect(await cellText(page, 'B12')).toMatch(/^\d+\.\d M$/);
    const tariff = page.locator('.output-row[data-output="UsTariffOnJpCars"] .output-value');
    expect(await tariff.innerText()).toMatch(/^\d+\.\d\d bn USD\/yr$/);
    await cell(page, 'B8').click();
    await cell(page, 'B9').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.status-stats').innerText()).toMatch(/Sum: -?\d+\.\d\d bn\s+Average: -?\d+\.\d\d bn\s+Count: 2/);
    await screenshot(page, 'formats-preset-summary');
  });

  it('a number without a format shows in General, not rounded; the Format control formats the selection in one undo step', async () => {
    await cell(page, 'D2').click();
    await page.keyboard.type('1234567.891');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'D2')).toBe('1,234,567.891');
    await cell(page, 'D2').click();
    await formatSelection(page, /^Millions/);
    await expect.poll(() => cellText(page, 'D2')).toBe('1.2 M');
    expect(await cell(page, 'D2').getAttribute('title')).toContain('Exact value: 1234567.891');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'D2')).toBe('1,234,567.891');
    await page.keyboard.press(`${MOD}+y`);
    await expect.poll(() => cellText(page, 'D2')).toBe('1.2 M');
    await formatSelection(page, /^General/);
    await expect.poll(() => cellText(page, 'D2')).toBe('1,234,567.891');
  });

  it('a custom code is checked, with the reason by the field, and applied when Excel can read it', async () => {
    await cell(page, 'D2').click();
    await page.getByRole('toolbar', { name: 'Editing' }).getByRole('button', { name: 'Format', exact: true }).click();
    const field = page.getByLabel('Custom format code');
    await field.fill('0.0"');
    await field.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'is not an Excel number format code' }).count()).toBe(1);
    expect(await cellText(page, 'D2')).toBe('1,234,567.891');
    await field.fill('$#,##0.00,," M"');
    expect(await page.locator('.format-custom').innerText()).toContain('The active cell shows: $1.23 M');
    await screenshot(page, 'formats-custom-code');
    await field.press('Enter');
    await expect.poll(() => cellText(page, 'D2')).toBe('$1.23 M');
    // A colour in the code ([Red] on negatives) colours the cell.
    await cell(page, 'D3').click();
    await page.keyboard.type('-5');
    await page.keyboard.press('Enter');
    await cell(page, 'D3').click();
    await page.getByRole('toolbar', { name: 'Editing' }).getByRole('button', { name: 'Format', exact: true }).click();
    await field.fill('#,##0;[Red](#,##0)');
    await field.press('Enter');
    await expect.poll(() => cellText(page, 'D3')).toBe('(5)');
    expect(await cell(page, 'D3').getAttribute('class')).toContain('c-tint-red');
  });

  it('a whole column formatted takes the format down to cells typed far below the sheet\'s end', async () => {
    await page.getByRole('grid', { name: 'Sheet Summary' }).getByRole('columnheader', { name: 'E', exact: true }).click();
    await formatSelection(page, /^Percent/);
    // Past the grid's thousand-odd rows, which a selected column spans on screen.
    await nameBox(page).fill('E5000');
    await nameBox(page).press('Enter');
    await expect.poll(() => focusedCell(page)).toBe('E5000');
    await page.keyboard.type('0.5');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'E5000')).toBe('50.0%');
    await page.keyboard.press(`${MOD}+z`);
    await page.keyboard.press(`${MOD}+z`);
    await nameBox(page).fill('E5000');
    await nameBox(page).press('Enter');
    await expect.poll(() => cellText(page, 'E5000')).toBe('');
  });

  it('the .xlsx download gives the cells their number formats', async () => {
    const bytes = await downloaded(page, async () => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await page.locator('.export-menu .menu-item').filter({ hasText: 'Download Excel workbook' }).click();
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(bytes).buffer);
    const summary = book.getWorksheet('Summary');
    expect(summary?.getCell('B4').numFmt).toBe('#,##0.00,,," bn"');
    expect(summary?.getCell('D2').numFmt).toBe('$#,##0.00,," M"');
    expect(summary?.getCell('D2').value).toBe(1234567.891);
  });

  it('the downloaded scenario opens again with its formats', async () => {
    const bytes = await downloaded(page, () => page.getByRole('button', { name: /^Download/ }).click());
    const scenario = JSON.parse(bytes.toString('utf8')) as { id: string; name: string; formats: Record<string, string> };
    expect(scenario.formats).toMatchObject({ 'Summary!B4': '#,##0.00,,," bn"', 'Summary!D2': '$#,##0.00,," M"' });
    const file = join(mkdtempSync(join(tmpdir(), 'tradesheet-formats-')), 'reopened.json');
    writeFileSync(file, JSON.stringify({ ...scenario, id: 'reopened', name: 'Reopened with formats' }));
    await openScenarioFile(page, file, 'u:reopened');
    await expect.poll(() => cellText(page, 'D2')).toBe('$1.23 M');
    expect(await cellText(page, 'B4')).toMatch(/^\d+\.\d\d bn$/);
    expect(session.problems).toEqual([]);
  });

  it('Ctrl+C, Ctrl+V and Ctrl+D carry a cell\'s format with its value, and Ctrl+Z takes each back, format and all', async () => {
    await cell(page, 'G2').click();
    await page.keyboard.type('2500000');
    await page.keyboard.press('Enter');
    await cell(page, 'G2').click();
    await formatSelection(page, /^Millions/);
    await expect.poll(() => cellText(page, 'G2')).toBe('2.5 M');
    await cell(page, 'G2').click();
    await page.keyboard.press(`${MOD}+c`);
    await cell(page, 'I6').click();
    await page.keyboard.press(`${MOD}+v`);
    await expect.poll(() => cellText(page, 'I6')).toBe('2.5 M');

    await cell(page, 'G2').click();
    await cell(page, 'G4').click({ modifiers: ['Shift'] });
    await page.keyboard.press(`${MOD}+d`);
    await expect.poll(() => cellText(page, 'G4')).toBe('2.5 M');
    expect(await cellText(page, 'G3')).toBe('2.5 M');
    await screenshot(page, 'formats-follow-copy-fill');

    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'G4')).toBe('');
    expect(await cellText(page, 'G2')).toBe('2.5 M');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'I6')).toBe('');
    // The pasted format went with the paste: a number typed there now shows in General.
    await cell(page, 'I6').click();
    await page.keyboard.type('2500000');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'I6')).toBe('2,500,000');
    await cell(page, 'G3').click();
    await page.keyboard.type('2500000');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'G3')).toBe('2,500,000');
    expect(session.problems).toEqual([]);
  });
  it('Reset to preset puts back a cell whose only change is its number format', async () => {
    await nameBox(page).fill('Summary!B4');
    await nameBox(page).press('Enter');
    await expect.poll(() => focusedCell(page)).toBe('B4');
    const preset = await cellText(page, 'B4');
    expect(preset).toMatch(/^\d+\.\d\d bn$/);
    await formatSelection(page, /^Thousands/);
    await expect.poll(() => cellText(page, 'B4')).toMatch(/^\d{1,3}(,\d{3})+$/);
    await page.getByRole('toolbar', { name: 'Editing' }).getByRole('button', { name: 'Reset to preset' }).click();
    await expect.poll(() => cellText(page, 'B4')).toBe(preset);
    await cell(page, 'B4').click();
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'B4')).toMatch(/^\d{1,3}(,\d{3})+$/);
    expect(session.problems).toEqual([]);
  });
});
