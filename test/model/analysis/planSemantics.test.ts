/** Each operator and function of the plan against HyperFormula's value for the same formula, and the refusals. */
// The points reach each rule's edges (zeros, negatives, halves, overflow). A case names the rule it proves;
// its formula reads inputs x (S!A1) and y (S!B1) and the fixed cells of planHarness.tinyScenario.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../../src/model';
import { compilePlan, evaluatePlan, pointValue } from '../../../src/model/analysis/plan';
import { TRY_POINTS, disagreements, expectAgreement, planOrThrow, tinyScenario } from './planHarness';

const cases = (table: Record<string, string>) => Object.entries(table);

describe('operators agree with HyperFormula', () => {
  it.each(cases({
    'addition, subtraction, multiplication': '=x+y*2-x*y',
    'division by zero is #DIV/0!': '=x/y',
    'powers, with 0^-1 and overflow as #NUM!': '=x^y',
    'a power of a negative number to a fraction is #NUM!': '=x^0.5',
    'power chains read from the left': '=2^y^2',
    'unary minus binds tighter than ^ (-x^2 is (-x)^2)': '=-x^2',
    'percent divides by 100, after the unary minus': '=-x%*y',
    'an overflowing product is #NUM!': '=x*x',
    'an overflowing sum is #NUM!': '=x+x',
    'comparisons of numbers are exact (smartRounding off)': '=(x+0.1+0.2)=(x+0.3)',
    'all six comparisons': '=IF(x<y,1,0)+IF(x<=y,2,0)+IF(x>y,4,0)+IF(x>=y,8,0)+IF(x=y,16,0)+IF(x<>y,32,0)',
    'the left error wins over the right one': '=(1/x)+SQRT(-1-y*y)',
    'the right error shows when the left is fine': '=x+1/y',
    'comparing with an error gives the error, left first': '=(1/y)<(1/x)',
    'booleans are 1 and 0 in arithmetic': '=TRUE+x*FALSE+B2',
    'numeric text is a number in arithmetic': '=D2*x',
    'text that is not a number is #VALUE! in arithmetic': '=A2+x',
    'text that is not a number is #VALUE! before the right error': '=A2/y',
    'an empty cell is 0 in arithmetic': '=C2+x',
    'an empty cell compares as 0 with a number': '=C2<x',
    'an empty cell compares as "" with text': '=IF(C2="",x,y)',
    'an empty cell compares as FALSE with a boolean': '=IF(C2=FALSE,x,y)',
    'a number is less than any text': '=x<A2',
    'text is less than any boolean': '=A2<B2',
    'text compares ignoring case ("a" < "B")': '=IF("a"<"B",x,y)',
    'text equal but for case is equal': '=IF("ABC"=A2,x,y)',
    'booleans compare as 1 and 0': '=IF(TRUE>FALSE,x,y)',
    'a comparison of a comparison': '=(x>y)=(y<x)',
    '& joins text of numbers and booleans': '=IF(x>0,"n"&1.5&TRUE,"z")',
    'an error literal is a value': '=IF(x>0,#N/A,1)',
    'a reference to another sheet': '=Other!A1*x',
    'sheet names and defined names ignore case': '=other!A1+X*Y',
    'an error literal HyperFormula knows beyond Excel\'s': '=IF(x>0,#ERROR!,#SPILL!)',
    'text keeps a backslash as written': '=IF(x>0,"a\\"b","c")="a\\"b"',
    'a reference to a sheet that does not exist is #REF!': '=IF(x>0,x,Nowhere!A1)',
    'a name that is not defined is #NAME?': '=IF(x>0,x,nosuchname)',
    'a unary plus keeps text as text': '=+A2',
    'a reference to an empty cell is 0 as a cell\'s value': '=C2',
    'a literal too large for a double is #NUM!': '=IF(x>0,1e999,1)',
  }))('%s: %s', (_rule, formula) => {
    expectAgreement(formula);
  });
});

