/** What every command shares: arguments in, lines out, an exit code back, and one scenario opened by path or id. */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatIssue, type ScenarioIssue } from '../model/scenario';
import type { Workbook } from '../model/workbook/workbook';
import type { EvaluationPath } from '../model/analysis/trials';
import { loadScenario, readPresets } from './scenarioFiles';

export const EXIT_PROBLEM = 2;

export interface ConsoleStreams {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A problem the user can fix: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True when the module at `moduleUrl` is the script node was asked to run (not an import from a test). */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(resolve(script)) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}

/** Runs a command as the process's main: its lines to stdout/stderr, its result as the exit code. */
export function runAsMain(
  command: (args: readonly string[], streams: ConsoleStreams) => Promise<number>,
  args: readonly string[] = process.argv.slice(2),
): void {
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  void command(args, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** `--from -2` as people type it: parseArgs would take "-2" for an option, so a negative number is joined to its flag. */
function withNegativeNumbersJoined(args: readonly string[], options: ParseArgsConfig['options']): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const next = args[index + 1];
    const takesValue = arg.startsWith('--') && options?.[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export function parseCommandLine<T extends ParseArgsConfig['options']>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: withNegativeNumbersJoined(args, options), allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
}

/** A finite number from an argument, or a usage error naming the flag. */
export function numberArgument(flag: string, text: string | undefined): number {
  if (text === undefined) throw new UsageError(`--${flag} is required (see --help)`);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag}: "${text}" is not a number`);
  return value;
}

export function issueError(issues: readonly ScenarioIssue[]): UsageError {
  return new UsageError(issues.map(formatIssue).join('\n'));
}

/**
 * Opens one scenario, by file path or preset id, for a command that analyses it. HyperFormula takes
 * about half a second to load, so a bad file is answered before the workbook module is imported.
 */
export async function openScenario(pathOrId: string | undefined): Promise<Workbook> {
  if (pathOrId === undefined) throw new UsageError('name a scenario: a preset id such as baseline, a scenario file, or a link from Copy link (see --help)');
  const { presets } = readPresets();
  const loaded = loadScenario(pathOrId, presets);
  if (!loaded.ok) throw issueError(loaded.issues);
  const { Workbook } = await import('../model/workbook/workbook');
  return Workbook.open(loaded.value.scenario);
}

/** Runs a command body, turning a UsageError (or a model error) into its lines on stderr and exit code 2. */
export async function withUsageErrors(streams: ConsoleStreams, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof Error) || error.name === 'TypeError' || error.name === 'ReferenceError') throw error;
    for (const line of error.message.split('\n')) streams.err(line);
    return EXIT_PROBLEM;
  }
}

/** An analysis that could not take the compiled plan says so on stderr, naming the cell and why; its results are the same. */
export function reportEvaluation(streams: ConsoleStreams, command: string, path: EvaluationPath): void {
  if (path.engine === 'hyperformula') streams.err(`${command}: ${path.note}`);
}
