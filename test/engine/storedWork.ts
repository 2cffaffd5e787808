/** The stored work of a scenario as tests read it: through the record's own reader, whatever the format keeps where. */
import { readRecord } from '../../src/engine/storage/workRecord';
import type { EngineStorage } from '../../src/engine/storage/storage';
import type { FullScenario } from '../../src/model';

/** The scenario as stored (undefined: none is), or the reason it cannot be read, thrown. */
export async function storedScenario(storage: EngineStorage, docId: string): Promise<FullScenario | undefined> {
  const stored = await readRecord(storage, docId);
  if (typeof stored === 'string') throw new Error(stored);
  return stored?.current;
}
