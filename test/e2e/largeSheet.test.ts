/** A 100,000-row sheet: built and recalculated in the worker while the page stays responsive; only visible rows in the DOM. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOD, cellText, formulaBar, longestTask, nameBox, openScenarioFile, openWithScenarioFile, screenshot, type BrowserSession } from './browser';

const ROWS = 100_000;

function bigScenario(): string {
  const rows: (string | number)[][] = [['n', 'double', 'label']];
  for (let row = 2; row <= ROWS + 1; row += 1) rows.push([row - 1, `=A${row}*2`, `item ${row - 1}`]);
  rows[1] = [1, '=A2*Inputs!B1', 'item 1'];
  return JSON.stringify({
    type: 'tradesheet-scenario',
    version: 1,
    id: 'big',
    name: 'A hundred thousand rows',
    description: 'Every row doubles its number; the first row uses the input.',
    sheets: { Data: rows, Inputs: [['Factor', 2]] },
    inputs: { Factor: { cell: 'Inputs!B1', label: 'Factor', unit: '', source: { assumption: 'for the test' }, min: 0, max: 100 } },
    outputs: { First: { cell: 'Data!B2', label: 'First doubled', unit: '' }, Last: { cell: `Data!B${ROWS + 1}`, label: 'Last doubled', unit: '' } },
  });
}

describe('a sheet of 100,000 rows', () => {
  let session: BrowserSession & { file: string };
  let page: Page;
  let file: string;

  beforeAll(async () => {
    session = await openWithScenarioFile('big.json', bigScenario());
    ({ page, file } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens without freezing the page, and puts only the visible rows in the DOM', { timeout: 90_000 }, async () => {
    // While the worker parses and builds, the page keeps painting frames: record the longest gap between
    // frames for as long as the page says it is opening (the one render of the new grid comes after).
    await page.evaluate(() => {
      const holder = window as unknown as { __frames?: { count: number; gap: number; last: number; seen: boolean } };
      const frames = { count: 0, gap: 0, last: 0, seen: false };
      holder.__frames = frames;
      const tick = (now: number) => {
        const opening = document.querySelector('.grid-loading') !== null;
        if (opening) {
          if (frames.seen) frames.gap = Math.max(frames.gap, now - frames.last);
          frames.seen = true;
          frames.last = now;
          frames.count += 1;
        } else if (frames.seen) {
          return;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    await openScenarioFile(page, file, 'u:big');
    const openMs = Date.now() - started;
    const frames = await page.evaluate(() => (window as unknown as { __frames: { count: number; gap: number } }).__frames);
    expect(openMs, 'the worker takes a while: this test is about that while').toBeGreaterThan(500);
    expect(frames.count, `frames painted during a ${openMs} ms open`).toBeGreaterThan(openMs / 200);
    expect(frames.gap, 'longest pause between frames while the sheet was built (ms)').toBeLessThan(400);
    const grid = page.getByRole('grid', { name: 'Sheet Data' });
    expect(Number(await grid.getAttribute('aria-rowcount'))).toBeGreaterThan(ROWS);
    expect(await grid.locator('[role="row"]').count()).toBeLessThan(100);
    expect(await cellText(page, 'B3')).toBe('4');
    await longestTask(page);
  });

  it('jumps to the last row and shows it, fetched from the worker', async () => {
    await page.keyboard.press(`${MOD}+End`);
    await expect.poll(() => nameBox(page).inputValue()).toBe(`C${ROWS + 1}`);
    await expect.poll(() => cellText(page, `B${ROWS + 1}`), { timeout: 10_000 }).toBe((ROWS * 2).toLocaleString('en-US'));
    expect(await cellText(page, `C${ROWS + 1}`)).toBe(`item ${ROWS}`);
    await page.keyboard.press('ArrowLeft');
    expect(await formulaBar(page).inputValue()).toBe(`=A${ROWS + 1}*2`);
    await screenshot(page, 'large-sheet-end');
    // A frozen page would show here as a task of seconds (HyperFormula on the main thread).
    expect(await longestTask(page)).toBeLessThan(1000);
  });

  it('recalculates an edit in the worker: the row and the output move', { timeout: 60_000 }, async () => {
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('500000');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellText(page, `B${ROWS + 1}`), { timeout: 20_000 }).toBe('1,000,000');
    await expect.poll(() => page.locator('.output-row[data-output="Last"]').getAttribute('data-value')).toBe('1000000');
    await page.locator('#input-Factor').fill('10');
    await page.locator('#input-Factor').press('Enter');
    await expect.poll(() => page.locator('.output-row[data-output="First"]').getAttribute('data-value'), { timeout: 20_000 }).toBe('10');
    expect(await longestTask(page)).toBeLessThan(1000);
  });

  it('asks the worker for cells as a scroll starts and once it rests, not on every frame between, nor for the active cell it left', async () => {
    // Comlink's messages name the engine method in `path`; the page's calls to the worker go through Worker.prototype.postMessage.
    await page.evaluate(() => {
      const probe = window as { workerCalls?: Record<string, number> };
      probe.workerCalls = {};
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
        const message: unknown = args[0];
        const path: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'path') : undefined;
        const calls = (probe.workerCalls ??= {});
        if (Array.isArray(path) && typeof path[0] === 'string') calls[path[0]] = (calls[path[0]] ?? 0) + 1;
        post.apply(this, args);
      } as Worker['postMessage'];
    });
    const frames = 30;
    await page.evaluate(async (count) => {
      const grid = document.querySelector<HTMLElement>('[role="grid"]');
      if (!grid) throw new Error('no grid on the page');
      // A scrollbar dragged from the top: 1,000 rows a frame, every frame.
      for (let frame = 1; frame <= count; frame += 1) {
        grid.scrollTop = frame * 1000 * 24;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    }, frames);
    const rowsInView = page.locator('[role="grid"] > [role="row"]:not([aria-rowindex="1"])');
    const row = Number(await rowsInView.nth(15).getAttribute('aria-rowindex')) - 1;
    expect(row, 'a row far down the sheet').toBeGreaterThan(20_000);
    await expect.poll(() => cellText(page, `B${row}`), { timeout: 10_000 }).toBe(((row - 1) * 2).toLocaleString('en-US'));
    const calls = await page.evaluate(() => (window as { workerCalls?: Record<string, number> }).workerCalls ?? {});
    expect(calls.window, `windows asked for over ${frames} frames of scrolling`).toBeGreaterThanOrEqual(1);
    expect(calls.window, `windows asked for over ${frames} frames of scrolling`).toBeLessThanOrEqual(2);
    // The active cell (the last row's) is far behind: its content is known, and scrolling does not change it.
    expect(calls.copyRange ?? 0, 'reads of the active cell while scrolling').toBe(0);
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
