/** The formula helpers' text work: where a reference may be pointed in, F4's anchors, the name being typed, the call the caret is in. */
import { describe, expect, it } from 'vitest';
import { callAtCaret, cycleAnchors, isReferencePoint, markedArgument, nameAtCaret, pointedReference } from '../../../src/ui/editor/formulaText';
import { formulaReferences, referenceColours } from '../../../src/ui/editor/formulaTokens';

/** The text with `|` marking the caret, as text and caret. */
function at(marked: string): [string, number] {
  return [marked.replace('|', ''), marked.indexOf('|')];
}

describe('isReferencePoint: where an arrow or a click writes a reference', () => {
  it.each([
    ['=|', true],
    ['=A1+|', true],
    ['=SUM(|', true],
    ['=SUM(A1,|', true],
    ['=SUM(A1, |', true],
    ['=A1:|', true],
    ['=SUM(|)', true],
    ['=A1|', false],
    ['=SUM|', false],
    ['=5%|', false],
    ['=SUM(A1)|', false],
    ['="a,|', false],
    ['=A1+|B2', false],
    ['A1+|', false],
    ['|=', false],
  ])('%s: %s', (marked, expected) => {
    expect(isReferencePoint(...at(marked))).toBe(expected);
  });
});

describe('pointedReference writes what was pointed at', () => {
  it.each([
    [{ row: 1, col: 1 }, { row: 1, col: 1 }, undefined, 'B2'],
    [{ row: 4, col: 3 }, { row: 1, col: 1 }, undefined, 'B2:D5'],
    [{ row: 0, col: 0 }, { row: 0, col: 0 }, 'Autos', 'Autos!A1'],
    [{ row: 0, col: 0 }, { row: 2, col: 0 }, 'My sheet', "'My sheet'!A1:A3"],
    [{ row: 0, col: 0 }, { row: 0, col: 0 }, "Bob's", "'Bob''s'!A1"],
    [{ row: 0, col: 0 }, { row: 0, col: 0 }, 'A1', "'A1'!A1"],
  ] as const)('%o to %o on %s is %s', (anchor, head, sheet, expected) => {
    expect(pointedReference(anchor, head, sheet)).toBe(expected);
  });
});

describe('cycleAnchors: F4', () => {
  it.each([
    ['=A1|', '=$A$1'],
    ['=$A$1|', '=A$1'],
    ['=A$1|', '=$A1'],
    ['=$A1|', '=A1'],
    ['=A|1+B2', '=$A$1+B2'],
    ['=|A1+B2', '=$A$1+B2'],
    ['=A1+B2|', '=A1+$B$2'],
    ['=SUM(B2:C3|)', '=SUM($B$2:$C$3)'],
    ['=SUM($B$2:C3|)', '=SUM(B$2:C$3)'],
    ["='My sheet'!B2|", "='My sheet'!$B$2"],
    ['=Autos!B7|*2', '=Autos!$B$7*2'],
    ['=SUM(A:C|)', '=SUM($A:$C)'],
    ['=SUM($A:$C|)', '=SUM(A:C)'],
    ['=SUM(Autos!2:5|)', '=SUM(Autos!$2:$5)'],
  ])('%s becomes %s', (marked, expected) => {
    expect(cycleAnchors(...at(marked))?.text).toBe(expected);
  });

  it('puts the caret after the reference, and leaves a formula without one alone', () => {
    expect(cycleAnchors(...at('=A|1+1'))?.caret).toBe('=$A$1'.length);
    expect(cycleAnchors(...at('=SUM(1,2)|'))).toBeUndefined();
    expect(cycleAnchors(...at('A1|'))).toBeUndefined();
  });
});

