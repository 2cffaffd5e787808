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

/** Changes the hash without a history entry or a hashchange event: moving between sheets is not navigation. */
export function replaceRoute(docId: string, sheet: string): void {
  const hash = routeHash(docId, sheet);
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
