/**
 * Figure 8, analysis at the speed of arithmetic: 100,000 evaluations of the baseline preset, every input
 * varying and all 15 outputs read, through the compiled plan (8a), against the same work through
 * HyperFormula's trials (8b), a hand-written JavaScript loop of the same model (8c, the physical limit)
 * and IronCalc (8d); and a CLI sweep of 20,001 points against one of 201 as whole processes (8f).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook, compilePlan, evaluatePlan, isCellError, pointValue, type CellValue, type FullScenario, type Plan } from '../src/model';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import { Model, openInIronCalc, readCell } from '../test/ironcalc';
import { BASELINE_INPUTS, BASELINE_OUTPUTS, evaluateBaselineByHand, type BaselineInput, type BaselineOutput } from './baselineByHand';
import { runChild, type Figure } from './context';
import { formatMs, runProcessOk, seededRandom, summarize, timeMs } from './measure';
import { metric } from './report';

const RELATIVE_TOLERANCE = 1e-12;

function baselineScenario(): FullScenario {
  const loaded = loadScenario('baseline', readPresets().presets);
  if (!loaded.ok) throw new Error(`the baseline preset does not load: ${loaded.issues.map((issue) => issue.message).join('; ')}`);
  return loaded.value.scenario;
}

/** `count` points, each input drawn uniformly inside its min/max (where no divisor of the model is zero), seeded. */
function drawPoints(scenario: FullScenario, count: number, seed: number): Record<BaselineInput, Float64Array> {
  const random = seededRandom(seed);
  const draw = (name: BaselineInput) => {
    const { min = 0, max = 1 } = scenario.inputs[name] ?? {};
    return Float64Array.from({ length: count }, () => min + (max - min) * random());
  };
  return Object.fromEntries(BASELINE_INPUTS.map((name) => [name, draw(name)])) as Record<BaselineInput, Float64Array>;
}

const sliceOf = (points: Record<string, Float64Array>, count: number) =>
  Object.fromEntries(Object.entries(points).map(([name, values]) => [name, values.subarray(0, count)]));

function same(expected: number, actual: number): boolean {
  return expected === actual || Math.abs(expected - actual) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
}

/** The point's inputs as the record Workbook.tryInputs takes. */
const pointInputs = (points: Record<string, Float64Array>, i: number) =>
  Object.fromEntries(BASELINE_INPUTS.map((name) => [name, points[name]?.[i] ?? Number.NaN]));

/** The HyperFormula path: per point, every input set as a trial on one open workbook, the outputs read, the trial undone. */
function throughHyperFormula(workbook: Workbook, points: Record<string, Float64Array>, count: number): CellValue[][] {
  const outputs = [...BASELINE_OUTPUTS];
  const rows: CellValue[][] = [];
  for (let i = 0; i < count; i += 1) {
    const values = workbook.tryInputs(pointInputs(points, i), outputs);
    rows.push(outputs.map((name) => values[name] ?? null));
  }
  return rows;
}

/** IronCalc: per point, every input typed into its cell, the model evaluated, the outputs read. */
function throughIronCalc(model: Model, scenario: FullScenario, points: Record<string, Float64Array>, count: number): CellValue[][] {
  const sheetIndex = new Map(Object.keys(scenario.sheets).map((name, index) => [name, index]));
  const at = (cell: string) => {
    const [sheet = '', local = ''] = cell.split('!');
    const match = /^([A-Z]+)(\d+)$/.exec(local);
    const col = [...(match?.[1] ?? 'A')].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0);
    return { sheet: sheetIndex.get(sheet) ?? 0, row: Number(match?.[2] ?? 1), col };
  };
  const inputCells = BASELINE_INPUTS.map((name) => at(scenario.inputs[name]?.cell ?? ''));
  const outputCells = BASELINE_OUTPUTS.map((name) => at(scenario.outputs[name]?.cell ?? ''));
  const rows: CellValue[][] = [];
  for (let i = 0; i < count; i += 1) {
    BASELINE_INPUTS.forEach((name, k) => {
      const cell = inputCells[k]!;
      model.setUserInput(cell.sheet, cell.row, cell.col, String(points[name]?.[i]));
    });
    model.evaluate();
    rows.push(outputCells.map((cell) => readCell(model, cell.sheet, cell.row, cell.col)));
  }
  return rows;
}

export interface EvaluationsInChild {
  count: number;
  peerCount: number;
  runs: number;
  planMs: number[];
  handMs: number[];
  compileMs: number[];
  hyperformulaMs: number;
  ironcalcMs: number;
  ironcalcVsPlan: number;
}

