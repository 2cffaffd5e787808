/** Reads scenario files from disk for the command line: presets from scenarios/, a user's files from anywhere. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseResult, ResolvedScenario, ScenarioIssue, ScenarioSource } from '../model/scenario';
import { decodeScenarioBytes, parsePresetText, parseScenarioText, resolveWithPresets, scenarioFileSizeIssue } from '../io/scenarioFile';
import { isShareLink } from '../io/shareLink';
import { loadShareLink } from './shareLinks';

export const PRESETS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');
const SCHEMA_FILE = 'scenario.schema.json';

/** A path as messages show it: relative to the working directory when that is shorter. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown && !shown.startsWith('..') ? shown : path;
}

function readText(path: string): ParseResult<string> {
  const file = displayPath(path);
  let bytes: Uint8Array;
  try {
    // A file too large to be a scenario is refused from its size, before it is read.
    const tooBig = scenarioFileSizeIssue(statSync(path).size, file);
    if (tooBig) return { ok: false, issues: [tooBig] };
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, issues: [{ file, path: '', message: code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? 'error'})` }] };
  }
  return decodeScenarioBytes(bytes, file);
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function presetFiles(dir = PRESETS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== SCHEMA_FILE)
    .sort()
    .map((name) => join(dir, name));
}

export function readPresets(dir = PRESETS_DIR): { presets: ScenarioSource[]; issues: ScenarioIssue[] } {
  const presets: ScenarioSource[] = [];
  const issues: ScenarioIssue[] = [];
  for (const path of presetFiles(dir)) {
    const text = readText(path);
    const parsed = text.ok ? parsePresetText(text.value, displayPath(path)) : text;
    if (parsed.ok) presets.push(parsed.value);
    else issues.push(...parsed.issues);
  }
  return { presets, issues };
}

export function readScenarioFile(path: string): ParseResult<ScenarioSource> {
  const text = readText(path);
  if (!text.ok) return text;
  const parsed = parseScenarioText(text.value, displayPath(path));
  return parsed.ok ? { ok: true, value: { scenario: parsed.value, file: displayPath(path) } } : parsed;
}

/**
 * Loads and resolves a scenario named by path, by preset id, or by a link the page made (`…#share=v1.…`).
 * `extends` looks beside the file first, then among the presets, so a user's own file outside scenarios/ works the same way.
 */
export function loadScenario(pathOrId: string, presets: readonly ScenarioSource[]): ParseResult<ResolvedScenario> {
  if (isShareLink(pathOrId) && !isFile(pathOrId)) return loadShareLink(pathOrId, presets);
  let source: ScenarioSource | undefined;
  let folder = PRESETS_DIR;
  if (isFile(pathOrId) || /[\\/]|\.json$/i.test(pathOrId)) {
    const read = readScenarioFile(pathOrId);
    if (!read.ok) return read;
    source = read.value;
    folder = dirname(resolve(pathOrId));
  } else {
    source = presets.find((preset) => preset.scenario.id === pathOrId);
    if (!source) {
      const known = presets.map((preset) => preset.scenario.id).join(', ');
      return { ok: false, issues: [{ file: pathOrId, path: '', message: `no such file, and no preset with that id (presets: ${known})` }] };
    }
  }
  const beside = (id: string) => {
    const candidate = join(folder, `${id}.json`);
    if (folder === PRESETS_DIR || !isFile(candidate)) return undefined;
    const read = readScenarioFile(candidate);
    return read.ok ? read.value : undefined;
  };
  return resolveWithPresets(source, presets, beside);
}
