/** The page's handle on the engine worker: the Engine's methods, each answered asynchronously. */
import { wrap } from 'comlink';
import type { Engine, EngineClient } from '../shared/engine';

export type { EngineClient };

export function connectEngine(): EngineClient {
  const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'tradesheet engine' });
  const remote = wrap<Engine>(worker);
  // A worker that fails to load never answers; this turns that silence into an error the page can show.
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'the engine worker failed to start')), { once: true });
  });
  crashed.catch(() => undefined);
  return new Proxy({} as EngineClient, {
    get(_, method: string) {
      return (...args: unknown[]) => {
        const call = (remote as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>)[method];
        if (!call) return Promise.reject(new Error(`the engine has no method ${method}`));
        return Promise.race([call(...args), crashed]);
      };
    },
  });
}