/**
 * 8a-8e in a process of their own (bench/child.ts): run after figures 1-7 in one process, 8a read 155 ms
 * against 37 ms alone, so the figure measured what the earlier figures left behind (their heap, the
 * compiler's state), not the plan.
 */
export async function evaluationsInChild(args: unknown): Promise<EvaluationsInChild> {
  const { quick } = args as { quick: boolean };
  const count = quick ? 5_000 : 100_000;
  const peerCount = quick ? 200 : 2_000;
  const runs = quick ? 3 : 9;
  const scenario = baselineScenario();
  const points = drawPoints(scenario, count, 20251204);

  const compiled = compilePlan(scenario, BASELINE_INPUTS, BASELINE_OUTPUTS);
  if (!compiled.ok) throw new Error(`the baseline does not compile: ${compiled.cell}: ${compiled.reason}`);
  const plan: Plan = compiled;
  const compileMs = Array.from({ length: runs }, () => timeMs(() => compilePlan(scenario, BASELINE_INPUTS, BASELINE_OUTPUTS)));

  // Warm both loops, then alternate them so that a busy moment weighs on each alike.
  const byHand = Object.fromEntries(BASELINE_OUTPUTS.map((name) => [name, new Float64Array(count)])) as Record<BaselineOutput, Float64Array>;
  let result = evaluatePlan(plan, points);
  evaluateBaselineByHand(points, byHand, count);
  const planMs: number[] = [];
  const handMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    planMs.push(timeMs(() => (result = evaluatePlan(plan, points))));
    handMs.push(timeMs(() => evaluateBaselineByHand(points, byHand, count)));
  }

  const workbook = Workbook.open(scenario);
  const values = Object.fromEntries(workbook.sheetNames().map((name) => [name, workbook.sheetValues(name)]));
  const peerPoints = sliceOf(points, peerCount);
  throughHyperFormula(workbook, peerPoints, Math.min(50, peerCount));
  let hyperformulaRows: CellValue[][] = [];
  const hyperformulaMs = timeMs(() => (hyperformulaRows = throughHyperFormula(workbook, peerPoints, peerCount)));
  workbook.destroy();

  const model = openInIronCalc(scenario, values);
  let ironcalcRows: CellValue[][] = [];
  let ironcalcMs: number;
  try {
    model.evaluate();
    throughIronCalc(model, scenario, peerPoints, Math.min(50, peerCount));
    ironcalcMs = timeMs(() => (ironcalcRows = throughIronCalc(model, scenario, peerPoints, peerCount)));
  } finally {
    model.free();
  }

  // The figures compare the same work only if the answers agree: the plan with HyperFormula to 1e-12 on the
  // peer points, the hand-written loop with the plan on every point, IronCalc with both to its 15 digits.
  let planVsHyperFormula = 0;
  let handVsPlan = 0;
  let ironcalcVsPlan = 0;
  BASELINE_OUTPUTS.forEach((name, k) => {
    const column = result.columns[name];
    if (!column) throw new Error(`the plan gave no ${name}`);
    for (let i = 0; i < count; i += 1) {
      const planValue = pointValue(column, i);
      if (typeof planValue !== 'number' || !same(planValue, byHand[name][i]!)) handVsPlan += 1;
      if (i >= peerCount) continue;
      const hf = hyperformulaRows[i]?.[k] ?? null;
      const agrees = typeof planValue === 'number' ? typeof hf === 'number' && same(hf, planValue) : isCellError(hf) && typeof planValue === 'object' && hf.error === planValue.error;
      if (!agrees) planVsHyperFormula += 1;
      const ic = ironcalcRows[i]?.[k] ?? null;
      if (typeof planValue !== 'number' || typeof ic !== 'number' || Math.abs(ic - planValue) > 1e-9 * Math.max(1, Math.abs(planValue))) ironcalcVsPlan += 1;
    }
  });
  if (planVsHyperFormula > 0 || handVsPlan > 0) {
    throw new Error(`the answers differ: plan vs HyperFormula ${planVsHyperFormula} values, hand-written vs plan ${handVsPlan}`);
  }

  return { count, peerCount, runs, planMs, handMs, compileMs, hyperformulaMs, ironcalcMs, ironcalcVsPlan };
}

