/** Copy link: asks the engine for a link to the scenario as it stands and puts it in the clipboard; a scenario too large for a link is offered as its file instead. */
import { useState } from 'react';
import { Dialog } from '../dialogs/Dialog';
import { downloadFile } from '../download';
import { useEditor } from '../editor/useEditor';
import { messageOf } from '../../shared/errors';

/** `copy` makes and copies the link; `element` is the dialog for a scenario too large for one. */
export function useCopyLink() {
  const editor = useEditor();
  const [tooLarge, setTooLarge] = useState<{ docId: string; problem: string }>();

  const copy = async () => {
    const docId = editor.docId;
    if (!docId) return;
    if (editor.editing) await editor.commit('none', { polite: true });
    try {
      // The address without its fragment: the link opens this very page, wherever it is served from.
      const pageUrl = window.location.href.split('#')[0] ?? '';
      const answer = await editor.engineCall((engine) => engine.shareLink(docId, pageUrl));
      if (!answer.ok) {
        setTooLarge({ docId, problem: answer.problem });
        return;
      }
      await navigator.clipboard.writeText(answer.link);
      const what = answer.preset === undefined ? 'the whole scenario' : `its changes to the preset “${answer.preset.name}”`;
      editor.setNotice({ kind: 'info', text: `Link copied (${answer.link.length.toLocaleString()} characters, carrying ${what}). The scenario travels in the part after “#”, which browsers never send to a server.` });
    } catch (error) {
      editor.setNotice({ kind: 'problem', text: `The link could not be copied: ${messageOf(error)}` });
    }
  };

  const download = async (docId: string) => {
    setTooLarge(undefined);
    try {
      const file = await editor.engineCall((engine) => engine.downloadScenario(docId));
      downloadFile(file.fileName, file.text, 'application/json');
    } catch (error) {
      editor.setNotice({ kind: 'problem', text: messageOf(error) });
    }
  };

  const element = tooLarge && (
    <Dialog title="This scenario is too large for a link" confirm="Download scenario" danger={false} onClose={() => setTooLarge(undefined)} onConfirm={() => void download(tooLarge.docId)}>
      <p>{tooLarge.problem}</p>
    </Dialog>
  );
  return { copy, element };
}
