/**
 * What the page asks the engine worker: createEngine holds the open scenarios and wires each method the
 * page calls to them, the presets, the stored work and its saving. Every scenario opened stays open
 * (switching keeps unsaved work) and every edit is stored in the browser shortly after.
 */
import { Workbook, formatIssue, type ScenarioOutputs, type ScenarioSource } from '../model';
import { decodeScenarioBytes, parseScenarioText, resolveWithPresets } from '../io/scenarioFile';
import { functionCatalogue } from '../model/workbook/functionCatalogue';
import { edgeTarget } from '../shared/cellRange';
import { isVersionDoc } from '../shared/versions';
import type { Engine } from '../shared/engine';
import { MAX_FIND_MATCHES } from '../shared/find';
import { messageOf } from '../shared/errors';
import type { DocInfo, ScenarioEntry, Selected, SheetWindow, Update, WindowRequest } from '../shared/messages';
import { createAnalysis, namedFormats, type AnalysisTarget } from './analysis';
import { createCsvImports } from './csvImport';
import { createExports } from './exports';
import { createSharing } from './sharing';
import { READ_ONLY_PROBLEM, createVersions, type VersionOptions } from './versions';
import { nameOf, presetMeta, readPresets, setters } from './presets';
import { DocSession, WHOLE_SHEET_CELLS, type DocMeta } from './session/docSession';
import { EditError } from './session/editError';
import { fillCells } from './session/fill';
import { findCells, replaceCells } from './session/find';
import { Saver } from './storage/saver';
import { memoryStorage, type EngineStorage } from './storage/storage';
import { WorkStore } from './storage/workStore';

const USER_PREFIX = 'u:';

export interface EngineOptions {
  storage?: EngineStorage;
  /** Milliseconds between the last edit and storing the work, by the cells the save will write (storage/blocks.ts: the blocks of rows changed). */
  saveDelay?: (cells: number) => number;
  /** Where engines in other tabs hear that a scenario was stored: a BroadcastChannel in the browser. */
  channel?: BroadcastChannel;
  /** When automatic versions are taken, and how many are kept (engine/versions.ts). */
  versions?: VersionOptions;
}

const defaultSaveDelay = (cells: number) => (cells > 200_000 ? 1500 : cells > WHOLE_SHEET_CELLS ? 600 : 60);

