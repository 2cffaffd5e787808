/** The keys a spreadsheet user presses without looking, behaving as they do in Excel. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MOD, cell, cellText, focusedCell, formulaBar, nameBox, openBrowser, openScenario, selectedCells, type BrowserSession } from './browser';

describe('the keyboard', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'capital-w-win', 'Summary');
  });

  beforeEach(async () => {
    await cell(page, 'B2').click();
  });

  afterAll(async () => {
    await session?.close();
  });

  const at = () => nameBox(page).inputValue();

  it('moves with the arrows, Enter, Shift+Enter, Tab and Shift+Tab, and keeps the focus on the active cell', async () => {
    await page.keyboard.press('ArrowRight');
    expect(await at()).toBe('C2');
    await page.keyboard.press('ArrowDown');
    expect(await at()).toBe('C3');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    expect(await at()).toBe('B2');
    await page.keyboard.press('Enter');
    expect(await at()).toBe('B3');
    await page.keyboard.press('Shift+Enter');
    expect(await at()).toBe('B2');
    await page.keyboard.press('Tab');
    expect(await at()).toBe('C2');
    await page.keyboard.press('Shift+Tab');
    expect(await at()).toBe('B2');
    expect(await focusedCell(page)).toBe('B2');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await at()).toBe('A1');
  });

  it('returns to the column where a run of Tabs began when Enter ends the row', async () => {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await at()).toBe('D2');
    await page.keyboard.press('Enter');
    expect(await at()).toBe('B3');
  });

  it('jumps with Home, Ctrl+Home, Ctrl+End and Ctrl+arrows to the edge of the data', async () => {
    await page.keyboard.press('Home');
    expect(await at()).toBe('A2');
    await page.keyboard.press(`${MOD}+ArrowDown`);
    expect(await at()).toBe('A16');
    await page.keyboard.press(`${MOD}+ArrowRight`);
    expect(await at()).toBe('C16');
    await page.keyboard.press(`${MOD}+ArrowRight`);
    expect(await at()).toBe('Z16');
    await page.keyboard.press(`${MOD}+Home`);
    expect(await at()).toBe('A1');
    await page.keyboard.press(`${MOD}+End`);
    expect(await at()).toBe('C16');
  });

  it('extends a range with Shift+arrows and Shift+click, marking the cells aria-selected; Ctrl+A selects everything', async () => {
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await at()).toBe('B2:C3');
    expect(await selectedCells(page)).toEqual(['B2', 'C2', 'B3', 'C3']);
    await cell(page, 'D4').click({ modifiers: ['Shift'] });
    expect(await at()).toBe('B2:D4');
    expect(await selectedCells(page)).toHaveLength(9);
    // Enter walks inside the selection, as in Excel.
    await page.keyboard.press('Enter');
    expect(await focusedCell(page)).toBe('B3');
    expect(await at()).toBe('B2:D4');
    await page.keyboard.press('ArrowRight');
    expect(await selectedCells(page)).toEqual(['C3']);
    await page.keyboard.press(`${MOD}+a`);
    expect(await selectedCells(page)).toContain('C16');
    expect(await page.locator('[role="rowheader"].is-selected').count()).toBeGreaterThan(9);
    await page.keyboard.press('ArrowDown');
    expect(await selectedCells(page)).toHaveLength(1);
  });

  it('replaces the cell when you type, and Escape puts it back', async () => {
    const before = await cellText(page, 'B2');
    await page.keyboard.type('123');
    expect(await formulaBar(page).inputValue()).toBe('123');
    expect(await page.locator('.cell-editor').inputValue()).toBe('123');
    await page.keyboard.press('Escape');
    expect(await page.locator('.cell-editor').count()).toBe(0);
    expect(await cellText(page, 'B2')).toBe(before);
    expect(await focusedCell(page)).toBe('B2');
  });

  it('edits in place with F2 or a double-click: the arrows move the caret, not the cell; typed-over cells commit on an arrow', async () => {
    await cell(page, 'A6').click();
    await page.keyboard.press('F2');
    const editor = page.locator('.cell-editor');
    expect(await editor.inputValue()).toBe('US cars exported to Japan');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('S');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'A6')).toBe('USS cars exported to Japan');
    expect(await at()).toBe('A7');
    await cell(page, 'A6').dblclick();
    expect(await page.locator('.cell-editor').inputValue()).toBe('USS cars exported to Japan');
    await page.keyboard.press('Escape');
    await cell(page, 'D2').click();
    await page.keyboard.type('note');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => cellText(page, 'D2')).toBe('note');
    expect(await at()).toBe('E2');
  });

  it('clears the selection with Delete and Backspace, in one undo step', async () => {
    await cell(page, 'D3').click();
    await page.keyboard.type('x');
    await page.keyboard.press('Tab');
    await page.keyboard.type('y');
    await page.keyboard.press('Enter');
    await cell(page, 'D3').click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Delete');
    await expect.poll(() => cellText(page, 'E3')).toBe('');
    expect(await cellText(page, 'D3')).toBe('');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'E3')).toBe('y');
    expect(await cellText(page, 'D3')).toBe('x');
    await page.keyboard.press('Backspace');
    await expect.poll(() => cellText(page, 'D3')).toBe('');
  });

  it('reads entries as Excel does: separators, percentages, TRUE, a leading apostrophe keeps text', async () => {
    await cell(page, 'D5').click();
    for (const entry of ['1,234.5', '12.5%', 'true', "'007", '(40)']) {
      await page.keyboard.type(entry);
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => cellText(page, 'D9')).toBe('-40');
    // Excel's General in the grid, with thousands separators: every digit shows, so no tooltip repeats it.
    expect(await Promise.all(['D5', 'D6', 'D7', 'D8'].map((address) => cellText(page, address)))).toEqual(['1,234.5', '0.125', 'TRUE', '007']);
    expect(await cell(page, 'D5').getAttribute('title')).toMatch(/^Changed from the preset “.+” \(it was empty\)/);
    await cell(page, 'D5').click();
    expect(await formulaBar(page).inputValue()).toBe('1234.5');
    await cell(page, 'D8').click();
    expect(await formulaBar(page).inputValue()).toBe("'007");
    await cell(page, 'D6').click();
    expect(await formulaBar(page).inputValue()).toBe('0.125');
  });

  it('keeps every key of entries typed straight after one another, while each is still on its way to the engine', async () => {
    // An entry's editor stays drawn until the engine answers; the next keys, sent without waiting, belong to the next cells.
    await cell(page, 'G10').click();
    await page.keyboard.type('11\n22\n33\n44\n');
    await expect.poll(() => cellText(page, 'G13')).toBe('44');
    expect(await Promise.all(['G10', 'G11', 'G12'].map((address) => cellText(page, address)))).toEqual(['11', '22', '33']);
    expect(await at()).toBe('G14');
    expect(await focusedCell(page)).toBe('G14');
    expect(await page.locator('.cell-editor').count()).toBe(0);
  });

  it('fills the selection with Ctrl+Enter, and goes to an address typed in the name box', async () => {
    await cell(page, 'E6').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.type('=ROW()');
    await page.keyboard.press(`${MOD}+Enter`);
    await expect.poll(() => cellText(page, 'E8')).toBe('8');
    expect(await cellText(page, 'E7')).toBe('7');
    await nameBox(page).click();
    await nameBox(page).fill('C5');
    await nameBox(page).press('Enter');
    expect(await focusedCell(page)).toBe('C5');
    await nameBox(page).click();
    await nameBox(page).fill('AutoTariff');
    await nameBox(page).press('Enter');
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Inputs');
    await expect.poll(() => focusedCell(page)).toBe('B4');
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