export const analysisSpeed: Figure = async (context) => {
  const { count, peerCount, runs, planMs, handMs, compileMs: compileRuns, hyperformulaMs, ironcalcMs, ironcalcVsPlan } =
    await runChild<EvaluationsInChild>('analysisSpeed.evaluations', { quick: context.quick });
  const compileMs = summarize(compileRuns);
  const planSummary = summarize(planMs);
  const handSummary = summarize(handMs);
  const scale = count / peerCount;
  const hyperformulaScaled = hyperformulaMs * scale;
  const ironcalcScaled = ironcalcMs * scale;

  // 8f: the CLI as a whole process, a 20,001-point sweep against a 201-point one.
  const out = mkdtempSync(join(context.scratch, 'sweep-'));
  const sweepProcess = (steps: number) =>
    runProcessOk(process.execPath, ['src/cli/run.mjs', 'sweep', 'baseline', '--input', 'AutoTariff', '--from', '0', '--to', '1', '--steps', String(steps), '--output', 'UsTariffOnJpCars', '--out', join(out, `sweep-${steps}.csv`)], { cwd: context.repoRoot, timeoutMs: 120_000 });
  await sweepProcess(201);
  const small: number[] = [];
  const large: number[] = [];
  for (let run = 0; run < (context.quick ? 1 : 5); run += 1) {
    small.push((await sweepProcess(201)).ms);
    large.push((await sweepProcess(20_001)).ms);
  }
  rmSync(out, { recursive: true, force: true });
  const smallSummary = summarize(small);
  const largeSummary = summarize(large);

  const n = count.toLocaleString('en-US');
  const peers = peerCount.toLocaleString('en-US');
  return {
    figure: 8,
    title: `Analysis at the speed of arithmetic: ${n} evaluations of the baseline, every input varying, all ${BASELINE_OUTPUTS.length} outputs`,
    metrics: [
      metric('8a', `${n} evaluations through the compiled plan, median`, planSummary.median, 'ms', { op: '<=', value: 50 }, `p95 ${formatMs(planSummary.p95)}; compiling the plan ${formatMs(compileMs.median)} (not included)`),
      metric('8b', '8a / the same work through HyperFormula', planSummary.median / hyperformulaScaled, 'ratio', { op: '<=', value: 0.01 }, `HyperFormula ${formatMs(hyperformulaMs)} for ${peers} points, x ${scale} = ${formatMs(hyperformulaScaled)}`),
      metric('8c', '8a / a hand-written JavaScript loop of the model', planSummary.median / handSummary.median, 'ratio', { op: '<=', value: 10 }, `hand-written ${formatMs(handSummary.median)} median`),
      metric('8d', '8a / the same work through IronCalc', planSummary.median / ironcalcScaled, 'ratio', { op: '<=', value: 0.01 }, `IronCalc ${formatMs(ironcalcMs)} for ${peers} points, x ${scale} = ${formatMs(ironcalcScaled)}`),
      metric('8e', 'compiling the plan of the baseline (23 inputs, 15 outputs), median', compileMs.median, 'ms'),
      metric('8f', 'CLI sweep of 20,001 points / of 201 points, whole processes, medians', largeSummary.median / smallSummary.median, 'ratio', { op: '<=', value: 1.3 }, `${formatMs(largeSummary.median)} against ${formatMs(smallSummary.median)}`),
    ],
    method: [
      `In a Node process of its own (bench/child.ts), so the heaps of earlier figures do not weigh on it: the baseline preset; ${n} points drawn with a seeded generator, each of the ${BASELINE_INPUTS.length} inputs uniform inside its min and max. compilePlan once (8e, timed apart), then evaluatePlan over all points in one batch, alternated with the hand-written loop (bench/baselineByHand.ts); ${runs} runs each after one warm-up, medians.`,
      `8b: Workbook.tryInputs with all ${BASELINE_INPUTS.length} inputs and all outputs, per point, on one open workbook (what the analyses did before the plan), over the first ${peers} points after 50 warm-up points, scaled by ${scale}. 8d: the same ${peers} points in IronCalc (@ironcalc/wasm), per point every input typed into its cell (setUserInput), evaluate(), the outputs read (getFormattedCellValue at full precision), scaled likewise.`,
      `Agreement, checked before the figures are reported: the plan equals HyperFormula on every output of the ${peers} peer points (to 1e-12 relative, errors by kind) and the hand-written loop on every output of all ${n} points; IronCalc (15 significant digits) differs from the plan on ${ironcalcVsPlan} of ${(peerCount * BASELINE_OUTPUTS.length).toLocaleString('en-US')} values beyond 1e-9.`,
      `8f: \`node src/cli/run.mjs sweep baseline --input AutoTariff --from 0 --to 1 --steps N --output UsTariffOnJpCars --out FILE\` for N = 201 and 20,001, alternated, ${context.quick ? 1 : 5} runs each after one warm-up run (the CLI's bundle cached), whole-process wall time, medians.`,
    ],
    raw: { planMs: planSummary, byHandMs: handSummary, compileMs, hyperformulaPeerMs: hyperformulaMs, ironcalcPeerMs: ironcalcMs, cliSweep201Ms: smallSummary, cliSweep20001Ms: largeSummary, ironcalcVsPlanDifferences: ironcalcVsPlan },
  };
};