/** `texts` maps a file path such as `scenarios/baseline.json` to its text. */
export function createEngine(texts: Readonly<Record<string, string>>, options: EngineOptions = {}): Engine {
  const storage = options.storage ?? memoryStorage();
  const { entries, sources } = readPresets(texts);
  const docs = new Map<string, DocSession>();
  /** Begun by init() before the page asked for it: until the page opens it, another tab's newer save means building it again, not a conflict. */
  const prepared = new Set<string>();
  const loadProblems: string[] = [];
  // The same for every scenario: built once, when the engine starts.
  const catalogue = functionCatalogue();
  const store = new WorkStore(storage, options.channel, (docId, differs) => {
    if (differs && docs.has(docId) && !prepared.has(docId)) saver.setConflict(docId, true);
    saver.notify({ kind: 'scenarios' });
  });
  // Saving: edits mark their document; a timer stores the marked ones, one at a time.
  const saver = new Saver(docs, store, options.saveDelay ?? defaultSaveDelay);
  const versions = createVersions(
    {
      docs,
      storage,
      presetScenario: (docId) => presetEntry(docId)?.resolved?.scenario,
      scenarioName: (docId) => docs.get(docId)?.meta.name ?? presetEntry(docId)?.summary.name ?? store.index.get(docId)?.name,
      storedBase: async (docId) => {
        const record = await store.read(docId);
        return record && typeof record !== 'string' ? record.base : undefined;
      },
      session,
      ensureOpen,
      edit,
      closeDoc,
    },
    options.versions,
  );

  /** Forgets this tab's copy of a scenario: its session, its unsaved state, its analysis copy. */
  function closeDoc(docId: string): void {
    docs.get(docId)?.destroy();
    docs.delete(docId);
    store.forget(docId);
    snapshots.get(docId)?.target.workbook.destroy();
    snapshots.delete(docId);
    saver.forget(docId);
  }

  function presetEntry(docId: string) {
    return entries.find((entry) => entry.summary.id === docId);
  }

  function listScenarios(): ScenarioEntry[] {
    const { index } = store;
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

  /** A scenario open for editing: an earlier version, open read-only, refuses. */
  function editableSession(docId: string): DocSession {
    if (isVersionDoc(docId)) throw new EditError(READ_ONLY_PROBLEM);
    return session(docId);
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
    saver.schedule(doc);
    versions.noteEdit(doc);
    const update: Update = { state, window };
    if (select) update.select = select;
    if (problem !== undefined) update.problem = problem;
    return update;
  }

  /** Runs one edit; a refusal (a bad sheet name, the last sheet) comes back as a problem, not an exception. */
  function edit(docId: string, request: WindowRequest | null, operation: (doc: DocSession) => Selected | undefined): Update {
    const doc = session(docId);
    if (isVersionDoc(docId)) return answer(doc, request, undefined, READ_ONLY_PROBLEM);
    const definitions = doc.definitionRevision;
    try {
      const update = answer(doc, request, operation(doc) ?? undefined);
      // The page learns of definitions at open; a step that changed a range sends them again.
      if (doc.definitionRevision !== definitions) update.info = docInfo(doc);
      return update;
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
      saver.markUnsavable(docId, problem);
      return answer(doc, request, undefined, problem);
    }
    docs.set(docId, again);
    doc.destroy();
    return answer(again, request, undefined, `${fault} The sheets were computed again from their cells; the undo history is gone.`);
  }

  async function openDoc(docId: string): Promise<DocSession | string[]> {
    if (isVersionDoc(docId)) return versions.openVersion(docId);
    const preset = presetEntry(docId);
    if (preset) {
      if (!preset.resolved) return preset.summary.problems;
      const scenario = preset.resolved.scenario;
      const meta = presetMeta(preset, sources);
      const presetSheets = JSON.stringify(scenario.sheets);
      // Looked up even when this tab's list does not name it: another tab may have stored it a moment ago.
      const record = await store.read(docId);
      if (typeof record === 'string' && store.index.has(docId)) loadProblems.push(record);
      try {
        if (record && typeof record !== 'string') {
          const doc = new DocSession(meta, record.current, record.base, { structureTouched: record.structureTouched, presetSheets });
          store.hold(docId, record.stamp);
          return doc;
        }
        store.forget(docId);
        return new DocSession(meta, scenario, scenario, { structureTouched: false, presetSheets });
      } catch (error) {
        return [`${preset.summary.file}: the workbook could not be built: ${messageOf(error)}`];
      }
    }
    if (!docId.startsWith(USER_PREFIX) || !store.index.has(docId)) return [`no scenario with id "${docId.replace(USER_PREFIX, '')}"`];
    const record = await store.read(docId);
    if (typeof record === 'string' || !record) return [record ?? `the scenario "${docId}" is no longer stored in this browser`];
    try {
      const doc = new DocSession(record.meta, record.current, record.base, { structureTouched: record.structureTouched });
      store.hold(docId, record.stamp);
      return doc;
    } catch (error) {
      return [`${record.meta.name}: the workbook could not be built: ${messageOf(error)}`];
    }
  }

  function freeId(wanted: string): string {
    const taken = new Set([...entries.map((entry) => entry.summary.id), ...[...store.index.values()].map((entry) => entry.id), ...[...docs.values()].map((doc) => doc.meta.id)]);
    const stem = wanted.slice(0, 60);
    if (!taken.has(stem)) return stem;
    for (let n = 2; ; n += 1) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
  }

  function newUserDoc(wanted: string): { id: string; docId: string } {
    const id = freeId(wanted);
    return { id, docId: `${USER_PREFIX}${id}` };
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
    const target = { id: docId, name: doc?.meta.name ?? scenario.name, workbook: Workbook.open(scenario), revision, formats: scenario.formats };
    snapshots.set(docId, { revision, target });
    return target;
  }

  /** Read from the editor's session when it is open: a comparison sets no cell, so it needs no copy of its own. */
  function analysisOutputs(docId: string): Omit<ScenarioOutputs, 'id'> {
    const doc = docs.get(docId);
    if (doc) return { name: doc.meta.name, outputs: doc.outputs(), formats: doc.outputFormats() };
    const { name, workbook, formats } = analysisTarget(docId);
    const outputs = workbook.outputs();
    return { name, outputs, formats: namedFormats(outputs, formats) };
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
    return store.isCurrent(docId);
  }

  return {
    ...createAnalysis(analysisTarget, analysisOutputs),
    ...createCsvImports({ session: editableSession, answer }),
    ...createExports({ session, analysisTarget }),
    ...createSharing({ docs, entries, sources, session, saver, newUserDoc }),
    ...versions.api,

    async prepareAnalysis(docIds) {
      const problems = (await Promise.all(docIds.map(ensureOpen))).flat();
      return problems.length > 0 ? { ok: false, problems } : { ok: true };
    },

    listPresets: () => entries.map((entry) => entry.summary),
    functionCatalogue: () => catalogue,

    async init(requested = null) {
      const problems: string[] = [];
      try {
        if (!(await store.loadIndex())) problems.push('The list of stored work could not be read; it was left as it is.');
      } catch (error) {
        saver.failed(error);
      }
      const session = await store.readSession();
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
      return { ok: true, info: docInfo(doc), update };
    },

    window(docId, request) {
      const doc = docs.get(docId);
      return doc?.hasSheet(request.sheet) ? doc.window(request) : null;
    },

    setCells: (docId, writes, request) =>
      edit(docId, request, (doc) => doc.setCells(writes.map(({ sheet, row, col }) => ({ sheet, row, col })), writes.map((write) => write.content))),
    setInputs: (docId, values, request, coalesce) => edit(docId, request, (doc) => doc.setInputs(values, coalesce)),
    setInputRange: (docId, name, range, request) => edit(docId, request, (doc) => doc.setInputRange(name, range ?? undefined)),
    setFormat: (docId, sheet, rect, code, request) => edit(docId, request, (doc) => doc.setFormat(sheet, rect, code)),
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
    fill: (docId, sheet, source, target, mode, request) => edit(docId, request, (doc) => fillCells(doc, sheet, source, target, mode)),
    find: (docId, query) => findCells(session(docId), query, MAX_FIND_MATCHES),
    replace(docId, query, replacement, cells, request) {
      let counts = { replaced: 0, formulasLeft: 0, formattedLeft: 0 };
      const update = edit(docId, request, (doc) => {
        const { select, ...done } = replaceCells(doc, query, replacement, cells);
        counts = done;
        return select;
      });
      return { update, ...counts };
    },

    copyRange(docId, sheet, rect) {
      const doc = session(docId);
      return { values: doc.rangeValues(sheet, rect), contents: doc.rangeContents(sheet, rect), formats: doc.formatCodes(sheet, rect) };
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
      await saver.write(docId);
      return { ok: true, docId };
    },

    async saveAs(docId, name) {
      const doc = session(docId);
      const trimmed = name.trim();
      if (trimmed === '') return { ok: false, problem: 'Give the scenario a name.' };
      if (trimmed.length > 120) return { ok: false, problem: 'A name has at most 120 characters.' };
      saver.unschedule(docId);
      // Over another tab's save of this scenario nothing is written: it stays as that tab left it.
      if (doc.meta.kind === 'user' && !saver.isConflicted(docId)) {
        // The scenario saved before keeps the state it has now; the copy carries on with the history.
        doc.dirty = true;
        await saver.write(docId);
      } else if (!saver.isConflicted(docId)) {
        await store.store(doc.meta, undefined).catch(() => false);
      }
      const id = freeId(slug(trimmed));
      const newDocId = `${USER_PREFIX}${id}`;
      docs.delete(docId);
      store.forget(docId);
      saver.setConflict(docId, false);
      doc.meta = { ...doc.meta, docId: newDocId, kind: 'user', id, name: trimmed, chain: [] };
      docs.set(newDocId, doc);
      doc.dirty = true;
      await saver.write(newDocId);
      return { ok: true, docId: newDocId };
    },

    async discard(docId) {
      closeDoc(docId);
      await store.remove(docId);
      if (docId.startsWith(USER_PREFIX)) await versions.removeAll(docId);
    },

    saveSession: (state) => store.saveSession(state),
    whenSaved: (docId) => saver.whenSaved(docId),
    watchStorage: (next) => saver.watch(next),
    forgetLocal: closeDoc,
  };
}

/** What the page shows of an open scenario beside its cells: its names, its chain, its inputs and outputs. */
function docInfo(doc: DocSession): DocInfo {
  const { docId, kind, id, name, description, chain, baseName, setBy } = doc.meta;
  const scenario = doc.baseScenario();
  // The live definitions: an input's range may have been set since the scenario opened.
  const inputs = doc.inputs().map((definition) => {
    const { name: inputName, label, unit, source, min, max, range } = definition;
    return {
      name: inputName,
      label,
      unit,
      source,
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(range === undefined ? {} : { range }),
      ...(setBy[inputName] === undefined ? {} : { setBy: setBy[inputName] }),
    };
  });
  const outputs = Object.entries(scenario.outputs).map(([outputName, { label, unit }]) => ({ name: outputName, label, unit }));
  return { docId, kind, id, name, description, chain, baseName, inputs, outputs };
}

/** The scenario a page opens when it asks for none: where it was last, or the first that loads. */
function startDocId(requested: string | null, remembered: string | null | undefined, scenarios: readonly ScenarioEntry[]): string | null {
  if (requested) return requested;
  const loads = (entry: ScenarioEntry) => entry.problems.length === 0;
  return (scenarios.find((entry) => entry.docId === remembered && loads(entry)) ?? scenarios.find(loads))?.docId ?? null;
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
