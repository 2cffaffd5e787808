/** The banners of sharing by link: a scenario opened from a link and not yet kept, with Keep; and why a link could not be opened. */
import { useState } from 'react';
import { ProblemList } from '../dialogs/ProblemList';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { messageOf } from '../../shared/errors';

/** Marks the scenario on screen as shared and not kept: nothing of it is stored until Keep, which adds it to “My scenarios” under a name of its own. */
export function SharedBanner({ onKept }: { onKept: (docId: string) => void }) {
  const editor = useEditor();
  const docId = useEditorValue('doc', (e) => e.docId);
  const name = useEditorValue('doc', (e) => e.info?.name ?? '');
  const baseName = useEditorValue('doc', (e) => e.info?.baseName ?? '');
  const changes = useEditorValue('doc', (e) => e.state?.changeCount ?? 0);
  const [keeping, setKeeping] = useState(false);

  const keep = async () => {
    if (!docId) return;
    setKeeping(true);
    if (editor.editing) await editor.commit('none', { polite: true });
    const kept = await editor.engineCall((engine) => engine.keepShared(docId)).catch((error: unknown) => ({ ok: false as const, problem: messageOf(error) }));
    setKeeping(false);
    if (kept.ok) onKept(kept.docId);
    else editor.setNotice({ kind: 'problem', text: kept.problem });
  };

  const fromPreset = baseName.startsWith('the preset');
  return (
    <div className="banner banner-shared banner-lasting" role="status" data-banner="shared">
      <div className="banner-body">
        <p>
          <strong>Shared with you by link, not kept yet.</strong>{' '}
          {fromPreset ? `It is ${baseName} with ${changes === 1 ? '1 cell' : `${changes.toLocaleString()} cells`} changed, marked in the sheets.` : `The link carried “${name}” whole.`}
        </p>
        <p>Nothing of it is stored in this browser: closing the tab loses it, and any edit made here. Keep adds it to “My scenarios”, beside what is there.</p>
      </div>
      <div className="banner-actions">
        <button type="button" className="button button-primary" disabled={keeping} onClick={() => void keep()}>
          {keeping ? 'Keeping…' : 'Keep'}
        </button>
      </div>
    </div>
  );
}

/** Why a link could not be opened, naming what is wrong; the page stays on what it showed. */
export function LinkProblemBanner({ problems, onDismiss }: { problems: readonly string[]; onDismiss: () => void }) {
  return (
    <div className="banner banner-problem" data-banner="link-problem">
      <ProblemList title="This link cannot be opened; nothing was changed" problems={problems} />
      <button type="button" className="banner-close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
