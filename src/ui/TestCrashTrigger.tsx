import { useRef } from 'react';
import { useEditorValue } from './useEditor';

/** Nothing in the app writes this key: only a test, or someone in the browser's console, can set it. */
const FLAG = 'tradesheet:test-crash';

/**
 * How the browser tests prove the error boundary: once localStorage holds the flag, the next edit makes
 * this throw an Error carrying the flag's text.
 */
export function TestCrashTrigger() {
  const revision = useEditorValue('doc', (e) => e.state?.revision);
  // Other renders (a save finishing, the parent redrawing) must not crash it: a test sets the flag and then
  // needs the page alive until its own edit lands.
  const revisionBeforeFlag = useRef(revision);
  const message = readFlag();
  if (message === null) {
    revisionBeforeFlag.current = revision;
    return null;
  }
  if (revision !== revisionBeforeFlag.current) throw new Error(message);
  return null;
}

function readFlag(): string | null {
  try {
    return window.localStorage.getItem(FLAG);
  } catch {
    // A browser that blocks site data throws on localStorage too.
    return null;
  }
}
