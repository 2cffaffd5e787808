/** Writing formulas as in Excel, in Chromium, by keys and clicks: point mode, the range finder, F4, autocomplete and the signature tooltip. */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cell, formulaBar, nameBox, openBrowser, openScenario, screenshot, selectSheet, type BrowserSession } from './browser';

describe('formula authoring', () => {
  let session: BrowserSession;
  let page: Page;
  const entry = () => page.getByLabel('Cell contents');
  const list = () => page.getByRole('listbox', { name: 'Functions and names' });
  const caret = (field: Locator) => field.evaluate((input: HTMLInputElement) => input.selectionStart);

  /** Selects a cell of the Summary sheet and starts typing into it, as a person does. */
  async function typeInto(address: string, text: string): Promise<void> {
    await cell(page, address).click();
    await expect.poll(() => nameBox(page).inputValue()).toBe(address);
    await page.keyboard.type(text);
  }

  /** The formula bar's text for a cell once it is active; a commit from the formula bar reaches it when the worker answers, so callers poll. */
  async function formulaOf(address: string): Promise<string> {
    // A committed entry's editor stays drawn until the engine answers; a click on it is the editor's, not the grid's.
    await expect.poll(() => entry().count()).toBe(0);
    await cell(page, address).click();
    await expect.poll(() => nameBox(page).inputValue()).toBe(address);
    return formulaBar(page).inputValue();
  }

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
  });

  beforeEach(async () => {
    await openScenario(page, 'baseline', 'Summary');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('points with the arrows after =, ( and ,: arrows move the reference, Shift+arrows widen it, a comma starts the next', async () => {
    await typeInto('E2', '=SUM(');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => entry().inputValue()).toBe('=SUM(D2');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => entry().inputValue()).toBe('=SUM(B2');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => entry().inputValue()).toBe('=SUM(B2:B4');
    await page.keyboard.type(',');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => entry().inputValue()).toBe('=SUM(B2:B4,E1');
    // Typing ends pointing: the next arrow outside a place for a reference commits, as Enter mode does.
    await page.keyboard.type(')');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => nameBox(page).inputValue()).toBe('E3');
    await expect.poll(() => formulaOf('E2')).toBe('=SUM(B2:B4,E1)');
  });

  it('leaves the arrows to the caret in Edit mode (F2), and commits with them in Enter mode outside a place for a reference', async () => {
    await typeInto('E5', '=B2');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => nameBox(page).inputValue()).toBe('E6');
    await expect.poll(() => formulaOf('E5')).toBe('=B2');
    await page.keyboard.press('F2');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('3');
    await expect.poll(() => entry().inputValue()).toBe('=B32');
    // Edit mode stays after an operator, as in Excel (F2 again would point); a click still points.
    await page.keyboard.press('End');
    await page.keyboard.type('+');
    await page.keyboard.press('ArrowLeft');
    expect(await entry().inputValue()).toBe('=B32+');
    expect(await caret(entry())).toBe(4);
    await page.keyboard.press('End');
    await cell(page, 'B3').click();
    await expect.poll(() => entry().inputValue()).toBe('=B32+B3');
    await page.keyboard.press('Escape');
    await expect.poll(() => formulaOf('E5')).toBe('=B2');
  });

  it('points from the formula bar as from the cell', async () => {
    await cell(page, 'E7').click();
    await formulaBar(page).click();
    await page.keyboard.type('=SUM(');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=SUM(E6');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=SUM(D6:E6');
    expect(await caret(formulaBar(page))).toBe('=SUM(D6:E6'.length);
    await page.keyboard.type(')');
    await page.keyboard.press('Enter');
    await expect.poll(() => formulaOf('E7')).toBe('=SUM(D6:E6)');
  });

  it('points with a click, widens with Shift+click or a drag, and a click elsewhere replaces the reference just pointed', async () => {
    await typeInto('E8', '=SUM(');
    await cell(page, 'B3').dblclick();
    await expect.poll(() => entry().inputValue()).toBe('=SUM(B3');
    await cell(page, 'B2').click();
    await expect.poll(() => entry().inputValue()).toBe('=SUM(B2');
    await cell(page, 'B4').click({ modifiers: ['Shift'] });
    await expect.poll(() => entry().inputValue()).toBe('=SUM(B2:B4');
    const from = await cell(page, 'C3').boundingBox();
    const to = await cell(page, 'C5').boundingBox();
    if (!from || !to) throw new Error('C3 and C5 are on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => entry().inputValue()).toBe('=SUM(C3:C5');
    await page.keyboard.type(')');
    await screenshot(page, 'formula-pointed-drag');
    await page.keyboard.press('Enter');
    await expect.poll(() => formulaOf('E8')).toBe('=SUM(C3:C5)');
  });

  it('points at another sheet from its tab, quoting a name that needs it, and writes the formula to the cell it began in', async () => {
    await typeInto('E9', '=');
    // The tab of the sheet shown has nothing to point at: the formula goes on as it was.
    await page.getByRole('tab', { name: 'Summary' }).click();
    expect(await entry().inputValue()).toBe('=');
    await page.getByRole('tab', { name: 'Autos' }).click();
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=Autos!A1');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Autos');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=Autos!A2');
    await cell(page, 'B7').click();
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=Autos!B7');
    await page.keyboard.type('*2');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Summary');
    await expect.poll(() => nameBox(page).inputValue()).toBe('E10');
    await expect.poll(() => formulaOf('E9')).toBe('=Autos!B7*2');

    // Ctrl+PageDown points at the next sheet as its tab does.
    await typeInto('E16', '=');
    await page.keyboard.press('Control+PageDown');
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=Inputs!A1');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Inputs');
    await page.keyboard.press('Control+PageDown');
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=Autos!A1');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Summary');

    // A sheet whose name has a space is quoted; Escape leaves the cell as it was and comes back.
    await page.getByRole('button', { name: 'Add sheet' }).click();
    const added = page.getByRole('tab').last();
    await expect.poll(() => added.textContent()).not.toBe('Article');
    await added.dblclick();
    const rename = page.getByRole('textbox', { name: /^New name for sheet/ });
    await rename.fill('My sheet');
    await rename.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: 'My sheet' }).count()).toBe(1);
    await selectSheet(page, 'Summary');
    await typeInto('E11', '=1+');
    await page.getByRole('tab', { name: 'My sheet' }).click();
    await expect.poll(() => formulaBar(page).inputValue()).toBe("=1+'My sheet'!A1");
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Summary');
    expect(await formulaOf('E11')).toBe('');
  });

  it('colours each reference in the text and outlines its cells in the grid in the same colour', async () => {
    await typeInto('E12', '=B2+C3:C5*B2+SUM(D:D)');
    const spans = cell(page, 'E12').locator('.formula-mirror [class^="ref-colour-"]');
    await expect.poll(() => spans.allTextContents()).toEqual(['B2', 'C3:C5', 'B2', 'D:D']);
    // The formula bar shows the same text in the same colours.
    const barSpans = page.locator('.formula-bar .formula-mirror [class^="ref-colour-"]');
    expect(await barSpans.allTextContents()).toEqual(['B2', 'C3:C5', 'B2', 'D:D']);
    const colours = await spans.evaluateAll((elements) => elements.map((element) => getComputedStyle(element).color));
    // The same cell written twice has one colour; different references differ.
    expect(colours[0]).toBe(colours[2]);
    expect(new Set(colours).size).toBe(3);
    expect(await barSpans.evaluateAll((elements) => elements.map((element) => getComputedStyle(element).color))).toEqual(colours);
    // A whole column is outlined from its first row down past the bottom of the grid.
    for (const [text, colour, address, last] of [['B2', colours[0], 'B2', 'B2'], ['C3:C5', colours[1], 'C3', 'C5'], ['D:D', colours[3], 'D1', 'D1']] as const) {
      const box = page.locator(`.range-box[data-range="${text}"]`).first();
      expect(await box.evaluate((element) => getComputedStyle(element).borderTopColor)).toBe(colour);
      const outline = await box.boundingBox();
      const first = await cell(page, address).boundingBox();
      const end = await cell(page, last).boundingBox();
      if (!outline || !first || !end) throw new Error('the cells and their outline are on screen');
      expect(Math.abs(outline.x - first.x)).toBeLessThan(3);
      expect(Math.abs(outline.y - first.y)).toBeLessThan(3);
      expect(Math.abs(outline.x + outline.width - (end.x + end.width))).toBeLessThan(3);
      if (text === 'D:D') expect(outline.height).toBeGreaterThan(1_000_000);
      else expect(Math.abs(outline.y + outline.height - (end.y + end.height))).toBeLessThan(3);
    }
    await screenshot(page, 'formula-range-finder');
    await page.keyboard.press('Escape');
    expect(await page.locator('.range-box').count()).toBe(0);
  });

  it('cycles the $ anchors of the reference at the caret with F4, both ends of a range together', async () => {
    await typeInto('E13', '=B2');
    const expected = ['=$B$2', '=B$2', '=$B2', '=B2'];
    for (const text of expected) {
      await page.keyboard.press('F4');
      await expect.poll(() => entry().inputValue()).toBe(text);
    }
    await page.keyboard.type('+SUM(B2:C3');
    await page.keyboard.press('F4');
    await expect.poll(() => entry().inputValue()).toBe('=B2+SUM($B$2:$C$3');
    expect(await caret(entry())).toBe('=B2+SUM($B$2:$C$3'.length);
    // In Edit mode (F2) the arrows move the caret; inside the first reference, F4 works on that one.
    await page.keyboard.press('F2');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('F4');
    await expect.poll(() => entry().inputValue()).toBe('=$B$2+SUM($B$2:$C$3');
    await page.keyboard.press('Escape');
  });

  it('lists the engine’s functions and the named inputs as a name is typed: arrows move, Tab and Enter insert, Escape closes', async () => {
    await typeInto('E14', '=PM');
    await expect.poll(() => list().getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^PMT\s*Returns the periodic payment/)]);
    const chosen = list().getByRole('option', { selected: true });
    expect(await chosen.textContent()).toMatch(/^PMT/);
    // The field names the chosen option, so a screen reader reads it while the keyboard stays in the field.
    expect(await entry().getAttribute('aria-activedescendant')).toBe(await chosen.getAttribute('id'));
    expect(await entry().getAttribute('aria-controls')).toBe(await list().getAttribute('id'));
    await page.keyboard.press('Tab');
    await expect.poll(() => entry().inputValue()).toBe('=PMT(');
    expect(await list().count()).toBe(0);
    await page.keyboard.press('Escape');

    // LOOKUP is tradesheet's own plugin, so the list is the engine's registry; CONCAT is not a function the engine has.
    await typeInto('E14', '=LOO');
    await expect.poll(() => list().getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^LOOKUP/)]);
    await page.keyboard.press('Escape');
    expect(await list().count()).toBe(0);
    await expect.poll(() => entry().inputValue()).toBe('=LOO');
    await page.keyboard.type('K');
    await expect.poll(() => list().count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await typeInto('E14', '=CONCAT');
    await expect.poll(() => list().getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^CONCATENATE/)]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await typeInto('E14', '=COUNT');
    const options = list().getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual(['COUNT', 'COUNTA', 'COUNTBLANK', 'COUNTIF', 'COUNTIFS', 'COUNTUNIQUE'].map((name) => expect.stringMatching(new RegExp(`^${name}[A-Z]`))));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await list().getByRole('option', { selected: true }).textContent()).toMatch(/^COUNTBLANK/);
    await page.keyboard.press('ArrowUp');
    expect(await list().getByRole('option', { selected: true }).textContent()).toMatch(/^COUNTA[A-Z]/);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await list().getByRole('option', { selected: true }).textContent()).toMatch(/^COUNTUNIQUE/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => entry().inputValue()).toBe('=COUNTA(');
    await page.keyboard.press('Escape');

    // A named input goes in by its name alone, described by its label.
    await typeInto('E14', '=10*autot');
    await expect.poll(() => list().getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^AutoTariff\s*Input: /)]);
    await screenshot(page, 'formula-autocomplete');
    await page.keyboard.press('Enter');
    await expect.poll(() => entry().inputValue()).toBe('=10*AutoTariff');
    await page.keyboard.press('Enter');
    await expect.poll(() => formulaOf('E14')).toBe('=10*AutoTariff');
  });

  it('shows the signature of the call the caret is in, its current argument in bold, across commas and nesting', async () => {
    const tip = page.getByRole('tooltip');
    const current = () => tip.locator('b').textContent();
    await typeInto('E15', '=PMT(');
    await expect.poll(() => tip.locator('.signature').textContent()).toBe('PMT(rate, nper, pv, [fv], [type])');
    // The field is described by the tooltip, so a screen reader says the signature too.
    expect(await entry().getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    expect(await current()).toBe('rate');
    await page.keyboard.type('0.05/12,');
    await expect.poll(current).toBe('nper');
    await page.keyboard.type('ROUND(');
    await expect.poll(() => tip.locator('.signature').textContent()).toBe('ROUND(number, num_digits)');
    expect(await current()).toBe('number');
    await page.keyboard.type('360.4,0)');
    await expect.poll(() => tip.locator('.signature').textContent()).toMatch(/^PMT\(/);
    expect(await current()).toBe('nper');
    await page.keyboard.type(',1000');
    await expect.poll(current).toBe('pv');
    await screenshot(page, 'formula-signature');
    // Back inside ROUND's parentheses (F2: the arrows move the caret), the caret is in ROUND's second argument again.
    await page.keyboard.press('F2');
    for (let step = 0; step < ',1000)'.length; step += 1) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => tip.locator('.signature').textContent()).toBe('ROUND(number, num_digits)');
    expect(await current()).toBe('num_digits');
    // A repeating argument stays marked past the listed ones.
    await page.keyboard.press('End');
    await page.keyboard.type('+SUM(1,2,3');
    await expect.poll(() => tip.locator('.signature').textContent()).toBe('SUM(number1, [number2], ...)');
    expect(await current()).toBe('[number2]');
    await page.keyboard.press('Escape');
    expect(await tip.count()).toBe(0);
  });

  it('said nothing wrong on the console while formulas were written', () => {
    expect(session.problems).toEqual([]);
  });
});

describe('the function list on a page just opened', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
  });

  afterAll(async () => {
    expect(session?.problems ?? []).toEqual([]);
    await session?.close();
  });

  it('is in hand for the first "=" typed as the grid appears, while the worker draws the bands: Tab after "=sum" inserts SUM(', async () => {
    await openScenario(page, 'baseline', 'Summary');
    await cell(page, 'D2').click();
    await page.keyboard.type('=sum');
    await page.keyboard.press('Tab');
    await page.keyboard.type('B2:B3)');
    await page.keyboard.press('Enter');
    await cell(page, 'D2').click();
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=SUM(B2:B3)');
  });
});
