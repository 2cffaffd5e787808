/**
 * Figure 6, command line against a peer: `node src/cli/run.mjs export --out DIR` (the launcher, its
 * bundle already built) exporting every preset in one process, against Gnumeric's `ssconvert --recalc`
 * turning the same workbooks (.xlsx without cached values, so it must compute every formula) into CSV,
 * one process per workbook as ssconvert works. Whole processes, wall clock, the same run. Target: ratio
 * <= 1. The `npm run export` wrapper, the launcher's first run (building its bundle) and the same export
 * through tsx are timed beside them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  context.log(`  ${workbooks.length} presets; ${runs} round(s) of: launcher, npm run export, ssconvert x ${workbooks.length}, launcher building its bundle, tsx`);
  const exportScript = (JSON.parse(readFileSync(join(context.repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['export'];

  const node: number[] = [];
  const firstRun: number[] = [];
  const tsx: number[] = [];
  const npmRun: number[] = [];
  const gnumeric: number[] = [];
  const gnumericEach: number[] = [];
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  const options = { cwd: context.repoRoot, env, timeoutMs: 120_000 };
  const launcherArgs = (out: string) => ['src/cli/run.mjs', 'export', ...ids, '--out', join(dir, out)];
  const exportNode = async (round: number) => node.push((await runProcessOk(process.execPath, launcherArgs(`node-${round}`), options)).ms);
  // An empty cache of its own: the launcher bundles every command before it exports.
  const exportBuildingBundle = async (round: number) => {
    const cache = { TRADESHEET_CLI_CACHE: join(dir, `cache-${round}`) };
    firstRun.push((await runProcessOk(process.execPath, launcherArgs(`first-${round}`), { ...options, env: { ...env, ...cache } })).ms);
  };
  const exportTsx = async (round: number) =>
    tsx.push((await runProcessOk(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...ids, '--out', join(dir, `tsx-${round}`)], options)).ms);
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
  // The launcher runs once untimed even in quick mode, so every timed run finds its bundle built.
  await exportNode(-1);
  // One round of each first, untimed: the file cache holds node_modules and Gnumeric's plugins for all alike.
  if (!context.quick) {
    await exportNpm(-1);
    await convertAll(-1);
    await exportBuildingBundle(-1);
    await exportTsx(-1);
  }
  for (const samples of [node, npmRun, gnumeric, gnumericEach, firstRun, tsx]) samples.length = 0;
  for (let round = 0; round < runs; round += 1) {
    const order = round % 2 === 0 ? [exportNode, convertAll, exportNpm, exportBuildingBundle, exportTsx] : [exportTsx, exportBuildingBundle, convertAll, exportNpm, exportNode];
    for (const step of order) await step(round);
  }
  const nodeSummary = summarize(node);
  const firstRunSummary = summarize(firstRun);
  const tsxSummary = summarize(tsx);
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
      metric('6e', "the launcher's first run, bundling the commands before it exports", firstRunSummary.median, 'ms'),
      metric('6f', 'the same export through tsx (node --import tsx src/cli/export.ts), no bundle', tsxSummary.median, 'ms'),
    ],
    method: [
      `Ours: \`node src/cli/run.mjs export --out DIR\`, one process that reads, resolves and evaluates all ${workbooks.length} presets and writes every sheet's CSV and outputs.csv. The launcher runs the commands from an esbuild bundle it keeps in node_modules/.cache/tradesheet-cli/; it is run once untimed first, so the timed runs find the bundle built (6e times a run that has to build it).`,
      `Peer: for each preset, \`ssconvert --recalc --export-file-per-sheet --export-type=Gnumeric_stf:stf_assistant --export-options="separator=, format=raw charset=UTF-8 eol=unix" <id>.xlsx <id>.%n.csv\` (LC_ALL=C.UTF-8), one process per workbook; its time is the sum of the ${workbooks.length} processes. The .xlsx files come from src/io/xlsx.ts scenarioToXlsx with cachedValues: false (made beforehand, not timed), so Gnumeric computes every formula; they also hold a Sources sheet, which ssconvert writes too.`,
      `Wall clock from spawn to exit, ${runs} round(s)${context.quick ? '' : ' after one untimed round of each'}, the order alternating; medians. 6b/6c: \`npm run --silent export -- --out DIR\` (npm, then its script \`${exportScript ?? '(none)'}\`) timed the same way. 6e: the launcher with TRADESHEET_CLI_CACHE naming an empty folder each round. 6f: \`node --import tsx src/cli/export.ts --out DIR\`, which compiles the TypeScript as it loads it.`,
    ],
    raw: {
      nodeExportMs: nodeSummary,
      launcherFirstRunMs: firstRunSummary,
      tsxExportMs: tsxSummary,
      npmRunExportMs: npmSummary,
      ssconvertAllMs: gnumericSummary,
      ssconvertEachMs: summarize(gnumericEach),
      workbooks: workbooks.length,
    },
  };
};
