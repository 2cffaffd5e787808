/**
 * Version history in the engine worker: an automatic version when editing pauses after a change (at most
 * one per AUTOMATIC_INTERVAL_MS), named ones the person saves, a version opened read-only under its own doc
 * id, and Restore as one undo step. A version is stored as the scenario's changes against its origin (the
 * preset, or a scenario of one's own as first kept), as a share link carries them, and read back as strictly.
 */
import { formatIssue, formatLocalAddress, formatsFromRecord, formatsToRecord, sameFormats, sheetWidth, type CellContent, type FullScenario, type ScenarioSource, type SheetFormats } from '../model';
import { readSharedPayload, sharePayload, LINK_FILE, type SharePayload, type SheetChanges } from '../io/shareLink';
import { keyPosition } from '../shared/cellRange';
import type { CellRef } from '../shared/engine';
import { messageOf } from '../shared/errors';
import type { Selected, Update, WindowRequest } from '../shared/messages';
import { isSharedDoc } from '../shared/sharing';
import { AUTOMATIC_INTERVAL_MS, EDITING_PAUSE_MS, ORIGIN_VERSION, isVersionDoc, parseVersionDoc, versionDocId, type VersionSummary, type Versions } from '../shared/versions';
import { DocSession } from './session/docSession';
import { EditError } from './session/editError';
import type { RangeChange } from './session/history';
import type { EngineStorage } from './storage/storage';
import { changesNothing, versionChanges } from './storage/versionChanges';
import { VersionFormatError, VersionStore, type StoredVersion, type VersionLimits } from './storage/versions';

const MAX_NAME_LENGTH = 120;
/** Past this many cells, a scenario whose rows, columns or sheets left its origin's gets no automatic versions (see take). */
export const LARGE_SCENARIO_CELLS = 200_000;

export const READ_ONLY_PROBLEM = 'This is an earlier version, shown read-only: Restore it to carry on from it, or go back to the scenario to edit.';

export interface VersionOptions {
  /** Milliseconds between automatic versions of a scenario (AUTOMATIC_INTERVAL_MS). */
  automaticInterval?: number;
  /** Milliseconds without an edit before an automatic version is taken (EDITING_PAUSE_MS). */
  editingPause?: number;
  now?: () => number;
  limits?: VersionLimits;
  /** Cells past which a scenario that left its origin's shape gets no automatic versions (LARGE_SCENARIO_CELLS). */
  largeScenarioCells?: number;
}

export interface VersionSource {
  docs: ReadonlyMap<string, DocSession>;
  storage: EngineStorage;
  /** The preset a doc id names, resolved; undefined for a scenario of one's own. */
  presetScenario(docId: string): FullScenario | undefined;
  /** The scenario's name, whether or not it is open. */
  scenarioName(docId: string): string | undefined;
  /** A scenario of one's own as last stored, when it is not open: the base its changes are shown against, its origin until a first version keeps one. */
  storedBase(docId: string): Promise<FullScenario | undefined>;
  session(docId: string): DocSession;
  /** Opens a scenario if need be (a version may be on screen, its scenario not yet opened since the page loaded); why not, if it cannot be. */
  ensureOpen(docId: string): Promise<string[]>;
  /** Runs one edit as every other edit runs, with its refusals and faults. */
  edit(docId: string, request: WindowRequest | null, operation: (doc: DocSession) => Selected | undefined): Update;
  closeDoc(docId: string): void;
}

export interface VersionKeeper {
  api: Versions;
  /** After an edit's answer: an automatic version follows once editing pauses. */
  noteEdit(doc: DocSession): void;
  /** A version as a read-only scenario, for a `version:` doc id; or why it cannot be opened. */
  openVersion(versionDoc: string): Promise<DocSession | string[]>;
  /** The scenario itself is gone: its versions go too. */
  removeAll(docId: string): Promise<void>;
}

