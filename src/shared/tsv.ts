/**
 * Tab-separated text as Excel and Google Sheets put ranges on the clipboard: rows end with a line
 * break, and a field holding a tab, line break or quote is wrapped in quotes with inner quotes doubled.
 */
import { MAX_COLUMNS, MAX_ROWS, columnLetters, formatLocalAddress } from '../model/address';
import type { CellValue } from '../model';

/** A tab or line break would split the field; a leading quote would read as the start of a quoted one. */
const NEEDS_QUOTES = /[\t\r\n]|^"/;

/** Longer clipboard text is refused unread: 20 million characters (20 MB of plain ASCII). */
export const MAX_PASTE_CHARS = 20_000_000;
/** The most cells one paste writes, a block tiled over a selection included; the width of the widest row counts for every row. */
export const MAX_PASTE_CELLS = 1_000_000;

const count = (n: number) => n.toLocaleString('en-US');
const INSTEAD = 'Paste it in parts, or use Import CSV for a whole table.';

export function pasteTextTooLong(chars: number): string {
  return `The clipboard holds ${count(chars)} characters; a paste reads at most ${count(MAX_PASTE_CHARS)}. Nothing was pasted. ${INSTEAD}`;
}

export function pasteTooManyCells(cells?: number): string {
  const holds = cells === undefined ? `more than ${count(MAX_PASTE_CELLS)} cells` : `${count(cells)} cells`;
  return `The paste would write ${holds}; a paste writes at most ${count(MAX_PASTE_CELLS)}. Nothing was pasted. ${INSTEAD}`;
}

/** A block that would not fit between `top`/`left` and the sheet's last row or column (Excel's 1,048,576 rows, columns to XFD). */
export function pastePastEdge(top: number, left: number, rows: number, cols: number): string | undefined {
  const size = `${count(rows)} row${rows === 1 ? '' : 's'} by ${count(cols)} column${cols === 1 ? '' : 's'}`;
  const from = formatLocalAddress(top, left);
  if (top + rows > MAX_ROWS) return `The paste is ${size}: from ${from} it would run past the sheet's last row, ${count(MAX_ROWS)}. Nothing was pasted.`;
  if (left + cols > MAX_COLUMNS) return `The paste is ${size}: from ${from} it would run past the sheet's last column, ${columnLetters(MAX_COLUMNS - 1)}. Nothing was pasted.`;
  return undefined;
}

/**
 * Splits clipboard text into rows of fields; a final line break does not start another row.
 * Undefined as soon as the rows hold more than `maxCells`, so a huge paste is refused without being read to its end.
 */
export function parseTsv(text: string, maxCells = Infinity): string[][] | undefined {
  const rows: string[][] = [];
  let row: string[] = [];
  let width = 0;
  let at = 0;
  const length = text.length;
  const endRow = () => {
    rows.push(row);
    row = [];
  };
  while (at <= length) {
    if (at === length) {
      // The text ended after a separator, or is empty: close the last row unless it is an empty trailer.
      if (row.length > 0) {
        row.push('');
        width = Math.max(width, row.length);
        endRow();
      }
      break;
    }
    let field = '';
    let quoted = false;
    if (text[at] === '"') {
      const close = closingQuote(text, at + 1);
      if (close !== -1) {
        field = text.slice(at + 1, close).replaceAll('""', '"');
        at = close + 1;
        quoted = true;
      }
    }
    if (!quoted) {
      let end = at;
      while (end < length && text[end] !== '\t' && text[end] !== '\n' && text[end] !== '\r') end += 1;
      field = text.slice(at, end);
      at = end;
    }
    row.push(field);
    width = Math.max(width, row.length);
    if ((rows.length + 1) * width > maxCells) return undefined;
    const separator = text[at];
    if (separator === '\t') {
      at += 1;
    } else if (separator === '\r' || separator === '\n') {
      at += separator === '\r' && text[at + 1] === '\n' ? 2 : 1;
      endRow();
      if (at === length) break;
    } else {
      endRow();
      break;
    }
  }
  return rows.map((fields) => (fields.length < width ? [...fields, ...Array<string>(width - fields.length).fill('')] : fields));
}

/** The closing quote of a quoted field that starts before `from`, or -1 when the field is not properly quoted. */
function closingQuote(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return -1;
    if (text[quote + 1] === '"') {
      at = quote + 2;
      continue;
    }
    const next = text[quote + 1];
    return next === undefined || next === '\t' || next === '\n' || next === '\r' ? quote : -1;
  }
  return -1;
}

/** A value as clipboard text: numbers at full precision, booleans and errors as Excel writes them. */
export function tsvField(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') return value.error;
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toTsv(rows: readonly (readonly CellValue[])[]): string {
  return rows.map((row) => row.map(tsvField).join('\t')).join('\n');
}
