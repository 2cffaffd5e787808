/** The History panel: a scenario's versions newest first, with Open, Compare, Restore and Delete, and Save version under a name. */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useEditor } from '../editor/useEditor';
import { messageOf } from '../../shared/errors';
import { AUTOMATIC_INTERVAL_MS, MAX_AUTOMATIC_VERSIONS, versionDocId, type VersionSummary } from '../../shared/versions';
import { changeSummary, changedCells, versionTime } from './describeVersion';

interface Props {
  /** The scenario whose history this is (not a version of it open read-only). */
  docId: string;
  scenarioName: string;
  onClose: () => void;
  /** Shows a version read-only in the editor, under its own doc id. */
  onOpen: (versionDoc: string) => void;
  /** Compares a version with the scenario as it stands, in the Analyse view. */
  onCompare: (version: { id: string; name: string }) => void;
  /** After Restore: the editor should show the scenario itself again, if it showed a version. */
  onRestored: () => void;
}

const KIND_LABELS: Record<VersionSummary['kind'], string> = { origin: 'oldest', automatic: 'automatic', named: 'named' };

/** A modal <dialog>: focus stays inside, Escape closes it, and the grid gets the focus back. */
export function HistoryPanel({ docId, scenarioName, onClose, onOpen, onCompare, onRestored }: Props) {
  const editor = useEditor();
  const ref = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [versions, setVersions] = useState<VersionSummary[]>();
  const [problem, setProblem] = useState<string>();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string>();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const refresh = useCallback(async () => {
    const listed = await editor.engineCall((engine) => engine.listVersions(docId)).catch((error: unknown) => ({ ok: false as const, problem: messageOf(error) }));
    if (listed.ok) setVersions(listed.versions);
    else setProblem(listed.problem);
  }, [editor, docId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const run = async (label: string, action: () => Promise<string | undefined>) => {
    setBusy(label);
    setProblem(undefined);
    const failed = await action().catch((error: unknown) => messageOf(error));
    setBusy(undefined);
    if (failed !== undefined) setProblem(failed);
  };

  const save = () =>
    run('save', async () => {
      if (editor.editing) await editor.commit('none', { polite: true });
      const saved = await editor.engineCall((engine) => engine.saveVersion(docId, name));
      if (!saved.ok) return saved.problem;
      setName('');
      await refresh();
      return undefined;
    });

  const restore = (version: VersionSummary) =>
    run(`restore:${version.id}`, async () => {
      if (editor.editing) await editor.commit('none', { polite: true });
      const showsScenario = editor.docId === docId;
      const update = await editor.engineCall((engine) => engine.restoreVersion(docId, version.id, showsScenario ? editor.request() : null));
      if (update.problem) return update.problem;
      if (showsScenario) editor.showEdit(update, { select: false });
      editor.setNotice({ kind: 'info', text: `Restored “${version.name}”. Undo brings back what was there before.` });
      onRestored();
      onClose();
      return undefined;
    });

  const remove = (version: VersionSummary) =>
    run(`delete:${version.id}`, async () => {
      const removed = await editor.engineCall((engine) => engine.deleteVersion(docId, version.id));
      if (!removed.ok) return removed.problem;
      await refresh();
      return undefined;
    });

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide history-panel"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-about`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="history-inner">
        <h2 id={`${ids}-title`}>Version history</h2>
        <p id={`${ids}-about`} className="muted">
          “{scenarioName}”: a version is kept automatically when editing pauses (at most one every {AUTOMATIC_INTERVAL_MS / 60_000} minutes, the last {MAX_AUTOMATIC_VERSIONS}), and every version you name, until you delete it.
        </p>
        <form
          className="history-save"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label className="field">
            <span>Version name</span>
            <input value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Sent to finance" maxLength={120} autoFocus />
          </label>
          <button type="submit" className="button button-primary" disabled={busy !== undefined}>
            {busy === 'save' ? 'Saving…' : 'Save version'}
          </button>
        </form>
        {problem && (
          <p className="field-problem" role="alert">
            {problem}
          </p>
        )}
        {versions === undefined ? (
          <p className="muted" role="status">
            Reading the versions…
          </p>
        ) : (
          <ol className="history-list" aria-label="Versions, newest first">
            {versions.map((version) => (
              <VersionItem
                key={version.id}
                version={version}
                busy={busy?.endsWith(`:${version.id}`) ? busy.slice(0, busy.indexOf(':')) : undefined}
                onOpen={() => onOpen(versionDocId(docId, version.id))}
                onCompare={() => onCompare({ id: versionDocId(docId, version.id), name: version.time === null ? version.name : `${version.name}, ${versionTime(version.time)}` })}
                onRestore={() => void restore(version)}
                onDelete={() => void remove(version)}
              />
            ))}
          </ol>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}

interface ItemProps {
  version: VersionSummary;
  /** What is under way on this version, if anything. */
  busy: string | undefined;
  onOpen: () => void;
  onCompare: () => void;
  onRestore: () => void;
  onDelete: () => void;
}

function VersionItem({ version, busy, onOpen, onCompare, onRestore, onDelete }: ItemProps) {
  const titleId = useId();
  // A named version deleted is gone for good: the first press asks, the second deletes.
  const [confirming, setConfirming] = useState(false);
  const cells = version.changes ? changedCells(version.changes) : undefined;
  return (
    <li className={`history-item is-${version.kind}`} aria-labelledby={titleId}>
      <div className="history-head">
        <strong id={titleId}>
          {version.name}
          {version.time !== null && <span className="visually-hidden">, {versionTime(version.time)}</span>}
        </strong>
        {version.time !== null && (
          <time dateTime={new Date(version.time).toISOString()} aria-hidden="true">
            {versionTime(version.time)}
          </time>
        )}
        <span className="badge">{KIND_LABELS[version.kind]}</span>
      </div>
      <p className="history-changes">{changeSummary(version)}</p>
      {cells && cells.lines.length > 0 && (
        <details className="history-cells">
          <summary>Which cells</summary>
          <ul>
            {cells.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
            {cells.more > 0 && <li className="muted">and {cells.more.toLocaleString('en-US')} more</li>}
          </ul>
        </details>
      )}
      <div className="history-actions" role="group" aria-labelledby={titleId}>
        <button type="button" className="button button-small" onClick={onOpen} title="Show this version in the sheet, read-only">
          Open
        </button>
        <button type="button" className="button button-small" onClick={onCompare} title="Its outputs beside the scenario's as it stands now">
          Compare
        </button>
        <button type="button" className="button button-small" disabled={busy !== undefined} onClick={onRestore} title="Bring it back into the scenario; undo takes it back">
          {busy === 'restore' ? 'Restoring…' : 'Restore'}
        </button>
        {version.kind === 'named' &&
          (confirming ? (
            <>
              <button type="button" className="button button-small button-danger" disabled={busy !== undefined} onClick={onDelete} autoFocus>
                {busy === 'delete' ? 'Deleting…' : 'Delete for good'}
              </button>
              <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="button button-small button-danger-quiet" disabled={busy !== undefined} onClick={() => setConfirming(true)}>
              Delete
            </button>
          ))}
      </div>
    </li>
  );
}
