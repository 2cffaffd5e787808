/**
 * Figure 9, uncertainty: 10,000 draws of the baseline preset (its ranged inputs), all outputs, end to end as
 * the engine worker runs them (sampling, evaluation through the plan, statistics, sensitivity, the P10-P90
 * tornado): once with fresh draws, and again with the draws the worker keeps between runs; and in the page,
 * an input committed to its output's P5-P95 band drawn again.
 */
import { DrawCache, Workbook, simulate, type FullScenario } from '../src/model';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import { runChild, type Figure } from './context';
import { formatMs, summarize, timeMs } from './measure';
import { metric } from './report';
import { EDITED_INPUTS, WATCHED_OUTPUT, bandRedrawTimes } from './uncertaintyInPage';

function baselineScenario(): FullScenario {
  const loaded = loadScenario('baseline', readPresets().presets);
  if (!loaded.ok) throw new Error(`the baseline preset does not load: ${loaded.issues.map((issue) => issue.message).join('; ')}`);
  return loaded.value.scenario;
}

export interface SimulationsInChild {
  samples: number;
  runs: number;
  ranged: number;
  outputs: number;
  engine: 'plan' | 'hyperformula';
  coldMs: number[];
  warmMs: number[];
}

/** In a process of its own (bench/child.ts), as figure 8, so the earlier figures' heaps do not weigh on it. */
export async function simulationsInChild(args: unknown): Promise<SimulationsInChild> {
  const { quick } = args as { quick: boolean };
  const samples = 10_000;
  const runs = quick ? 3 : 15;
  const workbook = Workbook.open(baselineScenario());
  try {
    const ranged = workbook.inputs().filter((input) => input.range !== undefined).length;
    const outputs = workbook.outputs().length;
    // Fresh draws each run: a new seed, so no stream is reused (the first run after the page opens a scenario).
    simulate(workbook, { samples, seed: 1_000 });
    const coldMs = Array.from({ length: runs }, (_, run) => timeMs(() => simulate(workbook, { samples, seed: run + 1 })));
    // The worker keeps one DrawCache: after an edit the same seed's draws are reused and only the model runs again.
    const cache = new DrawCache();
    let result = simulate(workbook, { samples, cache });
    const warmMs = Array.from({ length: runs }, () => timeMs(() => (result = simulate(workbook, { samples, cache }))));
    return { samples, runs, ranged, outputs, engine: result.evaluation.engine, coldMs, warmMs };
  } finally {
    workbook.destroy();
  }
}

export const uncertainty: Figure = async (context) => {
  const { samples, runs, ranged, outputs, engine, coldMs, warmMs } = await runChild<SimulationsInChild>('uncertainty.simulations', { quick: context.quick });
  const coldSummary = summarize(coldMs);
  const warmSummary = summarize(warmMs);
  const inPage = await bandRedrawTimes(context);
  if (inPage.problems.length > 0) throw new Error(`the page reported problems: ${inPage.problems.join('; ')}`);
  const [lever, editedRanged] = EDITED_INPUTS.map((input) => ({ input, summary: summarize(inPage.times[input.name] ?? []) }));
  if (!lever || !editedRanged) throw new Error('figure 9 edits two inputs');
  return {
    figure: 9,
    title: `Uncertainty: ${samples.toLocaleString('en-US')} draws of the baseline (${ranged} ranged inputs), all ${outputs} outputs`,
    metrics: [
      metric('9a', `${samples.toLocaleString('en-US')} draws end to end, fresh draws, median`, coldSummary.median, 'ms', { op: '<=', value: 50 }, `p95 ${formatMs(coldSummary.p95)}; evaluated ${engine === 'plan' ? 'through the compiled plan' : 'through HyperFormula'}`),
      metric('9b', 'the same with the draws the worker keeps (a rerun after an edit), median', warmSummary.median, 'ms', { op: '<=', value: 50 }, `p95 ${formatMs(warmSummary.p95)}`),
      metric('9c', `in the page: Enter on ${lever.input.name} (no range) to the frame showing the redrawn ${WATCHED_OUTPUT} band, p95`, lever.summary.p95, 'ms', { op: '<=', value: 100 }, `median ${formatMs(lever.summary.median)}; ${lever.summary.runs} edits`),
      metric('9d', `in the page: Enter on ${editedRanged.input.name} (its triangular mode, drawn again) to the redrawn band, p95`, editedRanged.summary.p95, 'ms', { op: '<=', value: 100 }, `median ${formatMs(editedRanged.summary.median)}; ${editedRanged.summary.runs} edits`),
    ],
    method: [
      `In a Node process of its own (bench/child.ts): simulate(workbook, { samples: ${samples} }) on the baseline preset opened once (Workbook.open, not timed), the code the engine worker runs. Each run draws every ranged input (Latin hypercube, pure-rand streams, stdlib quantiles truncated to min/max), evaluates all ${samples.toLocaleString('en-US')} joint draws through the compiled plan, the 2 x ${ranged} tornado points in a second small batch, and computes every output's statistics, histogram, rank correlations and tornado.`,
      `9c/9d: the production build in headless Chromium, the baseline on its Inputs sheet; each edit types a value into the input's field in the Inputs panel, waits 700 ms (a person's pause, longer than the panel's 400 ms burst window), then presses Enter; timed by the page's clock from the Enter keydown to the requestAnimationFrame after the ${WATCHED_OUTPUT} band's P5 changes (the edit, the worker's 10,000-draw simulation, its transfer and React's render). Two values alternate, so every edit moves the band.`,
      `9a: a different seed each run (${runs} runs after one warm-up), so nothing is reused: what the first run after opening a scenario costs. 9b: one DrawCache across ${runs} runs with the same seed, as the worker keeps it, so only the model and the statistics run again. Medians.`,
    ],
    raw: { coldMs: coldSummary, warmMs: warmSummary, rangedInputs: ranged, [`bandRedrawMs.${lever.input.name}`]: lever.summary, [`bandRedrawMs.${editedRanged.input.name}`]: editedRanged.summary },
  };
};
