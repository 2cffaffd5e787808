/**
 * What the page asks the engine worker. It runs inside the worker, so it is the only UI module that
 * reaches HyperFormula (through the model); the page imports its types only. Every scenario opened
 * stays open (switching keeps unsaved work) and every edit is stored in the browser shortly after.
 */
import {
  Workbook,
  formatIssue,
  parseScenario,
  type FullScenario,
  type ResolvedScenario,
  type ScenarioFile,
  type ScenarioOutputs,
  type ScenarioSource,
} from '../model';
import { decodeScenarioBytes, formatScenarioJson, parsePresetText, parseScenarioText, resolveWithPresets } from '../io/scenarioFile';
import { outputsToCsv, sheetValuesToCsv } from '../io/csv';
import { edgeTarget } from '../shared/cellRange';
import { scenarioCellsToCsv } from './cellsCsv';
import { DocSession, EditError, WHOLE_SHEET_CELLS, type DocMeta } from './docSession';
import { UNCHANGED, memoryStorage, type EngineStorage } from './storage';
import { createAnalysis, type AnalysisTarget } from './analysis';
import { createCsvImports } from './csvImport';
import type { Engine } from '../shared/engine';
import type {
  ChainLink,
  DocInfo,
  DownloadFile,
  PresetSummary,
  ScenarioEntry,
  Selected,
  SessionState,
  SheetWindow,
  StorageNotice,
  Update,
  WindowRequest,
} from '../shared/messages';
import { messageOf } from '../shared/errors';

/** The JSON Schema lives beside the presets but is not one. */
const SCHEMA_FILE = 'scenarios/scenario.schema.json';
const USER_PREFIX = 'u:';
const DOC_KEY = (docId: string) => `doc:${docId}`;
const DATA_KEY = (docId: string) => `data:${docId}`;
const INDEX_KEY = 'index';
const SESSION_KEY = 'session';
const RECORD_FORMAT = 'tradesheet-work';

export interface EngineOptions {
  storage?: EngineStorage;
  /** Milliseconds between the last edit and storing the work, by the workbook's size in cells. */
  saveDelay?: (cells: number) => number;
  /** Where engines in other tabs hear that a scenario was stored: a BroadcastChannel in the browser. */
  channel?: BroadcastChannel;
}

/** What one engine tells the others when it stores or removes a scenario. */
interface StoredMessage {
  docId: string;
  stamp: string | null;
  entry: IndexEntry | null;
}

interface PresetEntry {
  summary: PresetSummary;
  resolved: ResolvedScenario | undefined;
}