export function createVersions(source: VersionSource, options: VersionOptions = {}): VersionKeeper {
  const { docs, session, edit } = source;
  const store = new VersionStore(source.storage, options.limits);
  const interval = options.automaticInterval ?? AUTOMATIC_INTERVAL_MS;
  const pause = options.editingPause ?? EDITING_PAUSE_MS;
  const now = options.now ?? Date.now;
  const large = options.largeScenarioCells ?? LARGE_SCENARIO_CELLS;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The revision each scenario had when it was last versioned, or found unchanged since its last version. */
  const versioned = new Map<string, number>();
  /** Versions of one scenario are taken one at a time, so each is compared with the one before it. */
  const queues = new Map<string, Promise<unknown>>();

  function serially<T>(docId: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(docId) ?? Promise.resolve()).then(task, task);
    queues.set(docId, run.catch(() => undefined));
    return run;
  }

  /** The origins of scenarios of one's own as stored, read once: a large one takes a second to read back. */
  const origins = new Map<string, FullScenario>();

  /**
   * What a scenario's versions are changes against: the preset as it ships, or a scenario of one's own as
   * first kept; `keep` stores the latter when no version has yet (another tab's first version wins).
   */
  async function originOf(docId: string, keep = false): Promise<FullScenario> {
    const preset = source.presetScenario(docId);
    if (preset) return preset;
    const known = origins.get(docId) ?? (await store.origin(docId));
    if (known) {
      origins.set(docId, known);
      return known;
    }
    const base = docs.get(docId)?.baseScenario() ?? (await source.storedBase(docId));
    if (!base) throw new EditError(`the scenario "${docId}" is not stored in this browser`);
    if (!keep) return base;
    const kept = await store.keepOrigin(docId, base);
    origins.set(docId, kept);
    return kept;
  }

  function originSummary(docId: string): VersionSummary {
    const doc = docs.get(docId);
    const baseName = doc?.meta.baseName ?? 'the scenario as first kept';
    const name = doc?.meta.kind === 'preset' ? 'The preset as it ships' : `${baseName.charAt(0).toUpperCase()}${baseName.slice(1)}`;
    return { id: ORIGIN_VERSION, kind: 'origin', name, time: null, changes: null, size: 0 };
  }

  function summary(version: StoredVersion): VersionSummary {
    const { id, kind, name, time, changes, size } = version;
    return { id, kind, name, time, changes, size };
  }

  /** The scenario as a version keeps it: validated as a share link is, the messages naming the version. */
  async function versionScenario(docId: string, versionId: string): Promise<{ ok: true; scenario: FullScenario; origin: FullScenario } | { ok: false; problems: string[] }> {
    const origin = await originOf(docId);
    if (versionId === ORIGIN_VERSION) return { ok: true, scenario: origin, origin };
    const content = await store.content(docId, versionId);
    if (content === undefined) return { ok: false, problems: ['This version is no longer stored in this browser (it was deleted, perhaps in another tab).'] };
    const originSource: ScenarioSource = { scenario: origin, file: 'the origin' };
    const read = readSharedPayload(new TextEncoder().encode(JSON.stringify(content)), [originSource]);
    if (!read.ok) return { ok: false, problems: read.issues.map((issue) => formatIssue(issue.file === LINK_FILE ? { ...issue, file: 'the stored version' } : issue)) };
    return { ok: true, scenario: read.value.resolved.scenario, origin };
  }

  /** Takes a version of the scenario as it stands; an automatic one only when something changed since the last. */
  async function take(docId: string, kind: StoredVersion['kind'], name: string): Promise<{ ok: true; version: StoredVersion | undefined } | { ok: false; problem: string }> {
    const doc = session(docId);
    const revision = doc.revision;
    const origin = await originOf(docId, true);
    if (kind === 'automatic' && !keepsShape(doc, origin) && cellCount(doc) > large) {
      // Each would copy the whole sheet (12 MB for 1,000,000 cells) and hold the worker for seconds: Save version still takes one.
      versioned.set(docId, revision);
      return { ok: true, version: undefined };
    }
    const payload = versionPayload(doc, origin);
    const versions = await store.list(docId);
    const previous = versions.at(-1);
    const previousContent = previous ? ((await store.content(docId, previous.id)) ?? null) : null;
    const changes = versionChanges(previousContent, payload, origin);
    if (kind === 'automatic' && changesNothing(changes)) {
      versioned.set(docId, revision);
      return { ok: true, version: undefined };
    }
    const version: StoredVersion = { id: newVersionId(now()), kind, name, time: now(), changes, size: JSON.stringify(payload).length };
    const added = await store.add(docId, version, payload);
    if (!added.ok) return added;
    if (kind === 'automatic') versioned.set(docId, revision);
    for (const dropped of added.dropped) source.closeDoc(versionDocId(docId, dropped));
    return { ok: true, version };
  }

  /** Once editing has paused: a version now, or when the interval since the last automatic one is over. */
  async function automatic(docId: string): Promise<void> {
    timers.delete(docId);
    const doc = docs.get(docId);
    if (!doc || versioned.get(docId) === doc.revision) return;
    try {
      const last = (await store.list(docId)).findLast((version) => version.kind === 'automatic');
      const wait = last === undefined ? 0 : last.time + interval - now();
      if (wait > 0) {
        timers.set(docId, setTimeout(() => void automatic(docId), wait));
        return;
      }
      await serially(docId, () => take(docId, 'automatic', 'Automatic'));
    } catch {
      // Versions are a convenience beside the work, which reports its own storage problems; the next pause tries again.
    }
  }

  const api: Versions = {
    async listVersions(docId) {
      try {
        // Opening the history is a pause in the editing: a version waiting for one is taken first, so the list shows the work as it stands.
        if (timers.has(docId)) {
          clearTimeout(timers.get(docId));
          await automatic(docId);
        }
        const stored = await store.list(docId);
        return { ok: true, versions: [...stored.reverse().map(summary), originSummary(docId)] };
      } catch (error) {
        return { ok: false, problem: error instanceof VersionFormatError ? error.message : `The versions could not be read: ${messageOf(error)}` };
      }
    },

    async saveVersion(docId, name) {
      const trimmed = name.trim();
      if (trimmed === '') return { ok: false, problem: 'Give the version a name.' };
      if (trimmed.length > MAX_NAME_LENGTH) return { ok: false, problem: `A version's name has at most ${MAX_NAME_LENGTH} characters.` };
      try {
        const problems = await source.ensureOpen(docId);
        if (problems.length > 0) return { ok: false, problem: problems.join('\n') };
        const taken = await serially(docId, () => take(docId, 'named', trimmed));
        if (!taken.ok) return taken;
        if (!taken.version) return { ok: false, problem: 'The version was not taken.' };
        return { ok: true, version: summary(taken.version) };
      } catch (error) {
        return { ok: false, problem: `The version could not be stored: ${messageOf(error)}` };
      }
    },

    async restoreVersion(docId, versionId, request) {
      let read: Awaited<ReturnType<typeof versionScenario>>;
      try {
        const problems = await source.ensureOpen(docId);
        read = problems.length > 0 ? { ok: false, problems } : await versionScenario(docId, versionId);
      } catch (error) {
        read = { ok: false, problems: [messageOf(error)] };
      }
      return edit(docId, request, (doc) => {
        if (!read.ok) throw new EditError(`The version could not be restored; nothing changed. ${read.problems.join(' ')}`);
        const { cells, contents, ranges, formats, missing } = restoreWrites(doc, read.scenario);
        if (missing.length > 0) throw new EditError(`The version has ${missing.length === 1 ? 'a sheet' : 'sheets'} this scenario no longer has (${missing.map((sheet) => `“${sheet}”`).join(', ')}): add ${missing.length === 1 ? 'it' : 'them'} back first, then restore; nothing changed.`);
        doc.restore(cells, contents, ranges, formats);
        // The person stays where they were: a restore touches cells anywhere.
        return undefined;
      });
    },

    async deleteVersion(docId, versionId) {
      try {
        const version = (await store.list(docId)).find((candidate) => candidate.id === versionId);
        if (!version) return { ok: false, problem: 'This version is no longer stored.' };
        if (version.kind !== 'named') return { ok: false, problem: 'Automatic versions go by themselves, oldest first; only a named version is deleted by hand.' };
        await store.remove(docId, versionId);
        source.closeDoc(versionDocId(docId, versionId));
        return { ok: true };
      } catch (error) {
        return { ok: false, problem: `The version could not be deleted: ${messageOf(error)}` };
      }
    },
  };

  return {
    api,

    noteEdit(doc) {
      const { docId } = doc.meta;
      if (!doc.dirty || isSharedDoc(docId) || isVersionDoc(docId)) return;
      clearTimeout(timers.get(docId));
      timers.set(docId, setTimeout(() => void automatic(docId), pause));
    },

    async openVersion(versionDoc) {
      const named = parseVersionDoc(versionDoc);
      if (!named) return [`"${versionDoc}" does not name a version`];
      try {
        const read = await versionScenario(named.docId, named.versionId);
        if (!read.ok) return read.problems;
        const listed = named.versionId === ORIGIN_VERSION ? originSummary(named.docId) : (await store.list(named.docId)).find((version) => version.id === named.versionId);
        const scenarioName = source.scenarioName(named.docId) ?? read.scenario.name;
        const when = listed?.time ? `, ${new Date(listed.time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}` : '';
        const doc = new DocSession(
          {
            docId: versionDoc,
            kind: source.presetScenario(named.docId) ? 'preset' : 'user',
            id: read.scenario.id,
            name: `${scenarioName} · ${listed?.name ?? 'version'}${when}`,
            description: read.scenario.description,
            chain: [],
            baseName: named.versionId === ORIGIN_VERSION ? 'itself' : originSummary(named.docId).name.replace(/^The /, 'the '),
            setBy: {},
          },
          read.scenario,
          read.origin,
          { structureTouched: false, presetSheets: JSON.stringify(read.origin.sheets) },
        );
        return doc;
      } catch (error) {
        return [`The version could not be opened: ${messageOf(error)}`];
      }
    },

    async removeAll(docId) {
      clearTimeout(timers.get(docId));
      timers.delete(docId);
      versioned.delete(docId);
      origins.delete(docId);
      try {
        await store.removeAll(docId);
      } catch {
        // Left behind, they take room but hide nothing: a scenario made later under this id starts a list of its own.
      }
    },
  };
}

