/**
 * How a scenario's work is stored: the keys, the record a tab checks before every write, and beside it the
 * scenario's parts other than its sheets and its sheets in blocks of rows (version 3; version 2 kept both
 * scenarios whole beside the record, version 1 inside it: both still open), and the list of stored work.
 */
import { formatIssue, parseScenario, type FullScenario } from '../../model';
import type { ChainLink } from '../../shared/messages';
import { messageOf } from '../../shared/errors';
import type { DocMeta } from '../session/docSession';
import { noMarks, type UnsavedMarks } from '../session/unsavedRows';
import { assembleSheets, blockKeys, planBlocks, sheetBlocksOf, wholeSheets, type PartName, type SheetBlocks, type SheetSource } from './blocks';
import type { EngineStorage } from './storage';

export const DOC_KEY = (docId: string) => `doc:${docId}`;
/** The scenario as it stands less its sheets' cells (version 2: both scenarios whole). */
export const DATA_KEY = (docId: string) => `data:${docId}`;
/** The preset's copy less its sheets' cells, written only when it changes. */
export const BASE_KEY = (docId: string) => `base:${docId}`;
export const INDEX_KEY = 'index';
/** Where the page was, as it last said. */
export const SESSION_KEY = 'session';
const RECORD_FORMAT = 'tradesheet-work';
/** How many times a read starts again when another tab's save changed the blocks under it. */
const READ_ATTEMPTS = 3;

/** A scenario's line in the list of stored work. */
export interface IndexEntry {
  kind: 'preset' | 'user';
  id: string;
  name: string;
  description: string;
  chain: ChainLink[];
  savedAt: number;
}

/** One scenario of the stored work: the stamp of the write that stored its parts beside the sheets, and its sheets' blocks. */
export interface StoredPart {
  stamp: string;
  sheets: SheetBlocks[];
}

/** Where a scenario's two parts are stored, as a record lists them. */
export interface WorkLayout {
  current: StoredPart;
  base: StoredPart;
}

/**
 * A scenario's stored work: this small record under DOC_KEY, which a tab reads before every write to check
 * the stamp, and which lists what is stored beside it: the scenario's parts other than its sheets (DATA_KEY,
 * written at every save, so fields the format gains are stored as they are), the preset's copy (BASE_KEY,
 * written when it changes), and each sheet of both in blocks of rows, of which a save writes those it changed.
 * All are written in one transaction. Versions 1 and 2 open, and are stored as version 3 at the next save.
 */
interface WorkRecord extends WorkLayout {
  format: typeof RECORD_FORMAT;
  version: 3;
  meta: DocMeta;
  structureTouched: boolean;
  /** Which engine wrote it, and its count of writes: a tab stores over a record only if it holds the one it read. */
  stamp: string;
}

/** A scenario's parts other than its sheets, as stored beside the record. */
interface StoredScenario {
  stamp: string;
  scenario: Omit<FullScenario, 'sheets'>;
}

/** What a save stores of a scenario: its sheets are read block by block, only where the blocks are written. */
export interface WorkSource {
  meta: DocMeta;
  structureTouched: boolean;
  /** The scenario as it stands less its sheets' cells. */
  scenario: Omit<FullScenario, 'sheets'>;
  sheets: readonly SheetSource[];
  /** The preset's copy, read only when it must be written: at the first save, and after rows, columns or sheets changed. */
  base(): FullScenario;
  /** What changed since the last stored write. */
  marks: UnsavedMarks;
}

/** A scenario's work as read back, with the stamp of the write that stored it and where it lies (none for versions 1 and 2). */
export interface StoredWork {
  meta: DocMeta;
  current: FullScenario;
  base: FullScenario;
  structureTouched: boolean;
  stamp: string | null;
  layout: WorkLayout | undefined;
}

/**
 * The record a save writes and the values beside it: the scenario's parts other than its sheets, the
 * blocks that changed since `stored` (all when nothing stored is known), and the preset's copy when it
 * is not known to be stored or rows, columns or sheets changed.
 */
