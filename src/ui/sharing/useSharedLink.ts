/** Opens the scenario a `#share=v1.…` address carries, and says why when a link cannot be opened; the worker reads the link, the page only asks. */
import { useEffect, useRef, useState } from 'react';
import type { Editor } from '../editor/editor';
import type { EngineClient } from '../engineClient';
import type { InitResult } from '../../shared/messages';
import { isSharedDoc } from '../../shared/sharing';
import { messageOf } from '../../shared/errors';
import { parseRoute, routeHash } from '../hashRoute';

interface Options {
  /** True once the page knows the scenarios (the engine has started). */
  ready: boolean;
  started: Promise<InitResult>;
  /** What the grid says it is waiting for, or undefined. */
  onOpening: (what: string | undefined) => void;
  /** After the shared scenario is on screen: the page remembers its place. */
  onShown: (editor: Editor) => void;
}

/** The problems of the last link that could not be opened (undefined when there are none), and a way to dismiss them. */
export function useSharedLink(engine: EngineClient, editor: Editor, { ready, started, onOpening, onShown }: Options) {
  const [problems, setProblems] = useState<string[]>();
  /** The fragment of the shared scenario on screen, to put back when a later link fails. */
  const shownLink = useRef<string>(undefined);

  useEffect(() => {
    if (!ready) return;
    /** A link that does not open changes nothing: the address goes back to what the page shows, or to where it would start. */
    const stayPut = async () => {
      if (editor.docId) {
        const hash = isSharedDoc(editor.docId) && shownLink.current ? `#${shownLink.current}` : routeHash(editor.docId, editor.sheet);
        window.history.replaceState(window.history.state, '', hash);
        return;
      }
      const start = (await started).startDocId;
      window.history.replaceState(window.history.state, '', start ? routeHash(start) : '#');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    };
    const follow = () => {
      const { share } = parseRoute(window.location.hash);
      if (share === null) return;
      const stillAsked = () => window.location.hash === `#${share}`;
      onOpening('a shared scenario');
      void (async () => {
        if (editor.editing) await editor.commit('none', { polite: true });
        const opened = await engine.openShareLink(share).catch((error: unknown) => ({ ok: false as const, problems: [messageOf(error)] }));
        const result = opened.ok ? await engine.open(opened.docId, editor.request('', true)).catch((error: unknown) => ({ ok: false as const, problems: [messageOf(error)] })) : opened;
        // Another address was asked for meanwhile: that one wins.
        if (!stillAsked()) return;
        onOpening(undefined);
        if (!result.ok) {
          setProblems(result.problems);
          await stayPut();
          return;
        }
        setProblems(undefined);
        shownLink.current = share;
        editor.show(result.info, result.update);
        onShown(editor);
        editor.focusActive();
      })();
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [ready, started, engine, editor, onOpening, onShown]);

  return { problems, dismiss: () => setProblems(undefined) };
}
