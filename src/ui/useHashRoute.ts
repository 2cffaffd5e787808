/** The page's place lives in the URL hash (`#baseline/Autos`), so a view can be linked and reloaded. */
import { useSyncExternalStore } from 'react';

export interface Route {
  presetId: string | null;
  sheet: string | null;
}

export function parseRoute(hash: string): Route {
  const [preset = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const sheet = rest.join('/');
  return { presetId: preset ? safeDecode(preset) : null, sheet: sheet ? safeDecode(sheet) : null };
}

export function routeHash(presetId: string, sheet?: string): string {
  return `#${encodeURIComponent(presetId)}${sheet === undefined ? '' : `/${encodeURIComponent(sheet)}`}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