/** Whether the scenario has its origin's sheets, each with the origin's rows and columns: then the session knows which cells differ from it. */
function keepsShape(doc: DocSession, origin: FullScenario): boolean {
  const sheets = doc.sheets();
  return (
    !doc.touchedStructure &&
    sheets.length === Object.keys(origin.sheets).length &&
    sheets.every(({ name, rows, cols }) => {
      const before = Object.hasOwn(origin.sheets, name) ? origin.sheets[name] : undefined;
      return before !== undefined && before.length === rows && sheetWidth(before) === cols;
    })
  );
}

/**
 * The scenario as a version stores it: what differs from its origin. While it keeps the origin's shape,
 * only the cells the session knows differ are read (a version of a 1,000,000-cell sheet with an edit
 * takes milliseconds, not the seconds reading every cell takes); otherwise the whole scenario is read and
 * compared, as a share link is made.
 */
function versionPayload(doc: DocSession, origin: FullScenario): SharePayload {
  if (!keepsShape(doc, origin)) return sharePayload(doc.toScenario(), [{ scenario: origin, file: 'the origin' }]);
  const changes: Record<string, SheetChanges> = {};
  for (const { name } of doc.sheets()) {
    const keys = [...doc.changedKeys(name)].sort((a, b) => a - b);
    const cells = keys.map((key): [string, CellContent] => {
      const { row, col } = keyPosition(key);
      return [formatLocalAddress(row, col), doc.cellContent({ sheet: name, row, col })];
    });
    changes[name] = cells.length === 0 ? {} : { cells: Object.fromEntries(cells) };
  }
  const inputs = { ...origin.inputs };
  let rangesDiffer = false;
  for (const input of doc.inputs()) {
    const definition = Object.hasOwn(inputs, input.name) ? inputs[input.name] : undefined;
    if (!definition || JSON.stringify(definition.range) === JSON.stringify(input.range)) continue;
    rangesDiffer = true;
    const withoutRange = Object.fromEntries(Object.entries(definition).filter(([key]) => key !== 'range')) as typeof definition;
    inputs[input.name] = input.range === undefined ? withoutRange : { ...withoutRange, range: input.range };
  }
  const formats = formatsFromRecord(doc.scenarioWithoutSheets().formats);
  const originFormats = formatsFromRecord(origin.formats);
  // Formats that differ: the origin's keys taken away, and every one the scenario has given after them.
  const formatChanges = sameFormats(formats, originFormats)
    ? undefined
    : { ...Object.fromEntries(Object.keys(formatsToRecord(originFormats) ?? {}).map((key) => [key, null])), ...formatsToRecord(formats) };
  return { preset: origin.id, sheets: changes, ...(rangesDiffer ? { inputs } : {}), ...(formatChanges ? { formats: formatChanges } : {}) };
}