export function workValues(source: WorkSource, stored: WorkLayout | undefined, stamp: string): { record: WorkRecord; values: Record<string, unknown> } {
  const { docId } = source.meta;
  const current = planBlocks(docId, 'current', source.sheets, stored?.current.sheets, source.marks, stamp);
  const values: Record<string, unknown> = { [DATA_KEY(docId)]: { stamp, scenario: source.scenario } satisfies StoredScenario };
  let base: StoredPart;
  if (!stored || source.marks.structure) {
    const { sheets, ...scenario } = source.base();
    const planned = planBlocks(docId, 'base', wholeSheets(sheets), undefined, noMarks(), stamp);
    values[BASE_KEY(docId)] = { stamp, scenario } satisfies StoredScenario;
    for (const [key, block] of planned.writes) values[key] = block;
    base = { stamp, sheets: planned.sheets };
  } else {
    // Only rows, columns and sheets change the preset's copy; its tabs follow the scenario's order.
    const order = source.sheets.map((sheet) => sheet.name);
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    base = { ...stored.base, sheets: stored.base.sheets.toSorted((a, b) => rank(a.name) - rank(b.name)) };
  }
  for (const [key, block] of current.writes) values[key] = block;
  const record: WorkRecord = { format: RECORD_FORMAT, version: 3, meta: source.meta, structureTouched: source.structureTouched, stamp, current: { stamp, sheets: current.sheets }, base };
  return { record, values };
}

/** What a write over `stored` deletes: the blocks it lists that `next` does not (a sheet shrank, was renamed or removed); all of it when `next` is none. */
export function obsoleteValues(docId: string, stored: unknown, next: WorkLayout | undefined): Record<string, undefined> {
  const kept = new Set(next ? [...blockKeys(next.current.sheets), ...blockKeys(next.base.sheets)] : []);
  const layout = layoutOf(stored);
  const listed = layout ? [...blockKeys(layout.current.sheets), ...blockKeys(layout.base.sheets)] : [];
  const gone: Record<string, undefined> = Object.fromEntries(listed.filter((key) => !kept.has(key)).map((key) => [key, undefined]));
  if (!next) {
    gone[DATA_KEY(docId)] = undefined;
    gone[BASE_KEY(docId)] = undefined;
  }
  return gone;
}

export function stampOf(stored: unknown): string | null {
  const stamp = typeof stored === 'object' && stored !== null ? (stored as { stamp?: unknown }).stamp : undefined;
  return typeof stamp === 'string' ? stamp : null;
}

/** The stored list of work with one scenario's entry set (null: removed), keeping what other tabs stored. */
export function withEntry(stored: unknown, docId: string, entry: IndexEntry | null): Record<string, IndexEntry> {
  const others = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? Object.entries(stored as Record<string, IndexEntry>) : [];
  const kept = others.filter(([key]) => key !== docId);
  return Object.fromEntries(entry ? [...kept, [docId, entry]] : kept);
}

/** Where a version 3 record's parts lie; undefined for any other value. */
function layoutOf(stored: unknown): WorkLayout | undefined {
  const record = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<PartName, Partial<StoredPart>>> & { version?: unknown };
  if (record.version !== 3) return undefined;
  const part = (name: PartName): StoredPart | undefined => {
    const stamp = record[name]?.stamp;
    const sheets = sheetBlocksOf(record[name]?.sheets);
    return typeof stamp === 'string' && sheets ? { stamp, sheets } : undefined;
  };
  const current = part('current');
  const base = part('base');
  return current && base ? { current, base } : undefined;
}

/** A scenario's stored work: undefined when none is stored, a string saying why it cannot be opened. */
export async function readRecord(storage: EngineStorage, docId: string): Promise<StoredWork | string | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const read = await readOnce(storage, docId);
    if (read !== STALE) return read;
    if (attempt === READ_ATTEMPTS) return `Stored work for "${docId}" changed each time it was read (another tab keeps saving it), and it was not opened: reload the page to try again.`;
  }
}

/** A read that found a block of another write than its record lists, while another tab stored a newer record. */
const STALE = Symbol('stale');

