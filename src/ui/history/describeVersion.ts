/** A version's time and what it changed, as the History panel words them. */
import type { CellContent } from '../../model';
import type { VersionChanges, VersionSummary } from '../../shared/versions';

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
const quoted = (names: readonly string[]) => names.map((name) => `“${name}”`).join(', ');

/** One line: how many cells, which inputs, which sheets; the origin says what it is. */
export function changeSummary(version: VersionSummary): string {
  const { changes } = version;
  if (changes === null) return 'Where the history starts: every later version is a change from this.';
  const parts: string[] = [];
  if (changes.cellCount > 0) parts.push(`${plural(changes.cellCount, 'cell')} changed`);
  if (changes.inputs.length > 0) parts.push(`${changes.inputs.length === 1 ? 'input' : 'inputs'} ${changes.inputs.join(', ')}`);
  if (changes.sheetsAdded.length > 0) parts.push(`${changes.sheetsAdded.length === 1 ? 'sheet' : 'sheets'} ${quoted(changes.sheetsAdded)} added`);
  if (changes.sheetsRemoved.length > 0) parts.push(`${changes.sheetsRemoved.length === 1 ? 'sheet' : 'sheets'} ${quoted(changes.sheetsRemoved)} removed`);
  if (changes.formatsChanged) parts.push('number formats');
  return parts.length === 0 ? 'No change since the version before it' : `${parts.join('; ')} since the version before`;
}

function contentText(content: CellContent): string {
  if (content === null || content === '') return 'empty';
  if (typeof content === 'boolean') return content ? 'TRUE' : 'FALSE';
  return String(content);
}

/** The changed cells a version lists, `Inputs!B2: 100 → 300`, and how many more it counted. */
export function changedCells(changes: VersionChanges): { lines: string[]; more: number } {
  const lines = changes.cells.map((cell) => `${cell.sheet}!${cell.address}: ${contentText(cell.before)} → ${contentText(cell.after)}`);
  return { lines, more: changes.cellCount - changes.cells.length };
}

/** Today's versions by the clock alone; older ones with their date. */
export function versionTime(time: number, now = new Date()): string {
  const when = new Date(time);
  const today = when.toDateString() === now.toDateString();
  return today ? `Today ${when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
