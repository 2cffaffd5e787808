/** The engine's news about keeping the work, as React state: storage refused or back, scenarios another tab changed. */
import { proxy } from 'comlink';
import { useEffect, useState } from 'react';
import type { EngineClient } from '../engineClient';
import type { StorageNotice } from '../../shared/messages';

export interface StorageWatch {
  /** Why the browser does not store the work now, or null while it does. */
  problem: string | null;
  /** Scenarios another tab stored since this tab read them. */
  conflicts: ReadonlySet<string>;
}

export function useStorageWatch(engine: EngineClient, onScenariosChanged: () => void): StorageWatch {
  const [problem, setProblem] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    const listen = (notice: StorageNotice) => {
      if (notice.kind === 'health') setProblem(notice.problem);
      else if (notice.kind === 'scenarios') onScenariosChanged();
      else
        setConflicts((current) => {
          const next = new Set(current);
          if (notice.conflicted) next.add(notice.docId);
          else next.delete(notice.docId);
          return next;
        });
    };
    // The engine keeps one listener: this call replaces the one an earlier render gave it.
    engine.watchStorage(proxy(listen)).catch(() => undefined);
  }, [engine, onScenariosChanged]);
  return { problem, conflicts };
}
