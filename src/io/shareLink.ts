/** Scenario links: a scenario, or a preset's id and what differs from it, deflated into a URL's fragment (`#share=v1.<base64url>`) and read back as strictly as a scenario file. */
import { z } from 'zod';
import { MAX_COLUMNS, MAX_ROWS, formatLocalAddress, parseLocalAddress } from '../model/address';
import {
  SCENARIO_TYPE,
  SCENARIO_VERSION,
  forbiddenKeyIssues,
  formatPath,
  parseScenario,
  sheetWidth,
  type CellContent,
  type FullScenario,
  type ParseResult,
  type ResolvedScenario,
  type ScenarioFile,
  type ScenarioIssue,
  type ScenarioSource,
} from '../model/scenario';
import { findJsonSyntaxProblem } from './jsonSyntax';
import { MAX_SCENARIO_FILE_BYTES, decodeScenarioBytes, resolveWithPresets } from './scenarioFile';

/** What a link's fragment begins with; the format's version follows, so a later format can be told apart and refused clearly. */
export const SHARE_KEY = 'share=';
export const SHARE_VERSION = 'v1';
/** Browsers, chat apps and mail clients start to cut or refuse URLs past a few tens of KB; a larger scenario travels as a file. */
export const MAX_SHARE_LINK_CHARS = 32 * 1024;
/** A link unpacks to no more than a scenario file may hold, and inflating stops as soon as it would. */
export const MAX_SHARED_BYTES = MAX_SCENARIO_FILE_BYTES;
/** A change list names a sheet's size, and a few bytes could ask for billions of empty cells: no more than a 20 MB file could hold (a cell and a comma each). */
const MAX_SHARED_CELLS = MAX_SCENARIO_FILE_BYTES / 2;
/** How messages name a link, where a file's would name its path. */
export const LINK_FILE = 'the link';
const KB = 1024;
const MB = 1024 * 1024;

/** One sheet of a change list: the preset's sheet at this size (else its own) with these cells written (`{}` keeps it as it is), or a sheet given whole. */
export type SheetChanges = { size?: [rows: number, cols: number]; cells?: Record<string, CellContent> } | { rows: CellContent[][] };

/** What a link carries once unpacked: a whole scenario file, or what differs from a preset. */
export type SharePayload =
  | { scenario: ScenarioFile }
  | {
      preset: string;
      /** Each left out when it is the preset's. */
      id?: string;
      name?: string;
      description?: string;
      sheets: Record<string, SheetChanges>;
      /** Present only when they differ from the preset's. */
      inputs?: FullScenario['inputs'];
      outputs?: FullScenario['outputs'];
      /** The number formats that differ from the preset's: a code for a key new or changed, null for a preset's key gone. */
      formats?: Record<string, string | null>;
    };

export interface SharedScenario {
  /** The scenario the link gives, validated as a file named "the link". */
  source: ScenarioSource;
  resolved: ResolvedScenario;
  /** For a change list: the preset it changes, resolved, so what changed can be shown against it. */
  preset: { id: string; scenario: FullScenario } | undefined;
}

// Writing a link

/** The smallest way to say this scenario: what differs from whichever preset it is closest to, or the whole of it. */
export function sharePayload(scenario: FullScenario, presets: readonly ScenarioSource[]): SharePayload {
  // The schema path helps an editor with a file on disk; in a link it is bytes for nothing.
  const file: ScenarioFile = { ...scenario };
  delete file.$schema;
  let best: SharePayload = { scenario: file };
  let bestLength = JSON.stringify(best).length;
  for (const source of presets) {
    const resolved = resolveWithPresets(source, presets);
    if (!resolved.ok) continue;
    const changes = changesFrom(scenario, source.scenario.id, resolved.value.scenario);
    if (!changes) continue;
    const length = JSON.stringify(changes).length;
    if (length < bestLength) {
      best = changes;
      bestLength = length;
    }
  }
  return best;
}

