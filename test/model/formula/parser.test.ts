/** The formula language: text -> tree for every kind of node, precedence, errors, and print(parse(x)) read back over every formula we ship. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFormula, printFormula, type CellReference, type FormulaArgument, type FormulaNode } from '../../../src/model/formula';
import { fixturePath, REPO_ROOT } from '../../paths';

const num = (value: number): FormulaNode => ({ kind: 'number', value });
const str = (value: string): FormulaNode => ({ kind: 'string', value });
const name = (text: string): FormulaNode => ({ kind: 'name', name: text });
const unary = (op: '+' | '-', operand: FormulaNode): FormulaNode => ({ kind: 'unary', op, operand });
const percent = (operand: FormulaNode): FormulaNode => ({ kind: 'percent', operand });
const paren = (inner: FormulaNode): FormulaNode => ({ kind: 'paren', inner });
const call = (fn: string, ...args: FormulaArgument[]): FormulaNode => ({ kind: 'call', name: fn, args });
const bin = (op: Extract<FormulaNode, { kind: 'binary' }>['op'], left: FormulaNode, right: FormulaNode): FormulaNode => ({ kind: 'binary', op, left, right });
const EMPTY = { kind: 'empty' } as const;

/** `$B$2` on `sheet` as the parser gives it: zero-based row and column, a flag for each `$`. */
function ref(a1: string, sheet?: string): CellReference {
  const match = /^(\$?)([A-Z]+)(\$?)([0-9]+)$/.exec(a1);
  if (!match) throw new Error(`not a cell: ${a1}`);
  const col = [...(match[2] ?? '')].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
  return { sheet, row: Number(match[4]) - 1, col, rowAbsolute: match[3] === '$', colAbsolute: match[1] === '$' };
}
const cell = (a1: string, sheet?: string): FormulaNode => ({ kind: 'cell', ref: ref(a1, sheet) });
const range = (start: CellReference, end: CellReference): FormulaNode => ({ kind: 'cellRange', start, end });

/** The tree with its brackets taken out, which leaves what the formula means. */
function withoutParens(node: FormulaNode): FormulaNode {
  switch (node.kind) {
    case 'paren':
      return withoutParens(node.inner);
    case 'unary':
    case 'percent':
      return { ...node, operand: withoutParens(node.operand) };
    case 'binary':
      return { ...node, left: withoutParens(node.left), right: withoutParens(node.right) };
    default:
      return node;
  }
}

function ast(formula: string): FormulaNode {
  const parsed = parseFormula(formula);
  if (!parsed.ok) throw new Error(`${formula} does not parse: ${parsed.reason}`);
  return parsed.ast;
}

