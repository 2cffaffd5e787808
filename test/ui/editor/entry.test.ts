/** What a person types becomes a cell's content as Excel reads it, and a content is shown for editing so that it reads back the same. */
import { describe, expect, it } from 'vitest';
import { entryText, parseEntry } from '../../../src/ui/editor/entry';

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