/** What differs from the preset; undefined when no sheet of it is worth starting from (then the scenario is not built on it). */
function changesFrom(scenario: FullScenario, presetId: string, preset: FullScenario): SharePayload | undefined {
  const sheets = Object.entries(scenario.sheets).map(([name, rows]): [string, SheetChanges] => {
    const before = Object.hasOwn(preset.sheets, name) ? preset.sheets[name] : undefined;
    if (!before) return [name, { rows }];
    const cols = sheetWidth(rows);
    const cells: [string, CellContent][] = [];
    rows.forEach((row, r) => {
      for (let c = 0; c < cols; c += 1) {
        const after = row[c] ?? null;
        if (after !== (before[r]?.[c] ?? null)) cells.push([formatLocalAddress(r, c), after]);
      }
    });
    const sameSize = rows.length === before.length && cols === sheetWidth(before);
    const patch: SheetChanges = { ...(sameSize ? {} : { size: [rows.length, cols] }), ...(cells.length === 0 ? {} : { cells: Object.fromEntries(cells) }) };
    // Rows inserted at the top move every cell below: then the sheet itself is shorter than its changes.
    return [name, JSON.stringify(patch).length < JSON.stringify(rows).length ? patch : { rows }];
  });
  if (sheets.every(([, sheet]) => 'rows' in sheet)) return undefined;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return {
    preset: presetId,
    ...(scenario.id === preset.id ? {} : { id: scenario.id }),
    ...(scenario.name === preset.name ? {} : { name: scenario.name }),
    ...(scenario.description === preset.description ? {} : { description: scenario.description }),
    sheets: Object.fromEntries(sheets),
    ...(same(scenario.inputs, preset.inputs) ? {} : { inputs: scenario.inputs }),
    ...(same(scenario.outputs, preset.outputs) ? {} : { outputs: scenario.outputs }),
    ...formatChanges(scenario.formats, preset.formats),
  };
}

/** The formats keys whose code differs from the preset's (null: the preset's key is gone); nothing when none do. */
function formatChanges(formats: FullScenario['formats'], preset: FullScenario['formats']): { formats?: Record<string, string | null> } {
  const changes: [string, string | null][] = Object.entries(formats ?? {}).filter(([key, code]) => !preset || !Object.hasOwn(preset, key) || preset[key] !== code);
  for (const key of Object.keys(preset ?? {})) if (!formats || !Object.hasOwn(formats, key)) changes.push([key, null]);
  return changes.length > 0 ? { formats: Object.fromEntries(changes) } : {};
}

/** The payload as a fragment, `share=v1.<base64url of its deflated JSON>`, and how many bytes it unpacks to. */
export async function encodeSharePayload(payload: SharePayload): Promise<{ fragment: string; unpackedBytes: number }> {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  const packed = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return { fragment: `${SHARE_KEY}${SHARE_VERSION}.${toBase64Url(new Uint8Array(packed))}`, unpackedBytes: bytes.length };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: spreading a whole large array into one call overflows the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

// Reading a link

/** A URL with `#share=`, the fragment alone (`#share=…`), or its text (`share=…`). */
export function isShareLink(text: string): boolean {
  return /(^|#)share=/.test(text.trim());
}

/** The link's deflated bytes: its length, its version and its characters checked, nothing unpacked yet. */
export function shareLinkBytes(link: string): ParseResult<Uint8Array> {
  const text = link.trim();
  if (text.length > MAX_SHARE_LINK_CHARS) {
    return fail(`too long: a link may be at most ${MAX_SHARE_LINK_CHARS / KB} KB (${MAX_SHARE_LINK_CHARS.toLocaleString('en-US')} characters); this one has ${text.length.toLocaleString('en-US')}`);
  }
  const found = /(^|#)share=/.exec(text);
  if (!found) return fail('not a tradesheet link: it has no "#share=" part');
  const start = found.index + found[0].length;
  const versioned = /^v(\d+)\./.exec(text.slice(start));
  if (!versioned) return fail(`the "#share=" part must begin with "${SHARE_VERSION}."`);
  if (`v${versioned[1] ?? ''}` !== SHARE_VERSION) return fail(`in format v${versioned[1] ?? ''}, made by another version of tradesheet; this one reads ${SHARE_VERSION} links`);
  const dataStart = start + versioned[0].length;
  const data = text.slice(dataStart);
  if (data === '') return fail('carries no scenario: nothing follows "share=v1."');
  const bad = /[^A-Za-z0-9_-]/.exec(data);
  if (bad) return fail(`damaged: ${JSON.stringify(bad[0])} at character ${(dataStart + bad.index + 1).toLocaleString('en-US')} is not one a link's data is written in (A–Z, a–z, 0–9, "-", "_")`);
  // Four characters carry three bytes: one left over cannot carry a whole byte.
  if (data.length % 4 === 1) return fail('cut short: its data ends in the middle of a byte');
  const binary = atob(data.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at += 1) bytes[at] = binary.charCodeAt(at);
  return { ok: true, value: bytes };
}

/** Said of data that does not inflate: cut short, altered, or never deflated. */
export function damagedLinkIssue(): ScenarioIssue {
  return { file: LINK_FILE, path: '', message: 'damaged or cut short: its data does not unpack (copy the whole link again)' };
}

/** Said of data that inflates past MAX_SHARED_BYTES: inflating stopped there. */
export function oversizedLinkIssue(): ScenarioIssue {
  return { file: LINK_FILE, path: '', message: `unpacks to more than ${MAX_SHARED_BYTES / MB} MB, the most a scenario file may hold; it was not unpacked further` };
}

/** Inflates the link's bytes, stopping as soon as the output passes MAX_SHARED_BYTES, so a small link cannot fill the memory. */
export async function inflateShareBytes(bytes: Uint8Array<ArrayBuffer>): Promise<ParseResult<Uint8Array>> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      total += read.value.length;
      if (total > MAX_SHARED_BYTES) {
        await reader.cancel();
        return { ok: false, issues: [oversizedLinkIssue()] };
      }
      chunks.push(read.value);
    }
  } catch {
    return { ok: false, issues: [damagedLinkIssue()] };
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, value: joined };
}

