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
} from '../model';
import { findJsonSyntaxProblem } from './jsonSyntax';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a file's bytes as UTF-8, refusing invalid sequences rather than guessing. */
export function decodeScenarioBytes(bytes: Uint8Array, file: string): ParseResult<string> {
  try {
    return { ok: true, value: utf8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, issues: [{ file, path: '', message: `not valid UTF-8 text (first bad byte at offset ${at}); save the file as UTF-8` }] };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let end = 1; end <= bytes.length; end += 1) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
    } catch {
      return end - 1;
    }
  }
  return bytes.length;
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
