/**
 * The functions src/model/workbook/functions.ts replaces or adds, checked against the values Excel's
 * documentation gives (the conformance corpus checks them against IronCalc and Gnumeric too), and what
 * the plugins rely on: registered before any engine, numfmt free of eval, the en-US date settings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workbook, type CellValue } from '../../src/model';
import { formulasScenario } from '../engineAgreement';
import { REPO_ROOT } from '../paths';

function valuesOf(formulas: readonly string[], data: readonly (readonly CellValue[])[] = []): CellValue[] {
  const scenario = formulasScenario(formulas);
  const workbook = Workbook.open({ ...scenario, sheets: { ...scenario.sheets, Data: data.map((row) => [...row]) as never } });
  try {
    return workbook.sheetValues('Differences').map((row) => row[0] ?? null);
  } finally {
    workbook.destroy();
  }
}

const cases = (table: readonly (readonly [string, CellValue])[], data?: readonly (readonly CellValue[])[]) => {
  const got = valuesOf(table.map(([formula]) => formula), data);
  return table.map(([formula], index) => [formula, got[index] ?? null]);
};
const withoutMessages = (values: unknown[][]) => values.map(([formula, value]) => [formula, typeof value === 'object' && value !== null ? (value as { error: string }).error : value]);
const expected = (table: readonly (readonly [string, CellValue])[]) => table.map(([formula, value]) => [formula, typeof value === 'object' && value !== null ? value.error : value]);
const err = (error: string): CellValue => ({ error, message: '' });

describe('INT rounds down, as Excel', () => {
  const table = [['=INT(8.9)', 8], ['=INT(-8.9)', -9], ['=INT(-7.5)', -8], ['=INT(0)', 0], ['=INT("-2.5")', -3]] as const;
  it('as documented', () => expect(withoutMessages(cases(table))).toEqual(expected(table)));
});

describe("TEXT reads Excel's format codes (numfmt)", () => {
  const table = [
    ['=TEXT(1300000,"#,##0")', '1,300,000'],
    ['=TEXT(2.2733,"0.0%")', '227.3%'],
    ['=LEN(TEXT(1300000,"#,##0"))', 9],
    ['=TEXT(1234.567,"$#,##0.00")', '$1,234.57'],
    ['=TEXT(-1234.5,"$#,##0.00;($#,##0.00)")', '($1,234.50)'],
    ['=TEXT(0.285,"0.0%")', '28.5%'],
    ['=TEXT(4.34,"# ?/?")', '4 1/3'],
    ['=TEXT(12200000,"0.00E+00")', '1.22E+07'],
    ['=TEXT(1234567,"#,##0,")', '1,235'],
    ['=TEXT(45292,"mmmm d, yyyy")', 'January 1, 2024'],
    ['=TEXT(45292.75,"h:mm AM/PM")', '6:00 PM'],
    ['=TEXT("abc","@")', 'abc'],
    ['=TEXT(1/0,"0")', err('#DIV/0!')],
    ['=TEXT(1,"0.0.0[")', err('#VALUE!')],
  ] as const;
  it('as documented', () => expect(withoutMessages(cases(table))).toEqual(expected(table)));
});

describe('LOOKUP, vector and array forms, approximate match on sorted data', () => {
  const data = [
    [4.14, 'red'],
    [4.19, 'orange'],
    [5.17, 'yellow'],
    [5.77, 'green'],
    [6.39, 'blue'],
  ];
  // Excel's documented examples.
  const table = [
    ['=LOOKUP(4.19,Data!A1:A5,Data!B1:B5)', 'orange'],
    ['=LOOKUP(5.75,Data!A1:A5,Data!B1:B5)', 'yellow'],
    ['=LOOKUP(7.66,Data!A1:A5,Data!B1:B5)', 'blue'],
    ['=LOOKUP(0,Data!A1:A5,Data!B1:B5)', err('#N/A')],
    ['=LOOKUP("C",{"a","b","c","d";1,2,3,4})', 3],
    ['=LOOKUP("bump",{"a",1;"b",2;"c",3})', 2],
    ['=LOOKUP(5.2,Data!A1:B5)', 'yellow'],
    ['=LOOKUP(2,1/(Data!B1:B5<>""),Data!B1:B5)', 'blue'],
    ['=LOOKUP(2024,{2022,2023,2024,2025},{10,20,30,40})', 30],
  ] as const;
  it('as documented', () => expect(withoutMessages(cases(table, data))).toEqual(expected(table)));
});

describe('the other mends', () => {
  const data = [['apple', 3, 1], ['Banana', 5, '2'], ['mango', 7, true], ['', 1, null], [null, 2, null]];
  const table = [
    ['=COUNTIF(Data!A1:A3,"?a*")', 2],
    ['=COUNTIF(Data!A1:A3,"?????")', 2],
    ['=MATCH("m*",Data!A1:A3,0)', 3],
    ['=MATCH("b?nana",Data!A1:A3,0)', 2],
    ['=MATCH(5,Data!B1:B3,0)', 2],
    ['=HLOOKUP("b",{"a","b";1,2},2,FALSE)', 2],
    ['=COUNTBLANK(Data!A1:A5)', 2],
    ['=SUMPRODUCT(Data!C1:C3,{1;1;1})', 1],
    ['=PRODUCT(Data!A1:A2)', 0],
    ['=CEILING(1.5,0)', 0],
    ['=CEILING.MATH(-5.5,2,-1)', -6],
    ['=FLOOR.MATH(-5.5,2,-1)', -4],
    ['=CHOOSE(2.9,"a","b")', 'b'],
    ['=CHOOSE(3,"a","b")', err('#VALUE!')],
    ['=EDATE(DATE(2024,1,31),1)', 45351],
    ['=EOMONTH(DATE(2024,1,15),1.9)', 45351],
    ['=ISOWEEKNUM(DATE(2024,12,31))', 1],
    ['=WEEKNUM(DATE(2024,3,15),21)', 11],
    ['=WEEKNUM(DATE(2024,3,15),2)', 11],
    ['=ISEVEN(2.9)', true],
    ['=ISODD(-3)', true],
    ['=SUBSTITUTE("abc","","x")', 'abc'],
    ['=SUBSTITUTE("a-b-c","-","+",2)', 'a-b+c'],
    ['=VALUE("$1,000")', 1000],
    ['=VALUE("(1,000)")', -1000],
    ['=VALUE("")', err('#VALUE!')],
    ['=DATEVALUE("3/15/2024")', 45366],
    ['=DATEVALUE("15-Mar-2024")', 45366],
    ['=DAY("2024-03-15")', 15],
    ['=CORREL({1,1,1},{1,2,3})', err('#DIV/0!')],
    ['=IPMT(0.1,0,3,8000)', err('#NUM!')],
    ['=PPMT(0.1,4,3,8000)', err('#NUM!')],
    ['=DDB(2400,300,10,0)', err('#NUM!')],
    ['=ROUND(GEOMEAN(1e+200,1e+200)/1e+200,9)', 1],
    ['=ROMAN(0)', ''],
    ['=ROMAN(1999)', 'MCMXCIX'],
    ['=ROMAN(499,1)', 'LDVLIV'],
    ['=ROMAN(4000)', err('#VALUE!')],
  ] as const;
  it('give what Excel gives', () => expect(withoutMessages(cases(table, data))).toEqual(expected(table)));
});

describe('a formula HyperFormula throws on still shows #VALUE! with the reason (TEXT no longer throws)', () => {
  it('FIND over arrays of different sizes', () => {
    const [value] = valuesOf(['=SUM(FIND({1,2,3},{1;2}))']);
    expect(value).toMatchObject({ error: '#VALUE!' });
  });
});

describe('numfmt, which TEXT and VALUE use', () => {
  it('runs without eval or new Function (the page forbids both)', () => {
    const dist = join(REPO_ROOT, 'node_modules', 'numfmt', 'dist');
    const sources = readdirSync(dist).filter((file) => /\.(c|m)?js$/.test(file));
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) expect(readFileSync(join(dist, file), 'utf8')).not.toMatch(/new Function|\beval\(/);
  });
});