async function readOnce(storage: EngineStorage, docId: string): Promise<StoredWork | string | undefined | typeof STALE> {
  let stored: unknown;
  let storedData: unknown;
  try {
    [stored, storedData] = await storage.getMany([DOC_KEY(docId), DATA_KEY(docId)]);
  } catch (error) {
    return `Stored work for "${docId}" could not be read: ${messageOf(error)}`;
  }
  if (stored === undefined) return undefined;
  const record = stored as Partial<Omit<WorkRecord, 'version'>> & { version?: unknown };
  const unknownFormat = `Stored work for "${docId}" is in an unknown format and was not opened.`;
  if (record.format !== RECORD_FORMAT || !record.meta) return unknownFormat;
  const incomplete = (what: string) => `Stored work for "${docId}" is incomplete: ${what}, and it was not opened.`;
  let current: unknown;
  let base: unknown;
  const layout = layoutOf(stored);
  if (record.version === 1 || record.version === 2) {
    // Version 1 kept the scenarios in the record itself, version 2 beside it.
    const data = (record.version === 1 ? stored : storedData) as { stamp?: unknown; current?: unknown; base?: unknown } | undefined;
    if (!data || (record.version === 2 && data.stamp !== record.stamp)) return incomplete('its scenarios are missing');
    ({ current, base } = data);
  } else if (layout) {
    const parts = await readParts(storage, docId, layout, storedData);
    if ('problem' in parts) {
      // A part of another write than the record lists: another tab stored a newer record meanwhile, or the part was lost.
      if (parts.stale && (await stampStill(storage, docId)) !== record.stamp) return STALE;
      return incomplete(parts.problem);
    }
    ({ current, base } = parts);
  } else {
    return unknownFormat;
  }
  const parsedCurrent = parseScenario(current, `stored ${docId}`);
  const parsedBase = parseScenario(base, `stored ${docId} (preset)`);
  if (!parsedCurrent.ok) return parsedCurrent.issues.map(formatIssue).join('\n');
  if (!parsedBase.ok) return parsedBase.issues.map(formatIssue).join('\n');
  if ('extends' in parsedCurrent.value || 'extends' in parsedBase.value) return `Stored work for "${docId}" is not a full scenario.`;
  return { meta: record.meta, current: parsedCurrent.value, base: parsedBase.value, structureTouched: record.structureTouched === true, stamp: stampOf(record), layout };
}

/** Both scenarios of a version 3 record, assembled from the values it lists; or what is missing, `stale` when a part is of another write. */
async function readParts(
  storage: EngineStorage,
  docId: string,
  layout: WorkLayout,
  storedData: unknown,
): Promise<{ current: unknown; base: unknown } | { problem: string; stale: boolean }> {
  const keys = [BASE_KEY(docId), ...blockKeys(layout.current.sheets), ...blockKeys(layout.base.sheets)];
  let values: unknown[];
  try {
    values = await storage.getMany(keys);
  } catch (error) {
    return { problem: `its sheets could not be read (${messageOf(error)})`, stale: false };
  }
  const byKey = new Map(keys.map((key, index) => [key, values[index]]));
  const parts: Partial<Record<PartName, unknown>> = {};
  for (const [name, stored] of [['current', storedData], ['base', byKey.get(BASE_KEY(docId))]] as const) {
    const part = layout[name];
    const where = name === 'base' ? 'in the copy of the preset kept beside it, ' : '';
    const header = stored as Partial<StoredScenario> | undefined;
    if (typeof header !== 'object' || header === null || typeof header.scenario !== 'object' || header.scenario === null) {
      return { problem: `${where}the scenario's inputs and outputs are missing`, stale: false };
    }
    if (header.stamp !== part.stamp) return { problem: `${where}the scenario's inputs and outputs were stored by another save than its sheets`, stale: true };
    const assembled = assembleSheets(part.sheets, byKey);
    if (!assembled.ok) return { problem: `${where}${assembled.problem}`, stale: assembled.stale };
    parts[name] = { ...header.scenario, sheets: assembled.sheets };
  }
  return { current: parts.current, base: parts.base };
}

async function stampStill(storage: EngineStorage, docId: string): Promise<string | null> {
  try {
    return stampOf(await storage.get(DOC_KEY(docId)));
  } catch {
    return null;
  }
}