describe('functions agree with HyperFormula', () => {
  it.each(cases({
    'IF takes its branch per point and never shows the other branch\'s error': '=IF(x>0,SQRT(x),SQRT(-x))',
    'IF with an error condition gives the condition\'s error': '=IF(1/x,y,-y)',
    'IF without an else is FALSE where the condition fails': '=IF(x>0,x>y)',
    'IF reads a number as a condition (anything but 0 is true)': '=IF(x,y,-y)',
    'IF reads "TRUE" text as true': '=IF(F2,x,y)',
    'IF reads other text as #VALUE!': '=IF(A2,x,y)',
    'IF reads an empty cell as FALSE': '=IF(C2,x,y)',
    'IF choosing text': '=IF(x>y,"up","down")',
    'IFS takes the first true condition': '=IFS(x>1,1,x>0,2,TRUE,3)',
    'IFS with no true condition is #N/A': '=IFS(x>1,1,y>1,2)',
    'IFS shows a later condition\'s error even after a true one': '=IFS(x>-100,1,1/x>0,2)',
    'IFS with an odd number of arguments is #N/A': '=IF(x>0,IFS(x>1,1,2),0)',
    'IFERROR catches every error': '=IFERROR(1/x,y)',
    'IFERROR passes a value that is not an error': '=IFERROR(x+y,0)',
    'IFNA catches #N/A only': '=IFNA(IF(x>0,#N/A,1/y),7)',
    'AND, OR, XOR and NOT of comparisons': '=IF(AND(x>0,y>0),1,0)+IF(OR(x>0,y>0),2,0)+IF(XOR(x>0,y>0,x>y),4,0)+IF(NOT(x>y),8,0)',
    'AND reads numbers as booleans': '=AND(x,y)',
    'AND shows its first error': '=AND(1/x,1/y)',
    'AND of text that is not a boolean is #VALUE!': '=AND(x>0,"abc")',
    'AND over a range leaves text out and reads an empty cell as FALSE': '=AND(A2:B2,x>0)',
    'OR over a range with an empty cell': '=OR(A2:C2,x>0)',
    'XOR over a range': '=XOR(B2:G2,x>0)',
    'MIN and MAX of two values': '=MIN(x,y)*MAX(x,y)',
    'MIN and MAX leave text and booleans in ranges and references out': '=MIN(A2:G2)+MAX(A2,B2,x)',
    'MIN of no numbers is 0': '=MIN(A2:C2)+x',
    'MAX of a boolean typed as an argument counts it': '=MAX(TRUE,x)',
    'SUM folds a range apart and then adds it': '=SUM(x,Data!A1:A5,y,0.1)',
    'SUM of numeric text typed as an argument counts it, of other text is #VALUE!': '=SUM(x,"3")+SUM(y,"abc")',
    'SUM of a referenced text cell leaves it out': '=SUM(D2,x)',
    'SUM shows the first error among its arguments': '=SUM(1/x,1/y)',
    'SUM over a range past the sheet\'s edge': '=SUM(E2:E20)+x',
    'PRODUCT': '=PRODUCT(x,y,E2:E2,2)',
    'SUM of a long range keeps HyperFormula\'s order of additions': '=SUM(Data!A1:A13)',
    'SUM of a range folds its constants in order, before and after a varying cell': '=SUM(Data!A1:A7)',
    'SUM of a range of constants only, then a value': '=SUM(Data!A1:A5,x)',
    'PRODUCT, MIN, MAX and AVERAGE of a long range': '=PRODUCT(Data!A1:A7)+MIN(Data!A1:A13)*MAX(Data!A1:A13)-AVERAGE(Data!A1:A13)',
    'AND, OR and XOR of a long range of booleans, numbers and text': '=IF(AND(Data!B1:B13),1,0)+IF(OR(Data!B5:B13),2,0)+IF(XOR(Data!B1:B13),4,0)',
    'AVERAGE divides the sum by the count of numbers': '=AVERAGE(x,y,A2:G2)',
    'AVERAGE of no numbers is #DIV/0!': '=IF(x>0,AVERAGE(A2:C2),1)',
    'COUNT counts numbers, an argument in error counting as none': '=COUNT(x,1/y,A2:G2,"3",TRUE,C2)',
    'COUNT counts an empty cell typed as an expression (+C2 is 0)': '=COUNT(+C2,x)',
    'ROUND rounds halves away from zero': '=ROUND(x,1)+ROUND(2.5,0)+ROUND(-2.5,0)',
    'ROUND with negative digits': '=ROUND(x*1234.5,-2)',
    'ROUND with digits from an input': '=ROUND(123.456,y)',
    'ROUND without digits rounds to a whole number': '=ROUND(x)',
    'ROUNDUP and ROUNDDOWN go away from and toward zero': '=ROUNDUP(x,0)*10+ROUNDDOWN(y,0)',
    'TRUNC drops the fraction': '=TRUNC(x)+TRUNC(y,1)',
    'INT rounds down, as Excel does (the project\'s INT plugin)': '=INT(x)',
    'MOD takes the sign of the divisor and is #DIV/0! for 0': '=MOD(x,y)',
    'ABS and SIGN': '=ABS(x)*SIGN(y)',
    'SQRT of a negative number is #NUM!': '=SQRT(x)',
    'POWER as ^': '=POWER(x,y)',
    'EXP overflows to #NUM!': '=EXP(x*y)',
    'LN of 0 or less is #NUM!': '=LN(x)',
    'LOG with a base, the number checked before the base\'s error': '=LOG(x,y)',
    'LOG without a base is base 10': '=LOG(x)',
    'LOG10': '=LOG10(y)',
    'a function given the wrong number of arguments is #N/A': '=IF(x>0,ABS(x,y),1)',
    'TRUE() and FALSE() as functions': '=IF(TRUE(),x,FALSE())',
    'an argument left out is an empty cell': '=SUM(x,)+ROUND(y,)',
  }))('%s: %s', (_rule, formula) => {
    expectAgreement(formula);
  });
});

