/**
 * Figure 6, command line against a peer: `node --import tsx src/cli/export.ts --out DIR` exporting every
 * preset in one process, against Gnumeric's `ssconvert --recalc` turning the same workbooks (.xlsx
 * without cached values, so it must compute every formula) into CSV, one process per workbook as
 * ssconvert works. Whole processes, wall clock, the same run. Target: ratio <= 1. The `npm run export`
 * wrapper is timed on its own beside them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { evaluateScenario } from '../src/model';
import { scenarioToXlsx } from '../src/io/xlsx';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import type { Figure } from './context';
import { formatMs, runProcessOk, summarize } from './measure';
import { metric } from './report';

function findOnPath(command: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, command))
    .find((path) => existsSync(path));
}

/** The arguments the cross-check test gives ssconvert: recalculate, every sheet to its own CSV at full precision. */
function ssconvertArgs(input: string, output: string): string[] {
  return [
    '--recalc',
    '--export-file-per-sheet',
    '--export-type=Gnumeric_stf:stf_assistant',
    '--export-options=separator=, format=raw charset=UTF-8 eol=unix',
    input,
    output,
  ];
}

export const cliPeer: Figure = async (context) => {
  const ssconvert = findOnPath('ssconvert');
  if (!ssconvert) throw new Error('ssconvert not found: apt-get install -y gnumeric');
  const npm = findOnPath('npm');
  if (!npm) throw new Error('npm not found on PATH');
  const runs = context.quick ? 1 : 4;
  const dir = join(context.scratch, 'cli-peer');
  const workbooksDir = join(dir, 'xlsx');
  mkdirSync(workbooksDir, { recursive: true });

  const { presets, issues } = readPresets();
  if (issues.length > 0) throw new Error(`presets with problems: ${issues.map((issue) => issue.file).join(', ')}`);
  // Quick mode exports one preset by id; a full run exports them all, as `npm run export` with no ids does.
  const chosen = context.quick ? presets.filter((preset) => preset.scenario.id === 'baseline') : presets;
  const ids = context.quick ? chosen.map((preset) => preset.scenario.id) : [];
  const workbooks: string[] = [];
  for (const preset of chosen) {
    const loaded = loadScenario(preset.scenario.id, presets);
    if (!loaded.ok) throw new Error(`${preset.scenario.id} does not resolve`);
    const { scenario } = loaded.value;
    // The values only tell the writer which formulas spill; cachedValues: false leaves every formula for Gnumeric to compute.
    const bytes = await scenarioToXlsx(scenario, { sheets: evaluateScenario(scenario).sheets }, { cachedValues: false });
    const path = join(workbooksDir, `${scenario.id}.xlsx`);
    writeFileSync(path, bytes);
    workbooks.push(path);
  }
  context.log(`  ${workbooks.length} presets; ${runs} round(s) of: node export, npm run export, ssconvert x ${workbooks.length}`);

  const node: number[] = [];
  const npmRun: number[] = [];
  const gnumeric: number[] = [];
  const gnumericEach: number[] = [];
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  const options = { cwd: context.repoRoot, env, timeoutMs: 120_000 };
  const exportNode = async (round: number) =>
    node.push((await runProcessOk(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...ids, '--out', join(dir, `node-${round}`)], options)).ms);
  const exportNpm = async (round: number) =>
    npmRun.push((await runProcessOk(npm, ['run', '--silent', 'export', '--', ...ids, '--out', join(dir, `npm-${round}`)], options)).ms);
  const convertAll = async (round: number) => {
    let total = 0;
    for (const workbook of workbooks) {
      const out = join(dir, `gnumeric-${round}`);
      mkdirSync(out, { recursive: true });
      const id = workbook.slice(workbooksDir.length + 1).replace(/\.xlsx$/, '');
      const run = await runProcessOk(ssconvert, ssconvertArgs(workbook, join(out, `${id}.%n.csv`)), options);
      gnumericEach.push(run.ms);
      total += run.ms;
    }
    gnumeric.push(total);
  };
  // One round of each first, untimed: the file cache holds node_modules and Gnumeric's plugins for all three alike.
  if (!context.quick) {
    await exportNode(-1);
    await exportNpm(-1);
    await convertAll(-1);
  }
  node.length = 0;
  npmRun.length = 0;
  gnumeric.length = 0;
  gnumericEach.length = 0;
  for (let round = 0; round < runs; round += 1) {
    const order = round % 2 === 0 ? [exportNode, convertAll, exportNpm] : [convertAll, exportNpm, exportNode];
    for (const step of order) await step(round);
  }
  const nodeSummary = summarize(node);
  const npmSummary = summarize(npmRun);
  const gnumericSummary = summarize(gnumeric);
  const ratio = nodeSummary.median / gnumericSummary.median;
  return {
    figure: 6,
    title: 'Command line against a peer (Gnumeric ssconvert)',
    metrics: [
      metric('6a', `export of ${workbooks.length} presets, one node process / ssconvert --recalc x ${workbooks.length}`, ratio, 'ratio', { op: '<=', value: 1 }, `node ${formatMs(nodeSummary.median)}, ssconvert ${formatMs(gnumericSummary.median)} (sum of ${workbooks.length} processes)`),
      metric('6b', 'npm run export, whole', npmSummary.median, 'ms'),
      metric('6c', 'npm run export wrapper overhead (6b less the node process)', npmSummary.median - nodeSummary.median, 'ms'),
      metric('6d', 'npm run export / ssconvert', npmSummary.median / gnumericSummary.median, 'ratio'),
    ],
    method: [
      `Ours: \`node --import tsx src/cli/export.ts --out DIR\`, one process that reads, resolves and evaluates all ${workbooks.length} presets and writes every sheet's CSV and outputs.csv.`,
      `Peer: for each preset, \`ssconvert --recalc --export-file-per-sheet --export-type=Gnumeric_stf:stf_assistant --export-options="separator=, format=raw charset=UTF-8 eol=unix" <id>.xlsx <id>.%n.csv\` (LC_ALL=C.UTF-8), one process per workbook; its time is the sum of the ${workbooks.length} processes. The .xlsx files come from src/io/xlsx.ts scenarioToXlsx with cachedValues: false (made beforehand, not timed), so Gnumeric computes every formula; they also hold a Sources sheet, which ssconvert writes too.`,
      `Wall clock from spawn to exit, ${runs} round(s)${context.quick ? '' : ' after one untimed round of each'}, the order alternating; medians. 6b/6c: \`npm run --silent export -- --out DIR\` (npm, then tsx's CLI, which starts node again) timed the same way.`,
    ],
    raw: {
      nodeExportMs: nodeSummary,
      npmRunExportMs: npmSummary,
      ssconvertAllMs: gnumericSummary,
      ssconvertEachMs: summarize(gnumericEach),
      workbooks: workbooks.length,
    },
  };
};
