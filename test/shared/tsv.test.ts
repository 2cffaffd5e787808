/** Clipboard text as Excel and Google Sheets write it (tab-separated), read and written. */
import { describe, expect, it } from 'vitest';
import { parseTsv, toTsv } from '../../src/shared/tsv';

describe('clipboard text', () => {
  it.each([
    ['Excel rows with CRLF and a final line break', '1\t2\r\n3\t4\r\n', [['1', '2'], ['3', '4']]],
    ['Google Sheets rows without a final break', 'a\tb\nc\td', [['a', 'b'], ['c', 'd']]],
    ['a quoted field with a tab, a line break and a quote', '"x\ty"\t"line 1\nline 2"\t"say ""hi"""\n', [['x\ty', 'line 1\nline 2', 'say "hi"']]],
    ['ragged rows, padded', 'a\tb\tc\nd\n', [['a', 'b', 'c'], ['d', '', '']]],
    ['an empty last field', 'a\t\n', [['a', '']]],
    ['a quote that does not close a field is text', '"inch\t2\n', [['"inch', '2']]],
    ['one value', '5', [['5']]],
  ])('parses %s', (_, text, rows) => {
    expect(parseTsv(text)).toEqual(rows);
  });

  it('writes values at full precision, quoting only what needs it, and reads back', () => {
    const rows = [[1058536.5853658537, 'a\tb', true], [null, { error: '#DIV/0!', message: 'Division by zero.' }, 'say "hi"']];
    const text = toTsv(rows);
    expect(text).toBe('1058536.5853658537\t"a\tb"\tTRUE\n\t#DIV/0!\tsay "hi"');
    expect(parseTsv(text)).toEqual([['1058536.5853658537', 'a\tb', 'TRUE'], ['', '#DIV/0!', 'say "hi"']]);
  });
});
