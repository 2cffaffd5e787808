/**
 * Figure 5, sweep: a 1,000-point one-input sweep on the baseline preset (sweepInput: trials on one open
 * workbook) against rebuilding the workbook at each point. Targets: >= 20 x faster than rebuilding, and
 * <= 250 ms for the whole sweep.
 */
import { Workbook, evenlySpaced, parseCellAddress, sweepInput, type CellValue, type FullScenario } from '../src/model';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import type { Figure } from './context';
import { cpuMs, formatMs, summarize, timeMs } from './measure';
import { metric } from './report';

const SWEPT_INPUT = 'AutoTariff';

/** The scenario with one input's cell holding `value`: what a rebuild at that point opens. */
function withInput(scenario: FullScenario, input: string, value: number): FullScenario {
  const address = parseCellAddress(scenario.inputs[input]?.cell ?? '');
  if (!address) throw new Error(`no input named ${input}`);
  const sheet = scenario.sheets[address.sheet] ?? [];
  const rows = sheet.map((row, r) => (r === address.row ? row.map((cell, c) => (c === address.col ? value : cell)) : row));
  return { ...scenario, sheets: { ...scenario.sheets, [address.sheet]: rows } };
}

/** One point the slow way: a new workbook with the input set, its outputs read, the workbook dropped. */
function rebuildPoint(scenario: FullScenario, input: string, value: number, outputs: readonly string[]): Record<string, CellValue> {
  const workbook = Workbook.open(withInput(scenario, input, value));
  try {
    const all = new Map(workbook.outputs().map((output) => [output.name, output.value]));
    return Object.fromEntries(outputs.map((name) => [name, all.get(name) ?? null]));
  } finally {
    workbook.destroy();
  }
}

export const sweep: Figure = async (context) => {
  const points = context.quick ? 50 : 1000;
  const runs = context.quick ? 2 : 7;
  /** Rebuilding costs ~10 ms a point: each rebuild sample takes every `stride`-th point, and the total is the per-point median x points. */
  const stride = 10;
  const rebuildSamples = context.quick ? 2 : 5;

  const { presets } = readPresets();
  const loaded = loadScenario('baseline', presets);
  if (!loaded.ok) throw new Error(`the baseline preset does not load: ${loaded.issues.map((issue) => issue.message).join('; ')}`);
  const scenario = loaded.value.scenario;
  const definition = scenario.inputs[SWEPT_INPUT];
  if (!definition || definition.min === undefined || definition.max === undefined) throw new Error(`the baseline has no ${SWEPT_INPUT} input with a min and max`);
  const values = evenlySpaced(definition.min, definition.max, points);
  const outputs = Object.keys(scenario.outputs);

  // The figure's first sweep, before any warm-up (JIT-cold when figure 5 runs alone): kept apart from the medians.
  const coldWorkbook = Workbook.open(scenario);
  const coldMs = timeMs(() => sweepInput(coldWorkbook, SWEPT_INPUT, values));
  coldWorkbook.destroy();

  const sweepMs: number[] = [];
  const sweepCpuMs: number[] = [];
  const rebuildPerPointMs: number[] = [];
  let lastSweep: ReturnType<typeof sweepInput> | undefined;
  for (let run = 0; run < Math.max(runs, rebuildSamples); run += 1) {
    if (run < runs) {
      const workbook = Workbook.open(scenario);
      // The CPU time beside the wall clock: on a shared machine it shows what the sweep costs when nothing else runs.
      sweepCpuMs.push(cpuMs(() => sweepMs.push(timeMs(() => (lastSweep = sweepInput(workbook, SWEPT_INPUT, values))))));
      workbook.destroy();
    }
    if (run < rebuildSamples) {
      const sample = values.filter((_, i) => i % stride === run % stride);
      rebuildPerPointMs.push(timeMs(() => sample.forEach((value) => rebuildPoint(scenario, SWEPT_INPUT, value, outputs))) / sample.length);
    }
  }
  const sweepSummary = summarize(sweepMs);
  const perPoint = summarize(rebuildPerPointMs);
  const rebuildTotal = perPoint.median * points;
  const speedup = rebuildTotal / sweepSummary.median;

  // The two ways must give the same numbers, or the faster one is not doing the same job.
  const checkAt = [0, Math.floor(points / 2), points - 1];
  const agree = checkAt.every((i) => {
    const point = lastSweep?.points[i];
    if (!point) return false;
    const rebuilt = rebuildPoint(scenario, SWEPT_INPUT, point.inputValue, outputs);
    return outputs.every((name) => Object.is(rebuilt[name], point.outputs[name]));
  });

  return {
    figure: 5,
    title: `Sweep: ${points.toLocaleString('en-US')} points of one input on the baseline preset`,
    metrics: [
      metric('5a', `sweep of ${points.toLocaleString('en-US')} points, all ${outputs.length} outputs`, sweepSummary.median, 'ms', { op: '<=', value: 250 }),
      metric('5b', 'rebuilding at each point / the sweep (speed-up)', speedup, 'ratio', { op: '>=', value: 20 }, `rebuild ${formatMs(perPoint.median)} a point x ${points} = ${formatMs(rebuildTotal)}, sweep ${formatMs(sweepSummary.median)}`),
      metric('5c', "the figure's first sweep, before warm-up", coldMs, 'ms'),
      metric('5d', 'CPU time of the sweep (5a without the waits for a busy CPU)', summarize(sweepCpuMs).median, 'ms'),
    ],
    method: [
      `sweepInput(workbook, "${SWEPT_INPUT}", evenlySpaced(${definition.min}, ${definition.max}, ${points})) with every output: one batch, the outputs read and an undo per point on one open workbook. Each run opens a fresh workbook (not timed); median of ${runs} runs after the first one (5c, which is JIT-cold only when figure 5 runs alone: figure 3 has warmed HyperFormula in the same process).`,
      `Rebuild: per point, the scenario with the input cell set, Workbook.open, outputs(), destroy(). Rebuilding all ${points} points takes ~${(rebuildTotal / 1000).toFixed(0)} s, so each of ${rebuildSamples} samples rebuilds every ${stride}th point (${Math.ceil(points / stride)} points, a different offset each time); the 1,000-point time is the median per-point time x ${points}.`,
      `The sweep's outputs at points ${checkAt.join(', ')} equal a rebuild's: ${agree}.`,
    ],
    raw: {
      sweepMs: sweepSummary,
      sweepCpuMs: summarize(sweepCpuMs),
      coldSweepMs: coldMs,
      rebuildPerPointMs: perPoint,
      rebuildAllPointsEstimateMs: rebuildTotal,
      sweepAgreesWithRebuild: agree,
    },
  };
};
