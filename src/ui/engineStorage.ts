/**
 * Where the engine keeps the user's work: IndexedDB in the browser (idb-keyval, which works in a
 * worker), a Map in tests. Values are plain data; IndexedDB stores them by structured clone.
 */
import { createStore, del, get, set } from 'idb-keyval';

export interface EngineStorage {
  readonly kind: 'indexeddb' | 'memory';
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export function memoryStorage(): EngineStorage {
  const values = new Map<string, unknown>();
  return {
    kind: 'memory',
    get: (key) => Promise.resolve(structuredClone(values.get(key))),
    set: (key, value) => {
      values.set(key, structuredClone(value));
      return Promise.resolve();
    },
    del: (key) => {
      values.delete(key);
      return Promise.resolve();
    },
  };
}

export function indexedDbStorage(): EngineStorage {
  const store = createStore('tradesheet', 'work');
  return {
    kind: 'indexeddb',
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
  };
}
