/** The editor page: top bar, scenario panel, grid and sheet tabs, and the Analyse view, around one Editor. */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ContextMenu, type MenuItem } from './dialogs/ContextMenu';
import { Dialog } from './dialogs/Dialog';
import { Editor } from './editor/editor';
import type { EngineClient } from './engineClient';
import type { InitResult, ScenarioEntry, SessionState } from '../shared/messages';
import { FormulaBar } from './grid/FormulaBar';
import { FindLauncher } from './dialogs/FindLauncher';
import { useCsvImport } from './dialogs/useCsvImport';
import { InputsPanel } from './scenario/InputsPanel';
import { OutputsPanel } from './scenario/OutputsPanel';
import { ProblemList } from './dialogs/ProblemList';
import { ScenarioAbout } from './scenario/ScenarioAbout';
import { ScenarioMenu } from './scenario/ScenarioMenu';
import { SheetGrid, type GridMenuRequest } from './grid/SheetGrid';
import { SheetTabs } from './grid/SheetTabs';
import { StatusBar } from './grid/StatusBar';
import { TestCrashTrigger } from './TestCrashTrigger';
import { Toolbar } from './grid/Toolbar';
import { TopActions } from './TopActions';
import { EditorContext, useEditorSnapshot, useEditorValue } from './editor/useEditor';
import { useStorageWatch } from './storage/useStorageWatch';
import { useRegionKeys } from './regionKeys';
import { parseRoute, replaceRoute, routeHash } from './hashRoute';
import { useSharedLink } from './sharing/useSharedLink';
import { isSharedDoc } from '../shared/sharing';
import { isVersionDoc, parseVersionDoc } from '../shared/versions';
import { messageOf } from '../shared/errors';

// Charts and the analysis views load when first opened: the editor's first load does not pay for them.
const AnalysisView = lazy(() => import('./analysis/AnalysisView'));
// Shown on a person's request or in a rare state (storage refused, another tab's edit, a shared link or a
// version opened), so their code need not hold up the page's first load: each loads when first shown.
const HistoryPanel = lazy(() => import('./history/HistoryPanel').then((module) => ({ default: module.HistoryPanel })));
const VersionBanner = lazy(() => import('./history/VersionBanner').then((module) => ({ default: module.VersionBanner })));
const StorageBanner = lazy(() => import('./storage/StorageBanner').then((module) => ({ default: module.StorageBanner })));
const ConflictBanner = lazy(() => import('./storage/ConflictBanner').then((module) => ({ default: module.ConflictBanner })));
const SharedBanner = lazy(() => import('./sharing/SharedBanner').then((module) => ({ default: module.SharedBanner })));
const LinkProblemBanner = lazy(() => import('./sharing/SharedBanner').then((module) => ({ default: module.LinkProblemBanner })));

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = mac ? '⌘' : 'Ctrl+';

type DialogState =
  | { kind: 'confirm'; title: string; body: string; confirm: string; danger?: boolean; onConfirm: () => void }
  | { kind: 'save-as'; suggestion: string };

