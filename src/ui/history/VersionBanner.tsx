/** Marks an earlier version on screen as read-only, with Restore and the way back to the scenario as it stands. */
import { useState } from 'react';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { messageOf } from '../../shared/errors';
import { parseVersionDoc } from '../../shared/versions';

/** `onBack` shows the scenario itself again; after a restore too, there with the version's cells. */
export function VersionBanner({ onBack }: { onBack: (docId: string) => void }) {
  const editor = useEditor();
  const docId = useEditorValue('doc', (e) => e.docId);
  const name = useEditorValue('doc', (e) => e.info?.name ?? '');
  const [restoring, setRestoring] = useState(false);
  const named = docId ? parseVersionDoc(docId) : undefined;
  if (!named) return null;

  const restore = async () => {
    setRestoring(true);
    const update = await editor.engineCall((engine) => engine.restoreVersion(named.docId, named.versionId, null)).catch((error: unknown) => ({ problem: messageOf(error) }));
    setRestoring(false);
    if (update.problem) {
      editor.setNotice({ kind: 'problem', text: update.problem });
      return;
    }
    editor.setNotice({ kind: 'info', text: 'Restored this version. Undo brings back what was there before.' });
    onBack(named.docId);
  };

  return (
    <div className="banner banner-version banner-lasting" role="status" data-banner="version">
      <div className="banner-body">
        <p>
          <strong>An earlier version, read-only:</strong> {name}.
        </p>
        <p>Edits here are refused. Restore brings this version back into the scenario as one step, which undo takes back.</p>
      </div>
      <div className="banner-actions">
        <button type="button" className="button button-primary" disabled={restoring} onClick={() => void restore()}>
          {restoring ? 'Restoring…' : 'Restore this version'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            // A refused edit's message is about this version, not the scenario the page goes back to.
            editor.setNotice(null);
            onBack(named.docId);
          }}
        >
          Back to the scenario
        </button>
      </div>
    </div>
  );
}
