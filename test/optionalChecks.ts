/** Once per unit-test run: says in one line which optional check this machine cannot run, and how to run it. */
import { findSsconvert, GNUMERIC_SKIPPED } from './executables';

export default function setup(): void {
  if (!findSsconvert()) console.log(GNUMERIC_SKIPPED);
}