/** The editor page: pick a scenario, edit it as a spreadsheet, see its outputs move, keep and export the work. */
/** `started` is the engine's init(), asked for as the page loads (src/ui/main.tsx) so the worker begins opening the first scenario before React has drawn anything. */
export function App({ engine, started }: { engine: EngineClient; started: Promise<InitResult> }) {
  const session = useRef<SessionState>({ docId: null, sheets: {}, active: {} });
  const lastSession = useRef('');
  const [scenarios, setScenarios] = useState<ScenarioEntry[]>();
  const [failure, setFailure] = useState<string>();
  const [problems, setProblems] = useState<{ title: string; problems: string[] }>();
  const [opening, setOpening] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuItem[] }>();
  const [dialog, setDialog] = useState<DialogState>();
  const [analysing, setAnalysing] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  /** A version the History panel asked to compare with the scenario as it stands, until the Analyse view closes. */
  const [comparing, setComparing] = useState<{ id: string; name: string }>();
  useEffect(() => {
    if (!analysing) setComparing(undefined);
  }, [analysing]);

  const rememberPlace = useCallback(
    (editor: Editor) => {
      const docId = editor.docId;
      if (!docId) return;
      const { active } = editor.selection;
      const state = session.current;
      state.docId = docId;
      state.sheets[docId] = editor.sheet;
      state.active[docId] = { sheet: editor.sheet, row: active.row, col: active.col };
      replaceRoute(docId, editor.sheet);
      // Small and cheap: stored at once, so a reload right after a click still finds the cell.
      const snapshot = JSON.stringify(state);
      if (snapshot === lastSession.current) return;
      lastSession.current = snapshot;
      void engine.saveSession(structuredClone(state));
    },
    [engine],
  );

  const editor = useMemo(() => new Editor(engine, { onSelectionSettled: rememberPlace, onStructure: rememberPlace }), [engine, rememberPlace]);
  const csvImport = useCsvImport(editor);
  useRegionKeys(useCallback(() => editor.focusActive(), [editor]));

  const refreshScenarios = useCallback(() => {
    engine.listScenarios().then(setScenarios, (error: unknown) => setFailure(messageOf(error)));
  }, [engine]);
  const storage = useStorageWatch(engine, refreshScenarios);

  /** Forgets the open scenario's stored edits (a preset reverts, a scenario of one's own goes), then `next` decides what opens. */
  const discardOpen = async (next: () => void) => {
    const docId = editor.docId;
    if (!docId) return;
    await engine.discard(docId);
    editor.info = undefined;
    refreshScenarios();
    next();
  };

  // Start: the stored list of work and where the page was.
  useEffect(() => {
    started.then(
      (result) => {
        if (result.session) session.current = { ...result.session, sheets: { ...result.session.sheets }, active: { ...result.session.active } };
        setScenarios(result.scenarios);
        if (result.problems.length > 0) setProblems({ title: 'Some stored work could not be read', problems: result.problems });
        if (!window.location.hash && result.startDocId) window.history.replaceState(null, '', routeHash(result.startDocId, session.current.sheets[result.startDocId]));
      },
      (error: unknown) => setFailure(messageOf(error)),
    );
  }, [started]);

  // The hash names the scenario (and sheet): open it, or switch to it, keeping every other scenario's work.
  const ready = scenarios !== undefined;
  const [wanted, setWanted] = useState<string | null>(null);
  useEffect(() => {
    if (!ready) return;
    let latest = 0;
    const follow = () => {
      const { docId, sheet: wantedSheet } = parseRoute(window.location.hash);
      setWanted(docId);
      if (!docId) return;
      if (docId === editor.docId) {
        if (wantedSheet && wantedSheet !== editor.sheet) void editor.switchSheet(wantedSheet);
        return;
      }
      const ticket = ++latest;
      const place = session.current.active[docId];
      const sheet = wantedSheet ?? place?.sheet ?? session.current.sheets[docId];
      setOpening(docId);
      const request = editor.request(sheet ?? '', true);
      void (async () => {
        if (editor.editing) await editor.commit('none', { polite: true });
        const result = await engine.open(docId, request).catch((error: unknown) => ({ ok: false as const, problems: [messageOf(error)] }));
        if (ticket !== latest) return;
        setOpening(undefined);
        if (!result.ok) {
          setProblems({ title: `“${docId}” cannot be opened`, problems: result.problems });
          return;
        }
        setProblems(undefined);
        const active = place && place.sheet === result.update.window?.sheet ? { row: place.row, col: place.col } : undefined;
        editor.show(result.info, result.update, active ? { active } : {});
        rememberPlace(editor);
        editor.focusActive();
      })();
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [ready, editor, engine, rememberPlace]);

  // A `#share=v1.…` address: the scenario the link carries, not yet kept.
  const sharedLink = useSharedLink(engine, editor, { ready, started, onOpening: setOpening, onShown: rememberPlace });

  // The hash follows the sheet shown, whatever moved it (a tab, undo on another sheet).
  useEffect(
    () =>
      editor.subscribe('doc', () => {
        if (editor.docId) replaceRoute(editor.docId, editor.sheet);
      }),
    [editor],
  );

  // The picker marks presets with unsaved work; that changes as edits are stored.
  const openDocId = useEditorSnapshot(editor, 'doc', (e) => e.docId);
  const edited = useEditorSnapshot(editor, 'doc', (e) => `${e.state?.edited ?? false}${e.info?.name ?? ''}`);
  useEffect(() => {
    if (ready) refreshScenarios();
  }, [edited, ready, refreshScenarios]);

  const openMenu = useCallback((x: number, y: number, items: MenuItem[]) => setMenu({ x, y, items }), []);

  const gridMenu = useCallback(
    (request: GridMenuRequest) => {
      const changed = editor.selectionHasChanges();
      const items: MenuItem[] = [
        { label: 'Cut', shortcut: `${mod}X`, onSelect: () => editor.copyToSystem(true) },
        { label: 'Copy', shortcut: `${mod}C`, onSelect: () => editor.copyToSystem(false) },
        { label: 'Paste', shortcut: `${mod}V`, onSelect: () => void editor.pasteFromSystem() },
        { label: 'Clear contents', shortcut: 'Delete', onSelect: () => void editor.clearSelection() },
      ];
      if (request.kind !== 'column') {
        items.push(
          { label: 'Insert row above', shortcut: `${mod}Shift+=`, separatorBefore: true, onSelect: () => void editor.insertRows('above') },
          { label: 'Insert row below', onSelect: () => void editor.insertRows('below') },
          { label: 'Delete row', shortcut: `${mod}−`, onSelect: () => void editor.deleteRows() },
        );
      }
      if (request.kind !== 'row') {
        items.push(
          { label: 'Insert column left', separatorBefore: request.kind === 'column', onSelect: () => void editor.insertColumns('left') },
          { label: 'Insert column right', onSelect: () => void editor.insertColumns('right') },
          { label: 'Delete column', onSelect: () => void editor.deleteColumns() },
        );
      }
      items.push({ label: 'Reset to preset', separatorBefore: true, disabled: !changed, onSelect: () => void editor.resetSelection() });
      setMenu({ x: request.x, y: request.y, items });
    },
    [editor],
  );

  const confirmDeleteSheet = useCallback(
    (sheet: string) =>
      setDialog({
        kind: 'confirm',
        title: `Delete the sheet “${sheet}”?`,
        body: 'Formulas on other sheets that refer to it will show #REF!. Undo brings it back.',
        confirm: 'Delete sheet',
        danger: true,
        onConfirm: () => void editor.removeSheet(sheet),
      }),
    [editor],
  );

  const current = scenarios?.find((entry) => entry.docId === openDocId);
  const afterSaveAs = async (docId: string) => {
    refreshScenarios();
    const place = editor.selection.active;
    const sheet = editor.sheet;
    window.location.hash = routeHash(docId, sheet);
    session.current.active[docId] = { sheet, ...place };
  };

  let content;
  if (failure) content = <ProblemList title="The engine stopped" problems={[failure]} />;
  else if (!scenarios) content = <p className="loading">Loading scenarios…</p>;

  return (
    <EditorContext.Provider value={editor}>
      <div className="app">
        <header className="topbar">
          <a className="brand" href={scenarios?.[0] ? routeHash(scenarios[0].docId) : '#'} aria-label="tradesheet">
            <span className="brand-mark" aria-hidden="true" />
            tradesheet
          </a>
          {scenarios && <ScenarioMenu scenarios={scenarios} currentId={openDocId ?? wanted ?? undefined} />}
          <button
            type="button"
            className={analysing ? 'button button-active' : 'button'}
            aria-pressed={analysing}
            disabled={!openDocId}
            onClick={() => setAnalysing((open) => !open)}
            title="Compare scenarios, sweep an input, see which assumption matters most, goal seek"
          >
            {analysing ? 'Back to the sheet' : 'Analyse'}
          </button>
          <span className="topbar-spacer" />
          <TopActions
            current={current}
            onProblems={setProblems}
            onBusy={setBusy}
            onImportCsv={csvImport.choose}
            onDropCsv={csvImport.importFile}
            onOpened={(docId) => {
              refreshScenarios();
              window.location.hash = routeHash(docId);
            }}
            onSaveAs={() => setDialog({ kind: 'save-as', suggestion: `${editor.info?.name ?? 'Scenario'} (edited)` })}
            onHistory={() => setHistoryOpen(true)}
            onRevert={() =>
              setDialog({
                kind: 'confirm',
                title: `Throw away your changes to “${current?.name ?? ''}”?`,
                body: 'Every edit, inserted row and sheet goes, and the preset opens as it ships. Save a copy first (Save as) to keep them.',
                confirm: 'Revert to preset',
                danger: true,
                onConfirm: () => void discardOpen(() => window.dispatchEvent(new HashChangeEvent('hashchange'))),
              })
            }
            onDelete={() =>
              setDialog({
                kind: 'confirm',
                title: `Delete “${current?.name ?? ''}” from this browser?`,
                body: 'The scenario and its edits are removed from this browser. Download it first to keep a copy.',
                confirm: 'Delete scenario',
                danger: true,
                onConfirm: () => void discardOpen(() => (window.location.hash = routeHash(scenarios?.find((entry) => entry.problems.length === 0)?.docId ?? ''))),
              })
            }
          />
        </header>
        {problems && (
          <div className="banner banner-problem" role="alert">
            <ProblemList title={problems.title} problems={problems.problems} />
            <button type="button" className="banner-close" aria-label="Dismiss" onClick={() => setProblems(undefined)}>
              ×
            </button>
          </div>
        )}
        <Suspense fallback={null}>
        {storage.problem !== null && <StorageBanner problem={storage.problem} />}
        {openDocId && storage.conflicts.has(openDocId) && (
          <ConflictBanner onSaveMine={() => setDialog({ kind: 'save-as', suggestion: `${editor.info?.name ?? 'Scenario'} (this tab)` })} />
        )}
        {sharedLink.problems && <LinkProblemBanner problems={sharedLink.problems} onDismiss={sharedLink.dismiss} />}
        {isSharedDoc(openDocId) && <SharedBanner onKept={(docId) => void afterSaveAs(docId)} />}
        {isVersionDoc(openDocId) && <VersionBanner onBack={(docId) => (window.location.hash = routeHash(docId))} />}
        </Suspense>
        <Notice />
        {content ??
          (analysing && openDocId ? (
            <main className="analysis-area">
              <Suspense fallback={<p className="loading">Loading the analysis…</p>}>
                <AnalysisView
                  analysis={engine}
                  scenarios={[...(scenarios ?? []).filter((entry) => entry.problems.length === 0).map((entry) => ({ id: entry.docId, name: entry.name })), ...(comparing ? [comparing] : [])]}
                  compare={comparing && { chosen: [openDocId, comparing.id], baseline: openDocId }}
                  currentId={openDocId}
                  onOpenScenario={(docId) => {
                    setAnalysing(false);
                    window.location.hash = routeHash(docId);
                  }}
                  onApplyInput={(docId, name, value) => {
                    if (docId === editor.docId) void editor.setInput(name, value);
                  }}
                />
              </Suspense>
            </main>
          ) : (
          <div className="workspace">
            <main className="sheet-area" aria-label="Spreadsheet" aria-busy={opening !== undefined || busy !== undefined}>
              <Toolbar />
              <FormulaBar />
              <div className="grid-frame">
                {openDocId ? <SheetGrid onContextMenu={gridMenu} /> : null}
                {openDocId ? <FindLauncher /> : null}
                {(opening ?? busy) !== undefined && (
                  <p className="grid-loading" role="status">
                    {opening ? `Opening ${scenarios?.find((entry) => entry.docId === opening)?.name ?? opening}…` : busy}
                  </p>
                )}
              </div>
              <div className="sheet-footer">
                <SheetTabs onMenu={openMenu} onDelete={confirmDeleteSheet} onImportCsv={csvImport.choose} />
                <StatusBar />
              </div>
              {/* Inside the sheet's landmark, whose cells and tabs it acts on, so a screen reader finds it there. */}
              {menu && (
                <ContextMenu
                  x={menu.x}
                  y={menu.y}
                  items={menu.items}
                  onClose={() => {
                    setMenu(undefined);
                  }}
                />
              )}
            </main>
            <aside className="side-panel" aria-label="Scenario">
              <ScenarioAbout />
              <OutputsPanel />
              <InputsPanel />
              <TestCrashTrigger />
            </aside>
          </div>
          ))}
        {dialog?.kind === 'confirm' && (
          <Dialog
            title={dialog.title}
            confirm={dialog.confirm}
            danger={dialog.danger ?? false}
            onClose={() => {
              setDialog(undefined);
              editor.focusActive();
            }}
            onConfirm={() => {
              setDialog(undefined);
              dialog.onConfirm();
            }}
          >
            <p>{dialog.body}</p>
          </Dialog>
        )}
        {csvImport.element}
        {historyOpen && openDocId && (
          <Suspense fallback={null}>
          <HistoryPanel
            docId={parseVersionDoc(openDocId)?.docId ?? openDocId}
            scenarioName={scenarios?.find((entry) => entry.docId === (parseVersionDoc(openDocId)?.docId ?? openDocId))?.name ?? editor.info?.name ?? ''}
            onClose={() => {
              setHistoryOpen(false);
              editor.focusActive();
            }}
            onOpen={(versionDoc) => {
              setHistoryOpen(false);
              setAnalysing(false);
              window.location.hash = routeHash(versionDoc);
            }}
            onCompare={(version) => {
              setHistoryOpen(false);
              setComparing(version);
              setAnalysing(true);
            }}
            onRestored={() => {
              const named = parseVersionDoc(openDocId);
              if (named) window.location.hash = routeHash(named.docId);
            }}
          />
          </Suspense>
        )}
        {dialog?.kind === 'save-as' && (
          <SaveAsDialog
            suggestion={dialog.suggestion}
            onClose={() => {
              setDialog(undefined);
              editor.focusActive();
            }}
            onSave={async (name) => {
              const docId = editor.docId;
              if (!docId) return 'Nothing is open.';
              if (editor.editing) await editor.commit('none', { polite: true });
              const saved = await engine.saveAs(docId, name);
              if (!saved.ok) return saved.problem;
              setDialog(undefined);
              await afterSaveAs(saved.docId);
              return undefined;
            }}
          />
        )}
      </div>
    </EditorContext.Provider>
  );
}

function Notice() {
  const notice = useEditorValue('doc', (e) => e.notice);
  const editor = useEditorValue('doc', (e) => e);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(() => editor.setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice, editor]);
  if (!notice) return null;
  return (
    <div className={`banner ${notice.kind === 'problem' ? 'banner-problem' : 'banner-info'}`} role={notice.kind === 'problem' ? 'alert' : 'status'}>
      <p>{notice.text}</p>
      <button type="button" className="banner-close" aria-label="Dismiss" onClick={() => editor.setNotice(null)}>
        ×
      </button>
    </div>
  );
}

function SaveAsDialog({ suggestion, onClose, onSave }: { suggestion: string; onClose: () => void; onSave: (name: string) => Promise<string | undefined> }) {
  const [name, setName] = useState(suggestion);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      title="Save as a new scenario"
      confirm={busy ? 'Saving…' : 'Save'}
      danger={false}
      onClose={onClose}
      onConfirm={() => {
        setBusy(true);
        void onSave(name).then((answer) => {
          setBusy(false);
          setProblem(answer);
        });
      }}
    >
      <label className="field">
        <span>Name</span>
        <input autoFocus value={name} onChange={(event) => setName(event.target.value)} onFocus={(event) => event.target.select()} aria-invalid={problem ? true : undefined} />
      </label>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <p className="muted">It is kept in this browser under “My scenarios”, with every later edit. The preset stays as it ships.</p>
    </Dialog>
  );
}