describe('refusals name the cell and the reason', () => {
  it('a function outside the set is refused at the cell that uses it', () => {
    const scenario = tinyScenario('=VLOOKUP(x,A2:B2,2)');
    expect(compilePlan(scenario, ['x'], ['result'])).toEqual({ ok: false, cell: 'S!A4', reason: "VLOOKUP is not in the evaluator's set" });
  });

  it('a formula the parser cannot read is refused with the parser\'s reason', () => {
    const plan = compilePlan(tinyScenario('=x+*2'), ['x'], ['result']);
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(plan.cell).toBe('S!A4');
      expect(plan.reason).toMatch(/^the formula cannot be read: /);
    }
  });

  it('a refusal names the first cell that cannot be expressed, not the output that reads it', () => {
    const scenario = tinyScenario('=C3+1');
    const row = scenario.sheets['S']?.[2];
    if (row) row[2] = '=OFFSET(A1,1,1)';
    expect(compilePlan(scenario, ['x'], ['result'])).toMatchObject({ ok: false, cell: 'S!C3', reason: "OFFSET is not in the evaluator's set" });
  });

  it.each(cases({
    'a range used as a value': '=A2:B2+x',
    'text joined to a value that varies': '=x&"%"',
    'an IF whose branches differ in type': '=IF(x>0,1,"no")',
    'an IF that may give an empty cell': '=IF(x>0,x,C2)',
    'text that may read as a date, compared': '=IF(x>0,"1/2/2020","a")<"b"',
    'an array constant': '=SUM({1,2})+x',
  }))('%s is refused: %s', (_what, formula) => {
    const plan = compilePlan(tinyScenario(formula), ['x'], ['result']);
    expect(plan).toMatchObject({ ok: false, cell: 'S!A4' });
  });

  it('a circular reference is refused', () => {
    const scenario = tinyScenario('=A4+x');
    expect(compilePlan(scenario, ['x'], ['result'])).toMatchObject({ ok: false, cell: 'S!A4', reason: expect.stringContaining('circular') });
  });
});

describe('what a batch gives back', () => {
  it('a boolean output is a boolean column, text a text column with its texts', () => {
    const scenario = tinyScenario('=IF(x>y,"up","down")');
    const plan = compilePlan(scenario, ['x', 'y'], ['result']);
    if (!plan.ok) throw new Error(plan.reason);
    const { columns } = evaluatePlan(plan, { x: Float64Array.of(1, 3), y: Float64Array.of(2, 2) });
    const column = columns['result'];
    expect(column?.type).toBe('text');
    expect(column && [pointValue(column, 0), pointValue(column, 1)]).toEqual(['down', 'up']);
  });

  it('an input that is not finite is #NUM! where it is read, as HyperFormula reads no such cell', () => {
    const plan = compilePlan(tinyScenario('=x+1'), ['x'], ['result']);
    if (!plan.ok) throw new Error(plan.reason);
    const { columns } = evaluatePlan(plan, { x: Float64Array.of(Number.NaN, Infinity, -0) });
    const column = columns['result'];
    expect(column && [0, 1, 2].map((i) => pointValue(column, i))).toEqual([{ error: '#NUM!' }, { error: '#NUM!' }, 1]);
  });

  it('a batch larger than a chunk is computed whole, each point its own', () => {
    const plan = compilePlan(tinyScenario('=x*2'), ['x'], ['result']);
    if (!plan.ok) throw new Error(plan.reason);
    const x = Float64Array.from({ length: 5000 }, (_, i) => i);
    const values = evaluatePlan(plan, { x }).columns['result']?.values;
    expect(values && Array.from(values).every((value, i) => value === 2 * i)).toBe(true);
  });

  it('inputs not chosen keep their cells\' values, and what depends only on them is folded', () => {
    const plan = compilePlan(tinyScenario('=y*10+x'), ['x'], ['result']);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.kernels).toBe(2);
    expect(Array.from(evaluatePlan(plan, { x: Float64Array.of(1, 2) }).columns['result']?.values ?? [])).toEqual([21, 22]);
  });
});

describe('a sheet whose rows differ in length', () => {
  it('is as wide as its widest row: a range past a short first row reads the cells below it, as HyperFormula does', () => {
    const scenario = tinyScenario('=SUM(Data!B1:B3)+OR(Data!B1:B2)');
    scenario.sheets.Data![0] = [0.1];
    const workbook = Workbook.open(scenario);
    try {
      expect(disagreements(workbook, planOrThrow(scenario, ['x', 'y'], ['result']), TRY_POINTS)).toEqual([]);
    } finally {
      workbook.destroy();
    }
  });
});
