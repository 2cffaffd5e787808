import { describe, expect, it } from 'vitest';
import { exactValue, formatInWords, formatValue } from '../../src/ui/formatValue';

describe('formatValue', () => {
  it.each([
    ['a large count', 1_058_536.585, '', '1,058,537'],
    ['a negative amount', -9_560_975_609.75, 'USD/yr', '-9,560,975,610'],
    ['a small number', 324.7619, 'USD/t', '324.76'],
    ['a fraction', 0.006541966, '', '0.006542'],
    ['zero, never -0', -0, '', '0'],
    ['a percentage', 0.275, '%', '27.5%'],
    ['a large percentage', 7, '%', '700%'],
    ['a small percentage', 0.006541966, '%', '0.65%'],
    ['text', 'cars/yr', '', 'cars/yr'],
    ['a boolean', true, '', 'TRUE'],
    ['an empty cell', null, '', ''],
    ['an error', { error: '#DIV/0!', message: 'Division by zero.' }, '', '#DIV/0!'],
  ] as const)('%s', (_, value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  it('says big numbers in words', () => {
    expect(formatInWords(8_150_731_707)).toBe('8.15 billion');
    expect(formatInWords(999_999)).toBeUndefined();
  });
});

describe('a value with a number format', () => {
  it('shows through its code, over the unit', () => {
    expect(formatValue(8_150_731_707, 'USD/yr', '#,##0.00,,," bn"')).toBe('8.15 bn');
    expect(formatValue(0.275, '%', '0%')).toBe('28%');
  });

  it('offers the exact value as a tip when the text shown hides digits', () => {
    expect(exactValue(8_150_731_707.3, '8.15 bn')).toBe('8150731707.3');
    expect(exactValue(1234.5, '1,234.5')).toBeUndefined();
    expect(exactValue(123_456_789_012, '1.23457E+11')).toBe('123456789012');
  });
});

