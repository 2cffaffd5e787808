/**
 * The work this browser stores, as one engine sees it: each scenario's record under the stamp this engine
 * read or wrote there, the list of stored work, and what the engines of other tabs say they stored.
 */
import type { SessionState } from '../../shared/messages';
import type { DocMeta } from '../session/docSession';
import { UNCHANGED, type EngineStorage } from './storage';
import { DOC_KEY, INDEX_KEY, SESSION_KEY, obsoleteValues, readRecord, stampOf, withEntry, workValues, type IndexEntry, type StoredWork, type WorkLayout, type WorkSource } from './workRecord';

/** What one engine tells the others when it stores or removes a scenario. */
interface StoredMessage {
  docId: string;
  stamp: string | null;
  entry: IndexEntry | null;
}

export class WorkStore {
  // Tabs: every record carries the stamp of its write, and this engine stores over a record only if it
  // holds the stamp it read or wrote there; otherwise another tab stored it meanwhile.
  private readonly engineId = Array.from(crypto.getRandomValues(new Uint32Array(2)), (part) => part.toString(36)).join('');
  private writes = 0;
  private readonly stamps = new Map<string, string | null>();
  /** Where the write this engine holds put each scenario's parts: a save writes only the blocks that changed since. */
  private readonly layouts = new Map<string, WorkLayout>();
  /** What each scenario's last read found, until `hold` says the engine built it. */
  private readonly lastRead = new Map<string, { stamp: string | null; layout: WorkLayout | undefined }>();
  private entries = new Map<string, IndexEntry>();

  /**
   * `channel` is where engines in other tabs hear of this one's writes, and it of theirs; `onStored` hears
   * that another tab stored or removed a scenario, and whether that differs from what this engine holds.
   */
  constructor(
    private readonly storage: EngineStorage,
    private readonly channel: BroadcastChannel | undefined,
    onStored: (docId: string, differs: boolean) => void,
  ) {
    channel?.addEventListener('message', (event) => {
      const message = event.data as Partial<StoredMessage>;
      if (typeof message.docId !== 'string') return;
      const { docId } = message;
      if (message.entry) this.entries.set(docId, message.entry);
      else this.entries.delete(docId);
      onStored(docId, (this.stamps.get(docId) ?? null) !== (message.stamp ?? null));
    });
  }

  /** The list of stored work by docId, with this tab's writes and other tabs' as they happen. */
  get index(): ReadonlyMap<string, IndexEntry> {
    return this.entries;
  }

  /** Reads the list of stored work; false when what is stored is not a list, which is then left as it is. Throws when storage fails. */
  async loadIndex(): Promise<boolean> {
    const stored = await this.storage.get(INDEX_KEY);
    if (stored !== undefined && (typeof stored !== 'object' || stored === null)) return false;
    this.entries = new Map(Object.entries((stored as Record<string, IndexEntry> | undefined) ?? {}));
    return true;
  }

  /** Where the page was, as it last said; null when nothing usable is stored. */
  async readSession(): Promise<SessionState | null> {
    try {
      const stored = (await this.storage.get(SESSION_KEY)) as SessionState | undefined;
      if (stored && typeof stored === 'object' && typeof stored.sheets === 'object') return stored;
    } catch {
      // Where the page was is a convenience: without it the page opens where it would the first time.
    }
    return null;
  }

  async saveSession(state: SessionState): Promise<void> {
    try {
      await this.storage.set(SESSION_KEY, state);
    } catch {
      // Where the page was is a convenience; the work itself reports its own storage problems.
    }
  }

  /** A scenario's stored work (see readRecord); once it is built, `hold` says this engine holds that write. */
  async read(docId: string): Promise<StoredWork | string | undefined> {
    const read = await readRecord(this.storage, docId);
    if (read && typeof read !== 'string') this.lastRead.set(docId, { stamp: read.stamp, layout: read.layout });
    else this.lastRead.delete(docId);
    return read;
  }

  /** This engine holds the scenario as the write with `stamp` stored it (as read: its next save writes only what changed since). */
  hold(docId: string, stamp: string | null): void {
    this.stamps.set(docId, stamp);
    const read = this.lastRead.get(docId);
    this.lastRead.delete(docId);
    if (read?.layout && read.stamp === stamp) this.layouts.set(docId, read.layout);
    else this.layouts.delete(docId);
  }

  /** This engine holds nothing stored of the scenario. */
  forget(docId: string): void {
    this.stamps.delete(docId);
    this.layouts.delete(docId);
  }

  /** Whether this engine knows what is stored of the scenario block by block, so a save writes only the blocks that changed. */
  knowsBlocks(docId: string): boolean {
    return this.layouts.has(docId);
  }

  /** Whether what is stored for a scenario is still the write this engine holds (no other tab stored it since). */
  async isCurrent(docId: string): Promise<boolean> {
    try {
      return stampOf(await this.storage.get(DOC_KEY(docId))) === (this.stamps.get(docId) ?? null);
    } catch {
      // Storage that cannot be read now could not give a newer version either.
      return true;
    }
  }

  /**
   * Stores a scenario's work (none: removes it), unless another tab stored it since this engine read it;
   * then the list of work. Only the blocks of rows changed since the write this engine holds are written,
   * and blocks the stored record lists that the new one does not are deleted, in the same transaction.
   */
  async store(meta: DocMeta, source: WorkSource | undefined): Promise<boolean> {
    const { docId, kind, id, name, description, chain } = meta;
    const entry = source ? { kind, id, name, description, chain, savedAt: Date.now() } : null;
    // Listed at once, so work the browser refuses to store can still be picked in this tab.
    if (entry) this.entries.set(docId, entry);
    const known = this.stamps.get(docId) ?? null;
    const work = source ? workValues(source, this.layouts.get(docId), `${this.engineId}:${(this.writes += 1)}`) : undefined;
    const written = await this.storage.update(
      DOC_KEY(docId),
      (stored) => (stampOf(stored) === known ? work?.record : UNCHANGED),
      (stored) => ({ ...obsoleteValues(docId, stored, work?.record), ...work?.values }),
    );
    if (!written) return false;
    const stamp = work?.record.stamp ?? null;
    this.stamps.set(docId, stamp);
    if (work) this.layouts.set(docId, { current: work.record.current, base: work.record.base });
    else this.layouts.delete(docId);
    if (!entry) this.entries.delete(docId);
    await this.storage.update(INDEX_KEY, (stored) => withEntry(stored, docId, entry));
    this.channel?.postMessage({ docId, stamp, entry } satisfies StoredMessage);
    return true;
  }

  /** Deletes a scenario's stored work, whoever stored it, and its line in the list. */
  async remove(docId: string): Promise<void> {
    this.entries.delete(docId);
    this.layouts.delete(docId);
    try {
      await this.storage.update(DOC_KEY(docId), () => undefined, (stored) => obsoleteValues(docId, stored, undefined));
      await this.storage.update(INDEX_KEY, (stored) => withEntry(stored, docId, null));
      this.channel?.postMessage({ docId, stamp: null, entry: null } satisfies StoredMessage);
    } catch {
      // What the browser refuses to delete comes back after a reload; nothing of the person's work is lost.
    }
  }
}
