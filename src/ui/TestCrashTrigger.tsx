/** A hook for the browser tests to make the page crash on purpose, to prove the error boundary. */
import { useRef } from 'react';
import { useEditorValue } from './editor/useEditor';

declare global {
  interface Window {
    /** Nothing in the app sets this: only a test, or someone in the browser's console, can. */
    tradesheetTestCrash?: string;
  }
}

/**
 * How the browser tests prove the error boundary: once `window.tradesheetTestCrash` holds a message, the
 * next edit makes this throw an Error carrying it. A property of the page, not localStorage: the first read
 * of localStorage waits on the browser process (15 ms in a trace of the first load, in the scenario's first render).
 */
export function TestCrashTrigger() {
  const revision = useEditorValue('doc', (e) => e.state?.revision);
  // Other renders (a save finishing, the parent redrawing) must not crash it: a test sets the message and then
  // needs the page alive until its own edit lands.
  const revisionBeforeFlag = useRef(revision);
  const message = window.tradesheetTestCrash;
  if (message === undefined) {
    revisionBeforeFlag.current = revision;
    return null;
  }
  if (revision !== revisionBeforeFlag.current) throw new Error(message);
  return null;
}
