/** The editor `npm start` opens, driven in Chromium against the production build: open, edit, see the outputs move. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOD, cell, cellText, formulaBar, nameBox, openBrowser, openScenario, pasteText, screenshot, selectSheet, selectedCells, type BrowserSession } from './browser';
import { REPO_ROOT } from './paths';
import { formatGeneral } from '../../src/shared/numberFormat';

interface PresetJson {
  sheets: Record<string, unknown[][]>;
  outputs: Record<string, { cell: string; label: string }>;
  inputs: Record<string, { cell: string; label: string; source: { article?: { line: number; quote: string }; assumption?: string } }>;
}
const baseline = JSON.parse(readFileSync(join(REPO_ROOT, 'scenarios/baseline.json'), 'utf8')) as PresetJson;

const output = (page: Page, name: string) => page.locator(`.output-row[data-output="${name}"]`).getAttribute('data-value');

describe('the editor', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens a preset as an ARIA grid: column letters, row numbers, formatted values, the formula in the bar', async () => {
    await openScenario(page, 'baseline', 'Summary');
    const grid = page.getByRole('grid', { name: 'Sheet Summary' });
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toMatch(/^\d+$/);
    const headers = await grid.locator('[role="columnheader"]').allInnerTexts();
    expect(headers.slice(1, 4)).toEqual(['A', 'B', 'C']);
    expect(await grid.locator('[role="rowheader"]').first().innerText()).toBe('1');
    // Virtualized: a thousand rows, but only those on screen are in the DOM.
    expect(Number(await grid.getAttribute('aria-rowcount'))).toBeGreaterThanOrEqual(1000);
    expect(await grid.locator('[role="row"]').count()).toBeLessThan(80);
    const rows = baseline.sheets.Summary ?? [];
    expect(await cellText(page, 'A2')).toBe(rows[1]?.[0]);
    expect(await cellText(page, 'B2')).toMatch(/^\d{1,3}(,\d{3})+$/);
    expect(await cellText(page, 'B3')).toMatch(/%$/);
    await cell(page, 'B2').click();
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=Autos!B7');
    expect(await nameBox(page).inputValue()).toBe('B2');
    expect(await cell(page, 'B2').getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'editor-baseline-summary');
  });

  it('moving to another sheet shows that sheet\'s first cell in the formula bar, not the cell left behind', async () => {
    await openScenario(page, 'baseline', 'Summary');
    await cell(page, 'B2').click();
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=Autos!B7');
    await selectSheet(page, 'Inputs');
    expect(await nameBox(page).inputValue()).toBe('A1');
    await expect.poll(() => formulaBar(page).inputValue()).toBe(baseline.sheets.Inputs?.[0]?.[0]);
  });

  it('shows each input with its source, and the outputs', async () => {
    await openScenario(page, 'baseline', 'Inputs');
    const inputs = Object.entries(baseline.inputs);
    expect(await page.locator('.input-row').count()).toBe(inputs.length);
    expect(await page.locator('.output-row').count()).toBe(Object.keys(baseline.outputs).length);
    const cited = inputs.find(([, input]) => input.source.article);
    const assumed = inputs.find(([, input]) => input.source.assumption);
    if (!cited || !assumed) throw new Error('the baseline has an article figure and an assumption');
    const citedRow = page.locator(`.input-row[data-input="${cited[0]}"]`);
    expect(await citedRow.locator('figcaption').textContent()).toBe(`Article, line ${cited[1].source.article?.line}`);
    expect(await citedRow.locator('blockquote').textContent()).toBe(`“${cited[1].source.article?.quote}”`);
    const assumedRow = page.locator(`.input-row[data-input="${assumed[0]}"]`);
    expect(await assumedRow.locator('.badge-assumption').textContent()).toBe('Assumption');
    expect(await assumedRow.locator('.source-assumption').textContent()).toContain(assumed[1].source.assumption);
    // A percentage input is typed as a percentage, with a slider for its range.
    expect(await page.locator('#input-AutoTariff').inputValue()).toBe('25');
    expect(await page.locator('.input-row[data-input="AutoTariff"] input[type="range"]').count()).toBe(1);
  });

  it('changes an input in the panel: the outputs move, the input and its cell are marked, and reset puts it back', async () => {
    await openScenario(page, 'baseline', 'Inputs');
    const before = await output(page, 'UsTariffOnJpCars');
    const field = page.locator('#input-AutoTariff');
    await field.fill('10');
    await field.press('Enter');
    await expect.poll(() => output(page, 'UsTariffOnJpCars')).not.toBe(before);
    const row = page.locator('.input-row[data-input="AutoTariff"]');
    await expect.poll(() => row.getAttribute('class')).toContain('is-changed');
    expect(await cellText(page, 'B4')).toBe('10%');
    expect(await cell(page, 'B4').getAttribute('class')).toContain('c-changed');
    expect(await page.locator('.output-row[data-output="UsTariffOnJpCars"] .output-delta').textContent()).toMatch(/▼/);
    await screenshot(page, 'editor-input-changed');
    await row.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => output(page, 'UsTariffOnJpCars')).toBe(before);
    expect(await row.getAttribute('class')).not.toContain('is-changed');
  });

  it('types a formula that refers to another sheet, and the outputs follow an edit of the cell it reads', async () => {
    await openScenario(page, 'baseline', 'Summary');
    await cell(page, 'D2').click();
    await page.keyboard.type('=Autos!B7*2');
    expect(await formulaBar(page).inputValue()).toBe('=Autos!B7*2');
    await page.keyboard.press('Enter');
    const cars = Number(await output(page, 'JpCarsToUs'));
    await expect.poll(() => cellText(page, 'D2')).toBe(formatGeneral(cars * 2));
    expect(await nameBox(page).inputValue()).toBe('D3');
    await cell(page, 'D2').click();
    expect(await formulaBar(page).inputValue()).toBe('=Autos!B7*2');
    // Through the formula bar: the cell on another sheet that D2 reads.
    await selectSheet(page, 'Inputs');
    await cell(page, 'B2').click();
    await formulaBar(page).fill('1500000');
    await formulaBar(page).press('Enter');
    await selectSheet(page, 'Summary');
    await expect.poll(() => output(page, 'JpCarsToUs')).not.toBe(String(cars));
    const moved = Number(await output(page, 'JpCarsToUs'));
    await expect.poll(() => cellText(page, 'D2')).toBe(formatGeneral(moved * 2));
  });

  it('undoes and redoes with Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z', async () => {
    await openScenario(page, 'car-quota', 'Autos');
    await cell(page, 'E2').click();
    await page.keyboard.type('first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'E3')).toBe('second');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'E3')).toBe('');
    expect(await cellText(page, 'E2')).toBe('first');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'E2')).toBe('');
    await page.keyboard.press(`${MOD}+y`);
    await expect.poll(() => cellText(page, 'E2')).toBe('first');
    await page.keyboard.press(`${MOD}+Shift+z`);
    await expect.poll(() => cellText(page, 'E3')).toBe('second');
    expect(await page.getByRole('button', { name: 'Redo' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => cellText(page, 'E3')).toBe('');
  });

  it('pastes a 3x3 block from Excel in one step: numbers with separators and percentages read as numbers, formulas as formulas', async () => {
    await openScenario(page, 'rice-opening', 'Summary');
    await cell(page, 'D2').click();
    await pasteText(page, '1,000\t25%\tTRUE\r\n2\t=D3*10\ttext\r\n"a\tb"\t-3.5\t\r\n');
    await expect.poll(() => cellText(page, 'E3')).toBe('20');
    expect(await Promise.all(['D2', 'E2', 'F2', 'D3', 'F3', 'D4', 'E4', 'F4'].map((address) => cellText(page, address)))).toEqual(['1,000', '0.25', 'TRUE', '2', 'text', 'a\tb', '-3.5', '']);
    expect(await selectedCells(page)).toEqual(['D2', 'E2', 'F2', 'D3', 'E3', 'F3', 'D4', 'E4', 'F4']);
    expect(await page.locator('.status-stats').innerText()).toMatch(/Sum: 1,018.75\s+Average: 203.75\s+Count: 8/);
    await cell(page, 'E3').click();
    expect(await formulaBar(page).inputValue()).toBe('=D3*10');
    expect(await selectedCells(page)).toEqual(['E3']);
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'D2')).toBe('');
    expect(await Promise.all(['E2', 'F2', 'D3', 'E3', 'F3', 'D4', 'E4'].map((address) => cellText(page, address)))).toEqual(['', '', '', '', '', '', '']);
  });

  it('copies a range to the system clipboard as tab-separated text, and pastes it with Ctrl+V, formulas moved', async () => {
    await openScenario(page, 'roll-back', 'Autos');
    await cell(page, 'B9').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press(`${MOD}+c`);
    const copied = await page.evaluate(() =>
      Promise.race([navigator.clipboard.readText(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('reading the clipboard took over 5 s')), 5000))]),
    );
    const [b9, b10] = copied.split('\n');
    expect(Number(b9)).toBeGreaterThan(0);
    expect(Number(b10)).toBeGreaterThan(0);
    expect(copied).not.toContain(',');
    await cell(page, 'E9').click();
    await page.keyboard.press(`${MOD}+v`);
    await expect.poll(() => cellText(page, 'E10')).not.toBe('');
    await cell(page, 'E9').click();
    expect(await formulaBar(page).inputValue()).toBe('=E7-E8');
  });

  it('cuts and pastes: the cells move as they are, the old place empties, one undo puts both back', async () => {
    await openScenario(page, 'car-quota', 'Summary');
    await cell(page, 'D2').click();
    await page.keyboard.type('=B2*2');
    await page.keyboard.press('Enter');
    await cell(page, 'D2').click();
    await page.keyboard.press(`${MOD}+x`);
    expect(await cell(page, 'D2').getAttribute('class')).toContain('copy-t');
    await cell(page, 'E4').click();
    await page.keyboard.press(`${MOD}+v`);
    await expect.poll(() => cellText(page, 'D2')).toBe('');
    await cell(page, 'E4').click();
    expect(await formulaBar(page).inputValue()).toBe('=B2*2');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'E4')).toBe('');
    expect(await cellText(page, 'D2')).not.toBe('');
  });

  it('resets every change at once from the list of changes', async () => {
    await openScenario(page, 'rice-opening', 'Inputs');
    await page.locator('.input-row[data-input="TrqQuotaCars"] input[type="range"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.input-row[data-input="TrqQuotaCars"]').getAttribute('class')).toContain('is-changed');
    await cell(page, 'D2').click();
    await page.keyboard.type('a note');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.changes-button').textContent()).toBe('2 changed cells');
    await page.locator('.changes-button').click();
    expect(await page.locator('.changes-panel li').evaluateAll((items) => items.map((item) => item.getAttribute('data-change')))).toEqual(['Inputs!D2', 'Inputs!B6']);
    await screenshot(page, 'editor-changes');
    await page.getByRole('button', { name: 'Reset all' }).click();
    await expect.poll(() => page.locator('.changes-button').textContent()).toBe('No changes');
    expect(await cellText(page, 'D2')).toBe('article');
  });

  it('inserts a row: formulas on every sheet follow, and undo takes it out again', async () => {
    await openScenario(page, 'letter-threat', 'Autos');
    await cell(page, 'A3').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Insert row above' }).click();
    await expect.poll(() => cellText(page, 'A3')).toBe('');
    expect(await cellText(page, 'A4')).toBe((baseline.sheets.Autos?.[2]?.[0] as string | undefined) ?? '');
    await cell(page, 'B8').click();
    expect(await formulaBar(page).inputValue()).toBe('=MAX(0,MIN(B6,MAX(B7,TrqQuotaCars)))');
    await selectSheet(page, 'Summary');
    await cell(page, 'B2').click();
    expect(await formulaBar(page).inputValue()).toBe('=Autos!B8');
    await screenshot(page, 'editor-row-inserted');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Autos');
    await cell(page, 'B7').click();
    expect(await formulaBar(page).inputValue()).toBe('=MAX(0,MIN(B5,MAX(B6,TrqQuotaCars)))');
  });

  it('inserts and deletes with Ctrl+Shift+= and Ctrl+- on whole rows, and refuses to delete a row holding an input', async () => {
    await openScenario(page, 'auto-standards', 'Rice');
    await cell(page, 'A5').click();
    await page.keyboard.press('Shift+Space');
    await page.keyboard.press(`${MOD}+Shift+Equal`);
    await expect.poll(() => cellText(page, 'A5')).toBe('');
    await page.keyboard.press(`${MOD}+Minus`);
    await expect.poll(() => cellText(page, 'A5')).not.toBe('');
    await selectSheet(page, 'Inputs');
    await cell(page, 'A4').click();
    await page.keyboard.press('Shift+Space');
    await page.keyboard.press(`${MOD}+Minus`);
    await expect.poll(() => page.locator('.banner[role="alert"]').textContent()).toMatch(/row 4 cannot be deleted: Inputs!B4 holds the input/);
    await page.locator('.banner-close').click();
  });

  it('shows errors in the cell with the reason on hover, and keeps a formula it cannot parse as typed', async () => {
    await openScenario(page, 'baseline', 'Summary');
    await cell(page, 'D2').click();
    await page.keyboard.type('=1/0');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'D2')).toBe('#DIV/0!');
    expect(await cell(page, 'D2').getAttribute('title')).toMatch(/^#DIV\/0! \S/);
    await page.keyboard.type('=D3+1');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'D3')).toBe('#CYCLE!');
    await page.keyboard.type('=NoSuchName*2');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'D4')).toBe('#NAME?');
    await page.keyboard.type('=SUM(B2:');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'D5')).toBe('#ERROR!');
    await cell(page, 'D5').click();
    expect(await formulaBar(page).inputValue()).toBe('=SUM(B2:');
    expect(await page.getByTestId('active-error').textContent()).toMatch(/^#ERROR! /);
    // A reference to a deleted column turns into #REF!.
    await cell(page, 'E2').click();
    await page.keyboard.type('=F2');
    await page.keyboard.press('Enter');
    await cell(page, 'F2').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete column' }).click();
    await expect.poll(() => cellText(page, 'E2')).toBe('#REF!');
    await cell(page, 'D3').hover();
    await screenshot(page, 'editor-errors');
  });

  it('refuses text in an input cell, as data validation does, gives the entry back to mend, and keeps the cell as it was', async () => {
    await openScenario(page, 'baseline', 'Inputs');
    await cell(page, 'B4').click();
    await page.keyboard.type('lots');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.banner[role="alert"]').textContent()).toMatch(/Inputs!B4 is the input “Added US tariff on cars and auto parts” \(AutoTariff\): it must hold a number from 0 to 1/);
    await expect.poll(() => cell(page, 'B4').getByRole('combobox').inputValue()).toBe('lots');
    await page.keyboard.press('Escape');
    await expect.poll(() => cellText(page, 'B4')).toBe('25%');
    await page.locator('.banner-close').click();
  });

  it('refuses a reference inside an array constant, which HyperFormula would not follow, and gives the formula back to mend', async () => {
    await openScenario(page, 'baseline', 'Rice');
    await cell(page, 'A12').click();
    await page.keyboard.type('=SUM({B2,B3})');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.banner[role="alert"]').textContent()).toMatch(/^cannot write Rice!A12: an array constant holds numbers, text, TRUE, FALSE or errors only, as in Excel: \{B2,B3\} holds "B2"/);
    const entry = cell(page, 'A12').getByRole('combobox');
    await expect.poll(() => entry.inputValue()).toBe('=SUM({B2,B3})');
    await entry.fill('=SUM(B2:B3)');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'A12')).toBe('347,500');
    await page.locator('.banner-close').click();
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