describe('parseFormula: every kind of node', () => {
  it.each<[string, string, FormulaNode]>([
    ['a number', '=1.5', num(1.5)],
    ['a number without its leading 0', '=.5', num(0.5)],
    ['a number with an exponent', '=1e3', num(1000)],
    ['a number past the largest double, as HyperFormula reads it', '=1e999', num(Infinity)],
    ['the leading "=" is optional', '42', num(42)],
    ['a string', '="a b"', str('a b')],
    ['an empty string', '=""', str('')],
    ['a string keeps a backslash pair as written', '="a\\"b"', str('a\\"b')],
    ['TRUE', '=TRUE', { kind: 'boolean', value: true }],
    ['false in any case', '=false', { kind: 'boolean', value: false }],
    ['an error literal', '=#N/A', { kind: 'error', code: '#N/A' }],
    ['an error literal in upper case', '=#div/0!', { kind: 'error', code: '#DIV/0!' }],
    ['a cell', '=B2', cell('B2')],
    ['a cell in lower case', '=b2', cell('B2')],
    ['absolute parts', '=$B$2+B$2+$B2', bin('+', bin('+', cell('$B$2'), cell('B$2')), cell('$B2'))],
    ['a cell on a sheet', '=Data!A1', cell('A1', 'Data')],
    ['a cell on a quoted sheet', "='Rice quota'!B2", cell('B2', 'Rice quota')],
    ['a quoted sheet with a quote in its name', "='O''Brien'!$A$1", cell('$A$1', "O'Brien")],
    ['a sheet name of digits', '=2025!B1', cell('B1', '2025')],
    ['the last cell of a sheet', '=XFD1048576', cell('XFD1048576')],
    ['a cell range', '=A1:B3', range(ref('A1'), ref('B3'))],
    ['a cell range on a sheet', "='Rice quota'!A1:$C$9", range(ref('A1', 'Rice quota'), ref('$C$9'))],
    ['a cell range naming its sheet twice', '=Data!A1:Data!B3', range(ref('A1', 'Data'), ref('B3', 'Data'))],
    ['whole columns', '=A:C', { kind: 'columnRange', start: { col: 0, absolute: false }, end: { col: 2, absolute: false } }],
    ['whole columns, absolute, on a sheet', '=Data!$A:$B', { kind: 'columnRange', start: { sheet: 'Data', col: 0, absolute: true }, end: { col: 1, absolute: true } }],
    ['whole rows', '=1:3', { kind: 'rowRange', start: { row: 0, absolute: false }, end: { row: 2, absolute: false } }],
    ['whole rows on a sheet', '=Data!$1:1', { kind: 'rowRange', start: { sheet: 'Data', row: 0, absolute: true }, end: { row: 0, absolute: false } }],
    ['a defined name, as written', '=rate', name('rate')],
    ['a name with a dot and an underscore', '=_tax.rate', name('_tax.rate')],
    ['a cell-like name past the last column', '=XFE1', name('XFE1')],
    ['a cell-like name of row 0', '=B0', name('B0')],
    ['a name that begins like a cell', '=A1B', name('A1B')],
    ['a name that begins like TRUE', '=TRUE.X', name('TRUE.X')],
    ['a call', '=SUM(1,2)', call('SUM', num(1), num(2))],
    ['a call in upper case', '=sum(a1:a3)', call('SUM', range(ref('A1'), ref('A3')))],
    ['a call with a dotted name', '=STDEV.S(A1:A3)', call('STDEV.S', range(ref('A1'), ref('A3')))],
    ['a call without arguments', '=NA()', call('NA')],
    ['TRUE() is a call', '=TRUE()', call('TRUE')],
    ['an empty last argument', '=SUM(1,)', call('SUM', num(1), EMPTY)],
    ['an empty first argument', '=IF(,1)', call('IF', EMPTY, num(1))],
    ['two empty arguments', '=IF(,)', call('IF', EMPTY, EMPTY)],
    ['nested calls', '=IF(A1>0,SUM(B1:B2),"no")', call('IF', bin('>', cell('A1'), num(0)), call('SUM', range(ref('B1'), ref('B2'))), str('no'))],
    ['unary minus', '=-A1', unary('-', cell('A1'))],
    ['unary plus', '=+1', unary('+', num(1))],
    ['double negation', '=--1', unary('-', unary('-', num(1)))],
    ['percent', '=50%', percent(num(50))],
    ['percent of brackets', '=(1+2)%', percent(paren(bin('+', num(1), num(2))))],
    ['every binary operator', '=1+2-3*4/5^6&7', bin('&', bin('-', bin('+', num(1), num(2)), bin('/', bin('*', num(3), num(4)), bin('^', num(5), num(6)))), num(7))],
    ...(['=', '<>', '<', '<=', '>', '>='] as const).map((op): [string, string, FormulaNode] => [`comparison ${op}`, `=A1${op}1`, bin(op, cell('A1'), num(1))]),
    ['brackets stay as a node', '=(1)', paren(num(1))],
    ['an array constant', '={1,2;3,4}', { kind: 'array', rows: [[num(1), num(2)], [num(3), num(4)]] }],
    ['an array constant of one column', '={1;2}', { kind: 'array', rows: [[num(1)], [num(2)]] }],
    ['an array constant of every kind of constant', '={"a",TRUE;#N/A,-1}', { kind: 'array', rows: [[str('a'), { kind: 'boolean', value: true }], [{ kind: 'error', code: '#N/A' }, unary('-', num(1))]] }],
    ['whitespace between tokens', '= SUM( A1 ,\n2 )', call('SUM', cell('A1'), num(2))],
  ])('%s: %s', (_what, formula, expected) => {
    expect(parseFormula(formula)).toEqual({ ok: true, ast: expected });
  });
});

