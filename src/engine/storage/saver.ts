/**
 * When the engine stores the work, and what it tells the page about it: an edit marks its scenario and a
 * timer stores the marked ones, one at a time; work a write could not store stays marked and goes with the
 * next. The page hears why the browser does not store (health) and which scenario another tab stored first (conflict).
 */
import type { SaveStatus } from '../../shared/engine';
import { messageOf } from '../../shared/errors';
import type { StorageNotice } from '../../shared/messages';
import { isSharedDoc } from '../../shared/sharing';
import type { DocSession } from '../session/docSession';
import type { UnsavedMarks } from '../session/unsavedRows';
import { cellsToWrite } from './blocks';
import type { WorkSource } from './workRecord';
import type { WorkStore } from './workStore';

const CONFLICT_PROBLEM = 'This scenario was changed in another tab: your edits are kept in this tab until you choose what to do.';

export class Saver {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | undefined;
  /** Why the browser does not store the work; cleared once a write succeeds and nothing is left unsaved. */
  private lastProblem: string | undefined;
  private waiters: (() => void)[] = [];
  private listener: ((notice: StorageNotice) => void) | undefined;
  /** Scenarios another tab stored since this one read them: kept here, not stored over, until the person chooses. */
  private readonly conflicted = new Set<string>();
  /** Scenarios whose workbook failed inside HyperFormula and could not be built again, with why: never stored over. */
  private readonly unsavable = new Map<string, string>();

  /** `docs` are the engine's open scenarios; `saveDelay` gives the milliseconds between the last edit and storing, by the cells the save would write. */
  constructor(
    private readonly docs: ReadonlyMap<string, DocSession>,
    private readonly store: WorkStore,
    private readonly saveDelay: (cells: number) => number,
  ) {}

  notify(notice: StorageNotice): void {
    this.listener?.(notice);
  }

  /** The page's ear: told at once how storage stands and which scenarios are in conflict. */
  watch(next: (notice: StorageNotice) => void): void {
    this.listener = next;
    next({ kind: 'health', problem: this.lastProblem ?? null });
    for (const docId of this.conflicted) next({ kind: 'conflict', docId, conflicted: true });
  }

  /** The browser refused to read or store the work. */
  failed(error: unknown): void {
    this.setHealth(storageProblem(error));
  }

  setConflict(docId: string, conflict: boolean): void {
    if (this.conflicted.has(docId) === conflict) return;
    if (conflict) this.conflicted.add(docId);
    else this.conflicted.delete(docId);
    this.notify({ kind: 'conflict', docId, conflicted: conflict });
  }

  isConflicted(docId: string): boolean {
    return this.conflicted.has(docId);
  }

  /** The scenario can no longer be computed: what was stored before stays, and `problem` says so. */
  markUnsavable(docId: string, problem: string): void {
    this.unsavable.set(docId, problem);
  }

  /** Stores the scenario once its edits pause, with any other marked. */
  schedule(session: DocSession): void {
    if (!session.dirty) return;
    this.pending.add(session.meta.docId);
    // Blocks of rows stored: a one-cell edit of a 1,000,000-cell sheet writes one block, and waits as long as an edit of a small sheet.
    const sheets = session.sheets();
    const cells = this.store.knowsBlocks(session.meta.docId) ? cellsToWrite(session.unsaved.peek(), sheets) : sheets.reduce((sum, sheet) => sum + sheet.rows * sheet.cols, 0);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.saveDelay(cells));
  }

  /** Takes the scenario out of the queue: it is about to be stored, or dropped, another way. */
  unschedule(docId: string): void {
    this.pending.delete(docId);
  }

  /** Stores the scenario now, unless another tab stored it first or it can no longer be computed. */
  async write(docId: string): Promise<void> {
    const session = this.docs.get(docId);
    // A scenario opened from a link is stored only when the person keeps it (it then has a doc id of its own).
    if (session && isSharedDoc(docId)) session.dirty = false;
    if (!session || isSharedDoc(docId) || this.conflicted.has(docId) || this.unsavable.has(docId)) return;
    session.dirty = false;
    const marks = session.unsaved.take();
    try {
      const source = session.meta.kind === 'preset' && !session.isEdited() ? undefined : workSource(session, marks);
      if (!(await this.store.store(session.meta, source))) {
        session.dirty = true;
        session.unsaved.restore(marks);
        this.setConflict(docId, true);
        return;
      }
      if (![...this.docs].some(([id, doc]) => doc.dirty && !this.conflicted.has(id))) this.setHealth(undefined);
    } catch (error) {
      // The edit stays in memory, marked unsaved, and so do the rows it changed: the next write stores them with the rest.
      session.dirty = true;
      session.unsaved.restore(marks);
      this.failed(error);
    }
  }

  /** Forgets what this tab knew of a scenario it closed: its place in the queue, its conflict, why it could not be saved. */
  forget(docId: string): void {
    this.pending.delete(docId);
    this.setConflict(docId, false);
    this.unsavable.delete(docId);
    this.settleWaiters();
  }

  /** Once every edit so far is stored: whether all is stored, or why not. */
  async whenSaved(docId?: string): Promise<SaveStatus> {
    if (this.timer !== undefined || this.flushing !== undefined || this.pending.size > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const unsaved = docId === undefined ? [...this.unsavable.values()][0] : this.unsavable.get(docId);
    const problem = unsaved ?? this.lastProblem ?? ([...this.conflicted].some((id) => this.docs.get(id)?.dirty) ? CONFLICT_PROBLEM : undefined);
    return problem === undefined ? { ok: true } : { ok: false, problem };
  }

  private flush(): Promise<void> {
    // Cleared in a .finally, which always runs after the assignment: cleared inside the async body, a run
    // with nothing to store finished before ??= stored its promise, which then stayed and blocked every later save.
    this.flushing ??= this.writePending().finally(() => {
      this.flushing = undefined;
      this.settleWaiters();
    });
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    // Work an earlier write could not store goes again with this one.
    for (const [docId, doc] of this.docs) if (doc.dirty) this.pending.add(docId);
    while (this.pending.size > 0) {
      const [docId] = this.pending;
      if (docId === undefined) break;
      this.pending.delete(docId);
      await this.write(docId);
    }
  }

  private setHealth(problem: string | undefined): void {
    if (problem === this.lastProblem) return;
    this.lastProblem = problem;
    this.notify({ kind: 'health', problem: problem ?? null });
  }

  private settleWaiters(): void {
    if (this.timer !== undefined || this.flushing !== undefined || this.pending.size > 0) return;
    const done = this.waiters;
    this.waiters = [];
    for (const resolve of done) resolve();
  }
}

/** What a save stores of a session: its sheets are read only in the blocks of rows the save writes. */
function workSource(session: DocSession, marks: UnsavedMarks): WorkSource {
  return {
    meta: session.meta,
    structureTouched: session.touchedStructure,
    scenario: session.scenarioWithoutSheets(),
    sheets: session.sheets().map(({ name, rows, cols }) => ({
      name,
      rows,
      cols,
      // A sheet of no columns still has its rows: empty ones.
      read: (top, count) => (cols === 0 ? Array.from({ length: count }, () => []) : session.rangeContents(name, { top, left: 0, bottom: top + count - 1, right: cols - 1 })),
    })),
    base: () => session.baseScenario(),
    marks,
  };
}

function storageProblem(error: unknown): string {
  if (error instanceof Error && error.name === 'QuotaExceededError') return 'The browser’s storage for this page is full.';
  return `The browser refused to store the work: ${messageOf(error)}`;
}
