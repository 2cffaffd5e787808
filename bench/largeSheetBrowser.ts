/**
 * Figure 2, browser half: the generated CSV imported into a new sheet through the page's own "Import
 * CSV" dialog (formulas on), in the production build in headless Chromium. Measures the time from the
 * click on Import to the new sheet's grid, the longest main-thread task meanwhile, one cell's edit to
 * paint on the big sheet, and the frames while the grid scrolls from top to bottom (and, for comparison, while
 * an empty page of the same size scrolls).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { buildPage, withChromium, withPreview } from './browserPage';
import type { BenchContext } from './context';
import { summarize, type Summary } from './measure';

/** The sheet the import creates. */
const SHEET = 'Data';

/** How long after the grid first shows numbers its long tasks still count. */
const SETTLE_MS = 1000;

/**
 * Installed before the page's scripts, as text (see bench/editToPaint.ts): long tasks as Chromium
 * reports them, the moment of the click on Import, and the moment the new sheet's grid shows a number
 * (the tab comes first; the grid is built after it, and its cells after that).
 */
const PROBE = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('dialog button') : null;
    if (button && button.textContent === 'Import') window.__importClickAt = event.timeStamp;
  }, true);
  new MutationObserver(() => {
    if (window.__importClickAt !== undefined && window.__gridUsableAt === undefined && document.querySelector('[role="grid"][aria-label="Sheet ${SHEET}"] [role="gridcell"].c-number')) {
      window.__gridUsableAt = performance.now();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
})();`;

export interface BrowserLoad {
  /** Click on Import to the new sheet's grid showing its numbers. */
  loadMs: number;
  longestTaskMs: number;
  longTasks: number;
  /** Enter on a one-cell edit to the frame that shows the recalculated cell beside it. */
  editToPaintMs: number;
  /** Right after the edit, while the worker stores the 1,000,000-cell sheet (it saves 1.5 s after an edit of a sheet this size). */
  scrollFrames: Summary;
  scrollFramesLate: number;
  /** The same scroll again once the page says the edit is stored, the worker idle. */
  scrollFramesSaved: Summary;
  scrollFramesSavedLate: number;
  /**
   * The same scroll loop on an empty page of a plain scrolling box as tall as the grid, in the same browser:
   * what the frame clock gives with no page work at all.
   */
  scrollFramesEmpty: Summary;
  scrollFramesEmptyLate: number;
  /** From the end of the first scroll until the page said "Saved in this browser". */
  savedAfterMs: number;
  /** Another one-cell edit once all is stored and still: Enter to "Saved in this browser" (the save's delay included). */
  editToSavedMs: number;
  /** From the DOM showing the edit's answer (H3) to the frame after "Saved in this browser": the storing alone. */
  answerToSavedMs: number;
  problems: string[];
}

interface LongTask {
  start: number;
  duration: number;
}

/** The grid cell at a (0-based) row and column, through the ARIA grid: header row 1, row numbers column 1. */
function gridCell(page: Page, row: number, col: number) {
  return page.locator(`[role="grid"] > [role="row"][aria-rowindex="${row + 2}"] > [aria-colindex="${col + 2}"]`);
}

async function importCsv(page: Page, csvPath: string): Promise<{ loadMs: number; tasks: LongTask[] }> {
  await page.getByTestId('import-csv-input').setInputFiles(csvPath);
  const dialog = page.locator('dialog.dialog[open]');
  await dialog.locator('.csv-preview').waitFor({ timeout: 120_000 });
  await dialog.getByRole('textbox', { name: 'New sheet name' }).fill(SHEET);
  await dialog.getByLabel('Treat text starting with = as formulas').check();
  // Row 1 holds the rates and totals, row 2 the column names: with both as headers the items' columns are
  // numbers, as in 2a's build (with the 0 header rows the dialog guesses, row 2's names made every column text).
  await dialog.getByRole('spinbutton', { name: 'Header rows' }).fill('2');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await page.waitForFunction(() => (window as { __gridUsableAt?: number }).__gridUsableAt !== undefined, undefined, { timeout: 240_000, polling: 50 });
  // An import with warnings ends on a summary; the sheet is already there behind it.
  const done = dialog.getByRole('button', { name: 'Done' });
  if (await done.isVisible()) await done.click();
  await gridCell(page, 0, 0).waitFor({ timeout: 60_000 });
  // The rest of the screen's rows fill in over the next frames: their tasks count as part of the load too.
  await page.waitForTimeout(SETTLE_MS);
  const times = (await page.evaluate(() => {
    const probe = window as { __importClickAt?: number; __gridUsableAt?: number; __longTasks?: LongTask[] };
    return { clickAt: probe.__importClickAt ?? Number.NaN, usableAt: probe.__gridUsableAt ?? Number.NaN, tasks: probe.__longTasks ?? [] };
  })) as { clickAt: number; usableAt: number; tasks: LongTask[] };
  return { loadMs: times.usableAt - times.clickAt, tasks: times.tasks.filter((task) => task.start + task.duration >= times.clickAt && task.start <= times.usableAt + SETTLE_MS) };
}

/** Types a new unit count into row 3's B and times Enter to the frame that shows its value in H3 recalculated. */
async function editOneCell(page: Page): Promise<number> {
  await gridCell(page, 2, 1).click();
  await page.keyboard.type('4321');
  const before = (await gridCell(page, 2, 7).textContent()) ?? '';
  await page.evaluate((text) => {
    const probe = window as { __editArmed?: { before: string; keyAt?: number; result?: Promise<number>; done?: (ms: number) => void } };
    const armed: NonNullable<typeof probe.__editArmed> = { before: text };
    armed.result = new Promise((resolve) => (armed.done = resolve));
    probe.__editArmed = armed;
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && armed.keyAt === undefined) armed.keyAt = event.timeStamp;
    }, { capture: true, once: true });
    const target = () => document.querySelector('[role="grid"] > [role="row"][aria-rowindex="4"] > [aria-colindex="9"]')?.textContent ?? '';
    const observer = new MutationObserver(() => {
      if (armed.keyAt === undefined || target() === armed.before) return;
      observer.disconnect();
      const keyAt = armed.keyAt;
      requestAnimationFrame(() => armed.done?.(performance.now() - keyAt));
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  }, before);
  await page.keyboard.press('Enter');
  return Number(await page.evaluate(() => (window as { __editArmed?: { result?: Promise<number> } }).__editArmed?.result));
}

/**
 * Types another unit count into row 3's B and times Enter to the frame that shows the status saying the
 * edit is stored, watched in the page: a save of one block of rows turns the status to "Saving…" and back
 * within a few milliseconds, too soon for a locator's polling to see it. Also when H3 showed the edit's
 * answer, so the storing after it is timed on its own.
 */
async function editUntilSaved(page: Page): Promise<{ toSavedMs: number; answerToSavedMs: number }> {
  await page.evaluate(() => document.querySelector<HTMLElement>('[role="grid"]')?.scrollTo({ top: 0 }));
  await gridCell(page, 2, 1).click();
  await page.keyboard.type('5432');
  const before = (await gridCell(page, 2, 7).textContent()) ?? '';
  await page.evaluate((text) => {
    type Times = { toSavedMs: number; answerToSavedMs: number };
    const probe = window as { __saveArmed?: { keyAt?: number; answerAt?: number; sawSaving?: boolean; result?: Promise<Times>; done?: (times: Times) => void } };
    const armed: NonNullable<typeof probe.__saveArmed> = {};
    armed.result = new Promise((resolve, reject) => {
      armed.done = resolve;
      setTimeout(() => reject(new Error('the save status did not turn from "Saving…" to "Saved in this browser" within 120 s')), 120_000);
    });
    probe.__saveArmed = armed;
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && armed.keyAt === undefined) armed.keyAt = event.timeStamp;
    }, { capture: true, once: true });
    const answer = () => document.querySelector('[role="grid"] > [role="row"][aria-rowindex="4"] > [aria-colindex="9"]')?.textContent ?? '';
    const observer = new MutationObserver(() => {
      const status = document.querySelector('.save-status');
      if (armed.keyAt === undefined || !status) return;
      if (armed.answerAt === undefined && answer() !== text) armed.answerAt = performance.now();
      if (status.classList.contains('is-saving')) armed.sawSaving = true;
      else if (armed.sawSaving && status.textContent?.includes('Saved in this browser')) {
        observer.disconnect();
        const keyAt = armed.keyAt;
        const answerAt = armed.answerAt ?? Number.NaN;
        requestAnimationFrame(() => {
          const now = performance.now();
          armed.done?.({ toSavedMs: now - keyAt, answerToSavedMs: now - answerAt });
        });
      }
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'data-status'] });
  }, before);
  await page.keyboard.press('Enter');
  return (await page.evaluate(() => (window as { __saveArmed?: { result?: Promise<unknown> } }).__saveArmed?.result)) as { toSavedMs: number; answerToSavedMs: number };
}

/**
 * A frame is late when it comes more than a millisecond after one frame's time (60 Hz) from the last: a frame
 * that misses its turn comes a whole frame later, while the frame clock's own timestamps are 16.6, 16.7 or
 * 16.8 ms apart (performance.now() is coarsened to 0.1 ms), on an empty page too (2j).
 */
const LATE_FRAME_MS = 1000 / 60 + 1;

export function lateFrames(intervals: number[]): number {
  return intervals.filter((ms) => ms > LATE_FRAME_MS).length;
}

/** Scrolls the grid from the top to the bottom in `frames` equal steps, one a frame; the intervals between frames. */
async function scrollTopToBottom(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const grid = document.querySelector<HTMLElement>('[role="grid"]');
    if (!grid) throw new Error('no grid on the page');
    grid.scrollTop = 0;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const step = (grid.scrollHeight - grid.clientHeight) / count;
    const intervals: number[] = [];
    let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
    for (let frame = 1; frame <= count; frame += 1) {
      grid.scrollTop = Math.round(step * frame);
      const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      intervals.push(now - last);
      last = now;
    }
    return intervals;
  }, frames);
}

/** The scroll of `scrollTopToBottom` on a new page holding only a scrolling box of the grid's size and scroll height. */
async function scrollEmptyPage(browser: BrowserContext, like: Page, frames: number): Promise<number[]> {
  const size = await like.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[role="grid"]');
    if (!grid) throw new Error('no grid on the page');
    return { width: grid.clientWidth, height: grid.clientHeight, scrollHeight: grid.scrollHeight };
  });
  const page = await browser.newPage();
  try {
    await page.setContent(
      `<div role="grid" style="width:${size.width}px;height:${size.height}px;overflow:auto"><div style="height:${size.scrollHeight}px"></div></div>`,
    );
    return await scrollTopToBottom(page, frames);
  } finally {
    await page.close();
  }
}

export async function measureBrowserLoad(context: BenchContext, csvPath: string): Promise<BrowserLoad> {
  const { outDir } = await buildPage(context);
  return withPreview(outDir, (url) =>
    withChromium(async ({ context: browser, page, problems }) => {
      await page.addInitScript({ content: PROBE });
      await page.goto(`${url}#baseline`);
      await page.locator('[role="grid"] [role="gridcell"].c-number').first().waitFor({ timeout: 60_000 });
      context.log(`  importing ${csvPath} through the page's Import CSV dialog`);
      const { loadMs, tasks } = await importCsv(page, csvPath);
      const editToPaintMs = await editOneCell(page);
      const frames = context.quick ? 30 : 200;
      const intervals = await scrollTopToBottom(page, frames);
      const savingFrom = performance.now();
      await page.locator('.save-status:not(.is-saving)', { hasText: 'Saved in this browser' }).waitFor({ timeout: 120_000 });
      const savedAfterMs = performance.now() - savingFrom;
      const savedIntervals = await scrollTopToBottom(page, frames);
      const { toSavedMs: editToSavedMs, answerToSavedMs } = await editUntilSaved(page);
      const emptyIntervals = await scrollEmptyPage(browser, page, frames);
      return {
        loadMs,
        longestTaskMs: Math.max(0, ...tasks.map((task) => task.duration)),
        longTasks: tasks.length,
        editToPaintMs,
        scrollFrames: summarize(intervals),
        scrollFramesLate: lateFrames(intervals),
        scrollFramesSaved: summarize(savedIntervals),
        scrollFramesSavedLate: lateFrames(savedIntervals),
        scrollFramesEmpty: summarize(emptyIntervals),
        scrollFramesEmptyLate: lateFrames(emptyIntervals),
        savedAfterMs,
        editToSavedMs,
        answerToSavedMs,
        problems: [...problems],
      };
    }),
  );
}
