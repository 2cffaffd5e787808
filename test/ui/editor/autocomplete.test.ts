/** Autocomplete's choices and the signature tooltip, from a catalogue as the engine sends it. */
import { describe, expect, it } from 'vitest';
import type { FunctionInfo } from '../../../src/model/workbook/functionCatalogue';
import { signatureAt, suggestionsFor } from '../../../src/ui/editor/autocomplete';

const functions: FunctionInfo[] = [
  { name: 'PMT', args: ['rate', 'nper', 'pv', '[fv]', '[type]'], description: 'Returns the periodic payment.' },
  { name: 'PI', args: [], description: 'Returns pi.' },
  { name: 'SUM', args: ['number1', '[number2]', '...'], description: 'Adds its arguments.' },
  { name: 'SUMIF', args: ['range', 'criteria', '[sum_range]'], description: 'Adds the cells that meet a criterion.' },
];
const named = [
  { kind: 'input' as const, name: 'PriceOfRice', label: 'Rice price' },
  { kind: 'output' as const, name: 'sumOfTariffs', label: 'Tariffs paid' },
];

describe('suggestionsFor', () => {
  it('lists the functions and named cells that begin with the name typed, any case, in alphabetical order', () => {
    expect(suggestionsFor('su', functions, named).map(({ name, insert }) => [name, insert])).toEqual([
      ['SUM', 'SUM('],
      ['SUMIF', 'SUMIF('],
      ['sumOfTariffs', 'sumOfTariffs'],
    ]);
    expect(suggestionsFor('P', functions, named).map(({ name }) => name)).toEqual(['PI', 'PMT', 'PriceOfRice']);
  });

  it('describes a named cell by its label, and has nothing left to offer for a name typed in full', () => {
    expect(suggestionsFor('price', functions, named)).toEqual([{ kind: 'input', name: 'PriceOfRice', description: 'Input: Rice price', insert: 'PriceOfRice' }]);
    expect(suggestionsFor('PriceOfRice', functions, named)).toEqual([]);
    expect(suggestionsFor('SUMX', functions, named)).toEqual([]);
  });
});

describe('signatureAt', () => {
  it('gives the call the caret is in with its argument marked, and nothing for a function the engine lacks', () => {
    expect(signatureAt('=PMT(1,', 7, functions)).toEqual({ name: 'PMT', args: functions[0]?.args, marked: 1 });
    expect(signatureAt('=SUM(1,2,3,', 11, functions)?.marked).toBe(1);
    expect(signatureAt('=CONCAT(1,', 10, functions)).toBeUndefined();
    expect(signatureAt('=1+2', 4, functions)).toBeUndefined();
  });
});
