/** A1-style cell addresses with sheet names, as Excel writes them: `Autos!B3`, `'Rice quota'!C2`. */

export interface CellAddress {
  sheet: string;
  /** Zero-based row index: row 1 in the sheet is 0. */
  row: number;
  /** Zero-based column index: column A is 0. */
  col: number;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

const LOCAL_ADDRESS = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

export function columnLetters(col: number): string {
  let letters = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

export function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** Parses `B3` (no sheet) into zero-based row and column, or undefined when it is not an address. */
export function parseLocalAddress(text: string): { row: number; col: number } | undefined {
  const match = LOCAL_ADDRESS.exec(text);
  if (!match) return undefined;
  const col = columnIndex(match[1] ?? '');
  const row = Number(match[2]) - 1;
  if (row < 0 || row >= MAX_ROWS || col >= MAX_COLUMNS) return undefined;
  return { row, col };
}

/** Parses `Sheet!B3` or `'Sheet name'!B3` (a quote inside a quoted name is doubled, as in Excel). */
export function parseCellAddress(text: string): CellAddress | undefined {
  let sheet: string;
  let rest: string;
  if (text.startsWith("'")) {
    const close = /^'((?:[^']|'')+)'!(.*)$/.exec(text);
    if (!close) return undefined;
    sheet = (close[1] ?? '').replaceAll("''", "'");
    rest = close[2] ?? '';
  } else {
    const bang = text.lastIndexOf('!');
    if (bang <= 0) return undefined;
    sheet = text.slice(0, bang);
    rest = text.slice(bang + 1);
    if (/[\s'!]/.test(sheet)) return undefined;
  }
  const local = parseLocalAddress(rest);
  return local && { sheet, ...local };
}

/** The sheet name as a formula must spell it: quoted unless it is a plain identifier. */
export function sheetReference(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !parseLocalAddress(sheet)
    ? sheet
    : `'${sheet.replaceAll("'", "''")}'`;
}

export function formatLocalAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

export function formatCellAddress(address: CellAddress): string {
  return `${sheetReference(address.sheet)}!${formatLocalAddress(address.row, address.col)}`;
}
