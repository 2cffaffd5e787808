/** Rows of the grid appear with their numbers at once and get their cells once scrolling rests, so a fast scroll never stalls. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, cellText, focusedCell, openBrowser, openScenarioFile, pageUrl, screenshot, selectSheet, waitForScenario, type BrowserSession } from './browser';

const ROWS = 3000;

function tallScenario(): string {
  const rows: (string | number)[][] = [['n', 'squared', 'label']];
  for (let row = 2; row <= ROWS + 1; row += 1) rows.push([row - 1, `=A${row}^2`, `item ${row - 1}`]);
  return JSON.stringify({
    type: 'tradesheet-scenario',
    version: 1,
    id: 'tall',
    name: 'Three thousand rows',
    description: 'Every row squares its number.',
    sheets: { Data: rows, Notes: [['Note'], ['rows square their number']] },
    inputs: {},
    outputs: { Last: { cell: `Data!B${ROWS + 1}`, label: 'Last squared', unit: '' } },
  });
}

/** Scrolls the grid two screenfuls per frame (no row stays in view) and counts, on each frame, the data cells drawn outside the active cell's row. */
async function cellsDrawnWhileScrolling(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const grid = document.querySelector<HTMLElement>('[role="grid"]');
    if (!grid) throw new Error('no grid on the page');
    const drawn: number[] = [];
    for (let frame = 1; frame <= count; frame += 1) {
      grid.scrollTop = frame * 2 * grid.clientHeight;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const rows = [...grid.querySelectorAll('[role="row"]')].filter((row) => !row.querySelector('[role="gridcell"][tabindex="0"]'));
      drawn.push(rows.reduce((sum, row) => sum + row.querySelectorAll('[role="gridcell"]').length, 0));
    }
    return drawn;
  }, frames);
}

describe('the rows of a tall sheet', () => {
  let session: BrowserSession;
  let page: Page;
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-rows-'));
  const file = join(scratch, 'tall.json');

  beforeAll(async () => {
    writeFileSync(file, tallScenario());
    session = await openBrowser();
    page = session.page;
    await page.goto(pageUrl('#baseline'));
    await waitForScenario(page, 'baseline');
    await openScenarioFile(page, file, 'u:tall');
  });

  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('show only their numbers while the grid scrolls two screenfuls a frame, and their values once it rests', async () => {
    const drawn = await cellsDrawnWhileScrolling(page, 12);
    expect(drawn, 'data cells drawn on each scrolled frame').toEqual(drawn.map(() => 0));
    const rowsInView = page.locator('[role="grid"] > [role="row"]:not([aria-rowindex="1"])');
    expect(await rowsInView.count()).toBeGreaterThan(20);
    // The middle of the rows drawn: the first may be the active cell's, kept drawn far above.
    const inView = Number(await rowsInView.nth(15).getAttribute('aria-rowindex')) - 1;
    await expect.poll(() => cellText(page, `B${inView}`), { timeout: 10_000 }).toBe(((inView - 1) ** 2).toLocaleString('en-US'));
    expect(await cellText(page, `C${inView}`)).toBe(`item ${inView - 1}`);
    await screenshot(page, 'grid-rows-after-scroll');
  });

  it('take the keyboard in a row drawn late, as in any other', async () => {
    const rowsInView = page.locator('[role="grid"] > [role="row"]:not([aria-rowindex="1"])');
    const row = Number(await rowsInView.nth(10).getAttribute('aria-rowindex')) - 1;
    await cell(page, `C${row}`).click();
    expect(await focusedCell(page)).toBe(`C${row}`);
    await page.keyboard.type('edited');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, `C${row}`)).toBe('edited');
    expect(await focusedCell(page)).toBe(`C${row + 1}`);
  });

  it('fill in on another sheet, with the keyboard on its first cell', async () => {
    await selectSheet(page, 'Notes');
    await expect.poll(() => cellText(page, 'A2')).toBe('rows square their number');
    expect(await focusedCell(page)).toBe('A1');
    await selectSheet(page, 'Data');
    await expect.poll(() => cellText(page, 'B3')).toBe('4');
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
