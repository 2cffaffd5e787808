/** The Uncertainty tab in the browser: the histogram, statistics and CSVs match a Node simulation of the same seed, stay live after an edit, and a long run can be cancelled. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulationDrawsToCsv, simulationSummaryToCsv } from '../../src/io/csv';
import { Workbook, type CellValue, type FullScenario } from '../../src/model';
import { simulate, type Simulation } from '../../src/model/analysis/simulation';
import { loadScenario, readPresets } from '../../src/cli/scenarioFiles';
import { openBrowser, openScenario, openScenarioFile, screenshot, type BrowserSession } from './browser';
import { REPO_ROOT } from './paths';

async function downloaded(page: Page, start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const path = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync(path) };
}

function baseline(): FullScenario {
  const loaded = loadScenario('baseline', readPresets().presets);
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('; '));
  return loaded.value.scenario;
}

/** The simulation the page should show, computed here: the baseline with `inputs` set, 10,000 draws, Latin hypercube, seed 1. */
function simulatedInNode(inputs: Record<string, number> = {}, scenario = baseline()): { simulation: Simulation; inputs: { name: string; value: CellValue }[] } {
  const workbook = Workbook.open(scenario);
  try {
    if (Object.keys(inputs).length > 0) workbook.setInputs(inputs);
    return { simulation: simulate(workbook, { samples: 10_000, seed: 1 }), inputs: workbook.inputs().map(({ name, value }) => ({ name, value })) };
  } finally {
    workbook.destroy();
  }
}

/** The statistics table's exact values, by statistic. */
async function statistics(page: Page): Promise<Record<string, number>> {
  const rows = page.locator('.statistics-table tr[data-stat]');
  const entries = await rows.evaluateAll((elements) => elements.map((element) => [element.getAttribute('data-stat') ?? '', Number(element.getAttribute('data-value'))] as const));
  return Object.fromEntries(entries);
}

async function settled(page: Page): Promise<Locator> {
  const view = page.locator('.uncertainty[data-state="done"]');
  await view.waitFor({ timeout: 30_000 });
  return view;
}

