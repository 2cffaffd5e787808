/**
 * The limits of a paste (src/ui/tsv.ts): clipboard text over MAX_PASTE_CHARS is refused unread, a block
 * over MAX_PASTE_CELLS (read, or tiled over a selection) is refused, and so is a block that would run
 * past the sheet's last row or column; each with a message, nothing written, earlier work kept. A paste
 * of exactly MAX_PASTE_CELLS is written whole.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PASTE_CELLS, MAX_PASTE_CHARS, pastePastEdge, pasteTextTooLong, pasteTooManyCells } from '../../src/shared/tsv';
import { cellText, nameBox, openBrowser, openScenario, screenshot, waitSaved, type BrowserSession } from './browser';

interface Block {
  /** Each row is `unit` repeated `times`, then `end`. */
  unit: string;
  times: number;
  end: string;
  rows: number;
}

/** Pastes a block as Ctrl+V does; the text is made in the page, as a large clipboard arrives there. */
async function pasteBlock(page: Page, block: Block): Promise<void> {
  await page.evaluate(({ unit, times, end, rows }) => {
    const row = unit.repeat(times) + end;
    const transfer = new DataTransfer();
    transfer.setData('text/plain', Array<string>(rows).fill(row).join('\n'));
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, block);
}

async function goTo(page: Page, address: string): Promise<void> {
  await nameBox(page).fill(address);
  await nameBox(page).press('Enter');
  // A paste lands where the keyboard is: on the grid's active cell, once the grid has scrolled to it.
  await page.waitForFunction(
    (wanted) => document.querySelector<HTMLInputElement>('input[aria-label="Name box"]')?.value === wanted && document.activeElement?.closest('[role="gridcell"]') != null,
    address,
  );
}

const problem = (page: Page) => page.locator('.banner-problem p');

describe('paste limits', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Article');
    // Work done before the big pastes, which none of them may lose.
    await goTo(page, 'G2');
    await page.keyboard.type('kept');
    await page.keyboard.press('Enter');
    await waitSaved(page);
  });

  afterAll(async () => {
    await session?.close();
  });

  /** What a refused paste must leave as it was. */
  async function expectNothingWritten(): Promise<void> {
    await page.locator('.banner-problem').getByRole('button', { name: 'Dismiss' }).click();
    await goTo(page, 'H1');
    expect(await cellText(page, 'G2')).toBe('kept');
    expect(await cellText(page, 'H1')).toBe('');
    // A refused paste asks the worker whether all is stored, and the status says "Saving…" until it answers.
    await expect.poll(() => page.locator('.save-status').getAttribute('data-status')).toBe('saved');
  }

  it(`refuses clipboard text of more than ${MAX_PASTE_CHARS.toLocaleString('en-US')} characters before reading it, and says so`, async () => {
    await goTo(page, 'H1');
    const length = MAX_PASTE_CHARS + 1;
    await pasteBlock(page, { unit: '1\t', times: MAX_PASTE_CHARS / 2, end: '1', rows: 1 });
    await expect.poll(() => problem(page).textContent(), { timeout: 20_000 }).toBe(pasteTextTooLong(length));
    await screenshot(page, 'limits-text-too-long');
    await expectNothingWritten();
  });

  it(`refuses text of more than ${MAX_PASTE_CELLS.toLocaleString('en-US')} cells, counting each row as wide as the widest`, async () => {
    await goTo(page, 'H1');
    // 1,001 rows of 1,000 cells: about 2 million characters, well under the text limit.
    await pasteBlock(page, { unit: '7\t', times: 999, end: '7', rows: 1001 });
    await expect.poll(() => problem(page).textContent(), { timeout: 20_000 }).toBe(pasteTooManyCells());
    await expectNothingWritten();
  });

  it('refuses one cell tiled over a selection of more than a million cells', async () => {
    await goTo(page, 'H1:Q200000');
    await pasteBlock(page, { unit: '7', times: 1, end: '', rows: 1 });
    await expect.poll(() => problem(page).textContent(), { timeout: 20_000 }).toBe(pasteTooManyCells(2_000_000));
    await expectNothingWritten();
  });

  it.each<[name: string, at: string, block: Block, top: number, left: number, rows: number, cols: number]>([
    ["the sheet's last row", 'H1048575', { unit: '', times: 0, end: '7', rows: 3 }, 1_048_574, 7, 3, 1],
    ["the sheet's last column", 'XFC1', { unit: '7\t', times: 2, end: '7', rows: 1 }, 0, 16_382, 1, 3],
  ])('refuses a block that would run past %s, naming it', async (_name, at, block, top, left, height, width) => {
    await goTo(page, at);
    await pasteBlock(page, block);
    const expected = pastePastEdge(top, left, height, width);
    expect(expected).toBeDefined();
    await expect.poll(() => problem(page).textContent(), { timeout: 20_000 }).toBe(expected);
    await expectNothingWritten();
  });

  it(`writes a paste of exactly ${MAX_PASTE_CELLS.toLocaleString('en-US')} cells whole, keeping the earlier work`, async () => {
    const side = Math.sqrt(MAX_PASTE_CELLS);
    await goTo(page, 'H3');
    await pasteBlock(page, { unit: '5\t', times: side - 1, end: '5', rows: side });
    // The selection covers what was written.
    const last = `${columnName(7 + side - 1)}${2 + side}`;
    await expect.poll(() => nameBox(page).inputValue(), { timeout: 60_000 }).toBe(`H3:${last}`);
    await expect.poll(() => page.locator('.banner-problem').count()).toBe(0);
    await goTo(page, last);
    await expect.poll(() => cellText(page, last), { timeout: 20_000 }).toBe('5');
    await goTo(page, 'H3');
    await expect.poll(() => cellText(page, 'H3'), { timeout: 20_000 }).toBe('5');
    expect(await cellText(page, 'G2')).toBe('kept');
    await screenshot(page, 'limits-million-cells');
    await page.locator('.save-status[data-status="saved"]').waitFor({ timeout: 60_000 });
    expect(session.problems).toEqual([]);
  }, 180_000);
});

function columnName(col: number): string {
  let letters = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
