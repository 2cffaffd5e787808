/**
 * What one stored version changed since another: both are a scenario's changes against the same origin
 * (the preset), so two versions that keep the origin's sheet sizes are compared by their changed cells
 * alone, without building either sheet; any other pair is compared cell by cell.
 */
import { formatLocalAddress, formatsFromRecord, parseCellAddress, parseLocalAddress, sameFormats, sheetWidth, type CellContent, type FullScenario, type SheetFormats } from '../../model';
import type { SharePayload } from '../../io/shareLink';
import type { VersionCellChange, VersionChanges } from '../../shared/versions';

/** How many changed cells a version lists (it counts them all). */
const LISTED_CELLS = 20;

type SheetView =
  /** The origin's sheet cut or grown to `rows` × `cols`, with `cells` (row * cols + col -> content) written over it. */
  | { kind: 'patch'; rows: number; cols: number; origin: readonly (readonly CellContent[])[]; cells: Map<number, CellContent> }
  | { kind: 'rows'; rows: readonly (readonly CellContent[])[] };

interface VersionView {
  sheets: Map<string, SheetView>;
  inputs: FullScenario['inputs'];
  formats: SheetFormats;
}

function sameContent(a: CellContent, b: CellContent): boolean {
  return a === b || (a === null && b === '') || (a === '' && b === null);
}

/** A version as sheets to read cells from; `payload` null is the origin itself. */
function viewOf(payload: SharePayload | null, origin: FullScenario): VersionView {
  const sheets = new Map<string, SheetView>();
  if (payload === null) {
    for (const [name, rows] of Object.entries(origin.sheets)) sheets.set(name, { kind: 'patch', rows: rows.length, cols: sheetWidth(rows), origin: rows, cells: new Map() });
    return { sheets, inputs: origin.inputs, formats: formatsFromRecord(origin.formats) };
  }
  if ('scenario' in payload) {
    const whole = payload.scenario as Partial<FullScenario>;
    for (const [name, rows] of Object.entries(whole.sheets ?? {})) sheets.set(name, { kind: 'rows', rows });
    return { sheets, inputs: whole.inputs ?? {}, formats: formatsFromRecord(whole.formats) };
  }
  for (const [name, changes] of Object.entries(payload.sheets)) {
    if ('rows' in changes) {
      sheets.set(name, { kind: 'rows', rows: changes.rows });
      continue;
    }
    const base = Object.hasOwn(origin.sheets, name) ? (origin.sheets[name] ?? []) : [];
    const [rows, cols] = changes.size ?? [base.length, sheetWidth(base)];
    const cells = new Map<number, CellContent>();
    for (const [address, content] of Object.entries(changes.cells ?? {})) {
      const at = parseLocalAddress(address);
      if (at && at.row < rows && at.col < cols) cells.set(at.row * cols + at.col, content);
    }
    sheets.set(name, { kind: 'patch', rows, cols, origin: base, cells });
  }
  return { sheets, inputs: payload.inputs ?? origin.inputs, formats: formatsFromRecord(formatsWith(origin.formats, payload.formats)) };
}

/** The origin's formats less the keys a version takes away (null), then the ones it gives, which win where they overlap (as a share link reads them). */
function formatsWith(origin: FullScenario['formats'], changes: Record<string, string | null> | undefined): FullScenario['formats'] {
  if (changes === undefined) return origin;
  const kept = Object.entries(origin ?? {}).filter(([key]) => !Object.hasOwn(changes, key));
  const given = Object.entries(changes).filter((entry): entry is [string, string] => entry[1] !== null);
  return Object.fromEntries([...kept, ...given]);
}

function extent(sheet: SheetView): { rows: number; cols: number } {
  return sheet.kind === 'patch' ? { rows: sheet.rows, cols: sheet.cols } : { rows: sheet.rows.length, cols: sheetWidth(sheet.rows) };
}

function cellOf(sheet: SheetView | undefined, row: number, col: number): CellContent {
  if (!sheet) return null;
  if (sheet.kind === 'rows') return sheet.rows[row]?.[col] ?? null;
  if (row >= sheet.rows || col >= sheet.cols) return null;
  const key = row * sheet.cols + col;
  return sheet.cells.has(key) ? (sheet.cells.get(key) ?? null) : (sheet.origin[row]?.[col] ?? null);
}

/** The cells of a sheet that differ between two versions, in reading order, each handed to `found`. */
function diffSheet(before: SheetView | undefined, after: SheetView | undefined, found: (row: number, col: number) => void): void {
  if (before?.kind === 'patch' && after?.kind === 'patch' && before.rows === after.rows && before.cols === after.cols && before.origin === after.origin) {
    // Same origin, same size: only a cell either version wrote can differ.
    const keys = [...new Set([...before.cells.keys(), ...after.cells.keys()])].sort((a, b) => a - b);
    for (const key of keys) {
      const row = Math.floor(key / after.cols);
      const col = key % after.cols;
      if (!sameContent(cellOf(before, row, col), cellOf(after, row, col))) found(row, col);
    }
    return;
  }
  const a = before ? extent(before) : { rows: 0, cols: 0 };
  const b = after ? extent(after) : { rows: 0, cols: 0 };
  const rows = Math.max(a.rows, b.rows);
  const cols = Math.max(a.cols, b.cols);
  for (let row = 0; row < rows; row += 1) {
    for (let col = 0; col < cols; col += 1) if (!sameContent(cellOf(before, row, col), cellOf(after, row, col))) found(row, col);
  }
}

/** What `after` changed since `before` (null: the origin), both read against `origin`. */
export function versionChanges(before: SharePayload | null, after: SharePayload, origin: FullScenario): VersionChanges {
  const from = viewOf(before, origin);
  const to = viewOf(after, origin);
  const cells: VersionCellChange[] = [];
  let cellCount = 0;
  const names = [...new Set([...to.sheets.keys(), ...from.sheets.keys()])];
  for (const sheet of names) {
    const a = from.sheets.get(sheet);
    const b = to.sheets.get(sheet);
    diffSheet(a, b, (row, col) => {
      cellCount += 1;
      if (cells.length < LISTED_CELLS) cells.push({ sheet, address: formatLocalAddress(row, col), before: cellOf(a, row, col), after: cellOf(b, row, col) });
    });
  }
  const inputs = Object.entries(to.inputs)
    .filter(([name, definition]) => {
      const earlier = Object.hasOwn(from.inputs, name) ? from.inputs[name] : undefined;
      if (!earlier || JSON.stringify(earlier) !== JSON.stringify(definition)) return true;
      const address = parseCellAddress(definition.cell);
      return address !== undefined && !sameContent(cellOf(from.sheets.get(address.sheet), address.row, address.col), cellOf(to.sheets.get(address.sheet), address.row, address.col));
    })
    .map(([name]) => name);
  return {
    cellCount,
    cells,
    inputs,
    sheetsAdded: names.filter((name) => !from.sheets.has(name)),
    sheetsRemoved: names.filter((name) => !to.sheets.has(name)),
    formatsChanged: !sameFormats(from.formats, to.formats),
  };
}

/** Whether a version changed nothing at all. */
export function changesNothing(changes: VersionChanges): boolean {
  return changes.cellCount === 0 && changes.inputs.length === 0 && changes.sheetsAdded.length === 0 && changes.sheetsRemoved.length === 0 && !changes.formatsChanged;
}
