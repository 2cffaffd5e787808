import { useEditorValue } from './useEditor';

/** Nothing in the app writes this key: only a test, or someone in the browser's console, can set it. */
const FLAG = 'tradesheet:test-crash';

/**
 * How the browser tests prove the error boundary: while localStorage holds the flag, rendering this
 * throws an Error carrying the flag's text.
 */
export function TestCrashTrigger() {
  // Every edit renders it, so a test sets the flag and then crashes the page with its next edit.
  useEditorValue('doc', (e) => e.state?.revision);
  const message = readFlag();
  if (message !== null) throw new Error(message);
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
