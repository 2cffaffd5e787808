/** The formula language as a pure stage: text -> tokens (lexer) -> syntax tree (parser) -> text (printer). */
export type { BinaryOperator, CellReference, ColumnReference, EmptyArgument, FormulaArgument, FormulaNode, RowReference, UnaryOperator } from './ast';
export { parseFormula, type ParsedFormula } from './parser';
export { HYPERFORMULA_SPELLING, printFormula, type Spelling } from './printer';
