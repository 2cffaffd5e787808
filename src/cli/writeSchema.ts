/** Writes scenarios/scenario.schema.json from the zod schema; test/schema.test.ts fails when it is stale. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../model/scenario';
import { PRESETS_DIR } from './scenarioFiles';

const target = join(PRESETS_DIR, 'scenario.schema.json');
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
