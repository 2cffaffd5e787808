/**
 * The page from the keyboard alone, as a person who uses no mouse works it: F6 between the top bar, the
 * sheet and the scenario panel, Tab through each, the arrows, F2 and Enter in the grid, the menus, a
 * dialog and the Analyse view; and at every stop the focus is visible.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, focusedCell, nameBox, openBrowser, openScenario, type BrowserSession } from './browser';

interface Focus {
  /** Tag, role and name of the focused element, and the landmark it is in: what a failure needs to say. */
  where: string;
  landmark: string | null;
  /** Why it counts as visibly focused, or null when nothing marks it. */
  mark: string | null;
  onScreen: boolean;
}

/**
 * Where the focus is, and what shows it: an outline or a box-shadow on the focused element, or for a grid
 * cell the 2px border its ::before draws round the active cell (the grid draws the selection itself).
 */
function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const element = document.activeElement;
    // An Element, not only an HTMLElement: a chart's <svg> takes the focus too.
    if (!element || element === document.body) return { where: 'nothing (the page itself)', landmark: null, mark: null, onScreen: false };
    const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
    const where = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.getAttribute('role') ? `[role=${element.getAttribute('role')}]` : ''} “${name}”`;
    const landmark = element.closest('header, main, aside')?.tagName.toLowerCase() ?? null;
    const style = getComputedStyle(element);
    const before = getComputedStyle(element, '::before');
    let mark: string | null = null;
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) mark = `outline ${style.outlineStyle} ${style.outlineWidth}`;
    else if (style.boxShadow !== 'none') mark = `box-shadow ${style.boxShadow}`;
    else if (element.getAttribute('role') === 'gridcell' && before.borderTopStyle === 'solid' && parseFloat(before.borderTopWidth) >= 2) mark = `cell border ${before.borderTopWidth}`;
    const box = element.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth;
    return { where, landmark, mark, onScreen };
  });
}

describe('the keyboard alone', () => {
  let session: BrowserSession;
  let page: Page;
  /** Every stop so far, so a failure shows the way that led there. */
  const trail: string[] = [];

  /** Asserts the focus is visibly marked and on screen, and returns where it is. */
  async function visibleFocus(after: string): Promise<Focus> {
    const now = await focus(page);
    trail.push(`${after} → ${now.where} in ${now.landmark ?? 'no landmark'} (${now.mark ?? 'NO MARK'})`);
    const context = `focus not visible after ${after}; the way here:\n${trail.slice(-12).join('\n')}`;
    expect(now.mark, context).not.toBeNull();
    expect(now.onScreen, context).toBe(true);
    return now;
  }

  async function press(key: string): Promise<Focus> {
    await page.keyboard.press(key);
    return visibleFocus(key);
  }

  /** Presses Tab (or Shift+Tab) until `arrived` says so, checking every stop on the way; fails after `most` presses. */
  async function tabUntil(arrived: (focus: Focus) => boolean, most: number, key = 'Tab'): Promise<Focus[]> {
    const stops: Focus[] = [];
    for (let step = 0; step < most; step += 1) {
      const stop = await press(key);
      stops.push(stop);
      if (arrived(stop)) return stops;
    }
    throw new Error(`not reached in ${most} presses of ${key}; the way:\n${trail.slice(-most).join('\n')}`);
  }

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
  });

  afterAll(async () => {
    expect(session?.problems).toEqual([]);
    await session?.close();
  });

  it('starts on the grid’s active cell; F6 goes round the landmarks to the top bar, whose Tab stops lead through the toolbar back into the grid', async () => {
    expect(await focusedCell(page)).not.toBeNull();
    await visibleFocus('opening the page');
    // Tab moves among the cells, so the grid tells a screen reader the way out.
    expect(await page.getByRole('grid').getAttribute('aria-description')).toMatch(/F6 moves on to the scenario panel, Shift\+F6 to the top bar/);
    expect((await press('F6')).landmark).toBe('aside');
    expect((await press('F6')).landmark).toBe('header');
    const stops = await tabUntil((stop) => stop.where.includes('[role=gridcell]'), 30);
    const names = stops.map((stop) => stop.where);
    // The way in passes the controls a person needs before the cells: Analyse, Export, the name box, the formula bar.
    for (const wanted of ['“Analyse”', '“Export”', '“Name box”', '“Formula”']) expect(names.some((name) => name.includes(wanted)), `${wanted} among ${names.join(', ')}`).toBe(true);
    // The top bar's stops, then the sheet's: nothing outside the two, nothing of the top bar after the sheet's first.
    const landmarks = stops.map((stop) => stop.landmark);
    const sheetFrom = landmarks.indexOf('main');
    expect(landmarks.slice(0, sheetFrom).every((landmark) => landmark === 'header'), landmarks.join(' ')).toBe(true);
    expect(landmarks.slice(sheetFrom).every((landmark) => landmark === 'main'), landmarks.join(' ')).toBe(true);
  });

  it('moves with the arrows, types into a cell, edits it with F2 and commits with Enter, the active cell always marked', async () => {
    await press('Control+Home');
    expect(await nameBox(page).inputValue()).toBe('A1');
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown']) await press(key);
    expect(await nameBox(page).inputValue()).toBe('D3');
    expect(await focusedCell(page)).toBe('D3');
    await page.keyboard.type('Typed without a mouse');
    await visibleFocus('typing into D3');
    await press('Enter');
    await expect.poll(() => focusedCell(page)).toBe('D4');
    await expect.poll(() => cellText(page, 'D3')).toBe('Typed without a mouse');
    await visibleFocus('the commit');
    await press('ArrowUp');
    const editing = await press('F2');
    expect(editing.where).toContain('“Cell contents”');
    await page.keyboard.type(', then edited');
    await press('Enter');
    await expect.poll(() => focusedCell(page)).toBe('D4');
    expect(await cellText(page, 'D3')).toBe('Typed without a mouse, then edited');
    await press('ArrowUp');
    await press('F2');
    await page.keyboard.type(' and thrown away');
    await press('Escape');
    expect(await cellText(page, 'D3')).toBe('Typed without a mouse, then edited');
    expect(await focusedCell(page)).toBe('D3');
  });

  it('opens the active cell’s menu with Shift+F10, walks it with the arrows, and Escape gives the keyboard back to the cell', async () => {
    const first = await press('Shift+F10');
    expect(first.where).toMatch(/^button\[role=menuitem\] “Cut/);
    expect((await press('ArrowDown')).where).toMatch(/“Copy/);
    await press('Escape');
    expect(await page.getByRole('menu').count()).toBe(0);
    expect(await focusedCell(page)).toBe('D3');
    await visibleFocus('closing the menu');
  });

  it('F6 leads from the grid to the scenario panel, where an input takes a new value, and Shift+F6 back to the active cell', async () => {
    const tariffPaid = () => page.locator('.output-row[data-output="UsTariffOnJpCars"]').getAttribute('data-value');
    const before = await tariffPaid();
    expect((await press('F6')).landmark).toBe('aside');
    await tabUntil((stop) => stop.where.startsWith('input#input-AutoTariff'), 60);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('10%');
    await press('Enter');
    await expect.poll(tariffPaid).not.toBe(before);
    const back = await press('Shift+F6');
    expect(back.landmark).toBe('main');
    expect(await focusedCell(page)).toBe('D3');
  });

  it('opens the Export menu and walks its items with a visible mark, and Escape gives the focus back to its button', async () => {
    expect((await press('Shift+F6')).landmark).toBe('header');
    await tabUntil((stop) => stop.where.includes('“Export”'), 15);
    await press('Enter');
    const item = await press('Tab');
    expect(item.where).toContain('This sheet');
    await press('Tab');
    const back = await press('Escape');
    expect(back.where).toContain('“Export”');
  });

  it('opens Save as from the keyboard: the dialog holds the focus, and Escape closes it and returns to the grid', async () => {
    await tabUntil((stop) => stop.where.includes('Save as'), 15, 'Shift+Tab');
    const field = await press('Enter');
    expect(field.where).toMatch(/^input/);
    const inDialog = () => page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null);
    // The name, Cancel, Save; past the last, a modal <dialog> lets the focus go to the browser's own bar, by design.
    expect((await press('Tab')).where).toContain('Cancel');
    expect((await press('Tab')).where).toContain('Save');
    expect((await press('Shift+Tab')).where).toContain('Cancel');
    expect(await inDialog()).toBe(true);
    // F6 does not lead out of a modal dialog either.
    await press('F6');
    expect(await inDialog()).toBe(true);
    await press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focusedCell(page)).toBe('D3');
  });

  it('reaches Analyse, switches its tabs with the arrows, runs a sweep with Enter, and comes back to the sheet', async () => {
    expect((await press('Shift+F6')).landmark).toBe('header');
    await tabUntil((stop) => stop.where.includes('“Analyse”'), 10);
    const button = await press('Enter');
    expect(button.where).toContain('Back to the sheet');
    await page.getByRole('heading', { level: 1, name: /^Scenario analysis/ }).waitFor();
    const tab = (await tabUntil((stop) => stop.where.includes('[role=tab]'), 15)).at(-1);
    expect(tab?.landmark).toBe('main');
    const whatIf = await press('ArrowRight');
    expect(whatIf.where).toContain('What if');
    expect(await page.getByRole('tab', { name: 'What if…' }).getAttribute('aria-selected')).toBe('true');
    // The view asks the engine for the scenario's inputs first; a person waits for its fields too.
    await page.getByRole('button', { name: 'Run sweep' }).waitFor();
    await tabUntil((stop) => stop.where.includes('“Run sweep”'), 40);
    await press('Enter');
    await expect.poll(() => page.locator('.sweep-table tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The table that scrolls takes the focus too, so the keyboard can scroll it.
    await tabUntil((stop) => stop.where.includes('[role=region]'), 10);
    expect((await press('F6')).landmark).toBe('header');
    await tabUntil((stop) => stop.where.includes('Back to the sheet'), 10);
    await press('Enter');
    await page.locator('[role="grid"]').waitFor();
    // Back on the sheet, the keyboard is on the cell it left.
    await expect.poll(() => focusedCell(page)).toBe('D3');
    await visibleFocus('back on the sheet');
  });

  it('reaches the sheet tabs as one stop, back from the scenario panel, and changes the sheet with the arrows', async () => {
    expect((await press('F6')).landmark).toBe('aside');
    const tab = await press('Shift+Tab');
    expect(tab.where).toBe('button[role=tab] “Summary”');
    expect((await press('ArrowRight')).where).toBe('button[role=tab] “Inputs”');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Inputs');
    // Once the sheet is drawn, the keyboard is still on its tab, so the next arrow goes on.
    await page.getByRole('grid', { name: 'Sheet Inputs' }).locator('[role="gridcell"].c-text').first().waitFor();
    expect((await visibleFocus('the Inputs sheet drawn')).where).toBe('button[role=tab] “Inputs”');
    expect((await press('ArrowLeft')).where).toBe('button[role=tab] “Summary”');
    await page.getByRole('grid', { name: 'Sheet Summary' }).locator('[role="gridcell"].c-text').first().waitFor();
    expect((await visibleFocus('the Summary sheet drawn')).where).toBe('button[role=tab] “Summary”');
    expect((await press('Shift+Tab')).where).toBe('button “Add sheet”');
  });

  it('passes the editing toolbar in one Tab stop, whose buttons the arrows walk round, Home and End going to either end', async () => {
    const inToolbar = () => page.evaluate(() => document.activeElement?.closest('[role="toolbar"]') !== null);
    // What a person hears for each button the arrows can reach, in order: the disabled ones are passed over.
    const reachable = await page.getByRole('toolbar', { name: 'Editing' }).locator('.tool:not(:disabled)').evaluateAll((buttons) => buttons.map((button) => (button.getAttribute('aria-label') ?? button.textContent ?? '').trim().slice(0, 40)));
    expect(reachable.length).toBeGreaterThan(3);
    const named = (focus: Focus) => /“(.*)”$/.exec(focus.where)?.[1] ?? focus.where;
    expect((await press('Shift+F6')).landmark).toBe('header');
    let stop = await press('Tab');
    for (let step = 0; step < 30 && !(await inToolbar()); step += 1) stop = await press('Tab');
    expect(await inToolbar(), `the toolbar not reached; the way:\n${trail.slice(-30).join('\n')}`).toBe(true);
    expect(named(stop)).toBe(reachable[0]);
    // One stop: Tab leaves it, Shift+Tab comes back to the same button.
    await press('Tab');
    expect(await inToolbar()).toBe(false);
    expect(named(await press('Shift+Tab'))).toBe(reachable[0]);
    expect(named(await press('ArrowRight'))).toBe(reachable[1]);
    expect(named(await press('End'))).toBe(reachable.at(-1));
    expect(named(await press('ArrowRight'))).toBe(reachable[0]);
    expect(named(await press('ArrowLeft'))).toBe(reachable.at(-1));
    expect(named(await press('Home'))).toBe(reachable[0]);
    // The stop stays where the person left it.
    await press('ArrowRight');
    await press('Tab');
    expect(named(await press('Shift+Tab'))).toBe(reachable[1]);
  });
});
