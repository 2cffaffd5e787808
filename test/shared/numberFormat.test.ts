/** Values through Excel format codes (numfmt), Excel's General with the grid's thousands separators, and a cell's code among a sheet's ranges. */
import fc from 'fast-check';
import { format } from 'numfmt';
import { describe, expect, it } from 'vitest';
import { PRESET_FORMATS, formatCodeAt, formatColourOf, formatGeneral, formatWithCode, generalIsGrouped, percentColumn, shownText, sumsReadIn } from '../../src/shared/numberFormat';

describe('formatWithCode', () => {
  it.each([
    ['billions, as the issue writes them', 8_150_731_707, '#,##0.00,,," bn"', '8.15 bn'],
    ['millions', 347_500_000, '#,##0.0,," M"', '347.5 M'],
    ['thousands separators, rounded', 1_058_536.585, '#,##0', '1,058,537'],
    ['a percentage of a fraction above 1', 2.2733, '0.0%', '227.3%'],
    ['dollars, negative', -1234.5, '$#,##0.00', '-$1,234.50'],
    ['a negative section', -5, '#,##0;(#,##0)', '(5)'],
    ['zero, never -0', -0, '0.00', '0.00'],
    ['text through its section', 'cars', '0.00;-0.00;0;"["@"]"', '[cars]'],
    ['text without a text section, as it is', 'cars', '0.00', 'cars'],
    ['a date serial', 45_858, 'yyyy-mm-dd', '2025-07-20'],
    ['a code numfmt cannot read, as Excel shows what does not fit', 5, '0.0"', '######'],
  ])('%s', (_, value, code, text) => {
    expect(formatWithCode(value, code)).toBe(text);
  });

  it('leaves true/false, errors and empty cells as the grid shows them', () => {
    expect(formatWithCode(true, '0.00')).toBe('TRUE');
    expect(formatWithCode({ error: '#DIV/0!', message: 'Division by zero.' }, '0.00')).toBe('#DIV/0!');
    expect(formatWithCode(null, '0.00')).toBe('');
  });

  it('each of the toolbar\'s formats reads as its label says', () => {
    expect(PRESET_FORMATS.map((choice) => [choice.id, formatWithCode(choice.sample, choice.code)])).toEqual([
      ['number', '1,234,567.89'],
      ['thousands', '1,234,568'],
      ['percent', '12.3%'],
      ['millions', '1.2 M'],
      ['billions', '8.15 bn'],
      ['currency', '$1,234,567.89'],
    ]);
  });
});

describe('formatGeneral', () => {
  it.each([
    [1234.5678, '1,234.5678'],
    [1_058_536.585, '1,058,536.585'],
    [8_150_731_707, '8,150,731,707'],
    [-9_560_975_609.75, '-9,560,975,610'],
    [123_456_789_012, '1.23457E+11'],
    [0.1 + 0.2, '0.3'],
    [0.000012345, '0.000012345'],
    [-0, '0'],
    [999, '999'],
  ])('shows %d as %s, never rounded to a whole number', (value, text) => {
    expect(formatGeneral(value)).toBe(text);
  });

  it("agrees with numfmt's General for any number, short ones taking the way round numfmt included", () => {
    const grouped = (text: string) => text.replace(/^(-?)(\d+)(\.\d+)?$/, (_, sign: string, whole: string, fraction = '') => `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`);
    const numbers = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }),
      fc.tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 8 })).map(([whole, places]) => whole / 10 ** places),
    );
    fc.assert(fc.property(numbers, (value) => {
      const numfmt = format('General', value === 0 ? 0 : value, { locale: 'en-US', leap1900: true, nbsp: false });
      expect(formatGeneral(value)).toBe(grouped(numfmt));
      // Find reads a short number's General text as the number with separators.
      if (generalIsGrouped(value)) expect(formatGeneral(value).replaceAll(',', '')).toBe(String(value === 0 ? 0 : value));
    }), { numRuns: 20_000 });
  });
});

describe('shownText', () => {
  it('is the grid\'s text: the code, else a percentage for a "%" unit, else Excel\'s General (no rounding to whole numbers)', () => {
    expect(shownText(1_058_536.585, false, '#,##0')).toBe('1,058,537');
    expect(shownText(0.275, true, undefined)).toBe('27.5%');
    expect(shownText(0.275, true, '0.0%')).toBe('27.5%');
    expect(shownText(1_058_536.585, false, undefined)).toBe('1,058,536.585');
    expect(shownText(1234.5, false, undefined)).toBe('1,234.5');
    expect(shownText('cars/yr', false, undefined)).toBe('cars/yr');
    expect(shownText(true, false, undefined)).toBe('TRUE');
    expect(shownText({ error: '#DIV/0!', message: 'divided by zero' }, false, undefined)).toBe('#DIV/0!');
    expect(shownText(null, true, undefined)).toBe('');
  });

  it('takes a row\'s last "%" cell as the unit of the numbers left of it', () => {
    expect(percentColumn(['Share', 0.25, '%'])).toBe(2);
    expect(percentColumn(['Share', 0.25, '%', 'note', '%'])).toBe(4);
    expect(percentColumn(['Share', 0.25, 'cars'])).toBe(-1);
    expect(percentColumn([])).toBe(-1);
  });
});

describe('formatCodeAt', () => {
  const ranges = [
    { rect: { top: 1, left: 1, bottom: 23, right: 1 }, code: '#,##0' },
    { rect: { top: 3, left: 3, bottom: 3, right: 3 }, code: '0%' },
  ];
  it.each([
    [1, 1, '#,##0'],
    [23, 1, '#,##0'],
    [24, 1, undefined],
    [0, 1, undefined],
    [3, 3, '0%'],
    [3, 2, undefined],
  ])('row %d, column %d: %s', (row, col, code) => {
    expect(formatCodeAt(ranges, row, col)).toBe(code);
  });

  it('a sheet without formats has none', () => {
    expect(formatCodeAt(undefined, 0, 0)).toBeUndefined();
  });
});

describe('sumsReadIn', () => {
  it.each([
    ['#,##0.00,,," bn"', true],
    ['0.0%', true],
    ['$#,##0', true],
    ['yyyy-mm-dd', false],
    ['h:mm', false],
    ['@', false],
  ])('%s: %s', (code, reads) => {
    expect(sumsReadIn(code)).toBe(reads);
  });
});

describe('formatColourOf', () => {
  it.each([
    ['#,##0;[Red](#,##0)', -5, 'red'],
    ['#,##0;[Red](#,##0)', 5, undefined],
    ['[Blue]0.0%', 0.25, 'blue'],
    ['[green]0;[magenta]-0', -1, 'magenta'],
    ['[Color 10]0', 1, undefined],
    ['0', 1, undefined],
  ])('%s on %d: %s', (code, value, colour) => {
    expect(formatColourOf(value, code)).toBe(colour);
  });

  it('gives errors, booleans and empty cells none', () => {
    expect(formatColourOf(null, '[Red]0')).toBeUndefined();
    expect(formatColourOf(true, '[Red]0')).toBeUndefined();
  });
});

