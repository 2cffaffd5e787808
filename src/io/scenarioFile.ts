/** Scenario files to and from text and bytes. No DOM and no fs: the CLI and the browser bring the bytes. */
import {
  parseScenario,
  resolveScenario,
  type FullScenario,
  type ParseResult,
  type ResolvedScenario,
  type ScenarioFile,
  type ScenarioIssue,
  type ScenarioSource,
} from '../model/scenario';
import { findJsonSyntaxProblem } from './jsonSyntax';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Hundreds of times the largest preset (20 KB), and small enough to refuse a wrong file before reading it. */
export const MAX_SCENARIO_FILE_BYTES = 20 * 1024 * 1024;
const MEGABYTE = 1024 * 1024;

/** Refuses a file by its size alone, so the CLI (from stat) and the browser (from File.size) need not read it. */
export function scenarioFileSizeIssue(size: number, file: string): ScenarioIssue | undefined {
  if (size <= MAX_SCENARIO_FILE_BYTES) return undefined;
  const message = `a scenario file may be at most ${MAX_SCENARIO_FILE_BYTES / MEGABYTE} MB; this one is ${(size / MEGABYTE).toFixed(1)} MB`;
  return { file, path: '', message };
}

/** Decodes a file's bytes as UTF-8, refusing invalid sequences rather than guessing. */
export function decodeScenarioBytes(bytes: Uint8Array, file: string): ParseResult<string> {
  const tooBig = scenarioFileSizeIssue(bytes.length, file);
  if (tooBig) return { ok: false, issues: [tooBig] };
  try {
    return { ok: true, value: utf8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, issues: [{ file, path: '', message: `not valid UTF-8 text (first bad byte at offset ${at}); save the file as UTF-8` }] };
  }
}

/** A prefix that holds a bad sequence fails, and so does every longer one: a binary search finds the first. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let valid = 0;
  let invalid = bytes.length;
  while (invalid - valid > 1) {
    const middle = Math.floor((valid + invalid) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      valid = middle;
    } catch {
      invalid = middle;
    }
  }
  // The decoder fails at the byte that cannot continue a sequence (the "a" after Latin-1 "é" in "éa");
  // the bad byte is the lead byte of that unfinished sequence.
  const failed = invalid - 1;
  for (let back = failed - 1; back >= Math.max(0, failed - 3); back -= 1) {
    const byte = bytes[back] ?? 0;
    if (byte < 0x80) break;
    if (byte >= 0xc0) return failed - back < (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) ? back : failed;
  }
  return failed;
}

/** JSON text -> a validated scenario file, or issues naming the line and column or the JSON path. */
export function parseScenarioText(text: string, file: string): ParseResult<ScenarioFile> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return fail(file, 'the file is empty; a scenario file holds one JSON object');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return fail(file, `not valid JSON: ${jsonErrorWhere(body, error)}`);
  }
  // JSON.parse keeps the last of two equal keys and takes any depth; the scanner reports both.
  const problem = findJsonSyntaxProblem(body);
  if (problem) return fail(file, `${problem.reason} at line ${problem.line}, column ${problem.column}${problem.consequence ? `: ${problem.consequence}` : ''}`);
  return parseScenario(data, file);
}

function jsonErrorWhere(text: string, error: unknown): string {
  const problem = findJsonSyntaxProblem(text);
  if (problem) return `${problem.reason} at line ${problem.line}, column ${problem.column}`;
  return error instanceof Error ? error.message : String(error);
}

function fail(file: string, message: string): { ok: false; issues: ScenarioIssue[] } {
  return { ok: false, issues: [{ file, path: '', message }] };
}

/** The file's name without folders and `.json`: a preset's id must equal it. */
export function fileStem(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.json$/i, '');
}

/**
 * Scenario JSON as the presets are written: two-space indentation with each sheet row on one line,
 * so a diff of a sheet shows the rows that changed.
 */
export function formatScenarioJson(scenario: ScenarioFile | FullScenario): string {
  const rowsOnOneLine = (value: unknown, indent: string): string => {
    if (Array.isArray(value) && value.every((item) => !Array.isArray(item) && (typeof item !== 'object' || item === null))) {
      return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      const inner = `${indent}  `;
      return `[\n${value.map((item) => inner + rowsOnOneLine(item, inner)).join(',\n')}\n${indent}]`;
    }
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value).filter(([, item]) => item !== undefined);
      if (entries.length === 0) return '{}';
      const inner = `${indent}  `;
      return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${rowsOnOneLine(item, inner)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(value);
  };
  return `${rowsOnOneLine(scenario, '')}\n`;
}

/** Parses a file from `scenarios/`, whose id must equal its file name. */
export function parsePresetText(text: string, file: string): ParseResult<ScenarioSource> {
  const parsed = parseScenarioText(text, file);
  if (!parsed.ok) return parsed;
  const stem = fileStem(file);
  if (parsed.value.id !== stem) {
    return { ok: false, issues: [{ file, path: 'id', message: `a preset's id must equal its file name: "${parsed.value.id}" in ${stem}.json` }] };
  }
  return { ok: true, value: { scenario: parsed.value, file } };
}

/**
 * Resolves `extends` the same way everywhere: a scenario beside the file first (when the caller can
 * look there), else a preset.
 */
export function resolveWithPresets(
  source: ScenarioSource,
  presets: readonly ScenarioSource[],
  beside: (id: string, from: ScenarioSource) => ScenarioSource | undefined = () => undefined,
): ParseResult<ResolvedScenario> {
  return resolveScenario(source, (id, from) => beside(id, from) ?? presets.find((preset) => preset.scenario.id === id));
}