describe('nameAtCaret: the name autocomplete completes', () => {
  it.each([
    ['=SU|', { prefix: 'SU', start: 1 }],
    ['=1+pm|', { prefix: 'pm', start: 3 }],
    ['=IF(A1>0,ROU|', { prefix: 'ROU', start: 9 }],
    ['=A|', { prefix: 'A', start: 1 }],
    ['=AB1|', { prefix: 'AB1', start: 1 }],
    ['=SUM(|', undefined],
    ['=SU|M(', undefined],
    ['=Autos!B|', undefined],
    ['="SU|', undefined],
    ['=A1:B|', undefined],
    ['SU|', undefined],
  ])('%s: %o', (marked, expected) => {
    expect(nameAtCaret(...at(marked))).toEqual(expected);
  });
});

describe('callAtCaret: the signature tooltip’s call and argument', () => {
  it.each([
    ['=PMT(|', { name: 'PMT', argument: 0 }],
    ['=PMT(0.05/12,|', { name: 'PMT', argument: 1 }],
    ['=PMT(0.05,ROUND(|', { name: 'ROUND', argument: 0 }],
    ['=PMT(0.05,ROUND(1,2),|', { name: 'PMT', argument: 2 }],
    ['=PMT(0.05,ROUND(1,|2))', { name: 'ROUND', argument: 1 }],
    ['=PMT(0.05,(1+2)*3,|', { name: 'PMT', argument: 2 }],
    ['=IF(A1="a,b",|', { name: 'IF', argument: 1 }],
    ['=SUM(1)|', undefined],
    ['=1+|', undefined],
  ])('%s: %o', (marked, expected) => {
    expect(callAtCaret(...at(marked))).toEqual(expected);
  });
});

describe('markedArgument: which argument of the signature is bold', () => {
  const sumifs = ['sum_range', 'criteria_range1', 'criteria1', '[criteria_range2]', '[criteria2]', '...'];
  it.each([
    [['rate', 'nper', 'pv', '[fv]', '[type]'], 3, 3],
    [['rate', 'nper', 'pv', '[fv]', '[type]'], 5, -1],
    [['number1', '[number2]', '...'], 0, 0],
    [['number1', '[number2]', '...'], 7, 1],
    [sumifs, 3, 3],
    [sumifs, 4, 4],
    [sumifs, 5, 3],
    [sumifs, 6, 4],
    [['index_num', 'value1', '[value2]', '...'], 4, 2],
  ])('%o, argument %i: %i', (args, argument, expected) => {
    expect(markedArgument(args, argument)).toBe(expected);
  });
});

describe('the range finder’s references and colours', () => {
  it('finds each reference with its sheet and cells, and gives a reference written twice one colour', () => {
    const references = formulaReferences("=B2+'My sheet'!C3:D5*b2+SUM(Autos!$A$1)+LOG10(2)");
    expect(references.map(({ text, sheet, rect }) => [text, sheet, rect])).toEqual([
      ['B2', undefined, { top: 1, left: 1, bottom: 1, right: 1 }],
      ["'My sheet'!C3:D5", 'My sheet', { top: 2, left: 2, bottom: 4, right: 3 }],
      ['b2', undefined, { top: 1, left: 1, bottom: 1, right: 1 }],
      ['Autos!$A$1', 'Autos', { top: 0, left: 0, bottom: 0, right: 0 }],
    ]);
    expect(referenceColours(references, 6)).toEqual([0, 1, 0, 2]);
    expect(referenceColours(formulaReferences('=A1+A2+A3+A4'), 3)).toEqual([0, 1, 2, 0]);
  });

  it('reads whole columns and rows as ranges across the sheet', () => {
    expect(formulaReferences('=SUM(B:C)+SUM(Rice!3:4)').map(({ text, sheet, rect, whole }) => [text, sheet, rect, whole])).toEqual([
      ['B:C', undefined, { top: 0, left: 1, bottom: 1_048_575, right: 2 }, 'columns'],
      ['Rice!3:4', 'Rice', { top: 2, left: 0, bottom: 3, right: 16_383 }, 'rows'],
    ]);
  });

  it('reads nothing in text that is not a formula, nor in a string', () => {
    expect(formulaReferences('A1+B2')).toEqual([]);
    expect(formulaReferences('="A1"&B2').map((reference) => reference.text)).toEqual(['B2']);
  });
});
