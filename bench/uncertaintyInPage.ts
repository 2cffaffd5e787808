/**
 * Figure 9's page half: in the production build in headless Chromium, from the Enter that commits an input
 * in the Inputs panel to the frame that shows the output's P5-P95 band drawn again (a 10,000-draw
 * simulation in the worker after the edit), timed by the page's own clock.
 */
import type { Page } from 'playwright-core';
import { buildPage, withChromium, withPreview } from './browserPage';
import type { BenchContext } from './context';

/** The output whose band is watched: the first of the baseline, moved by both edited inputs. */
export const WATCHED_OUTPUT = 'JpCarsToUs';

/** An input and the two values typed into its field in turn (as the field shows them), so every edit moves the band. */
export interface EditedInput {
  name: string;
  typed: readonly [string, string];
}

/** A lever without a range (its draws are kept from the run before), and a ranged input whose value is its triangular mode (drawn again). */
export const EDITED_INPUTS: readonly EditedInput[] = [
  { name: 'AutoTariff', typed: ['20', '30'] },
  { name: 'CarDemandElasticity', typed: ['-1.2', '-0.9'] },
];

/**
 * Installed before the page's scripts, as text (tsx's keepNames helper would break a serialised function).
 * `__bandArm()` notes the watched band's P5; the next Enter is the start; the first change of that P5 is
 * "shown", and the requestAnimationFrame after it the frame that paints it.
 */
const PROBE = `(() => {
  const band = () => document.querySelector('.output-row[data-output="${WATCHED_OUTPUT}"] .output-band');
  const p5 = () => band()?.getAttribute('data-p5') ?? null;
  let armed = null;
  window.__bandArm = () => {
    let done;
    window.__bandResult = new Promise((resolve) => (done = resolve));
    armed = { before: p5(), keyAt: undefined, done };
  };
  document.addEventListener('keydown', (event) => {
    if (armed && event.key === 'Enter' && armed.keyAt === undefined) armed.keyAt = event.timeStamp;
  }, true);
  new MutationObserver(() => {
    const probe = armed;
    if (!probe || probe.keyAt === undefined) return;
    const now = p5();
    if (now === null || now === probe.before) return;
    armed = null;
    const shownAt = performance.now();
    requestAnimationFrame(() => probe.done({ keyAt: probe.keyAt, shownAt, frameAt: performance.now() }));
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-p5'] });
})();`;

/** An analyst's pause between two values: longer than the outputs panel's burst window (400 ms), so each edit is drawn for at once. */
const PAUSE_MS = 700;
const EDIT_TIMEOUT_MS = 10_000;

interface BandTiming {
  keyAt: number;
  shownAt: number;
  frameAt: number;
}

async function measureInput(page: Page, input: EditedInput, count: number, warmUp: number): Promise<number[]> {
  const field = page.locator(`li[data-input="${input.name}"] input[type="text"]`);
  const samples: number[] = [];
  for (let edit = 0; edit < warmUp + count; edit += 1) {
    await field.fill(input.typed[edit % 2] ?? input.typed[0]);
    await page.waitForTimeout(PAUSE_MS);
    await page.evaluate('window.__bandArm()');
    await page.keyboard.press('Enter');
    const timing = (await page.evaluate(
      `Promise.race([window.__bandResult, new Promise((_, reject) => setTimeout(() => reject(new Error('the ${WATCHED_OUTPUT} band did not change within ${EDIT_TIMEOUT_MS} ms of Enter on ${input.name}')), ${EDIT_TIMEOUT_MS}))])`,
    )) as BandTiming;
    if (edit >= warmUp) samples.push(timing.frameAt - timing.keyAt);
  }
  return samples;
}

/** Enter-to-band-frame times in milliseconds for each of EDITED_INPUTS, by name, and what the page reported wrong. */
export async function bandRedrawTimes(context: BenchContext): Promise<{ times: Record<string, number[]>; problems: string[] }> {
  const count = context.quick ? 3 : 20;
  const warmUp = context.quick ? 1 : 2;
  const { outDir } = await buildPage(context);
  return withPreview(outDir, (url) =>
    withChromium(async ({ page, problems }) => {
      await page.addInitScript({ content: PROBE });
      await page.goto(`${url}#baseline/Inputs`);
      await page.locator('.about[data-doc="baseline"]').waitFor({ timeout: 30_000 });
      await page.locator(`.output-row[data-output="${WATCHED_OUTPUT}"] .output-band`).waitFor({ timeout: 30_000 });
      const times: Record<string, number[]> = {};
      for (const input of EDITED_INPUTS) {
        context.log(`  ${warmUp} + ${count} edits of ${input.name}, each to its redrawn ${WATCHED_OUTPUT} band`);
        times[input.name] = await measureInput(page, input, count, warmUp);
      }
      return { times, problems: [...problems] };
    }),
  );
}
