/** An input's range edited in the inputs panel: the worker's refusal shows by the form, a range it takes moves the outputs' bands, and Ctrl+Z brings the old range back. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, openBrowser, openScenario, screenshot, type BrowserSession } from './browser';

const OUTPUT = '.output-list:not(.is-stale) .output-row .output-band';

/** Every band's P5 and P95, once the bands are drawn for the scenario as it stands. */
async function bands(page: Page): Promise<string> {
  await page.locator(OUTPUT).first().waitFor({ timeout: 30_000 });
  const figures = await page.locator(OUTPUT).evaluateAll((elements) => elements.map((element) => `${element.getAttribute('data-p5')}..${element.getAttribute('data-p95')}`));
  return figures.join(' ');
}

describe('editing an input’s range', () => {
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

  it('keeps the field and slider of an input with a triangular range inside that range, saying why', async () => {
    // PassThrough: min 0, max 1, a triangular range from 50 % to 100 % whose mode is the value.
    const row = page.locator('.input-row[data-input="PassThrough"]');
    expect(await row.getByRole('slider').getAttribute('min')).toBe('0.5');
    const field = page.locator('#input-PassThrough');
    await field.fill('40%');
    await field.press('Enter');
    await expect.poll(() => row.innerText()).toMatch(/At least 50% \(the triangular range's bounds; edit the range to go further\)/);
  });

  it('says when a value lies outside a uniform range, whose draws ignore it, and stops saying so once it is back inside', async () => {
    // JpCarsToUsBase: a uniform range from 1.35 to 1.45 million cars.
    const row = page.locator('.input-row[data-input="JpCarsToUsBase"]');
    const field = page.locator('#input-JpCarsToUsBase');
    const before = await field.inputValue();
    await field.fill('1000000');
    await field.press('Enter');
    await expect.poll(() => row.locator('.input-outside').innerText()).toBe('1,000,000 lies outside its range (1,350,000 – 1,450,000): the uncertainty bands draw from the range, not from this value, so they may not contain it. Edit the range to match.');
    await screenshot(page, 'input-outside-range');
    await field.fill(before);
    await field.press('Enter');
    await expect.poll(() => row.locator('.input-outside').count()).toBe(0);
  });

  it('refuses a range the format refuses, with the worker’s words, and changes nothing', async () => {
    const row = page.locator('.input-row[data-input="CarUnitValue"]');
    await row.getByRole('button', { name: 'Edit range of' }).click();
    const form = row.getByRole('form', { name: /^Range of/ });
    await form.getByLabel('Low').fill('-1000');
    await form.getByLabel('High').fill('33000');
    await form.getByLabel('Distribution').selectOption('lognormal');
    await form.getByRole('button', { name: 'Set range' }).click();
    await expect.poll(() => form.locator('.range-problem').innerText()).toMatch(/lognormal range needs low above 0/);
    expect(await row.locator('.input-range').getAttribute('data-low')).toBe('24000');
    await screenshot(page, 'input-range-refused');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a new range redraws the bands, and Ctrl+Z puts the old range and bands back', async () => {
    const before = await bands(page);
    const row = page.locator('.input-row[data-input="CarUnitValue"]');
    await row.getByRole('button', { name: 'Edit range of' }).click();
    const form = row.getByRole('form', { name: /^Range of/ });
    await form.getByLabel('Low').fill('5000');
    await form.getByLabel('High').fill('80000');
    await form.getByLabel('Distribution').selectOption('uniform');
    await form.getByRole('button', { name: 'Set range' }).click();
    await expect.poll(() => row.locator('.input-range').getAttribute('data-low')).toBe('5000');
    expect(await row.locator('.input-range').getAttribute('data-distribution')).toBe('uniform');
    expect(await row.getAttribute('class')).toContain('is-changed');
    expect(await page.locator('.changes-button').textContent()).toBe('1 changed range');
    await expect.poll(() => bands(page), { timeout: 30_000 }).not.toBe(before);
    await screenshot(page, 'input-range-edited');

    await cell(page, 'A1').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => row.locator('.input-range').getAttribute('data-low')).toBe('24000');
    expect(await row.locator('.input-range summary').innerText()).toBe('90 %: 24,000 – 33,000 · lognormal (default)');
    await expect.poll(() => bands(page), { timeout: 30_000 }).toBe(before);
    expect(await page.locator('.changes-button').textContent()).toBe('No changes');
  });
});
