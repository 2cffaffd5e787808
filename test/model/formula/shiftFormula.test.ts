/** How a copied formula's references move when it is pasted elsewhere. */
import { describe, expect, it } from 'vitest';
import { shiftFormula } from '../../../src/model/formula/shiftFormula';

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
