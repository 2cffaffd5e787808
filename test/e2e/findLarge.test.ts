/** Find on a sheet of 1,000,000 cells: the worker searches, and the page never stops answering meanwhile. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOD, longestTask, nameBox, openScenarioFile, openWithScenarioFile, takeLongTasks, type BrowserSession } from './browser';

const ROWS = 100_000;
const COLS = 10;

/** 100,000 rows of 10 numbers, the last column a formula: 1,000,000 cells. */
function bigScenario(): string {
  const rows: (string | number)[][] = [];
  for (let row = 1; row <= ROWS; row += 1) rows.push([...Array.from({ length: COLS - 1 }, (_, col) => row * COLS + col), `=A${row}*2`]);
  return JSON.stringify({
    type: 'tradesheet-scenario',
    version: 1,
    id: 'million',
    name: 'A million cells',
    description: 'Numbers to search through.',
    sheets: { Data: rows, Inputs: [['Factor', 2]] },
    inputs: { Factor: { cell: 'Inputs!B1', label: 'Factor', unit: '', source: { assumption: 'for the test' }, min: 0, max: 100 } },
    outputs: { First: { cell: 'Data!J1', label: 'First doubled', unit: '' } },
  });
}

/** Presses Enter in the find bar and waits for its answer: the time it took and the longest main-thread task meanwhile. */
async function searchTimed(page: Page, status: string | RegExp): Promise<{ ms: number; longestTask: number }> {
  await takeLongTasks(page);
  const started = Date.now();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('search').getByRole('status').textContent(), { timeout: 30_000 }).toMatch(status);
  const ms = Date.now() - started;
  return { ms, longestTask: await longestTask(page) };
}

describe('find on a sheet of 1,000,000 cells', () => {
  let session: BrowserSession & { file: string };
  let page: Page;
  let file: string;

  beforeAll(async () => {
    session = await openWithScenarioFile('million.json', bigScenario());
    ({ page, file } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('finds a rare value and a common one without blocking the page', { timeout: 120_000 }, async () => {
    await openScenarioFile(page, file, 'u:million');
    await page.getByRole('grid', { name: 'Sheet Data' }).waitFor();
    await page.keyboard.press(`${MOD}+f`);
    await page.getByRole('search').getByRole('textbox', { name: 'Find' }).fill('999994');
    const rare = await searchTimed(page, '1 of 1');
    // 999994 is row 99,999's fifth number: E99999.
    await expect.poll(() => nameBox(page).inputValue()).toBe('E99999');
    await page.getByRole('search').getByRole('textbox', { name: 'Find' }).fill('7');
    const common = await searchTimed(page, /^1 of [\d,]+ \(Next and Previous walk the first 100,000\)$/);
    console.info(`find on 1,000,000 cells: rare value ${rare.ms} ms (longest page task ${rare.longestTask} ms); a digit in most cells ${common.ms} ms (longest page task ${common.longestTask} ms)`);
    // The search itself runs in the worker: the page's longest task stays far below the search's length.
    expect(rare.longestTask).toBeLessThan(200);
    expect(common.longestTask).toBeLessThan(200);
  });
});
