/** What a person types, what the clipboard carries, and how copied formulas move: the page's own rules, table by table. */
import { describe, expect, it } from 'vitest';
import { edgeTarget } from '../../src/shared/cellRange';
import { scenarioCellsToCsv } from '../../src/engine/cellsCsv';
import { entryText, parseEntry } from '../../src/ui/editor/entry';
import { shiftFormula } from '../../src/model/formula/shiftFormula';
import { parseTsv, toTsv } from '../../src/shared/tsv';

describe('parseEntry reads what is typed as Excel does', () => {
  it.each([
    ['an integer', '42', 42],
    ['thousands separators', '1,000', 1000],
    ['decimals with separators', '1,234.5', 1234.5],
    ['a percentage', '25%', 0.25],
    ['a decimal percentage, exactly', '1.1%', 0.011],
    ['a negative', '-3.5', -3.5],
    ['accounting negatives', '(1,200)', -1200],
    ['a currency sign', '$1,000', 1000],
    ['an exponent', '1.5e3', 1500],
    ['spaces around a number', ' 7 ', 7],
    ['a leading dot', '.5', 0.5],
    ['TRUE in any case', 'true', true],
    ['FALSE', 'FALSE', false],
    ['a formula, as typed', '=SUM(A1:A3)', '=SUM(A1:A3)'],
    ['a formula that does not parse, as typed', '=SUM(', '=SUM('],
    ['an apostrophe keeps text', "'007", '007'],
    ['an apostrophe keeps TRUE as text', "'TRUE", 'TRUE'],
    ['badly grouped digits stay text', '1,00', '1,00'],
    ['a date stays text', 'July 20', 'July 20'],
    ['text', 'cars/yr', 'cars/yr'],
    ['nothing clears the cell', '', null],
    ['a lone minus is text', '-', '-'],
  ] as const)('%s', (_, typed, content) => {
    expect(parseEntry(typed)).toBe(content);
  });

  it.each([
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [true, 'TRUE'],
    ['=A1', '=A1'],
    ['007', "'007"],
    ['TRUE', "'TRUE"],
    ["'quoted", "''quoted"],
    ['plain text', 'plain text'],
    [null, ''],
  ] as const)('entryText(%j) is %j and reads back as the same content', (content, text) => {
    expect(entryText(content)).toBe(text);
    expect(parseEntry(text)).toBe(content === null ? null : content);
  });
});

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

describe('shiftFormula moves relative references as a paste does', () => {
  it.each([
    ['a relative reference', '=B3*2', 1, 0, '=B4*2'],
    ['both axes', '=A1+C5', 2, 1, '=B3+D7'],
    ['absolute parts stay', '=$B$3+B$3+$B3', 1, 1, '=$B$3+C$3+$B4'],
    ['a range', '=SUM(B2:B9)', 0, 2, '=SUM(D2:D9)'],
    ['another sheet', '=Autos!B7*2', 1, 0, '=Autos!B8*2'],
    ['a quoted sheet', "='Rice quota'!C2", 1, 0, "='Rice quota'!C3"],
    ['names and functions are not references', '=LOG10(B1)*AutoTariff', 1, 0, '=LOG10(B2)*AutoTariff'],
    ['text in quotes is left alone', '="B3"&B3', 1, 0, '="B3"&B4'],
    ['whole columns', '=SUM(B:B)', 5, 1, '=SUM(C:C)'],
    ['whole rows', '=SUM(2:3)', 1, 4, '=SUM(3:4)'],
    ['off the sheet is #REF!', '=A1', -1, 0, '=#REF!'],
    ['off the sheet drops the sheet name too', '=1+Autos!A1', 0, -1, '=1+#REF!'],
    ['a number with an exponent is not a reference', '=1E5+B1', 1, 0, '=1E5+B2'],
  ] as const)('%s', (_, formula, rows, cols, shifted) => {
    expect(shiftFormula(formula, rows, cols)).toBe(shifted);
  });

  it('leaves literals alone', () => {
    expect(shiftFormula('B3', 1, 1)).toBe('B3');
  });
});

describe('Ctrl+arrow targets', () => {
  // Filled: A1..A3, A6, A7.
  const filled = new Set(['0:0', '1:0', '2:0', '5:0', '6:0']);
  const isFilled = (row: number, col: number) => filled.has(`${row}:${col}`);
  const limits = { rows: 100, cols: 26 };
  it.each([
    ['to the end of a filled run', { row: 0, col: 0 }, { row: 2, col: 0 }],
    ['from the end of a run to the next filled cell', { row: 2, col: 0 }, { row: 5, col: 0 }],
    ['from the last filled cell to the edge of the sheet', { row: 6, col: 0 }, { row: 99, col: 0 }],
  ])('%s', (_, from, to) => {
    expect(edgeTarget(isFilled, from, { row: 1, col: 0 }, limits)).toEqual(to);
  });
});

describe('the long CSV of every cell', () => {
  it('writes scenario, sheet, cell, formula and value, escaping as the CLI does', () => {
    const csv = scenarioCellsToCsv('deal', [
      { name: 'Autos', contents: [['Item', '=B2*2'], [null, 0.1]], values: [['Item', 0.2], [null, 0.1]] },
    ]);
    expect(csv).toBe("scenario,sheet,cell,formula,value\r\ndeal,Autos,A1,Item,Item\r\ndeal,Autos,B1,'=B2*2,0.2\r\ndeal,Autos,B2,0.1,0.1\r\n");
  });
});
