/** The banner for a scenario another tab stored first. */
import { useEditor, useEditorValue } from '../editor/useEditor';

/** Another tab stored the scenario shown here: this tab does not store over it until the person picks one of the two ways out. */
export function ConflictBanner({ onSaveMine }: { onSaveMine: () => void }) {
  const editor = useEditor();
  const docId = useEditorValue('doc', (e) => e.docId);

  const reload = async () => {
    if (!docId) return;
    await editor.engineCall((engine) => engine.forgetLocal(docId));
    // The page opens what the hash names unless it is already showing it.
    editor.info = undefined;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };

  return (
    <div className="banner banner-warning banner-lasting" role="alert" data-banner="conflict">
      <div className="banner-body">
        <p>
          <strong>This scenario was changed in another tab.</strong> This tab does not save over that change. Reload it to see the other tab’s version (edits made
          here since are dropped), or keep yours as a new scenario.
        </p>
      </div>
      <div className="banner-actions">
        <button type="button" className="button" onClick={() => void reload()}>
          Reload it
        </button>
        <button type="button" className="button button-primary" onClick={onSaveMine}>
          Save mine as a new scenario
        </button>
      </div>
    </div>
  );
}