describe('parseFormula: precedence, as HyperFormula reads it', () => {
  it.each<[string, string, FormulaNode]>([
    ['* before +', '=1+2*3', bin('+', num(1), bin('*', num(2), num(3)))],
    ['negation before power', '=-2^2', bin('^', unary('-', num(2)), num(2))],
    ['negation inside a power chain', '=2^-1^2', bin('^', bin('^', num(2), unary('-', num(1))), num(2))],
    ['a negated power in a product', '=2*-3^2', bin('*', num(2), bin('^', unary('-', num(3)), num(2)))],
    ['powers from the left', '=2^3^2', bin('^', bin('^', num(2), num(3)), num(2))],
    ['subtraction from the left', '=7-2-1', bin('-', bin('-', num(7), num(2)), num(1))],
    ['& after +', '="a"&1+2', bin('&', str('a'), bin('+', num(1), num(2)))],
    ['= after &', '=1=1&"a"', bin('=', num(1), bin('&', num(1), str('a')))],
    ['comparisons from the left', '=1<2=TRUE', bin('=', bin('<', num(1), num(2)), { kind: 'boolean', value: true })],
    ['percent before power', '=2^3%', bin('^', num(2), percent(num(3)))],
    ['percent before negation', '=-50%', unary('-', percent(num(50)))],
    ['percent in a longer formula', '=10-2^2*3%', bin('-', num(10), bin('*', bin('^', num(2), num(2)), percent(num(3))))],
    ['brackets first', '=(1+2)*3', bin('*', paren(bin('+', num(1), num(2))), num(3))],
  ])('%s: %s', (_what, formula, expected) => {
    expect(ast(formula)).toEqual(expected);
  });
});

