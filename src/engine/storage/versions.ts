/**
 * A scenario's versions in the browser's storage, beside its work and under keys of their own: the list
 * (`versions:<docId>`, small, oldest first), each version's content (`version:<docId>:<id>`, the scenario's
 * changes against its origin, as a share link carries them), and for a scenario of one's own the origin
 * those changes are read against (`versions-origin:<docId>`, stored once). A preset's origin is the preset
 * itself, never stored. The list is bounded: see MAX_AUTOMATIC_VERSIONS (shared/versions.ts) and MAX_VERSION_CHARS.
 */
import type { SharePayload } from '../../io/shareLink';
import type { FullScenario } from '../../model';
import { MAX_AUTOMATIC_VERSIONS, type VersionChanges } from '../../shared/versions';
import { UNCHANGED, type EngineStorage } from './storage';

/** What one scenario's versions may take, in characters of JSON: past it the oldest automatic versions go. */
export const MAX_VERSION_CHARS = 20 * 1024 * 1024;

const LIST_FORMAT = 'tradesheet-versions';
const LIST_KEY = (docId: string) => `versions:${docId}`;
const CONTENT_KEY = (docId: string, id: string) => `version:${docId}:${id}`;
const ORIGIN_KEY = (docId: string) => `versions-origin:${docId}`;
const MB = 1024 * 1024;

export interface StoredVersion {
  id: string;
  kind: 'automatic' | 'named';
  name: string;
  time: number;
  /** Since the version before it when it was taken. */
  changes: VersionChanges;
  /** Its content's length in characters of JSON. */
  size: number;
}

interface StoredList {
  format: typeof LIST_FORMAT;
  version: 1;
  /** Oldest first. */
  versions: StoredVersion[];
}

export interface VersionLimits {
  automatic: number;
  chars: number;
}

export class VersionFormatError extends Error {
  override name = 'VersionFormatError';
}

/** The stored list's versions; throws when what is stored there is not a list this engine wrote. */
function versionsIn(stored: unknown, docId: string): StoredVersion[] {
  if (stored === undefined) return [];
  const list = stored as Partial<StoredList> | null;
  if (list?.format !== LIST_FORMAT || list.version !== 1 || !Array.isArray(list.versions)) {
    throw new VersionFormatError(`The stored versions of "${docId}" are in an unknown format; they were left as they are.`);
  }
  return list.versions;
}

/**
 * The versions a list keeps within the limits, and those it drops: the oldest automatic versions go first,
 * named ones stay even past the size (the person asked for each).
 */
export function withinLimits(versions: readonly StoredVersion[], limits: VersionLimits): { kept: StoredVersion[]; dropped: StoredVersion[] } {
  const kept = [...versions];
  const dropped: StoredVersion[] = [];
  const total = () => kept.reduce((sum, version) => sum + version.size, 0);
  const dropOldestAutomatic = () => {
    const at = kept.findIndex((version) => version.kind === 'automatic');
    if (at < 0) return false;
    dropped.push(...kept.splice(at, 1));
    return true;
  };
  while (kept.filter((version) => version.kind === 'automatic').length > limits.automatic && dropOldestAutomatic());
  while (total() > limits.chars && dropOldestAutomatic());
  return { kept, dropped };
}

export class VersionStore {
  constructor(
    private readonly storage: EngineStorage,
    readonly limits: VersionLimits = { automatic: MAX_AUTOMATIC_VERSIONS, chars: MAX_VERSION_CHARS },
  ) {}

  /** The scenario's stored versions, oldest first; throws VersionFormatError for a list in an unknown format. */
  async list(docId: string): Promise<StoredVersion[]> {
    return versionsIn(await this.storage.get(LIST_KEY(docId)), docId);
  }

  /**
   * Stores a version and its content, with the list in one transaction, then deletes what the limits
   * dropped. An automatic version the limits would drop at once is not stored; a named one that would take
   * the named versions alone past the size is refused, and says so.
   */
  async add(docId: string, version: StoredVersion, content: SharePayload): Promise<{ ok: true; dropped: string[] } | { ok: false; problem: string }> {
    let dropped: StoredVersion[] = [];
    let problem: string | undefined;
    await this.storage.update(
      LIST_KEY(docId),
      (stored) => {
        const bounded = withinLimits([...versionsIn(stored, docId), version], this.limits);
        const total = bounded.kept.reduce((sum, kept) => sum + kept.size, 0);
        if (!bounded.kept.includes(version) || total > this.limits.chars) {
          problem = `This version would take ${(version.size / MB).toFixed(1)} MB, and the versions of a scenario may take ${this.limits.chars / MB} MB in all: delete a named version to make room.`;
          return UNCHANGED;
        }
        dropped = bounded.dropped;
        return { format: LIST_FORMAT, version: 1, versions: bounded.kept } satisfies StoredList;
      },
      { [CONTENT_KEY(docId, version.id)]: content },
    );
    if (problem !== undefined) return { ok: false, problem };
    for (const gone of dropped) await this.storage.update(CONTENT_KEY(docId, gone.id), () => undefined);
    return { ok: true, dropped: dropped.map((gone) => gone.id) };
  }

  /** A version's content; undefined when it is no longer stored. */
  async content(docId: string, id: string): Promise<SharePayload | undefined> {
    return (await this.storage.get(CONTENT_KEY(docId, id))) as SharePayload | undefined;
  }

  /** Deletes one version, its line and its content together; false when it was not listed. */
  remove(docId: string, id: string): Promise<boolean> {
    return this.storage.update(
      LIST_KEY(docId),
      (stored) => {
        const versions = versionsIn(stored, docId);
        if (!versions.some((version) => version.id === id)) return UNCHANGED;
        return { format: LIST_FORMAT, version: 1, versions: versions.filter((version) => version.id !== id) } satisfies StoredList;
      },
      { [CONTENT_KEY(docId, id)]: undefined },
    );
  }

  /** Deletes every version of a scenario the person deleted, and its origin. */
  async removeAll(docId: string): Promise<void> {
    let ids: string[] = [];
    await this.storage.update(LIST_KEY(docId), (stored) => {
      try {
        ids = versionsIn(stored, docId).map((version) => version.id);
      } catch {
        // A list this engine cannot read still goes with its scenario.
      }
      return undefined;
    }, { [ORIGIN_KEY(docId)]: undefined });
    for (const id of ids) await this.storage.update(CONTENT_KEY(docId, id), () => undefined);
  }

  /** The scenario a scenario of one's own keeps its versions' changes against; undefined until its first version. */
  async origin(docId: string): Promise<FullScenario | undefined> {
    return (await this.storage.get(ORIGIN_KEY(docId))) as FullScenario | undefined;
  }

  /** Stores the origin of a scenario of one's own, unless one is stored already (another tab's first version). */
  async keepOrigin(docId: string, origin: FullScenario): Promise<FullScenario> {
    let kept = origin;
    await this.storage.update(ORIGIN_KEY(docId), (stored) => {
      if (stored === undefined) return origin;
      kept = stored as FullScenario;
      return UNCHANGED;
    });
    return kept;
  }
}
