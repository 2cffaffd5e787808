import { describe, expect, it } from 'vitest';
import { formatInWords, formatValue } from '../../src/ui/formatValue';

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