function cellCount(doc: DocSession): number {
  return doc.sheets().reduce((sum, sheet) => sum + sheet.rows * sheet.cols, 0);
}

/** Time first, so ids sort as versions were taken; never a ":" (a version doc id ends at its last one). */
function newVersionId(time: number): string {
  return `${time.toString(36)}-${Array.from(crypto.getRandomValues(new Uint32Array(1)), (part) => part.toString(36)).join('')}`;
}

/**
 * What Restore writes so the open scenario holds the version again: every cell of a sheet both have that
 * differs (cells past the version's extent emptied), every input range that differs, and its number formats. Sheets added
 * since the version stay as they are; sheets it has that the scenario lacks are named in `missing`, as
 * one undo step cannot add them.
 */
export function restoreWrites(doc: DocSession, version: FullScenario): { cells: CellRef[]; contents: CellContent[]; ranges: RangeChange[]; formats: SheetFormats; missing: string[] } {
  const cells: CellRef[] = [];
  const contents: CellContent[] = [];
  const missing: string[] = [];
  for (const [sheet, rows] of Object.entries(version.sheets)) {
    if (!doc.hasSheet(sheet)) {
      if (rows.some((row) => row.some((content) => content !== null && content !== ''))) missing.push(sheet);
      continue;
    }
    const live = doc.sheetContents(sheet);
    const height = Math.max(live.length, rows.length);
    for (let row = 0; row < height; row += 1) {
      const liveRow = live[row] ?? [];
      const wanted = rows[row] ?? [];
      const width = Math.max(liveRow.length, wanted.length);
      for (let col = 0; col < width; col += 1) {
        const after = wanted[col] ?? null;
        const before = liveRow[col] ?? null;
        if (before === after || (before === null && after === '') || (before === '' && after === null)) continue;
        cells.push({ sheet, row, col });
        contents.push(after);
      }
    }
  }
  const ranges: RangeChange[] = doc
    .inputs()
    .map((input) => ({ name: input.name, before: input.range, after: Object.hasOwn(version.inputs, input.name) ? version.inputs[input.name]?.range : undefined }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
  return { cells, contents, ranges, formats: formatsFromRecord(version.formats), missing };
}
