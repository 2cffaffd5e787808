/** The page's place lives in the URL hash (`#baseline/Autos`, `#u:my-deal/Autos`), so a view can be linked and reloaded; `#share=v1.…` carries a shared scenario instead. */
import { SHARED_DOC_PREFIX } from '../shared/sharing';

export interface Route {
  docId: string | null;
  sheet: string | null;
  /** A scenario link's fragment (`share=v1.…`): the scenario it carries is opened from it, not by a doc id. */
  share: string | null;
}

export function parseRoute(hash: string): Route {
  if (hash.startsWith('#share=')) return { docId: null, sheet: null, share: hash.slice(1) };
  const [doc = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const sheet = rest.join('/');
  return { docId: doc ? safeDecode(doc) : null, sheet: sheet ? safeDecode(sheet) : null, share: null };
}

export function routeHash(docId: string, sheet?: string): string {
  return `#${encodeURIComponent(docId).replace(/%3A/g, ':')}${sheet === undefined ? '' : `/${encodeURIComponent(sheet)}`}`;
}

let pendingFrame: number | undefined;
let pendingRoute: ReturnType<typeof setTimeout> | undefined;

/**
 * Changes the hash without a history entry or a hashchange event: moving between sheets is not navigation.
 * In a task of its own, as replaceState can take tens of milliseconds (Chromium asks its browser process,
 * which is slow to answer while the worker stores a large sheet); and after the next frame, as it also lays
 * the page out first: run right after a sheet switch, it laid out the new grid (20 ms for a 100,000-row
 * sheet) inside its own task rather than in the frame that draws it. Only if the page did not navigate meanwhile.
 */
export function replaceRoute(docId: string, sheet: string): void {
  const hash = routeHash(docId, sheet);
  const from = window.location.hash;
  if (pendingFrame !== undefined) cancelAnimationFrame(pendingFrame);
  clearTimeout(pendingRoute);
  // A scenario from a link keeps the link in the address bar until it is kept: a reload opens the link again.
  if (docId.startsWith(SHARED_DOC_PREFIX)) return;
  // Every edit and click asks; a frame requested for nothing would be drawn before the edit's own.
  if (from === hash) return;
  pendingFrame = requestAnimationFrame(() => {
    pendingFrame = undefined;
    pendingRoute = setTimeout(() => {
      if (window.location.hash === from) window.history.replaceState(window.history.state, '', hash);
    }, 0);
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
