/**
 * `npm run export -- [scenario files or preset ids] --out DIR [--formulas] [--bom] [--xlsx]`: each
 * scenario's sheets as CSV in DIR/<id>/ (and as an Excel workbook DIR/<id>.xlsx), and every exported
 * scenario's outputs in DIR/outputs.csv.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { formatIssue, formatPath, type FullScenario, type ScenarioIssue } from '../model/scenario';
import type { CellValue } from '../model/values';
import type { Workbook, WorkbookInTurn } from '../model/workbook';
import { outputsToCsv, sheetContentsToCsvChunks, sheetValuesToCsvChunks, type CsvOptions, type ScenarioOutput } from '../io/csv';
import { displayPath, loadScenario, readPresets } from './scenarioFiles';
import { EXIT_PROBLEM, isMainModule, runAsMain, type ConsoleStreams } from './shell';


export const USAGE = `Usage: npm run export -- [scenario.json | preset-id ...] --out DIR [--formulas] [--bom] [--xlsx]

Writes every sheet of each scenario to DIR/<id>/<Sheet>.csv and the outputs of all of them
to DIR/outputs.csv. With no scenarios named, exports every preset in scenarios/. A link the
page's "Copy link" made ('https://…#share=v1.…', quoted) works wherever a file does.

  -o, --out DIR   folder to write into (created when missing)
  --formulas      also write DIR/<id>/<Sheet>.formulas.csv: each cell's formula or literal
  --bom           begin each file with a UTF-8 byte order mark, so Excel reads Japanese text
  --xlsx          also write DIR/<id>.xlsx: every sheet with live formulas, the inputs as
                  defined names, and a Sources sheet
  -h, --help      show this help

Exit status 0 when everything was exported; 2 when a scenario or an argument had a problem
(the scenarios without problems are exported all the same).`;

export interface ExportRequest {
  /** Scenario file paths or preset ids; empty means every preset. */
  scenarios: string[];
  outDir: string;
  formulas: boolean;
  bom: boolean;
  xlsx: boolean;
}

export interface ExportedScenario {
  id: string;
  dir: string;
  files: string[];
}

export interface ExportResult {
  exported: ExportedScenario[];
  /** DIR/outputs.csv, unless no scenario could be exported. */
  outputsFile: string | undefined;
  /** Every file written, in the order written. */
  written: string[];
  issues: ScenarioIssue[];
}

export type ParsedArguments = { kind: 'help' } | { kind: 'export'; request: ExportRequest } | { kind: 'invalid'; problems: string[] };

export function parseExportArguments(args: readonly string[]): ParsedArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        formulas: { type: 'boolean', default: false },
        bom: { type: 'boolean', default: false },
        xlsx: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { kind: 'invalid', problems: [`export: ${error instanceof Error ? error.message : String(error)} (see --help)`] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (!values.out) return { kind: 'invalid', problems: ['export: --out DIR is required: the folder to write the CSV files into (see --help)'] };
  return {
    kind: 'export',
    request: { scenarios: positionals, outDir: values.out, formulas: values.formulas, bom: values.bom, xlsx: values.xlsx },
  };
}

/** A sheet name the file system refuses is the scenario's problem, not a crash. */
function unwritable(path: string, error: unknown, issues: ScenarioIssue[]): false {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  issues.push({ file: displayPath(path), path: '', message: `cannot write the file (${code})` });
  return false;
}

/** Writes one file, or says why it could not. */
function writeOutput(path: string, content: string | Uint8Array, issues: ScenarioIssue[]): boolean {
  try {
    writeFileSync(path, content);
    return true;
  } catch (error) {
    return unwritable(path, error, issues);
  }
}

/**
 * Writes text piece by piece: pipeline asks for the next piece only as the file takes the last (one
 * piece read ahead at most), so a large sheet's CSV is never in memory whole.
 */
export async function writeTextInPieces(path: string, pieces: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(pieces, { highWaterMark: 1 }), createWriteStream(path));
}

/** writeTextInPieces, or says why it could not. */
async function writeOutputInPieces(path: string, pieces: Iterable<string>, issues: ScenarioIssue[]): Promise<boolean> {
  try {
    await writeTextInPieces(path, pieces);
    return true;
  } catch (error) {
    return unwritable(path, error, issues);
  }
}

interface PlannedFile {
  sheet: string;
  path: string;
  pieces: () => Iterable<string>;
}

function plannedFiles(workbook: Workbook, values: Record<string, CellValue[][]>, dir: string, request: ExportRequest, csvOptions: CsvOptions): PlannedFile[] {
  const files: PlannedFile[] = [];
  for (const sheet of workbook.sheetNames()) {
    files.push({ sheet, path: join(dir, `${sheet}.csv`), pieces: () => sheetValuesToCsvChunks(values[sheet] ?? [], csvOptions) });
    if (request.formulas) {
      files.push({ sheet, path: join(dir, `${sheet}.formulas.csv`), pieces: () => sheetContentsToCsvChunks(workbook.sheetContents(sheet), csvOptions) });
    }
  }
  return files;
}

/** The scenarios share one workbook in turn (WorkbookInTurn), made once the first good scenario needs it. */
interface Workbooks {
  inTurn: WorkbookInTurn | undefined;
}

