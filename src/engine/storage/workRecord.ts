/**
 * How a scenario's work is stored: the keys, the record a tab checks before every write, the scenarios
 * written beside it (version 2; version 1 held them in the record and still opens), and the list of stored work.
 */
import { formatIssue, parseScenario, type FullScenario } from '../../model';
import type { ChainLink } from '../../shared/messages';
import { messageOf } from '../../shared/errors';
import type { DocMeta } from '../session/docSession';
import type { EngineStorage } from './storage';

export const DOC_KEY = (docId: string) => `doc:${docId}`;
export const DATA_KEY = (docId: string) => `data:${docId}`;
export const INDEX_KEY = 'index';
/** Where the page was, as it last said. */
export const SESSION_KEY = 'session';
const RECORD_FORMAT = 'tradesheet-work';

/** A scenario's line in the list of stored work. */
export interface IndexEntry {
  kind: 'preset' | 'user';
  id: string;
  name: string;
  description: string;
  chain: ChainLink[];
  savedAt: number;
}

/**
 * A scenario's stored work, in two values written together: this small record under DOC_KEY, which a
 * tab reads before every write to check the stamp, and the scenarios under DATA_KEY, which it does not
 * read then (read to check a stamp, a 1,000,000-cell sheet cost ~0.1 s of structured-clone reading at every save).
 * Version 1 held the scenarios in the record; such a record still opens, and is stored as version 2 at its next save.
 */
interface WorkRecord {
  format: typeof RECORD_FORMAT;
  version: 2;
  meta: DocMeta;
  structureTouched: boolean;
  /** Which engine wrote it, and its count of writes: a tab stores over a record only if it holds the one it read. */
  stamp: string;
}

interface WorkData {
  /** The record's stamp: the two were written together. */
  stamp: string;
  current: unknown;
  base: unknown;
}

/** What a save stores of a scenario. */
export interface WorkContents {
  meta: DocMeta;
  current: unknown;
  base: unknown;
  structureTouched: boolean;
}

/** A scenario's work as read back, with the stamp of the write that stored it. */
export interface StoredWork {
  meta: DocMeta;
  current: FullScenario;
  base: FullScenario;
  structureTouched: boolean;
  stamp: string | null;
}

/** The two values a save writes: the record a tab checks, and beside it the scenarios. */
export function workValues({ meta, structureTouched, current, base }: WorkContents, stamp: string): { record: WorkRecord; data: WorkData } {
  return { record: { format: RECORD_FORMAT, version: 2, meta, structureTouched, stamp }, data: { stamp, current, base } };
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

/** A scenario's stored work: undefined when none is stored, a string saying why it cannot be opened. */
export async function readRecord(storage: EngineStorage, docId: string): Promise<StoredWork | string | undefined> {
  let stored: unknown;
  let storedData: unknown;
  try {
    [stored, storedData] = await storage.getMany([DOC_KEY(docId), DATA_KEY(docId)]);
  } catch (error) {
    return `Stored work for "${docId}" could not be read: ${messageOf(error)}`;
  }
  if (stored === undefined) return undefined;
  const record = stored as Partial<Omit<WorkRecord, 'version'>> & { version?: unknown };
  if (record.format !== RECORD_FORMAT || (record.version !== 1 && record.version !== 2) || !record.meta) return `Stored work for "${docId}" is in an unknown format and was not opened.`;
  // Version 1 kept the scenarios in the record itself.
  const data = (record.version === 1 ? stored : storedData) as Partial<WorkData> | undefined;
  if (!data || (record.version === 2 && data.stamp !== record.stamp)) return `Stored work for "${docId}" is incomplete: its scenarios are missing, and it was not opened.`;
  const current = parseScenario(data.current, `stored ${docId}`);
  const base = parseScenario(data.base, `stored ${docId} (preset)`);
  if (!current.ok) return current.issues.map(formatIssue).join('\n');
  if (!base.ok) return base.issues.map(formatIssue).join('\n');
  if ('extends' in current.value || 'extends' in base.value) return `Stored work for "${docId}" is not a full scenario.`;
  return { meta: record.meta, current: current.value, base: base.value, structureTouched: record.structureTouched === true, stamp: stampOf(record) };
}
