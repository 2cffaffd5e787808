/** Syntax tree -> formula text, without the leading "=" and without whitespace, in a given spelling. */
import { columnLetters } from '../address';
import type { CellReference, FormulaNode } from './ast';
import { isBareSheetName } from './lexer';
import { OPERATOR_LEVELS } from './parser';

/** How literals and sheet names are written: the one part of a formula's text that differs between programs. */
export interface Spelling {
  number(value: number): string;
  string(value: string): string;
  sheet(name: string): string;
}

/** What parseFormula reads back to the same tree. */
export const HYPERFORMULA_SPELLING: Spelling = {
  // Infinity came from a literal too large for a double; any such literal reads back as Infinity.
  number: (value) => (Number.isFinite(value) ? String(value) : '1e999'),
  string: (value) => `"${value}"`,
  sheet: (name) => (isBareSheetName(name) ? name : `'${name.replaceAll("'", "''")}'`),
};

/** Binding strength: the binary levels, then unary + -, then %, then everything that needs no brackets. */
const UNARY = OPERATOR_LEVELS.length;
const PERCENT = UNARY + 1;
const ATOM = PERCENT + 1;

function precedence(node: FormulaNode): number {
  switch (node.kind) {
    case 'binary':
      return OPERATOR_LEVELS.findIndex((level) => level.includes(node.op));
    case 'unary':
      return UNARY;
    case 'percent':
      return PERCENT;
    default:
      return ATOM;
  }
}

const dollar = (absolute: boolean) => (absolute ? '$' : '');

function cell(ref: CellReference): string {
  return `${dollar(ref.colAbsolute)}${columnLetters(ref.col)}${dollar(ref.rowAbsolute)}${ref.row + 1}`;
}

export function printFormula(node: FormulaNode, spelling: Spelling = HYPERFORMULA_SPELLING): string {
  const print = (child: FormulaNode) => printFormula(child, spelling);
  const prefix = (sheet: string | undefined) => (sheet === undefined ? '' : `${spelling.sheet(sheet)}!`);
  /**
   * A parsed tree keeps its brackets as paren nodes and never needs more; one built or rewritten in code
   * may, where an operand binds looser than `least` (-(1+2) rather than -1+2).
   */
  const operand = (child: FormulaNode, least: number) => (precedence(child) < least ? `(${print(child)})` : print(child));
  switch (node.kind) {
    case 'number':
      return spelling.number(node.value);
    case 'string':
      return spelling.string(node.value);
    case 'boolean':
      return node.value ? 'TRUE' : 'FALSE';
    case 'error':
      return node.code;
    case 'name':
      return node.name;
    case 'cell':
      return `${prefix(node.ref.sheet)}${cell(node.ref)}`;
    case 'cellRange':
      return `${prefix(node.start.sheet)}${cell(node.start)}:${prefix(node.end.sheet)}${cell(node.end)}`;
    case 'columnRange': {
      const { start, end } = node;
      return `${prefix(start.sheet)}${dollar(start.absolute)}${columnLetters(start.col)}:${prefix(end.sheet)}${dollar(end.absolute)}${columnLetters(end.col)}`;
    }
    case 'rowRange': {
      const { start, end } = node;
      return `${prefix(start.sheet)}${dollar(start.absolute)}${start.row + 1}:${prefix(end.sheet)}${dollar(end.absolute)}${end.row + 1}`;
    }
    case 'call':
      return `${node.name}(${node.args.map((arg) => (arg.kind === 'empty' ? '' : print(arg))).join(',')})`;
    case 'unary':
      return `${node.op}${operand(node.operand, UNARY)}`;
    case 'percent':
      return `${operand(node.operand, ATOM)}%`;
    case 'binary': {
      const level = precedence(node);
      // Each level reads from the left, so an operand on the right at the same level needs brackets.
      return `${operand(node.left, level)}${node.op}${operand(node.right, level + 1)}`;
    }
    case 'paren':
      return `(${print(node.inner)})`;
    case 'array':
      return `{${node.rows.map((row) => row.map(print).join(',')).join(';')}}`;
  }
}