describe('the Uncertainty tab', () => {
  let session: BrowserSession;
  let page: Page;
  const first = simulatedInNode();
  const output = first.simulation.outputs[0]!;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await openScenario(page, 'baseline', 'Summary');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows each output’s P5–P95 band in the outputs panel, the same figures as the simulation', async () => {
    const band = page.locator(`.output-row[data-output="${output.name}"] .output-band`);
    await band.waitFor({ timeout: 30_000 });
    expect(Number(await band.getAttribute('data-p5'))).toBe(output.summary?.p5);
    expect(Number(await band.getAttribute('data-p95'))).toBe(output.summary?.p95);
    expect(await band.innerText()).toMatch(/^P5–P95 [\d,]+ to [\d,]+$/);
    // An output no ranged input moves (US cars exported to Japan) has no band.
    const moved = first.simulation.outputs.filter((entry) => entry.summary && entry.summary.p95 - entry.summary.p5 > 1e-9 * Math.abs(entry.summary.p50));
    expect(await page.locator('.output-band').count()).toBe(moved.length);
    expect(await page.locator('.output-row[data-output="UsCarsToJp"] .output-band').count()).toBe(0);
    await screenshot(page, 'uncertainty-outputs-band');
    // Each ranged input says its range; its source opens below.
    const range = page.locator('.input-row[data-input="CarUnitValue"] .input-range');
    expect(await range.locator('summary').innerText()).toBe('90 %: 24,000 – 33,000 · lognormal (default)');
    await range.locator('summary').click();
    await expect.poll(() => range.locator('.source').count()).toBe(1);
    await screenshot(page, 'uncertainty-input-range');
  });

  it('draws a histogram with P5, P50 and P95 marked, and a statistics table equal to Node’s for the same seed', async () => {
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByRole('tab', { name: 'Uncertainty' }).click();
    await settled(page);
    const histogram = page.locator('.histogram svg');
    await expect.poll(() => histogram.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await histogram.locator('.recharts-bar-rectangle').count()).toBeLessThanOrEqual(output.histogram.counts.length);
    for (const mark of ['p5', 'p50', 'p95']) expect(await histogram.locator(`.recharts-reference-line.mark-${mark}`).count()).toBe(1);
    const labels = await histogram.locator('.recharts-reference-line text, .recharts-label').allTextContents();
    for (const mark of ['P5 ', 'P50 ', 'P95 ']) expect(labels.some((text) => text.startsWith(mark))).toBe(true);

    const shown = await statistics(page);
    expect(shown.p5).toBeLessThanOrEqual(shown.p50!);
    expect(shown.p50).toBeLessThanOrEqual(shown.p95!);
    const { summary } = output;
    expect(shown).toEqual({ ...summary && { mean: summary.mean, sd: summary.sd, min: summary.min, p5: summary.p5, p10: summary.p10, p25: summary.p25, p50: summary.p50, p75: summary.p75, p90: summary.p90, p95: summary.p95, max: summary.max }, errors: 0 });
    // One bar per ranged input in the variance shares, and in the P10–P90 tornado where the input moves the output.
    expect(await page.locator('.share-bar .recharts-bar-rectangle').count()).toBe(first.simulation.inputs.length);
    await screenshot(page, 'uncertainty-tab');
    await page.locator('#histogram-title').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'uncertainty-statistics');
    await page.locator('#range-tornado-title').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'uncertainty-tornado');
  });

  it('answers P(output > threshold) and P(output < threshold)', async () => {
    await page.getByLabel('Threshold').fill('1,300,000');
    const answer = page.locator('.threshold-answer');
    await expect.poll(() => answer.getAttribute('data-above')).not.toBeNull();
    const values = output.values;
    const above = values.filter((value) => value > 1_300_000).length / values.length;
    const below = values.filter((value) => value < 1_300_000).length / values.length;
    await expect.poll(async () => Number(await answer.getAttribute('data-above'))).toBe(above);
    expect(Number(await answer.getAttribute('data-below'))).toBe(below);
    // A percentage output takes its threshold as a percentage.
    const change = first.simulation.outputs.find((entry) => entry.name === 'JpCarsChange')!;
    await page.getByLabel('Output').selectOption('JpCarsChange');
    await page.getByLabel('Threshold').fill('-20%');
    const share = change.values.filter((value) => value > -0.2).length / change.values.length;
    await expect.poll(async () => Number(await page.locator('.threshold[data-output="JpCarsChange"] .threshold-answer').getAttribute('data-above'))).toBe(share);
    expect(await page.locator('.threshold-answer').innerText()).toContain('> -20%) =');
    await screenshot(page, 'uncertainty-percent-output');
    await page.getByLabel('Output').selectOption(output.name);
  });

  it('downloads the summary and every draw byte for byte as the command line writes them from Node’s simulation (normal, lognormal, PERT and all)', async () => {
    const summary = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV (summary)' }).click());
    expect(summary.name).toBe('simulation-baseline.csv');
    expect(summary.bytes.toString('utf8')).toBe(simulationSummaryToCsv([{ scenario: 'baseline', simulation: first.simulation }]));
    const draws = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV (every draw)' }).click());
    expect(draws.name).toBe('simulation-draws-baseline.csv');
    expect(draws.bytes.toString('utf8')).toBe(simulationDrawsToCsv([{ scenario: 'baseline', simulation: first.simulation, inputs: first.inputs }]));
  });

  it('draws again after an input changes in the inputs panel: the distribution moves, as Node’s does', async () => {
    const before = await statistics(page);
    await page.getByRole('button', { name: 'Back to the sheet' }).click();
    const field = page.locator('#input-AutoTariff');
    await field.fill('10');
    await field.press('Enter');
    const band = page.locator(`.output-list:not(.is-stale) .output-row[data-output="${output.name}"] .output-band`);
    const edited = simulatedInNode({ AutoTariff: 0.1 }).simulation.outputs[0]!;
    await expect.poll(async () => Number(await band.getAttribute('data-p5')), { timeout: 30_000 }).toBe(edited.summary?.p5);
    await page.getByRole('button', { name: 'Analyse' }).click();
    // The view opens again on the tab it was left on.
    await settled(page);
    const after = await statistics(page);
    expect(after.p50).toBe(edited.summary?.p50);
    expect(after.p50).toBeGreaterThan(before.p50!);
    expect(after.p95).toBe(edited.summary?.p95);
    await screenshot(page, 'uncertainty-after-edit');
  });

  it('shows the progress of a long run, cancels it, and keeps the page responsive', async () => {
    await page.getByLabel('Draws').fill('200,000');
    const progress = page.getByRole('progressbar', { name: 'Simulation progress' });
    await progress.waitFor({ timeout: 30_000 });
    // The page answers while the worker draws: the seed field takes typing at once.
    const started = Date.now();
    await page.getByLabel('Seed').fill('1');
    expect(Date.now() - started).toBeLessThan(1000);
    await screenshot(page, 'uncertainty-progress');
    await page.locator('.simulation-progress').getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancelled: the figures below are from the run before.').waitFor();
    expect(await progress.count()).toBe(0);
    // Back to the default: the figures come back as they were.
    await page.getByLabel('Draws').fill('10,000');
    await settled(page);
    await expect.poll(async () => (await statistics(page)).p50).toBe(simulatedInNode({ AutoTariff: 0.1 }).simulation.outputs[0]!.summary?.p50);
  });

  it('says so, and how to add one, when no input has a range', async () => {
    await page.getByRole('button', { name: 'Back to the sheet' }).click();
    await openScenarioFile(page, join(REPO_ROOT, 'test/fixtures/tiny.json'), 'u:tiny');
    expect(await page.locator('.output-band').count()).toBe(0);
    await page.getByRole('button', { name: 'Analyse' }).click();
    const note = page.locator('.uncertainty[data-state="no-ranges"]');
    await note.waitFor();
    expect(await note.innerText()).toMatch(/None of this scenario’s inputs has a range, so there is nothing to draw\. Give an input a range with Add range in the inputs panel, or in the scenario file/);
    await screenshot(page, 'uncertainty-no-ranges');
  });
});
