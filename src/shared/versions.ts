/** The part of the engine's contract that keeps a scenario's versions: list them, save a named one, open one read-only, restore one, delete one. */
import type { CellContent } from '../model';
import type { Update, WindowRequest } from './messages';

/** A version opened read-only lives under `version:<docId>:<versionId>`: the editor and the compare view open it as any scenario, and it refuses edits. */
export const VERSION_DOC_PREFIX = 'version:';
/** The id of the oldest version, always listed: the preset as it ships (or a scenario of one's own as it was first kept). */
export const ORIGIN_VERSION = 'origin';

// The policy the engine keeps and the History panel states.
/** At most one automatic version per scenario in this time: a day of editing makes about a hundred, and the store keeps the last MAX_AUTOMATIC_VERSIONS. */
export const AUTOMATIC_INTERVAL_MS = 5 * 60 * 1000;
/** Editing has paused once no edit came for this long. */
export const EDITING_PAUSE_MS = 3000;
/** Automatic versions kept per scenario; the oldest goes first. Named versions do not count. */
export const MAX_AUTOMATIC_VERSIONS = 50;

export function versionDocId(docId: string, versionId: string): string {
  return `${VERSION_DOC_PREFIX}${docId}:${versionId}`;
}

export function isVersionDoc(docId: string | null | undefined): boolean {
  return docId?.startsWith(VERSION_DOC_PREFIX) ?? false;
}

/** The scenario and the version a read-only doc id names; a scenario's doc id may itself hold ":" (`u:my-deal`), a version's id never does. */
export function parseVersionDoc(docId: string): { docId: string; versionId: string } | undefined {
  if (!isVersionDoc(docId)) return undefined;
  const rest = docId.slice(VERSION_DOC_PREFIX.length);
  const cut = rest.lastIndexOf(':');
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  return { docId: rest.slice(0, cut), versionId: rest.slice(cut + 1) };
}

/** A changed cell, named as a person reads it (`Inputs!B2`), with what it held before and after. */
export interface VersionCellChange {
  sheet: string;
  address: string;
  before: CellContent;
  after: CellContent;
}

/** What a version changed since the one before it. */
export interface VersionChanges {
  cellCount: number;
  /** The first changed cells, sheet by sheet in reading order; `cellCount` counts them all. */
  cells: VersionCellChange[];
  /** Inputs whose value or range changed, by name. */
  inputs: string[];
  sheetsAdded: string[];
  sheetsRemoved: string[];
  /** Whether any cell's number format changed. */
  formatsChanged: boolean;
}

export interface VersionSummary {
  id: string;
  /** `origin`: the preset (or the scenario as first kept), never stored as a copy and never dropped. */
  kind: 'origin' | 'automatic' | 'named';
  name: string;
  /** When it was taken (ms since 1970); null for the origin. */
  time: number | null;
  /** Since the version before it; null for the origin. */
  changes: VersionChanges | null;
  /** What it takes in storage, in characters of JSON; 0 for the origin. */
  size: number;
}

export type VersionAnswer = { ok: true; version: VersionSummary } | { ok: false; problem: string };

export interface Versions {
  /** The scenario's versions, newest first; the origin last. */
  listVersions(docId: string): Promise<{ ok: true; versions: VersionSummary[] } | { ok: false; problem: string }>;
  /** Keeps the scenario as it stands under a name the person gave; it stays until they delete it. */
  saveVersion(docId: string, name: string): Promise<VersionAnswer>;
  /** Brings a version back into the open scenario as one undo step; a version that cannot be read comes back as the Update's problem, nothing changed. */
  restoreVersion(docId: string, versionId: string, request: WindowRequest | null): Promise<Update>;
  /** Deletes a named version. */
  deleteVersion(docId: string, versionId: string): Promise<{ ok: true } | { ok: false; problem: string }>;
}
