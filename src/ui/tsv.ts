/**
 * Tab-separated text as Excel and Google Sheets put ranges on the clipboard: rows end with a line
 * break, and a field holding a tab, line break or quote is wrapped in quotes with inner quotes doubled.
 */
import type { CellValue } from '../model';

/** A tab or line break would split the field; a leading quote would read as the start of a quoted one. */
const NEEDS_QUOTES = /[\t\r\n]|^"/;

/** Splits clipboard text into rows of fields; a final line break does not start another row. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
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
  const width = Math.max(0, ...rows.map((fields) => fields.length));
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