/** Reads a link whole: its bytes, inflated, then the scenario as readSharedPayload judges it. */
export async function openShareLink(link: string, presets: readonly ScenarioSource[]): Promise<ParseResult<SharedScenario>> {
  const bytes = shareLinkBytes(link);
  if (!bytes.ok) return bytes;
  const inflated = await inflateShareBytes(new Uint8Array(bytes.value));
  return inflated.ok ? readSharedPayload(inflated.value, presets) : inflated;
}

const sheetChangesSchema = z.union(
  [
    z.strictObject({ size: z.tuple([z.int().min(0).max(MAX_ROWS), z.int().min(0).max(MAX_COLUMNS)]).optional(), cells: z.record(z.string(), z.unknown()).optional() }),
    z.strictObject({ rows: z.array(z.array(z.unknown())) }),
  ],
  { error: `a sheet must be { "size"?: [rows, columns] (at most ${MAX_ROWS} × ${MAX_COLUMNS}), "cells"?: { "B4": … } } or { "rows": [[…]] }` },
);
const changesSchema = z.strictObject({
  preset: z.string({ error: 'preset must be the id of a preset' }),
  id: z.unknown().optional(),
  name: z.unknown().optional(),
  description: z.unknown().optional(),
  sheets: z.record(z.string(), sheetChangesSchema, { error: 'sheets must map each sheet name to its changes' }),
  inputs: z.unknown().optional(),
  outputs: z.unknown().optional(),
  formats: z.record(z.string(), z.union([z.string(), z.null()]), { error: 'formats must map a cell or range to a format code, or to null for one of the preset\'s taken away' }).optional(),
});
const wholeSchema = z.strictObject({ scenario: z.unknown() });
type Changes = z.infer<typeof changesSchema>;

