/** Tokens -> syntax tree: recursive descent with HyperFormula's operators and precedence. */
import type { BinaryOperator, CellReference, FormulaArgument, FormulaNode } from './ast';
import { FormulaSyntaxError, lex, type Token } from './lexer';

export type ParsedFormula = { ok: true; ast: FormulaNode } | { ok: false; reason: string };

/** A formula as a cell holds it, its leading "=" optional, as a tree; or why it cannot be read. */
export function parseFormula(formula: string): ParsedFormula {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  try {
    return { ok: true, ast: new Parser(lex(body)).formula() };
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The binary operators from the loosest to the tightest; each level is read from the left. */
export const OPERATOR_LEVELS: readonly (readonly BinaryOperator[])[] = [['=', '<>', '<', '>', '<=', '>='], ['&'], ['+', '-'], ['*', '/'], ['^']];

/** Binary levels (comparison < & < + - < * / < ^), then unary + -, then postfix %, as HyperFormula reads them. */
class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  formula(): FormulaNode {
    const node = this.expression();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new FormulaSyntaxError(`unexpected "${rest.text}" after the formula`);
    return node;
  }

  private peek(): Token {
    const token = this.tokens[this.index];
    if (!token) throw new FormulaSyntaxError('the formula ends too soon');
    return token;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private isPunctuation(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punctuation' && token.text === text;
  }

  private expect(text: string): void {
    if (this.isPunctuation(text)) {
      this.take();
      return;
    }
    const token = this.peek();
    throw new FormulaSyntaxError(token.kind === 'end' ? `missing "${text}"` : `expected "${text}", found "${token.text}"`);
  }

  /** The operator next in line when it is one of `ops`, taken; else undefined. */
  private operator<T extends string>(ops: readonly T[]): T | undefined {
    const token = this.peek();
    const op = token.kind === 'operator' ? ops.find((candidate) => candidate === token.text) : undefined;
    if (op !== undefined) this.take();
    return op;
  }

  private expression(level = 0): FormulaNode {
    const ops = OPERATOR_LEVELS[level];
    if (!ops) return this.unary();
    let left = this.expression(level + 1);
    for (let op = this.operator(ops); op !== undefined; op = this.operator(ops)) {
      left = { kind: 'binary', op, left, right: this.expression(level + 1) };
    }
    return left;
  }

  private unary(): FormulaNode {
    const op = this.operator(['+', '-'] as const);
    if (op !== undefined) return { kind: 'unary', op, operand: this.unary() };
    const operand = this.primary();
    return this.operator(['%']) === undefined ? operand : { kind: 'percent', operand };
  }

  private primary(): FormulaNode {
    const token = this.take();
    switch (token.kind) {
      case 'number':
        // HyperFormula reads a literal past the largest double (1e999) as Infinity, and computes #NUM! from it.
        return { kind: 'number', value: Number(token.text) };
      case 'string':
        return { kind: 'string', value: token.text };
      case 'error':
        return { kind: 'error', code: token.text };
      case 'name':
        return /^(TRUE|FALSE)$/i.test(token.text) ? { kind: 'boolean', value: token.text.toUpperCase() === 'TRUE' } : { kind: 'name', name: token.text };
      case 'cell':
        return this.cell(token.ref);
      case 'columnRange':
        return { kind: 'columnRange', start: token.start, end: token.end };
      case 'rowRange':
        return { kind: 'rowRange', start: token.start, end: token.end };
      case 'function':
        return { kind: 'call', name: token.text, args: this.args() };
      case 'punctuation':
        if (token.text === '(') {
          const inner = this.expression();
          this.expect(')');
          return { kind: 'paren', inner };
        }
        if (token.text === '{') return this.array();
        break;
      default:
        break;
    }
    throw new FormulaSyntaxError(token.kind === 'end' ? 'the formula ends too soon' : `unexpected "${token.text}"`);
  }

  /** A cell, or a cell range when a ":" and a second cell follow. */
  private cell(start: CellReference): FormulaNode {
    if (!this.isPunctuation(':')) return { kind: 'cell', ref: start };
    this.take();
    const end = this.take();
    if (end.kind !== 'cell') throw new FormulaSyntaxError('a range must end with a cell, as in A1:B3');
    return { kind: 'cellRange', start, end: end.ref };
  }

  /** A call's arguments, after its "(" and through its ")". */
  private args(): FormulaArgument[] {
    const args: FormulaArgument[] = [];
    if (this.isPunctuation(')')) {
      this.take();
      return args;
    }
    while (true) {
      args.push(this.isPunctuation(',') || this.isPunctuation(')') ? { kind: 'empty' } : this.expression());
      if (!this.isPunctuation(',')) break;
      this.take();
    }
    this.expect(')');
    return args;
  }

  /** An array constant's rows, after its "{" and through its "}". */
  private array(): FormulaNode {
    const rows: FormulaNode[][] = [];
    let row: FormulaNode[] = [this.expression()];
    while (this.isPunctuation(',') || this.isPunctuation(';')) {
      if (this.take().text === ';') {
        rows.push(row);
        row = [];
      }
      row.push(this.expression());
    }
    rows.push(row);
    this.expect('}');
    return { kind: 'array', rows };
  }
}
