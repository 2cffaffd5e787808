/** Fill (Ctrl+D, Ctrl+R, the fill handle), find and replace (Ctrl+F, Ctrl+H), cut and paste re-pointing formulas, and moving a sheet as an undo step, driven in Chromium as a person would. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoViolations } from './axe';
import { MOD, cell, cellText, focusedCell, formulaAt, formulaBar, freshSheet, nameBox, openBrowser, openScenario, screenshot, typeCells, type BrowserSession } from './browser';

const selectedTab = (page: Page) => page.getByRole('tab', { selected: true }).textContent();

describe('fill, find and replace, cut and paste, sheet moves', () => {
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

  it('Ctrl+D copies the first row down the selection, relative references moved and absolute ones kept; one Ctrl+Z takes it back', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: '1', B1: '=A1*2', C1: '=$A$1+A1' });
    await cell(page, 'A1').click();
    await cell(page, 'C4').click({ modifiers: ['Shift'] });
    await page.keyboard.press(`${MOD}+d`);
    await expect.poll(() => cellText(page, 'B4')).toBe('2');
    expect(await formulaAt(page, 'B4')).toBe('=A4*2');
    expect(await formulaAt(page, 'C3')).toBe('=$A$1+A3');
    // Ctrl+D copies: a single 1 stays 1 all the way down.
    expect(await Promise.all(['A2', 'A3', 'A4'].map((address) => cellText(page, address)))).toEqual(['1', '1', '1']);
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'B4')).toBe('');
    expect(await Promise.all(['A2', 'B2', 'C2', 'A4', 'C4'].map((address) => cellText(page, address)))).toEqual(['', '', '', '', '']);
    expect(await cellText(page, 'B1')).toBe('2');
  });

  it('Ctrl+R copies the first column right; on a single cell, Ctrl+D copies the cell above', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: '7', A2: '=A1+1' });
    await cell(page, 'A2').click();
    await cell(page, 'C2').click({ modifiers: ['Shift'] });
    await page.keyboard.press(`${MOD}+r`);
    await expect.poll(() => formulaAt(page, 'C2')).toBe('=C1+1');
    await cell(page, 'A3').click();
    await page.keyboard.press(`${MOD}+d`);
    await expect.poll(() => cellText(page, 'A3')).toBe('9');
    expect(await formulaBar(page).inputValue()).toBe('=A2+1');
  });

  it('the fill handle, dragged down, previews the cells it will fill and continues the series 1, 2 as 3, 4, 5, one undo step', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: '1', A2: '2', B1: '=A1*10' });
    await cell(page, 'A1').click();
    await cell(page, 'A2').click({ modifiers: ['Shift'] });
    const corner = await cell(page, 'A2').boundingBox();
    const target = await cell(page, 'A5').boundingBox();
    if (!corner || !target) throw new Error('the cells are not on screen');
    await page.mouse.move(corner.x + corner.width - 3, corner.y + corner.height - 3);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 6 });
    await expect.poll(() => cell(page, 'A5').getAttribute('class')).toContain('fill-preview');
    expect(await cell(page, 'A1').getAttribute('class')).toContain('fill-t');
    // Drawn, not only named: the cells between show the outline's sides.
    expect(await cell(page, 'A3').evaluate((element) => getComputedStyle(element).boxShadow)).toContain('inset');
    expect(await cell(page, 'A6').getAttribute('class')).not.toContain('fill-preview');
    await screenshot(page, 'fill-handle-preview');
    await page.mouse.up();
    await expect.poll(() => cellText(page, 'A5')).toBe('5');
    expect(await Promise.all(['A3', 'A4'].map((address) => cellText(page, address)))).toEqual(['3', '4']);
    expect(await cell(page, 'A5').getAttribute('class')).not.toContain('fill-preview');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'A5')).toBe('');
    expect(await cellText(page, 'A3')).toBe('');
  });

  it('the fill handle, dragged right, copies a formula with its references moved', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: '3', B1: '4', C1: '5', A2: '=A1*10' });
    await cell(page, 'A2').click();
    const corner = await cell(page, 'A2').boundingBox();
    const target = await cell(page, 'C2').boundingBox();
    if (!corner || !target) throw new Error('the cells are not on screen');
    await page.mouse.move(corner.x + corner.width - 3, corner.y + corner.height - 3);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => cellText(page, 'C2')).toBe('50');
    expect(await formulaAt(page, 'B2')).toBe('=B1*10');
  });

  it('the fill handle, double-clicked, fills down as far as the column beside it holds data', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: '10', A2: '20', A3: '30', A4: '40', B1: '=A1/10' });
    await cell(page, 'B1').click();
    const corner = await cell(page, 'B1').boundingBox();
    if (!corner) throw new Error('B1 is not on screen');
    await page.mouse.dblclick(corner.x + corner.width - 3, corner.y + corner.height - 3);
    await expect.poll(() => cellText(page, 'B4')).toBe('4');
    expect(await cellText(page, 'B5')).toBe('');
    expect(await formulaAt(page, 'B3')).toBe('=A3/10');
  });

  it('Ctrl+F finds values on the sheet: Enter and Shift+Enter move the active cell to each match and say which of how many', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: 'Apple', C2: 'pineapple', B4: 'apple pie', A5: 'pear' });
    await cell(page, 'A1').click();
    await page.keyboard.press(`${MOD}+f`);
    const bar = page.getByRole('search', { name: 'Find' });
    const find = bar.getByRole('textbox', { name: 'Find' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="search"]') !== null)).toBe(true);
    await page.keyboard.type('apple');
    await page.keyboard.press('Enter');
    // From the active cell A1, the next match is C2, then B4, then round to A1.
    await expect.poll(() => nameBox(page).inputValue()).toBe('C2');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('2 of 3');
    await page.keyboard.press('Enter');
    await expect.poll(() => nameBox(page).inputValue()).toBe('B4');
    await page.keyboard.press('Enter');
    await expect.poll(() => nameBox(page).inputValue()).toBe('A1');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('1 of 3');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => nameBox(page).inputValue()).toBe('B4');
    expect(await find.inputValue()).toBe('apple');
    await bar.getByRole('checkbox', { name: 'Match case' }).check();
    await bar.getByRole('checkbox', { name: 'Match entire cell' }).check();
    await find.press('Enter');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('No cells match.');
    await bar.getByRole('checkbox', { name: 'Match case' }).uncheck();
    await find.press('Enter');
    await expect.poll(() => nameBox(page).inputValue()).toBe('A1');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('1 of 1');
    await screenshot(page, 'find-bar');
    // The bar keeps its options from one search to the next, as Excel's dialog does.
    await bar.getByRole('checkbox', { name: 'Match entire cell' }).uncheck();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('search').count()).toBe(0);
  });

  it('finds in formulas, and across every sheet, switching to the sheet of each match', async () => {
    const first = await freshSheet(page);
    await typeCells(page, { B2: '=ROUND(1.5,0)' });
    const second = await freshSheet(page);
    await typeCells(page, { C3: '=ROUND(2.5,0)' });
    await cell(page, 'D4').click();
    await page.keyboard.press(`${MOD}+f`);
    const bar = page.getByRole('search', { name: 'Find' });
    await bar.getByRole('textbox', { name: 'Find' }).fill('round(');
    await bar.getByRole('combobox', { name: 'Look in' }).selectOption('Formulas');
    await bar.getByRole('combobox', { name: 'Search' }).selectOption('All sheets');
    await bar.getByRole('button', { name: 'Next' }).click();
    // After D4 on the last sheet there is no match: round to the first, on the other sheet.
    await expect.poll(() => selectedTab(page)).toBe(first);
    await expect.poll(() => nameBox(page).inputValue()).toBe('B2');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('1 of 2');
    await bar.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => selectedTab(page)).toBe(second);
    await expect.poll(() => nameBox(page).inputValue()).toBe('C3');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('2 of 2');
    await bar.getByRole('combobox', { name: 'Look in' }).selectOption('Values');
    await bar.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('No cells match.');
    await bar.getByRole('button', { name: 'Close' }).click();
  });

  it('Ctrl+H replaces all matches as one undo step and says how many; Replace changes the current match and goes to the next', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: 'north', A2: 'north east', A3: 'south', B1: '=A1&"!"' });
    await cell(page, 'A1').click();
    await page.keyboard.press(`${MOD}+h`);
    const bar = page.getByRole('search', { name: 'Find and replace' });
    await bar.getByRole('textbox', { name: 'Find' }).fill('north');
    await bar.getByRole('textbox', { name: 'Replace with' }).fill('west');
    await bar.getByRole('combobox', { name: 'Look in' }).selectOption('Values');
    await bar.getByRole('combobox', { name: 'Search' }).selectOption('This sheet');
    await bar.getByRole('button', { name: 'Replace all' }).click();
    // B1's formula shows "north!" but is left alone: its text has no "north" to replace.
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('Replaced 2 cells. 1 formula showing it was left alone: look in formulas to change it.');
    expect(await Promise.all(['A1', 'A2', 'B1'].map((address) => cellText(page, address)))).toEqual(['west', 'west east', 'west!']);
    await screenshot(page, 'replace-bar');
    await expectNoViolations(page, 'the find and replace bar', { within: '.find-bar' });
    await page.keyboard.press('Escape');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'A1')).toBe('north');
    expect(await cellText(page, 'A2')).toBe('north east');

    await cell(page, 'A3').click();
    await page.keyboard.press(`${MOD}+h`);
    await bar.getByRole('textbox', { name: 'Find' }).fill('north');
    await bar.getByRole('button', { name: 'Replace', exact: true }).click();
    // The first Replace finds the first match after the active cell (round to A1); the second replaces it.
    await expect.poll(() => nameBox(page).inputValue()).toBe('A1');
    expect(await cellText(page, 'A1')).toBe('north');
    await bar.getByRole('button', { name: 'Replace', exact: true }).click();
    await expect.poll(() => cellText(page, 'A1')).toBe('west');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('Replaced 1 cell.');
    await expect.poll(() => nameBox(page).inputValue()).toBe('A2');
    expect(await cellText(page, 'A2')).toBe('north east');
  });

  it('replaces in formulas when Look in says so', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: '2', A2: '3', B1: '=A1*100' });
    await page.keyboard.press(`${MOD}+h`);
    const bar = page.getByRole('search', { name: 'Find and replace' });
    await bar.getByRole('textbox', { name: 'Find' }).fill('A1');
    await bar.getByRole('textbox', { name: 'Replace with' }).fill('A2');
    await bar.getByRole('combobox', { name: 'Look in' }).selectOption('Formulas');
    await bar.getByRole('button', { name: 'Replace all' }).click();
    await expect.poll(() => cellText(page, 'B1')).toBe('300');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('Replaced 1 cell.');
    await bar.getByRole('button', { name: 'Close' }).click();
  });

  it('finds a number by what its format shows, "8.15" in "8.15 bn"; Replace all leaves it, saying why', async () => {
    await freshSheet(page);
    await typeCells(page, { A1: '8150731707', A2: '12345.5' });
    await cell(page, 'A1').click();
    await page.getByRole('toolbar', { name: 'Editing' }).getByRole('button', { name: 'Format', exact: true }).click();
    await page.getByRole('group', { name: 'Number formats' }).getByRole('button', { name: /^Billions/ }).click();
    await expect.poll(() => cellText(page, 'A1')).toBe('8.15 bn');
    await cell(page, 'B3').click();
    await page.keyboard.press(`${MOD}+h`);
    const bar = page.getByRole('search', { name: 'Find and replace' });
    await bar.getByRole('textbox', { name: 'Find' }).fill('8.15');
    await bar.getByRole('combobox', { name: 'Look in' }).selectOption('Values');
    await bar.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => nameBox(page).inputValue()).toBe('A1');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('1 of 1');
    // General's thousands separators are what the grid shows too.
    await bar.getByRole('textbox', { name: 'Find' }).fill('12,345.5');
    await bar.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => nameBox(page).inputValue()).toBe('A2');
    await bar.getByRole('textbox', { name: 'Find' }).fill('bn');
    await bar.getByRole('textbox', { name: 'Replace with' }).fill('M');
    await bar.getByRole('button', { name: 'Replace all' }).click();
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('Nothing replaced. 1 cell showing it through its number format was left alone: Format changes how a number shows.');
    expect(await cellText(page, 'A1')).toBe('8.15 bn');
    await bar.getByRole('button', { name: 'Close' }).click();
  });

  it('moves the bar to the grid\'s other edge when it would hide the match, and back when it would hide the next', async () => {
    await freshSheet(page);
    // E2 lies under the bar at the grid's top; E40 under it at the bottom once the grid has scrolled there.
    await typeCells(page, { E2: 'needle' });
    await nameBox(page).fill('E40');
    await nameBox(page).press('Enter');
    await expect.poll(() => focusedCell(page)).toBe('E40');
    await page.keyboard.type('needle');
    await page.keyboard.press('Enter');
    await page.keyboard.press(`${MOD}+Home`);
    await expect.poll(() => cellText(page, 'E2')).toBe('needle');
    await page.keyboard.press(`${MOD}+f`);
    const bar = page.getByRole('search', { name: 'Find' });
    await bar.getByRole('textbox', { name: 'Find' }).fill('needle');
    const overlaps = async (address: string) => {
      const [over, under] = await Promise.all([bar.boundingBox(), cell(page, address).boundingBox()]);
      if (!over || !under) throw new Error('the bar or the cell is not on screen');
      return over.x < under.x + under.width && under.x < over.x + over.width && over.y < under.y + under.height && under.y < over.y + over.height;
    };
    await page.keyboard.press('Enter');
    await expect.poll(() => nameBox(page).inputValue()).toBe('E2');
    await expect.poll(() => overlaps('E2')).toBe(false);
    await screenshot(page, 'find-bar-moved');
    await page.keyboard.press('Enter');
    await expect.poll(() => nameBox(page).inputValue()).toBe('E40');
    await expect.poll(() => overlaps('E40')).toBe(false);
    await bar.getByRole('button', { name: 'Close' }).click();
  });

  it('cut and paste moves the cells and re-points every formula that referred to them; one Ctrl+Z puts it all back', async () => {
    await freshSheet(page);
    await typeCells(page, { B2: '1', C2: '2', B3: '3', C3: '4', A6: '=SUM(B2:C3)', A7: '=C3*10' });
    await cell(page, 'B2').click();
    await cell(page, 'C3').click({ modifiers: ['Shift'] });
    await page.keyboard.press(`${MOD}+x`);
    await cell(page, 'E5').click();
    await page.keyboard.press(`${MOD}+v`);
    await expect.poll(() => cellText(page, 'F6')).toBe('4');
    expect(await cellText(page, 'B2')).toBe('');
    expect(await formulaAt(page, 'A6')).toBe('=SUM(E5:F6)');
    expect(await formulaAt(page, 'A7')).toBe('=F6*10');
    expect(await cellText(page, 'A6')).toBe('10');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'B2')).toBe('1');
    expect(await cellText(page, 'F6')).toBe('');
    expect(await formulaAt(page, 'A6')).toBe('=SUM(B2:C3)');
  });

  it('moving a sheet is an undo step: Ctrl+Z puts the tabs back, Ctrl+Y moves it again', async () => {
    const sheet = await freshSheet(page);
    const before = await page.getByRole('tab').allTextContents();
    await page.getByRole('tab', { name: sheet }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Move left' }).click();
    const moved = [...before];
    moved.splice(before.length - 2, 2, sheet, before[before.length - 2] ?? '');
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(moved);
    await cell(page, 'A1').click();
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(before);
    await page.keyboard.press(`${MOD}+y`);
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(moved);
  });
});

describe('the find bar while its code loads', () => {
  let session: BrowserSession;
  let page: Page;
  // The bar's code is held back until the test lets it go, as on a slow network, however busy the machine.
  let deliverBar: () => void = () => undefined;
  const barHeld = new Promise<void>((resolve) => {
    deliverBar = resolve;
  });

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await page.route(/\/assets\/FindReplace-[^/]*\.js$/, async (route) => {
      await barHeld;
      await route.continue();
    });
    await openScenario(page, 'baseline', 'Summary');
  });

  afterAll(async () => {
    expect(session?.problems ?? []).toEqual([]);
    await session?.close();
  });

  it('keeps what is typed straight after Ctrl+F for the bar, and searches on the Enter pressed meanwhile, never typing into the active cell', async () => {
    await cell(page, 'A2').click();
    const before = await cellText(page, 'A2');
    await page.keyboard.press(`${MOD}+f`);
    await page.keyboard.type('8.15');
    await page.keyboard.press('Enter');
    // The stand-in holds the text while the code is still on its way.
    const bar = page.getByRole('search', { name: 'Find' });
    expect(await bar.getByRole('textbox', { name: 'Find' }).inputValue()).toBe('8.15');
    expect(await bar.getAttribute('aria-busy')).toBe('true');
    expect(await cellText(page, 'A2')).toBe(before);
    deliverBar();
    // Once the bar is here, the search Enter asked for has run: Summary!B4 shows 8.15 bn.
    await expect.poll(() => bar.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/^1 of \d+$/);
    expect(await nameBox(page).inputValue()).toBe('B4');
    expect(await cellText(page, 'A2')).toBe(before);
    expect(await page.getByRole('button', { name: /changed cell/ }).count()).toBe(0);
    // The caret is after what was typed: typing on adds to it.
    await page.keyboard.type('X');
    expect(await bar.getByRole('textbox', { name: 'Find' }).inputValue()).toBe('8.15X');
  });
});
