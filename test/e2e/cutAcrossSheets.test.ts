/** Cut on one sheet and pasted on another re-points every formula that referred to the cut cells, as Excel does; one Ctrl+Z puts it all back. Driven in Chromium as a person would. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOD, cell, cellText, formulaAt, freshSheet, openBrowser, openScenario, screenshot, selectedCells, typeCells, type BrowserSession } from './browser';

/** Clicks a sheet's tab and waits for its grid. */
async function openTab(page: Page, sheet: string): Promise<void> {
  await page.getByRole('tab', { name: sheet, exact: true }).click();
  await page.getByRole('grid', { name: `Sheet ${sheet}` }).waitFor();
}

describe('cut and paste onto another sheet', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'car-quota', 'Summary');
  });

  afterAll(async () => {
    expect(session?.problems ?? []).toEqual([]);
    await session?.close();
  });

  it('moves the cells and re-points the formulas on both sheets to where they went, with the same values; one Ctrl+Z puts it all back', async () => {
    const source = await freshSheet(page);
    await typeCells(page, { B2: '1', C2: '2', B3: '3', C3: '4', A6: '=SUM(B2:C3)', A7: '=C3*10', A8: '=B1+7' });
    const target = await freshSheet(page);
    await typeCells(page, { A1: `=${source}!B2*100` });
    await expect.poll(() => cellText(page, 'A1')).toBe('100');

    await openTab(page, source);
    await cell(page, 'B2').click();
    await cell(page, 'C3').click({ modifiers: ['Shift'] });
    await page.keyboard.press(`${MOD}+x`);
    await openTab(page, target);
    await cell(page, 'E5').click();
    await page.keyboard.press(`${MOD}+v`);
    await expect.poll(() => cellText(page, 'F6')).toBe('4');
    expect(await cellText(page, 'E5')).toBe('1');
    expect(await formulaAt(page, 'A1')).toBe(`=${target}!E5*100`);
    expect(await cellText(page, 'A1')).toBe('100');
    await screenshot(page, 'cut-across-sheets-target');

    await openTab(page, source);
    expect(await cellText(page, 'B2')).toBe('');
    expect(await cellText(page, 'C3')).toBe('');
    expect(await formulaAt(page, 'A6')).toBe(`=SUM(${target}!E5:F6)`);
    expect(await cellText(page, 'A6')).toBe('10');
    expect(await formulaAt(page, 'A7')).toBe(`=${target}!F6*10`);
    expect(await cellText(page, 'A7')).toBe('40');
    expect(await formulaAt(page, 'A8')).toBe('=B1+7');

    // Undo shows the cells back where they were cut from, as Excel does.
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe(source);
    await expect.poll(() => cellText(page, 'B2')).toBe('1');
    expect(await selectedCells(page)).toEqual(['B2', 'C2', 'B3', 'C3']);
    expect(await formulaAt(page, 'A6')).toBe('=SUM(B2:C3)');
    expect(await cellText(page, 'C3')).toBe('4');
    expect(await formulaAt(page, 'A7')).toBe('=C3*10');
    await openTab(page, target);
    expect(await cellText(page, 'E5')).toBe('');
    expect(await cellText(page, 'F6')).toBe('');
    expect(await formulaAt(page, 'A1')).toBe(`=${source}!B2*100`);
  });
});