async function workbookFor(scenario: FullScenario, workbooks: Workbooks): Promise<Workbook> {
  if (!workbooks.inTurn) {
    // HyperFormula takes ~0.45 s to load: a run whose every file is bad never pays for it.
    const { WorkbookInTurn } = await import('../model/workbook');
    workbooks.inTurn = new WorkbookInTurn();
  }
  return workbooks.inTurn.open(scenario);
}

async function exportScenario(
  source: string,
  scenario: FullScenario,
  request: ExportRequest,
  csvOptions: CsvOptions,
  issues: ScenarioIssue[],
  workbooks: Workbooks,
): Promise<{ exported: ExportedScenario; outputs: ScenarioOutput[] }> {
  const dir = join(request.outDir, scenario.id);
  const workbook = await workbookFor(scenario, workbooks);
  mkdirSync(dir, { recursive: true });
  // Sheets "A" and "A.formulas" would share a file; so would "a" and "A" on a case-insensitive disk.
  const sheetByPath = new Map<string, string>();
  const written: string[] = [];
  const values = Object.fromEntries(workbook.sheetNames().map((sheet) => [sheet, workbook.sheetValues(sheet)]));
  for (const file of plannedFiles(workbook, values, dir, request, csvOptions)) {
    const clash = sheetByPath.get(file.path.toLowerCase());
    if (clash !== undefined) {
      const message = `${displayPath(file.path)} would overwrite the file of sheet "${clash}"; rename one of them`;
      issues.push({ file: source, path: formatPath(['sheets', file.sheet]), message });
      continue;
    }
    sheetByPath.set(file.path.toLowerCase(), file.sheet);
    if (await writeOutputInPieces(file.path, file.pieces(), issues)) written.push(file.path);
  }
  if (request.xlsx) {
    // ExcelJS takes ~0.4 s to load: only a run that writes a workbook pays for it.
    const { scenarioToXlsx } = await import('../io/xlsx');
    const path = join(request.outDir, `${scenario.id}.xlsx`);
    if (writeOutput(path, await scenarioToXlsx(scenario, { sheets: values }), issues)) written.push(path);
  }
  const outputs = workbook.outputs().map((output) => ({ scenario: scenario.id, output }));
  return { exported: { id: scenario.id, dir, files: written }, outputs };
}

/** Exports every scenario it can; the problems of the others come back as issues. */
export async function exportScenarios(request: ExportRequest): Promise<ExportResult> {
  const { presets, issues: presetIssues } = readPresets();
  const names = request.scenarios.length > 0 ? request.scenarios : presets.map((preset) => preset.scenario.id);
  const csvOptions: CsvOptions = { bom: request.bom };
  const issues: ScenarioIssue[] = [];
  const exported: ExportedScenario[] = [];
  const outputs: ScenarioOutput[] = [];
  const sourceById = new Map<string, string>();
  const workbooks: Workbooks = { inTurn: undefined };
  try {
    for (const name of names) {
      const source = displayPath(name);
      const loaded = loadScenario(name, presets);
      if (!loaded.ok) {
        issues.push(...loaded.issues);
        continue;
      }
      const { scenario } = loaded.value;
      const earlier = sourceById.get(scenario.id);
      if (earlier !== undefined) {
        issues.push({ file: source, path: 'id', message: `"${scenario.id}" is exported already (from ${earlier}); each scenario needs its own id` });
        continue;
      }
      sourceById.set(scenario.id, source);
      try {
        const result = await exportScenario(source, scenario, request, csvOptions, issues, workbooks);
        exported.push(result.exported);
        outputs.push(...result.outputs);
      } catch (error) {
        issues.push({ file: source, path: '', message: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    workbooks.inTurn?.destroy();
  }
  // A broken preset matters when it is exported, or when it may be why a named scenario failed to resolve.
  if (request.scenarios.length === 0 || issues.length > 0) issues.unshift(...presetIssues);
  let outputsFile: string | undefined;
  if (exported.length > 0) {
    const path = join(request.outDir, 'outputs.csv');
    if (writeOutput(path, outputsToCsv(outputs, csvOptions), issues)) outputsFile = path;
  }
  const written = exported.flatMap((scenario) => scenario.files);
  if (outputsFile !== undefined) written.push(outputsFile);
  return { exported, outputsFile, written, issues };
}

/** The whole command: arguments in, lines out, the exit code back. */
export async function runExport(args: readonly string[], streams: ConsoleStreams): Promise<number> {
  const parsed = parseExportArguments(args);
  if (parsed.kind === 'help') {
    streams.out(USAGE);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    for (const problem of parsed.problems) streams.err(problem);
    return EXIT_PROBLEM;
  }
  const result = await exportScenarios(parsed.request);
  for (const scenario of result.exported) {
    streams.out(`${scenario.id}: ${scenario.files.length} file${scenario.files.length === 1 ? '' : 's'} in ${displayPath(scenario.dir)}`);
  }
  if (result.outputsFile !== undefined) {
    streams.out(`outputs of ${result.exported.length} scenario${result.exported.length === 1 ? '' : 's'}: ${displayPath(result.outputsFile)}`);
  }
  for (const issue of result.issues) streams.err(formatIssue(issue));
  return result.issues.length > 0 ? EXIT_PROBLEM : 0;
}

if (isMainModule(import.meta.url)) runAsMain(runExport);
