/** In the browser's own IndexedDB: an edit stores only the block of rows it changed, and a reload assembles the sheet again. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formulaBar, nameBox, openBrowser, openScenario, openScenarioFile, pageUrl, selectSheet, waitForScenario, type BrowserSession } from './browser';

const ROWS = 2500;
const DOC = 'u:blocks';

/** 2,500 rows in three blocks of 1,000, 1,000 and 500 rows. */
function scenarioFile(): string {
  return JSON.stringify({
    type: 'tradesheet-scenario',
    version: 1,
    id: 'blocks',
    name: 'Blocks',
    description: 'A sheet of several blocks.',
    sheets: { Inputs: [['Rate', 2], ['Total', `=SUM(Data!C1:C${ROWS})`]], Data: Array.from({ length: ROWS }, (_, row) => [row + 1, (row + 1) * 2, `=B${row + 1}*Inputs!$B$1`]) },
    inputs: { Rate: { cell: 'Inputs!B1', label: 'Rate', unit: '', source: { assumption: 'a round number' } } },
    outputs: { Total: { cell: 'Inputs!B2', label: 'Total', unit: '' } },
  });
}

/** The stamps of the Data sheet's blocks, as the stored record lists them, read from the page's IndexedDB. */
function dataBlockStamps(page: Page): Promise<string[]> {
  return page.evaluate(
    (docId) =>
      new Promise<string[]>((resolve, reject) => {
        const opening = indexedDB.open('tradesheet');
        opening.onerror = () => reject(opening.error ?? new Error('IndexedDB did not open'));
        opening.onsuccess = () => {
          const read = opening.result.transaction('work').objectStore('work').get(`doc:${docId}`);
          read.onerror = () => reject(read.error ?? new Error('the record could not be read'));
          read.onsuccess = () => {
            const record = read.result as { current?: { sheets?: { name: string; blocks: { stamp: string }[] }[] } } | undefined;
            opening.result.close();
            resolve(record?.current?.sheets?.find((sheet) => sheet.name === 'Data')?.blocks.map((block) => block.stamp) ?? []);
          };
        };
      }),
    DOC,
  );
}

async function goTo(page: Page, address: string): Promise<void> {
  await nameBox(page).fill(address);
  await nameBox(page).press('Enter');
  await expect.poll(() => nameBox(page).inputValue()).toBe(address);
}

describe('a sheet stored in blocks of rows', () => {
  let session: BrowserSession;
  let page: Page;
  const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-blocks-'));
  const file = join(scratch, 'blocks.json');

  beforeAll(async () => {
    writeFileSync(file, scenarioFile());
    session = await openBrowser();
    page = session.page;
    await page.goto(pageUrl('#baseline'));
    await waitForScenario(page, 'baseline');
  });

  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('an edit in row 1,500 rewrites that block only, and the reload shows the edit', { timeout: 60_000 }, async () => {
    await openScenarioFile(page, file, DOC);
    await expect.poll(() => dataBlockStamps(page)).toHaveLength(3);
    const [first] = await dataBlockStamps(page);
    expect(await dataBlockStamps(page)).toEqual([first, first, first]);

    await selectSheet(page, 'Data');
    await goTo(page, 'B1500');
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await dataBlockStamps(page))[1]).not.toBe(first);
    const after = await dataBlockStamps(page);
    expect([after[0], after[2]]).toEqual([first, first]);

    await page.reload();
    await openScenario(page, DOC, 'Data');
    await goTo(page, 'B1500');
    expect(await formulaBar(page).inputValue()).toBe('7');
    await goTo(page, 'C2500');
    expect(await formulaBar(page).inputValue()).toBe('=B2500*Inputs!$B$1');
    expect(session.problems).toEqual([]);
  });
});
