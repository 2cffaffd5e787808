/**
 * "Import CSV into a sheet" in the page: the dialog, files as portals and Excel write them, files that
 * are not CSV, and 100,000 rows read in the worker with a progress bar and a Cancel that works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOD, cell, cellText, formulaBar, nameBox, openBrowser, pageUrl, recordLongTasks, screenshot, selectSheet, takeLongTasks, waitForScenario, waitSaved, type BrowserSession } from './browser';
import { REPO_ROOT } from './paths';

const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/csv', name));

const ROWS = 100_000;
/** 100,000 rows of 10 columns, about 7 MB: ids, codes that must stay text, quoted commas, large numbers. */
function bigCsv(rows = ROWS): Buffer {
  const lines = ['id,hs_code,partner,value_jpy,share,units,year,port,note,check'];
  for (let i = 1; i <= rows; i += 1) {
    lines.push(`${i},${String(i % 10_000).padStart(4, '0')},"Partner ${i % 200}, Ltd",${i * 1234567},${(i % 1000) / 1000},${i % 97},${2000 + (i % 25)},Yokohama,"said ""ok""",row ${i}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

describe('Import CSV in the page', () => {
  let session: BrowserSession;
  let page: Page;

  const dialog = () => page.locator('dialog.dialog[open]');
  const tabs = () => page.locator('[role="tab"]').allTextContents();

  async function chooseFile(name: string, buffer: Buffer, mimeType = 'text/csv'): Promise<void> {
    await page.getByTestId('import-csv-input').setInputFiles({ name, mimeType, buffer });
    await dialog().getByRole('heading', { name: 'Import CSV' }).waitFor();
    await dialog().locator('.csv-preview, .field-problem').first().waitFor();
  }

  /** Imports with the choices as they stand; a dialog that lists what to check after the import is closed with Done. */
  async function finishImport(): Promise<void> {
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    const done = dialog().getByRole('button', { name: 'Done' });
    await expect.poll(async () => (await dialog().count()) === 0 || (await done.isVisible()), { timeout: 20_000 }).toBe(true);
    if (await done.isVisible()) await done.click();
    await dialog().waitFor({ state: 'detached' });
  }

  async function importFile(name: string, buffer: Buffer): Promise<void> {
    await chooseFile(name, buffer);
    await finishImport();
  }

  /** Selects a cell by its address through the name box, and reads what the formula bar holds. */
  async function contentOf(address: string): Promise<string> {
    await nameBox(page).fill(address);
    await nameBox(page).press('Enter');
    await expect.poll(() => nameBox(page).inputValue()).toBe(address);
    return formulaBar(page).inputValue();
  }

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await recordLongTasks(page);
    await page.goto(pageUrl('#baseline'));
    await waitForScenario(page, 'baseline');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the file, its encoding and delimiter, the first rows, and the choices; quoted commas and line breaks stay in their cells', async () => {
    const before = await tabs();
    await chooseFile('quoted.csv', fixture('quoted.csv'));
    await expect.poll(() => dialog().locator('.csv-file').textContent()).toBe('quoted.csv141 bytesUTF-84 rows');
    expect(await dialog().getByLabel('Delimiter').inputValue()).toBe(',');
    expect(await dialog().locator('option:checked').textContent()).toBe('Comma , (detected)');
    expect(await dialog().getByRole('spinbutton', { name: 'Header rows' }).inputValue()).toBe('1');
    expect(await dialog().getByRole('textbox', { name: 'New sheet name' }).inputValue()).toBe('quoted');
    expect(await dialog().getByLabel('Treat text starting with = as formulas').isChecked()).toBe(false);
    const preview = dialog().getByRole('region', { name: 'Preview of the first rows' });
    expect(await preview.locator('tbody tr').nth(1).locator('td').allTextContents()).toEqual(['Toyota', 'Corolla, Cross', 'built in "Kentucky"', '52000']);
    expect(await preview.locator('tbody tr').nth(2).locator('td').nth(2).textContent()).toBe('line one\r\nline two');
    await screenshot(page, 'csv-import-dialog');
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(await tabs()).toEqual([...before, 'quoted']);
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('quoted');
    await expect.poll(() => page.locator('.banner-info p').textContent()).toBe('Imported 4 rows × 4 columns from quoted.csv into the new sheet “quoted”. Undo takes it back.');
    expect(await cellText(page, 'B2')).toBe('Corolla, Cross');
    expect(await cellText(page, 'C3')).toBe('line one\r\nline two');
    expect(await cellText(page, 'D2')).toBe('52,000');
  });

  it('one undo takes it back, and it is saved like any edit', async () => {
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(tabs).not.toContain('quoted');
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(tabs).toContain('quoted');
    await waitSaved(page);
    await page.reload();
    await waitForScenario(page, 'baseline');
    expect(await tabs()).toContain('quoted');
    await selectSheet(page, 'quoted');
    expect(await cellText(page, 'A4')).toBe('Subaru');
  });

  it.each([
    ['semicolon.csv', 'Semicolon ; (detected)', 'UTF-8', { A1: 'Land', B2: '2,024', C3: '980' }],
    ['tabs.tsv', 'Tab (detected)', 'UTF-8', { A2: '8703', B3: 'Grapes, fresh', C3: '1,500' }],
    ['bom.csv', 'Comma , (detected)', 'UTF-8 with a byte order mark', { A1: 'prefecture', A2: '東京都', B3: '5,224,614' }],
    ['shift-jis.csv', 'Comma , (detected)', 'Shift_JIS (Japanese)', { A1: '品目', A3: '自動車部品', B2: '17,264,938' }],
  ])('%s: detected as %s in %s, and read into the right cells', async (name, delimiter, encoding, cells) => {
    await chooseFile(name, fixture(name));
    expect(await dialog().locator('option:checked').textContent()).toBe(delimiter);
    expect(await dialog().locator('.csv-file').textContent()).toContain(encoding);
    if (name === 'shift-jis.csv') expect(await dialog().locator('.csv-note').first().textContent()).toMatch(/not UTF-8; it was read as Shift_JIS/);
    await finishImport();
    const sheet = name.replace(/\.[a-z]+$/, '');
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe(sheet);
    for (const [address, text] of Object.entries(cells)) expect(await cellText(page, address), `${name} ${address}`).toBe(text);
  });

  it('a file with its units under the column names: 2 header rows keep both as text and the numbers below numbers', async () => {
    const text = 'year,cars,value\n,units,USD\n2023,1200,3.5\n2024,1400,4.25\n';
    await chooseFile('units.csv', Buffer.from(text));
    const headerRows = dialog().getByRole('spinbutton', { name: 'Header rows' });
    expect(await headerRows.inputValue()).toBe('1');
    const preview = dialog().getByRole('region', { name: 'Preview of the first rows' });
    expect(await preview.locator('tbody tr.is-header').count()).toBe(1);
    // Emptied on the way to another number: Import waits, and says what it needs.
    await headerRows.fill('');
    await expect.poll(() => dialog().getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    expect(await dialog().locator('.field-problem').textContent()).toBe('Header rows: a whole number from 0 to 4, the rows shown below.');
    await headerRows.fill('2');
    await expect.poll(() => preview.locator('tbody tr.is-header').count()).toBe(2);
    await finishImport();
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('units');
    expect(await cellText(page, 'B2')).toBe('units');
    // Numbers, not numeric text (which arithmetic would also take): drawn as numbers, and ISNUMBER says so.
    expect(await cell(page, 'B3').getAttribute('class')).toContain('c-number');
    await cell(page, 'D4').click();
    await page.keyboard.type('=AND(ISNUMBER(B3),ISNUMBER(C4),ISTEXT(B2))');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, 'D4')).toBe('TRUE');
  });

  it('the same file with the 1 header row it guesses keeps the units row in the typing: the columns stay text, and the summary says why', async () => {
    await chooseFile('units-one-header.csv', Buffer.from('year,cars,value\n,units,USD\n2023,1200,3.5\n2024,1400,4.25\n'));
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    const warnings = dialog().getByRole('list', { name: 'What to check' });
    await expect.poll(() => warnings.locator('li').allTextContents()).toEqual([
      'Column B is text because row 2 holds "units", not a number a cell holds exactly; its 2 numbers stay text too.',
      'Column C is text because row 2 holds "USD", not a number a cell holds exactly; its 2 numbers stay text too.',
    ]);
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'detached' });
  });

  it('another delimiter can be chosen: the preview splits on it', async () => {
    await chooseFile('semicolon-as-comma.csv', fixture('semicolon.csv'));
    await dialog().getByLabel('Delimiter').selectOption(',');
    const preview = dialog().getByRole('region', { name: 'Preview of the first rows' });
    await expect.poll(() => preview.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['Land;Jahr;Autos']);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
  });

  it('"007" stays text, a long id stays its digits, a large number stays exact; "=" text is not run', async () => {
    await importFile('codes.csv', fixture('codes.csv'));
    expect(await cellText(page, 'A2')).toBe('007');
    expect(await cellText(page, 'B2')).toBe('12345678901234567890');
    // The formula bar marks digits that are text with an apostrophe, as Excel does.
    expect(await contentOf('B2')).toBe("'12345678901234567890");
    expect(await cellText(page, 'C2')).toBe('1.5');
    expect(await cellText(page, 'D2')).toContain('=HYPERLINK("http://x","click")');
    await importFile('exact.csv', Buffer.from('value,formula\n9007199254740992,=A2*2\n0.30000000000000004,=A3*2\n'));
    expect(await contentOf('A2')).toBe('9007199254740992');
    expect(await contentOf('A3')).toBe('0.30000000000000004');
    expect(await cellText(page, 'B2')).toContain('=A2*2');
  });

  it('runs "=" text as formulas only when asked', async () => {
    await chooseFile('formulas.csv', Buffer.from('value,double\n21,=A2*2\n'));
    await dialog().getByLabel('Treat text starting with = as formulas').check();
    await finishImport();
    expect(await cellText(page, 'B2')).toBe('42');
    expect(await contentOf('B2')).toBe('=A2*2');
  });

  it('ragged rows are padded, and the dialog says which rows', async () => {
    await chooseFile('ragged.csv', fixture('ragged.csv'));
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByRole('heading', { name: 'Imported ragged.csv' }).waitFor();
    expect(await dialog().getByRole('list', { name: 'What to check' }).textContent()).toBe(
      'Rows 3, 4 have a different number of fields from most rows (3); every row was padded with empty cells to the widest (4).',
    );
    await screenshot(page, 'csv-import-warnings');
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(await cellText(page, 'D4')).toBe('9');
    expect(await cellText(page, 'C3')).toBe('');
  });

  it('an unbalanced quote: the dialog names the row, and nothing is imported', async () => {
    const before = await tabs();
    await chooseFile('unbalanced.csv', fixture('unbalanced.csv'));
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => dialog().getByRole('alert').textContent())
      .toBe('Row 3: a quoted field opens and never closes, so the rest of the file would be one cell; check the quotes of this row.');
    await screenshot(page, 'csv-import-unbalanced');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(await tabs()).toEqual(before);
  });

  it.each([
    ['a PNG image', 'chart.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'This is a binary file, not CSV text (it holds NUL bytes or control characters).'],
    ['an Excel workbook', 'book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'This is an Excel workbook (.xlsx) or another zip archive, not CSV text; save it as CSV (UTF-8) first.'],
  ])('%s is refused with a message, before any choice', async (_what, name, bytes, message) => {
    const before = await tabs();
    await chooseFile(name, bytes, 'application/octet-stream');
    expect(await dialog().getByRole('alert').textContent()).toBe(message);
    expect(await dialog().getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect(await tabs()).toEqual(before);
  });

  it('cancelling a 100,000-row import leaves the workbook as it was', { timeout: 120_000 }, async () => {
    const before = await tabs();
    const undoBefore = await page.getByRole('button', { name: 'Undo' }).isDisabled();
    await chooseFile('cancelled.csv', bigCsv());
    expect(await dialog().locator('.csv-file').textContent()).toMatch(/about [\d,]+ rows/);
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().locator('.csv-progress progress').waitFor({ timeout: 60_000 });
    await screenshot(page, 'csv-import-progress');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 90_000 });
    await expect.poll(() => page.locator('.banner-info p').textContent()).toBe('The import of cancelled.csv was cancelled; nothing changed.');
    expect(await tabs()).toEqual(before);
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(undoBefore);
    expect(await page.getByRole('button', { name: 'Redo' }).isDisabled()).toBe(true);
  });

  it('a 100,000-row import completes in the worker, and the grid shows the last row', { timeout: 180_000 }, async () => {
    await chooseFile('trade-100k.csv', bigCsv());
    // Only the import: setInputFiles builds the 7 MB file in the page, which a real file picker does not.
    await takeLongTasks(page);
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    const steps = new Set<string>();
    const done = dialog().getByRole('heading', { name: 'Imported trade-100k.csv' });
    // The bar moves while the worker reads: the page is free to paint it.
    while (!(await done.isVisible())) {
      const text = await dialog().locator('.csv-progress span').textContent({ timeout: 500 }).catch(() => null);
      if (text) steps.add(text);
      await page.waitForTimeout(100);
    }
    expect(await dialog().getByRole('list', { name: 'What to check' }).textContent()).toBe(
      'Column B is text because row 2 holds "0001", not a number a cell holds exactly; its 90,000 numbers stay text too.',
    );
    await dialog().getByRole('button', { name: 'Done' }).click();
    await page.locator('[role="tab"][data-sheet="trade-100k"]').waitFor();
    const tasks = await takeLongTasks(page);
    console.info(`100,000-row import: ${steps.size} progress texts seen; main-thread long tasks (ms): ${tasks.map(Math.round).join(', ') || 'none'}`);
    expect(steps).toContain(`Writing ${(ROWS + 1).toLocaleString('en-US')} rows into the sheet…`);
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('trade-100k');
    await page.keyboard.press(`${MOD}+End`);
    await expect.poll(() => nameBox(page).inputValue(), { timeout: 20_000 }).toBe(`J${ROWS + 1}`);
    await expect.poll(() => cellText(page, `J${ROWS + 1}`), { timeout: 20_000 }).toBe(`row ${ROWS}`);
    expect(await cellText(page, `B${ROWS + 1}`)).toBe('0000');
    expect(await cellText(page, `C${ROWS + 1}`)).toBe('Partner 0, Ltd');
    expect(await contentOf(`D${ROWS + 1}`)).toBe(String(ROWS * 1234567));
    await screenshot(page, 'csv-import-100k-last-row');
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
