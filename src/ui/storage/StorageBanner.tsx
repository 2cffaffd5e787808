/** The banner that says the browser is not storing the work. */
import { useEffect } from 'react';
import { downloadFile } from '../download';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { messageOf } from '../../shared/errors';

/** Says, for as long as it lasts, that the browser does not store the work, and offers the scenario as a file instead. */
export function StorageBanner({ problem }: { problem: string }) {
  const editor = useEditor();
  const docId = useEditorValue('doc', (e) => e.docId);
  const unsaved = useEditorValue('doc', (e) => typeof e.saveStatus === 'object');

  // Edits only this tab holds go with it: the browser asks before the tab closes or reloads.
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const download = async () => {
    if (!docId) return;
    if (editor.editing) await editor.commit('none', { polite: true });
    try {
      const file = await editor.engineCall((engine) => engine.downloadScenario(docId));
      downloadFile(file.fileName, file.text, 'application/json');
    } catch (error) {
      editor.setNotice({ kind: 'problem', text: messageOf(error) });
    }
  };

  return (
    <div className="banner banner-problem banner-lasting" role="alert" data-banner="storage">
      <div className="banner-body">
        <p>
          <strong>Your work is not being saved in this browser.</strong> {problem}
        </p>
        <p>
          Everything still works, and every edit is kept in this tab only: closing or reloading it loses them. Download the scenario to keep a copy. Each edit tries
          to store the work again, and this notice goes once the browser takes it.
        </p>
      </div>
      <div className="banner-actions">
        <button type="button" className="button button-primary" disabled={!docId} onClick={() => void download()}>
          Download scenario
        </button>
      </div>
    </div>
  );
}