describe('parseFormula: formulas it cannot read', () => {
  it.each([
    ['an unclosed bracket', '=SUM(1', 'missing ")"'],
    ['an unclosed string', '="abc', 'a string is not closed'],
    ['an operator with nothing after it', '=1+', 'the formula ends too soon'],
    ['nothing at all', '=', 'the formula ends too soon'],
    ['two values side by side', '=1 2', 'unexpected "2" after the formula'],
    ['a stray closing bracket', '=1)', 'unexpected ")" after the formula'],
    ['a character of no token', '=1@2', 'unexpected "@" at 2'],
    ['a sheet with no cell after it', '=Data!', '"Data!" is not followed by a cell or range'],
    ['a range that ends in no cell', '=A1:B', 'a range must end with a cell, as in A1:B3'],
    ['an R1C1 reference', '=R1C1', 'R1C1 is an R1C1 reference'],
    ['a capital E in an exponent', '=1E3', 'unexpected "E3" after the formula'],
    ['a space before a call\'s bracket', '=SUM (1)', 'unexpected "(" after the formula'],
    ['an empty array constant', '={}', 'unexpected "}"'],
    ['an array constant left open', '={1,2', 'missing "}"'],
    ['a lone #', '=#', 'unexpected "#" at 1'],
  ])('%s: %s', (_what, formula, reason) => {
    expect(parseFormula(formula)).toEqual({ ok: false, reason });
  });

  it('answers with a result, never a throw, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'=+-*/^&<>%(){},;:!$\'"#.eE0123456789ABCabcRTUFS_ \n'.split('')), maxLength: 30 }), (text) => {
        const parsed = parseFormula(text);
        return parsed.ok || (typeof parsed.reason === 'string' && parsed.reason.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('printFormula', () => {
  it.each([
    ['=SUM( A1 ,\n2 )', 'SUM(A1,2)'],
    ["='rice quota'!b2:c3", "'rice quota'!B2:C3"],
    ["='O''Brien'!A1", "'O''Brien'!A1"],
    ["='Data'!$A:$B+Data!1:Data!3", 'Data!$A:$B+Data!1:Data!3'],
    ['=sum(1,,)', 'SUM(1,,)'],
    ['=-2^2+(1+2)%', '-2^2+(1+2)%'],
    ['={1,-2;"a\\"b",#N/A}', '{1,-2;"a\\"b",#N/A}'],
    ['=1e3+.5+1e999', '1000+0.5+1e999'],
    ['=true<>false', 'TRUE<>FALSE'],
  ])('%s prints as %s', (formula, printed) => {
    expect(printFormula(ast(formula))).toBe(printed);
  });

  it.each<[string, FormulaNode, string]>([
    ['a sum negated', unary('-', bin('+', num(1), num(2))), '-(1+2)'],
    ['a difference on the right of a difference', bin('-', num(1), bin('-', num(2), num(3))), '1-(2-3)'],
    ['a sum in a product', bin('*', bin('+', num(1), num(2)), num(3)), '(1+2)*3'],
    ['a power on the right of a power', bin('^', num(2), bin('^', num(3), num(2))), '2^(3^2)'],
    ['a negation given a percent', percent(unary('-', num(1))), '(-1)%'],
    ['a product in a sum needs none', bin('+', num(1), bin('*', num(2), num(3))), '1+2*3'],
  ])('brackets a tree built in code where it needs them: %s', (_what, tree, printed) => {
    expect(printFormula(tree)).toBe(printed);
    expect(withoutParens(ast(printed))).toEqual(tree);
  });
});

/** Every formula in the presets and the functions fixture. */
function shippedFormulas(): string[] {
  const files = [
    ...readdirSync(join(REPO_ROOT, 'scenarios')).filter((file) => file.endsWith('.json') && file !== 'scenario.schema.json').map((file) => join(REPO_ROOT, 'scenarios', file)),
    fixturePath('functions.json'),
  ];
  return files.flatMap((file) => {
    const scenario: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const sheets = typeof scenario === 'object' && scenario !== null && 'sheets' in scenario ? scenario.sheets : {};
    const cells = Object.values(sheets ?? {}).flat(2);
    return cells.filter((content): content is string => typeof content === 'string' && content.startsWith('='));
  });
}

describe('print(parse(text)) reads back as the same tree', () => {
  const formulas = shippedFormulas();

  it('for a corpus of well over a hundred formulas', () => {
    expect(formulas.length).toBeGreaterThan(100);
  });

  it.each(formulas)('%s', (formula) => {
    const tree = ast(formula);
    expect(ast(printFormula(tree))).toEqual(tree);
  });

  it('for formulas made of random pieces', () => {
    const piece = fc.constantFrom(
      '1', '2.5', '.5', '1e3', '1e999', 'A1', '$B$2', 'XFE1', 'Data!A1', "'rice QUOTA'!b2", "'O''Brien'!C3", 'A1:B2', 'Data!A1:Data!B3',
      'A:B', '$1:3', 'Data!1:1', 'rate', 'true', 'FALSE', 'x.y', '"s"', '"a\\"b"', '#N/A', '#ref!', '+', '-', '*', '/', '^', '&', '=', '<>',
      '<=', '>=', '<', '>', '%', '(', ')', '{', '}', ',', ';', 'SUM(', 'round(', 'IF(', ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const parsed = parseFormula(`=${pieces.join('')}`);
        if (!parsed.ok) return true;
        expect(parseFormula(printFormula(parsed.ast))).toEqual(parsed);
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