interface IndexEntry {
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
interface WorkContents {
  meta: DocMeta;
  current: unknown;
  base: unknown;
  structureTouched: boolean;
}

const CONFLICT_PROBLEM = 'This scenario was changed in another tab: your edits are kept in this tab until you choose what to do.';

const defaultSaveDelay = (cells: number) => (cells > 200_000 ? 1500 : cells > WHOLE_SHEET_CELLS ? 600 : 60);

/** `texts` maps a file path such as `scenarios/baseline.json` to its text. */
export function createEngine(texts: Readonly<Record<string, string>>, options: EngineOptions = {}): Engine {
  const storage = options.storage ?? memoryStorage();
  const saveDelay = options.saveDelay ?? defaultSaveDelay;
  const { entries, sources } = readPresets(texts);
  const docs = new Map<string, DocSession>();
  /** Begun by init() before the page asked for it: until the page opens it, another tab's newer save means building it again, not a conflict. */
  const prepared = new Set<string>();
  let index = new Map<string, IndexEntry>();
  const loadProblems: string[] = [];

  // Saving: edits mark their document; a timer stores the marked ones, one at a time.
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> | undefined;
  /** Why the browser does not store the work; cleared once a write succeeds and nothing is left unsaved. */
  let lastProblem: string | undefined;
  let waiters: (() => void)[] = [];
  let listener: ((notice: StorageNotice) => void) | undefined;

  // Tabs: every record carries the stamp of its write, and this engine stores over a record only if it
  // holds the stamp it read or wrote there; otherwise another tab stored it meanwhile.
  const engineId = Array.from(crypto.getRandomValues(new Uint32Array(2)), (part) => part.toString(36)).join('');
  let writes = 0;
  const stamps = new Map<string, string | null>();
  /** Scenarios another tab stored since this one read them: kept here, not stored over, until the person chooses. */
  const conflicted = new Set<string>();
  /** Scenarios whose workbook failed inside HyperFormula and could not be built again, with why: never stored over. */
  const unsavable = new Map<string, string>();
  const channel = options.channel;
  channel?.addEventListener('message', (event) => {
    const message = event.data as Partial<StoredMessage>;
    if (typeof message.docId !== 'string') return;
    const { docId } = message;
    if (message.entry) index.set(docId, message.entry);
    else index.delete(docId);
    if (docs.has(docId) && !prepared.has(docId) && (stamps.get(docId) ?? null) !== (message.stamp ?? null)) setConflict(docId, true);
    notify({ kind: 'scenarios' });
  });

  function notify(notice: StorageNotice): void {
    listener?.(notice);
  }

  function setHealth(problem: string | undefined): void {
    if (problem === lastProblem) return;
    lastProblem = problem;
    notify({ kind: 'health', problem: problem ?? null });
  }

  function setConflict(docId: string, conflict: boolean): void {
    if (conflicted.has(docId) === conflict) return;
    if (conflict) conflicted.add(docId);
    else conflicted.delete(docId);
    notify({ kind: 'conflict', docId, conflicted: conflict });
  }

  function settleWaiters(): void {
    if (timer !== undefined || flushing !== undefined || pending.size > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  function scheduleSave(session: DocSession): void {
    if (!session.dirty) return;
    pending.add(session.meta.docId);
    const cells = session.sheets().reduce((sum, sheet) => sum + sheet.rows * sheet.cols, 0);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, saveDelay(cells));
  }

  function flush(): Promise<void> {
    flushing ??= (async () => {
      try {
        // Work an earlier write could not store goes again with this one.
        for (const [docId, doc] of docs) if (doc.dirty) pending.add(docId);
        while (pending.size > 0) {
          const [docId] = pending;
          if (docId === undefined) break;
          pending.delete(docId);
          await writeDoc(docId);
        }
      } finally {
        flushing = undefined;
        settleWaiters();
      }
    })();
    return flushing;
  }

  async function writeDoc(docId: string): Promise<void> {
    const session = docs.get(docId);
    if (!session || conflicted.has(docId) || unsavable.has(docId)) return;
    session.dirty = false;
    const contents: WorkContents | undefined =
      session.meta.kind === 'preset' && !session.isEdited()
        ? undefined
        : { meta: session.meta, current: session.toScenario(), base: session.baseScenario(), structureTouched: session.touchedStructure };
    try {
      if (!(await storeRecord(session.meta, contents))) {
        session.dirty = true;
        setConflict(docId, true);
        return;
      }
      if (![...docs].some(([id, doc]) => doc.dirty && !conflicted.has(id))) setHealth(undefined);
    } catch (error) {
      // The edit stays in memory, marked unsaved: the next write stores it with the rest.
      session.dirty = true;
      setHealth(storageProblem(error));
    }
  }

  /** Stores a scenario's record (none: removes it), unless another tab stored it since this engine read it; then the list of work. */
  async function storeRecord(meta: DocMeta, contents: WorkContents | undefined): Promise<boolean> {
    const { docId, kind, id, name, description, chain } = meta;
    const entry = contents ? { kind, id, name, description, chain, savedAt: Date.now() } : null;
    // Listed at once, so work the browser refuses to store can still be picked in this tab.
    if (entry) index.set(docId, entry);
    const known = stamps.get(docId) ?? null;
    const work = contents ? storedWork(contents, `${engineId}:${(writes += 1)}`) : undefined;
    const written = await storage.update(DOC_KEY(docId), (stored) => (stampOf(stored) === known ? work?.record : UNCHANGED), { [DATA_KEY(docId)]: work?.data });
    if (!written) return false;
    const stamp = work?.record.stamp ?? null;
    stamps.set(docId, stamp);
    if (!entry) index.delete(docId);
    await storage.update(INDEX_KEY, (stored) => withEntry(stored, docId, entry));
    channel?.postMessage({ docId, stamp, entry } satisfies StoredMessage);
    return true;
  }

  /** Forgets this tab's copy of a scenario: its session, its unsaved state, its analysis copy. */
  function closeDoc(docId: string): void {
    pending.delete(docId);
    docs.get(docId)?.destroy();
    docs.delete(docId);
    stamps.delete(docId);
    snapshots.get(docId)?.target.workbook.destroy();
    snapshots.delete(docId);
    setConflict(docId, false);
    unsavable.delete(docId);
    settleWaiters();
  }

  function presetEntry(docId: string): PresetEntry | undefined {
    return entries.find((entry) => entry.summary.id === docId);
  }

  function listScenarios(): ScenarioEntry[] {
    const presets = entries.map(({ summary }) => ({
      docId: summary.id,
      kind: 'preset' as const,
      id: summary.id,
      name: summary.name,
      description: summary.description,
      chain: summary.chain,
      problems: summary.problems,
      edited: docs.get(summary.id)?.isEdited() ?? index.has(summary.id),
    }));
    const users = [...index]
      .filter(([, entry]) => entry.kind === 'user')
      .map(([docId, entry]) => ({ docId, kind: 'user' as const, id: entry.id, name: docs.get(docId)?.meta.name ?? entry.name, description: entry.description, chain: entry.chain, problems: [], edited: false }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return [...presets, ...users];
  }

  function session(docId: string): DocSession {
    const found = docs.get(docId);
    if (!found) throw new EditError(`the scenario "${docId}" is not open`);
    return found;
  }

  function info(doc: DocSession): DocInfo {
    const { docId, kind, id, name, description, chain, baseName, setBy } = doc.meta;
    const scenario = doc.baseScenario();
    const inputs = Object.entries(scenario.inputs).map(([inputName, definition]) => {
      const { label, unit, source, min, max } = definition;
      return {
        name: inputName,
        label,
        unit,
        source,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        ...(setBy[inputName] === undefined ? {} : { setBy: setBy[inputName] }),
      };
    });
    const outputs = Object.entries(scenario.outputs).map(([outputName, { label, unit }]) => ({ name: outputName, label, unit }));
    return { docId, kind, id, name, description, chain, baseName, inputs, outputs };
  }

  /**
   * The answer to an edit: the new state, the window the page shows, and where to look. The save's delay
   * runs from here, once the answer is built: the state of a new 1,000,000-cell sheet takes longer than
   * that delay, and a save started at once would hold the worker (and the cores) while the page draws the
   * answer and asks for the new sheet's cells.
   */
  function answer(doc: DocSession, request: WindowRequest | null, select?: Selected, problem?: string): Update {
    const state = doc.state();
    let window: SheetWindow | null = null;
    if (request) {
      const sheet = doc.hasSheet(request.sheet) ? request.sheet : select && doc.hasSheet(select.sheet) ? select.sheet : doc.sheetNames()[0];
      if (sheet !== undefined) window = doc.window({ ...request, sheet });
    }
    scheduleSave(doc);
    const update: Update = { state, window };
    if (select) update.select = select;
    if (problem !== undefined) update.problem = problem;
    return update;
  }

  /** Runs one edit; a refusal (a bad sheet name, the last sheet) comes back as a problem, not an exception. */
  function edit(docId: string, request: WindowRequest | null, operation: (doc: DocSession) => Selected | undefined): Update {
    const doc = session(docId);
    try {
      return answer(doc, request, operation(doc) ?? undefined);
    } catch (error) {
      if (error instanceof EditError || (error instanceof Error && error.name === 'WorkbookError')) return answer(doc, request, undefined, error.message);
      return afterEngineFault(doc, request, error);
    }
  }

  /**
   * An edit that fails inside HyperFormula may leave its content written and the values not computed from it,
   * and that would be saved. The work is opened again from its cells, as a reload would; if it cannot be
   * built, it is no longer saved, so what was stored before stays, and the person is told to reload.
   */
  function afterEngineFault(doc: DocSession, request: WindowRequest | null, error: unknown): Update {
    const { docId } = doc.meta;
    const fault = `The edit failed inside the formula engine: ${messageOf(error)}.`;
    let again: DocSession;
    try {
      again = doc.reopened();
    } catch (buildError) {
      const problem = `${fault} "${doc.meta.name}" can no longer be computed (${messageOf(buildError)}) and is no longer saved: reload the page to go back to the work last saved.`;
      unsavable.set(docId, problem);
      return answer(doc, request, undefined, problem);
    }
    docs.set(docId, again);
    doc.destroy();
    return answer(again, request, undefined, `${fault} The sheets were computed again from their cells; the undo history is gone.`);
  }

  async function openDoc(docId: string): Promise<DocSession | string[]> {
    const preset = presetEntry(docId);
    if (preset) {
      if (!preset.resolved) return preset.summary.problems;
      const scenario = preset.resolved.scenario;
      const meta = presetMeta(preset, sources);
      const presetSheets = JSON.stringify(scenario.sheets);
      // Looked up even when this tab's list does not name it: another tab may have stored it a moment ago.
      const record = await readRecord(docId);
      if (typeof record === 'string' && index.has(docId)) loadProblems.push(record);
      try {
        if (record && typeof record !== 'string') {
          const doc = new DocSession(meta, record.current, record.base, { structureTouched: record.structureTouched, presetSheets });
          stamps.set(docId, record.stamp);
          return doc;
        }
        stamps.delete(docId);
        return new DocSession(meta, scenario, scenario, { structureTouched: false, presetSheets });
      } catch (error) {
        return [`${preset.summary.file}: the workbook could not be built: ${messageOf(error)}`];
      }
    }
    if (!docId.startsWith(USER_PREFIX) || !index.has(docId)) return [`no scenario with id "${docId.replace(USER_PREFIX, '')}"`];
    const record = await readRecord(docId);
    if (typeof record === 'string' || !record) return [record ?? `the scenario "${docId}" is no longer stored in this browser`];
    try {
      const doc = new DocSession(record.meta, record.current, record.base, { structureTouched: record.structureTouched });
      stamps.set(docId, record.stamp);
      return doc;
    } catch (error) {
      return [`${record.meta.name}: the workbook could not be built: ${messageOf(error)}`];
    }
  }

  async function readRecord(
    docId: string,
  ): Promise<{ meta: DocMeta; current: FullScenario; base: FullScenario; structureTouched: boolean; stamp: string | null } | string | undefined> {
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

  function freeId(wanted: string): string {
    const taken = new Set([...entries.map((entry) => entry.summary.id), ...[...index.values()].map((entry) => entry.id), ...[...docs.values()].map((doc) => doc.meta.id)]);
    const stem = wanted.slice(0, 60);
    if (!taken.has(stem)) return stem;
    for (let n = 2; ; n += 1) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
  }

  // What-if trials set and undo cells; they run on a copy of the scenario as it stands, rebuilt only
  // after an edit, so the editor's own undo history never sees them.
  const snapshots = new Map<string, { revision: number; target: AnalysisTarget }>();
  function analysisTarget(docId: string): AnalysisTarget {
    const doc = docs.get(docId);
    const scenario = doc?.toScenario() ?? presetEntry(docId)?.resolved?.scenario;
    if (!scenario) throw new EditError(`the scenario "${docId}" is not open`);
    const revision = doc?.revision ?? -1;
    const cached = snapshots.get(docId);
    if (cached?.revision === revision) return cached.target;
    cached?.target.workbook.destroy();
    const target = { id: docId, name: doc?.meta.name ?? scenario.name, workbook: Workbook.open(scenario) };
    snapshots.set(docId, { revision, target });
    return target;
  }

  /** Read from the editor's session when it is open: a comparison sets no cell, so it needs no copy of its own. */
  function analysisOutputs(docId: string): Omit<ScenarioOutputs, 'id'> {
    const doc = docs.get(docId);
    if (doc) return { name: doc.meta.name, outputs: doc.outputs() };
    const { name, workbook } = analysisTarget(docId);
    return { name, outputs: workbook.outputs() };
  }

  /** Builds in flight: a second request for the same scenario (the page's open after init began it) waits for the first. */
  const opening = new Map<string, Promise<string[]>>();
  function ensureOpen(docId: string): Promise<string[]> {
    if (docs.has(docId)) return Promise.resolve([]);
    let pending = opening.get(docId);
    if (!pending) {
      pending = openDoc(docId)
        .then((opened) => {
          if (Array.isArray(opened)) return opened;
          if (docs.has(docId)) opened.destroy();
          else docs.set(docId, opened);
          return [];
        })
        .finally(() => opening.delete(docId));
      opening.set(docId, pending);
    }
    return pending;
  }

  /** Whether what is stored for a scenario init() built is still what it was built from (no other tab stored it since). */
  async function preparedIsCurrent(docId: string): Promise<boolean> {
    if (!docs.has(docId)) return true;
    try {
      return stampOf(await storage.get(DOC_KEY(docId))) === (stamps.get(docId) ?? null);
    } catch {
      // Storage that cannot be read now could not give a newer version either.
      return true;
    }
  }

  /** The scenario a page opens when it asks for none: where it was last, or the first that loads. */
  function startDocId(requested: string | null, remembered: string | null | undefined, scenarios: readonly ScenarioEntry[]): string | null {
    if (requested) return requested;
    const loads = (entry: ScenarioEntry) => entry.problems.length === 0;
    return (scenarios.find((entry) => entry.docId === remembered && loads(entry)) ?? scenarios.find(loads))?.docId ?? null;
  }

  function download(doc: DocSession, suffix: string, text: string): DownloadFile {
    return { fileName: `${doc.meta.id}${suffix}`, text };
  }

  return {
    ...createAnalysis(analysisTarget, analysisOutputs),
    ...createCsvImports({ session, answer }),

    async prepareAnalysis(docIds) {
      const problems = (await Promise.all(docIds.map(ensureOpen))).flat();
      return problems.length > 0 ? { ok: false, problems } : { ok: true };
    },

    async exportXlsx(docId) {
      const doc = session(docId);
      const scenario = doc.toScenario();
      const { workbook } = analysisTarget(docId);
      const values = { sheets: Object.fromEntries(workbook.sheetNames().map((sheet) => [sheet, workbook.sheetValues(sheet)])) };
      // ExcelJS is large: the worker loads it the first time someone asks for a workbook.
      const { scenarioToXlsx } = await import('../io/xlsx');
      return { fileName: `${doc.meta.id}.xlsx`, bytes: await scenarioToXlsx(scenario, values) };
    },

    listPresets: () => entries.map((entry) => entry.summary),

    async init(requested = null) {
      const problems: string[] = [];
      try {
        const stored = await storage.get(INDEX_KEY);
        if (stored !== undefined && (typeof stored !== 'object' || stored === null)) problems.push('The list of stored work could not be read; it was left as it is.');
        else index = new Map(Object.entries((stored as Record<string, IndexEntry> | undefined) ?? {}));
      } catch (error) {
        setHealth(storageProblem(error));
      }
      let session: SessionState | null = null;
      try {
        const stored = (await storage.get(SESSION_KEY)) as SessionState | undefined;
        if (stored && typeof stored === 'object' && typeof stored.sheets === 'object') session = stored;
      } catch {
        session = null;
      }
      const scenarios = listScenarios();
      const startDoc = startDocId(requested, session?.docId, scenarios);
      // Begun now, not when the page asks: the page is still drawing itself, and its open() then finds the build done or under way.
      if (startDoc) {
        prepared.add(startDoc);
        void ensureOpen(startDoc);
      }
      return { scenarios, session, problems, storage: storage.kind, startDocId: startDoc };
    },

    listScenarios,

    async open(docId, request) {
      let failed = await ensureOpen(docId);
      if (prepared.delete(docId) && !(await preparedIsCurrent(docId))) {
        // Built from what was stored before another tab saved it: the page has not shown it yet, so build it again.
        docs.get(docId)?.destroy();
        docs.delete(docId);
        failed = await ensureOpen(docId);
      }
      const doc = docs.get(docId);
      if (!doc) return { ok: false, problems: failed.length > 0 ? failed : [`the scenario "${docId}" was closed while it opened`] };
      const problems = loadProblems.splice(0);
      const update = answer(doc, request && (doc.hasSheet(request.sheet) ? request : { ...request, sheet: doc.sheetNames()[0] ?? '' }));
      if (problems.length > 0) update.problem = problems.join('\n');
      return { ok: true, info: info(doc), update };
    },

    window(docId, request) {
      const doc = docs.get(docId);
      return doc?.hasSheet(request.sheet) ? doc.window(request) : null;
    },

    setCells: (docId, writes, request) =>
      edit(docId, request, (doc) => doc.setCells(writes.map(({ sheet, row, col }) => ({ sheet, row, col })), writes.map((write) => write.content))),
    setInputs: (docId, values, request, coalesce) => edit(docId, request, (doc) => doc.setInputs(values, coalesce)),
    undo: (docId, request) => edit(docId, request, (doc) => doc.undo()),
    redo: (docId, request) => edit(docId, request, (doc) => doc.redo()),
    insertRows: (docId, sheet, at, count, request) => edit(docId, request, (doc) => doc.insertRows(sheet, at, count)),
    deleteRows: (docId, sheet, at, count, request) => edit(docId, request, (doc) => doc.deleteRows(sheet, at, count)),
    insertColumns: (docId, sheet, at, count, request) => edit(docId, request, (doc) => doc.insertColumns(sheet, at, count)),
    deleteColumns: (docId, sheet, at, count, request) => edit(docId, request, (doc) => doc.deleteColumns(sheet, at, count)),
    addSheet: (docId, request) => edit(docId, request, (doc) => doc.addSheet()),
    renameSheet: (docId, sheet, newName, request) => edit(docId, request, (doc) => doc.renameSheet(sheet, newName.trim())),
    removeSheet: (docId, sheet, request) => edit(docId, request, (doc) => doc.removeSheet(sheet)),
    moveSheet: (docId, sheet, toIndex, request) =>
      edit(docId, request, (doc) => {
        doc.moveSheet(sheet, toIndex);
        return { sheet, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
      }),
    resetCells: (docId, cells, request) => edit(docId, request, (doc) => doc.resetCells(cells)),
    resetInputs: (docId, names, request) => edit(docId, request, (doc) => doc.resetInputs(names)),
    resetAll: (docId, request) => edit(docId, request, (doc) => doc.resetAll()),
    paste: (docId, sheet, target, source, request) => edit(docId, request, (doc) => doc.paste(sheet, target, source)),

    copyRange(docId, sheet, rect) {
      const doc = session(docId);
      return { values: doc.rangeValues(sheet, rect), contents: doc.rangeContents(sheet, rect) };
    },

    rangeStats: (docId, sheet, rect) => session(docId).rangeStats(sheet, rect),

    edge(docId, sheet, from, step, limits) {
      const doc = session(docId);
      const size = doc.sheets().find((candidate) => candidate.name === sheet) ?? { rows: 0, cols: 0 };
      const isFilled = (row: number, col: number) => row < size.rows && col < size.cols && doc.cellContent({ sheet, row, col }) !== null;
      return edgeTarget(isFilled, from, step, limits);
    },

    async openFile(bytes, fileName) {
      const text = decodeScenarioBytes(bytes, fileName);
      if (!text.ok) return { ok: false, problems: text.issues.map(formatIssue) };
      const parsed = parseScenarioText(text.value, fileName);
      if (!parsed.ok) return { ok: false, problems: parsed.issues.map(formatIssue) };
      const source: ScenarioSource = { scenario: parsed.value, file: fileName };
      const resolved = resolveWithPresets(source, sources);
      if (!resolved.ok) return { ok: false, problems: resolved.issues.map(formatIssue) };
      const id = freeId(parsed.value.id);
      const docId = `${USER_PREFIX}${id}`;
      const chain = resolved.value.chain.map((link, position) => ({ id: position === 0 ? id : link, name: position === 0 ? parsed.value.name : nameOf(link, sources) }));
      const meta: DocMeta = {
        docId,
        kind: 'user',
        id,
        name: parsed.value.name,
        description: parsed.value.description,
        chain: chain.length > 1 ? chain : [],
        baseName: `the file ${fileName.replace(/^.*[\\/]/, '')} as opened`,
        setBy: setters(resolved.value, (link) => (link === parsed.value.id ? parsed.value : sources.find((candidate) => candidate.scenario.id === link)?.scenario), id),
      };
      const scenario = { ...resolved.value.scenario, id };
      let doc: DocSession;
      try {
        doc = new DocSession(meta, scenario, scenario, { structureTouched: false });
      } catch (error) {
        return { ok: false, problems: [`${fileName}: the workbook could not be built: ${messageOf(error)}`] };
      }
      docs.set(docId, doc);
      doc.dirty = true;
      await writeDoc(docId);
      return { ok: true, docId };
    },

    async saveAs(docId, name) {
      const doc = session(docId);
      const trimmed = name.trim();
      if (trimmed === '') return { ok: false, problem: 'Give the scenario a name.' };
      if (trimmed.length > 120) return { ok: false, problem: 'A name has at most 120 characters.' };
      pending.delete(docId);
      // Over another tab's save of this scenario nothing is written: it stays as that tab left it.
      if (doc.meta.kind === 'user' && !conflicted.has(docId)) {
        // The scenario saved before keeps the state it has now; the copy carries on with the history.
        doc.dirty = true;
        await writeDoc(docId);
      } else if (!conflicted.has(docId)) {
        await storeRecord(doc.meta, undefined).catch(() => false);
      }
      const id = freeId(slug(trimmed));
      const newDocId = `${USER_PREFIX}${id}`;
      docs.delete(docId);
      stamps.delete(docId);
      setConflict(docId, false);
      doc.meta = { ...doc.meta, docId: newDocId, kind: 'user', id, name: trimmed, chain: [] };
      docs.set(newDocId, doc);
      doc.dirty = true;
      await writeDoc(newDocId);
      return { ok: true, docId: newDocId };
    },

    async discard(docId) {
      closeDoc(docId);
      index.delete(docId);
      try {
        await storage.update(DOC_KEY(docId), () => undefined, { [DATA_KEY(docId)]: undefined });
        await storage.update(INDEX_KEY, (stored) => withEntry(stored, docId, null));
        channel?.postMessage({ docId, stamp: null, entry: null } satisfies StoredMessage);
      } catch {
        // What the browser refuses to delete comes back after a reload; nothing of the person's work is lost.
      }
    },

    downloadScenario(docId) {
      const doc = session(docId);
      return download(doc, '.json', formatScenarioJson(doc.toScenario()));
    },

    exportSheetCsv(docId, sheet, bom) {
      const doc = session(docId);
      return download(doc, `-${sheet}.csv`, sheetValuesToCsv(doc.sheetValues(sheet), { bom }));
    },

    exportCellsCsv(docId, bom) {
      const doc = session(docId);
      const sheets = doc.sheetNames().map((name) => ({ name, contents: doc.sheetContents(name), values: doc.sheetValues(name) }));
      return download(doc, '-cells.csv', scenarioCellsToCsv(doc.meta.id, sheets, { bom }));
    },

    exportOutputsCsv(docId, bom) {
      const doc = session(docId);
      const rows = doc.outputs().map((output) => ({ scenario: doc.meta.id, output }));
      return download(doc, '-outputs.csv', outputsToCsv(rows, { bom }));
    },

    async saveSession(state) {
      try {
        await storage.set(SESSION_KEY, state);
      } catch {
        // Where the page was is a convenience; the work itself reports its own storage problems.
      }
    },

    async whenSaved(docId) {
      if (timer !== undefined || flushing !== undefined || pending.size > 0) await new Promise<void>((resolve) => waiters.push(resolve));
      const unsaved = docId === undefined ? [...unsavable.values()][0] : unsavable.get(docId);
      const problem = unsaved ?? lastProblem ?? ([...conflicted].some((docId) => docs.get(docId)?.dirty) ? CONFLICT_PROBLEM : undefined);
      return problem === undefined ? { ok: true } : { ok: false, problem };
    },

    watchStorage(next) {
      listener = next;
      next({ kind: 'health', problem: lastProblem ?? null });
      for (const docId of conflicted) next({ kind: 'conflict', docId, conflicted: true });
    },

    forgetLocal: closeDoc,
  };
}

function readPresets(texts: Readonly<Record<string, string>>): { entries: PresetEntry[]; sources: ScenarioSource[] } {
  const files = Object.keys(texts).filter((file) => file !== SCHEMA_FILE).sort();
  const sources: ScenarioSource[] = [];
  const parseProblems = new Map<string, string[]>();
  for (const file of files) {
    const parsed = parsePresetText(texts[file] ?? '', file);
    if (parsed.ok) sources.push(parsed.value);
    else parseProblems.set(file, parsed.issues.map(formatIssue));
  }
  const entries: PresetEntry[] = files.map((file) => {
    const stem = file.replace(/^.*\//, '').replace(/\.json$/i, '');
    const problems = parseProblems.get(file);
    const source = sources.find((candidate) => candidate.file === file);
    if (problems || !source) {
      return { summary: { id: stem, file, name: stem, description: '', chain: [], problems: problems ?? [] }, resolved: undefined };
    }
    const { id, name, description } = source.scenario;
    const resolved = resolveWithPresets(source, sources);
    if (!resolved.ok) {
      return { summary: { id, file, name, description, chain: [{ id, name }], problems: resolved.issues.map(formatIssue) }, resolved: undefined };
    }
    const chain = resolved.value.chain.map((link) => ({ id: link, name: nameOf(link, sources) }));
    return { summary: { id, file, name, description, chain, problems: [] }, resolved: resolved.value };
  });
  const rank = ({ summary }: PresetEntry) => (summary.problems.length > 0 ? Number.MAX_SAFE_INTEGER : summary.chain.length);
  entries.sort((a, b) => rank(a) - rank(b) || a.summary.file.localeCompare(b.summary.file));
  return { entries, sources };
}

function nameOf(id: string, sources: readonly ScenarioSource[]): string {
  return sources.find((source) => source.scenario.id === id)?.scenario.name ?? id;
}

function presetMeta(entry: PresetEntry, sources: readonly ScenarioSource[]): DocMeta {
  const { id, name, description, chain } = entry.summary;
  return {
    docId: id,
    kind: 'preset',
    id,
    name,
    description,
    chain,
    baseName: `the preset “${name}”`,
    setBy: entry.resolved ? setters(entry.resolved, (link) => sources.find((source) => source.scenario.id === link)?.scenario) : {},
  };
}

/** Input name -> the nearest scenario of the chain whose `set` gives it its value (`selfId` renames the first). */
function setters(resolved: ResolvedScenario, lookup: (id: string) => ScenarioFile | undefined, selfId?: string): Record<string, string> {
  const setBy: Record<string, string> = {};
  if (resolved.chain.length <= 1) return setBy;
  resolved.chain.forEach((id, position) => {
    const scenario = lookup(id);
    if (!scenario || !('set' in scenario)) return;
    for (const name of Object.keys(scenario.set)) setBy[name] ??= position === 0 && selfId !== undefined ? selfId : id;
  });
  return setBy;
}

/** A name -> a scenario id: lower-case letters, digits and "-". */
export function slug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return base === '' ? 'scenario' : base;
}

/** The two values a save writes: the record a tab checks, and beside it the scenarios. */
function storedWork({ meta, structureTouched, current, base }: WorkContents, stamp: string): { record: WorkRecord; data: WorkData } {
  return { record: { format: RECORD_FORMAT, version: 2, meta, structureTouched, stamp }, data: { stamp, current, base } };
}

function stampOf(stored: unknown): string | null {
  const stamp = typeof stored === 'object' && stored !== null ? (stored as { stamp?: unknown }).stamp : undefined;
  return typeof stamp === 'string' ? stamp : null;
}

/** The stored list of work with one scenario's entry set (null: removed), keeping what other tabs stored. */
function withEntry(stored: unknown, docId: string, entry: IndexEntry | null): Record<string, IndexEntry> {
  const others = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? Object.entries(stored as Record<string, IndexEntry>) : [];
  const kept = others.filter(([key]) => key !== docId);
  return Object.fromEntries(entry ? [...kept, [docId, entry]] : kept);
}

function storageProblem(error: unknown): string {
  if (error instanceof Error && error.name === 'QuotaExceededError') return 'The browser’s storage for this page is full.';
  return `The browser refused to store the work: ${messageOf(error)}`;
}

