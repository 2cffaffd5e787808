/**
 * Where the engine keeps the user's work: IndexedDB in the browser (idb-keyval, which works in a
 * worker), a Map in tests. Values are plain data; IndexedDB stores them by structured clone.
 */
import { createStore, get, getMany, set } from 'idb-keyval';

/** What a change given to `update` returns to leave the stored value as it is. */
export const UNCHANGED: unique symbol = Symbol('unchanged');

export interface EngineStorage {
  readonly kind: 'indexeddb' | 'memory';
  get(key: string): Promise<unknown>;
  /** Several values read in one transaction, so they are what one write left together. */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  set(key: string, value: unknown): Promise<void>;
  /**
   * Reads a value and stores what `change` makes of it in one transaction, so no other tab writes in
   * between: `undefined` deletes it, UNCHANGED leaves it. When it writes, the `alongside` values are
   * written (undefined: deleted) in the same transaction, unread; given as a function, they are made
   * from the value read (a record lists the blocks a write over it deletes). Resolves to whether anything was written.
   */
  update(key: string, change: (stored: unknown) => unknown, alongside?: Alongside): Promise<boolean>;
}

/** Values `update` writes beside its key, or how to make them from the value it read there. */
export type Alongside = Readonly<Record<string, unknown>> | ((stored: unknown) => Readonly<Record<string, unknown>>);

function alongsideOf(alongside: Alongside, stored: unknown): [string, unknown][] {
  return Object.entries(typeof alongside === 'function' ? alongside(stored) : alongside);
}

export function memoryStorage(): EngineStorage {
  const values = new Map<string, unknown>();
  return {
    kind: 'memory',
    get: (key) => Promise.resolve(structuredClone(values.get(key))),
    getMany: (keys) => Promise.resolve(keys.map((key) => structuredClone(values.get(key)))),
    set: (key, value) => {
      values.set(key, structuredClone(value));
      return Promise.resolve();
    },
    update: async (key, change, alongside = {}) => {
      const stored = structuredClone(values.get(key));
      const next = change(stored);
      if (next === UNCHANGED) return false;
      for (const [written, value] of [[key, next] as const, ...alongsideOf(alongside, stored)]) {
        if (value === undefined) values.delete(written);
        else values.set(written, structuredClone(value));
      }
      return true;
    },
  };
}

/** Opening the database waits for the first use: a browser that refuses it then fails that call, not the worker. */
export function indexedDbStorage(): EngineStorage {
  const store = createStore('tradesheet', 'work');
  return {
    kind: 'indexeddb',
    get: (key) => get(key, store),
    getMany: (keys) => getMany([...keys], store),
    set: (key, value) => set(key, value, store),
    update: (key, change, alongside = {}) =>
      store(
        'readwrite',
        (objects) =>
          new Promise<boolean>((resolve, reject) => {
            const transaction = objects.transaction;
            // A full disk shows here: the write is refused when the transaction commits.
            transaction.onabort = () => reject(transaction.error ?? new DOMException('The browser aborted the write.', 'AbortError'));
            const read = objects.get(key);
            read.onsuccess = () => {
              try {
                const next = change(read.result);
                if (next === UNCHANGED) {
                  resolve(false);
                  return;
                }
                for (const [written, value] of [[key, next] as const, ...alongsideOf(alongside, read.result)]) {
                  if (value === undefined) objects.delete(written);
                  else objects.put(value, written);
                }
                transaction.oncomplete = () => resolve(true);
              } catch (error) {
                reject(error);
                abortQuietly(transaction);
              }
            };
          }),
      ),
  };
}

function abortQuietly(transaction: IDBTransaction): void {
  try {
    transaction.abort();
  } catch {
    // Already finished: nothing was written.
  }
}
