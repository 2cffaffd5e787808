/** The page's place lives in the URL hash (`#baseline/Autos`, `#u:my-deal/Autos`), so a view can be linked and reloaded. */

export interface Route {
  docId: string | null;
  sheet: string | null;
}

export function parseRoute(hash: string): Route {
  const [doc = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const sheet = rest.join('/');
  return { docId: doc ? safeDecode(doc) : null, sheet: sheet ? safeDecode(sheet) : null };
}

export function routeHash(docId: string, sheet?: string): string {
  return `#${encodeURIComponent(docId).replace(/%3A/g, ':')}${sheet === undefined ? '' : `/${encodeURIComponent(sheet)}`}`;
}

let pendingRoute: ReturnType<typeof setTimeout> | undefined;

/**
 * Changes the hash without a history entry or a hashchange event: moving between sheets is not navigation.
 * In a task of its own, as replaceState can take tens of milliseconds (Chromium asks its browser process),
 * and only if the page did not navigate meanwhile.
 */
export function replaceRoute(docId: string, sheet: string): void {
  const hash = routeHash(docId, sheet);
  const from = window.location.hash;
  clearTimeout(pendingRoute);
  pendingRoute = setTimeout(() => {
    if (window.location.hash === from && from !== hash) window.history.replaceState(window.history.state, '', hash);
  }, 0);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
