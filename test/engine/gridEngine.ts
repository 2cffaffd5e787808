/** An engine that has opened one small scenario given as data (its id "grid"), as the engine tests of single behaviours start. */
import { createEngine } from '../../src/engine/engine';
import type { Engine } from '../../src/shared/engine';
import type { WindowRequest } from '../../src/shared/messages';

/** The whole of a sheet, as the page asks for a small one. */
export const wholeSheet = (sheet = 'Data'): WindowRequest => ({ sheet, whole: true });

/** A new engine whose only scenario file is `scenario` (its id must be "grid"), opened on its sheet Data. */
export async function openGrid(scenario: { id: 'grid' } & Record<string, unknown>): Promise<Engine> {
  const engine = createEngine({ 'scenarios/scenario.schema.json': '{}', 'scenarios/grid.json': JSON.stringify(scenario) });
  const opened = await engine.open('grid', wholeSheet());
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return engine;
}