/** An inflated link: UTF-8 JSON, its wrapper, then the scenario it gives checked as a scenario file is and resolved against the presets. */
export function readSharedPayload(inflated: Uint8Array, presets: readonly ScenarioSource[]): ParseResult<SharedScenario> {
  const text = decodeScenarioBytes(inflated, LINK_FILE);
  if (!text.ok) return text;
  // The scanner also catches what JSON.parse lets through: a repeated key (a sheet silently lost) and deep nesting.
  const syntax = findJsonSyntaxProblem(text.value);
  if (syntax) return fail(`its data is not valid JSON: ${syntax.reason} at line ${syntax.line}, column ${syntax.column}`);
  let data: unknown;
  try {
    data = JSON.parse(text.value);
  } catch (error) {
    return fail(`its data is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('its data must be a JSON object');
  // Before zod copies anything: a "__proto__" key copied into a new object would set its prototype.
  const forbidden = forbiddenKeyIssues(data, LINK_FILE);
  if (forbidden.length > 0) return { ok: false, issues: forbidden };
  let scenarioData: unknown;
  let preset: SharedScenario['preset'];
  if ('scenario' in data) {
    const whole = wholeSchema.safeParse(data);
    if (!whole.success) return { ok: false, issues: zodIssues(whole.error) };
    scenarioData = whole.data.scenario;
  } else if ('preset' in data) {
    const changes = changesSchema.safeParse(data);
    if (!changes.success) return { ok: false, issues: zodIssues(changes.error) };
    const source = presets.find((candidate) => candidate.scenario.id === changes.data.preset);
    if (!source) return { ok: false, issues: [{ file: LINK_FILE, path: 'preset', message: `no preset with id "${changes.data.preset}" (presets: ${presets.map((p) => p.scenario.id).join(', ')})` }] };
    const resolvedPreset = resolveWithPresets(source, presets);
    if (!resolvedPreset.ok) return { ok: false, issues: [{ file: LINK_FILE, path: 'preset', message: `the preset "${changes.data.preset}" does not load` }, ...resolvedPreset.issues] };
    preset = { id: changes.data.preset, scenario: resolvedPreset.value.scenario };
    const rebuilt = withChanges(changes.data, preset.scenario);
    if (!rebuilt.ok) return rebuilt;
    scenarioData = rebuilt.value;
  } else {
    return fail('its data holds neither a "scenario" nor a "preset" and its changes');
  }
  const parsed = parseScenario(scenarioData, LINK_FILE);
  if (!parsed.ok) return parsed;
  const source: ScenarioSource = { scenario: parsed.value, file: LINK_FILE };
  const resolved = resolveWithPresets(source, presets);
  return resolved.ok ? { ok: true, value: { source, resolved: resolved.value, preset } } : resolved;
}

/** The preset with the link's changes written in, as scenario-file data for parseScenario to judge. */
function withChanges(changes: Changes, preset: FullScenario): ParseResult<Record<string, unknown>> {
  const issues: ScenarioIssue[] = [];
  let cells = 0;
  const sheets: [string, unknown[][]][] = [];
  for (const [name, sheet] of Object.entries(changes.sheets)) {
    if ('rows' in sheet) {
      sheets.push([name, sheet.rows]);
      continue;
    }
    const before = Object.hasOwn(preset.sheets, name) ? preset.sheets[name] : undefined;
    if (!before) {
      issues.push({ file: LINK_FILE, path: formatPath(['sheets', name]), message: `the preset has no sheet "${name}" to change; a new sheet comes whole, as { "rows": … }` });
      continue;
    }
    const [rows, cols] = sheet.size ?? [before.length, sheetWidth(before)];
    cells += rows * cols;
    if (cells > MAX_SHARED_CELLS) {
      const message = `the sheets would hold more than ${MAX_SHARED_CELLS.toLocaleString('en-US')} cells, more than a ${MAX_SCENARIO_FILE_BYTES / MB} MB scenario file can`;
      return { ok: false, issues: [{ file: LINK_FILE, path: formatPath(['sheets', name, 'size']), message }] };
    }
    const grid: unknown[][] = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => before[r]?.[c] ?? null));
    for (const [address, content] of Object.entries(sheet.cells ?? {})) {
      const at = parseLocalAddress(address);
      const row = at && grid[at.row];
      if (!at || !row || at.col >= cols) {
        const message = at ? `${address} lies outside the sheet's ${rows} rows × ${cols} columns` : `"${address}" is not a cell address such as "B4"`;
        issues.push({ file: LINK_FILE, path: formatPath(['sheets', name, 'cells', address]), message });
        continue;
      }
      row[at.col] = content;
    }
    sheets.push([name, grid]);
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      type: SCENARIO_TYPE,
      version: SCENARIO_VERSION,
      id: changes.id ?? preset.id,
      name: changes.name ?? preset.name,
      description: changes.description ?? preset.description,
      sheets: Object.fromEntries(sheets),
      inputs: changes.inputs ?? preset.inputs,
      outputs: changes.outputs ?? preset.outputs,
      ...withFormatChanges(preset.formats, changes.formats),
    },
  };
}

/** The preset's formats less the keys the link takes away, with the ones it gives after them, so they win where they overlap. */
function withFormatChanges(preset: FullScenario['formats'], changes: Changes['formats']): { formats?: Record<string, string> } {
  const kept = Object.entries(preset ?? {}).filter(([key]) => !changes || !Object.hasOwn(changes, key));
  const given = Object.entries(changes ?? {}).flatMap(([key, code]): [string, string][] => (code === null ? [] : [[key, code]]));
  const formats = [...kept, ...given];
  return formats.length > 0 ? { formats: Object.fromEntries(formats) } : {};
}

function zodIssues(error: z.ZodError): ScenarioIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({ file: LINK_FILE, path: formatPath(issue.path), message: issue.message }));
}

function fail(message: string): { ok: false; issues: ScenarioIssue[] } {
  return { ok: false, issues: [{ file: LINK_FILE, path: '', message }] };
}
