/** The syntax tree of a formula: what parseFormula builds, printFormula writes back and an evaluator can walk. */

/**
 * One cell. `sheet` is the name as written, quotes taken off (undefined: the formula's own sheet);
 * row and col are zero-based; the absolute flags are the `$`s, which keep that part when a formula is copied.
 */
export interface CellReference {
  readonly sheet?: string | undefined;
  readonly row: number;
  readonly col: number;
  readonly rowAbsolute: boolean;
  readonly colAbsolute: boolean;
}

/** One end of a whole-column range such as A:C. */
export interface ColumnReference {
  readonly sheet?: string | undefined;
  readonly col: number;
  readonly absolute: boolean;
}

/** One end of a whole-row range such as 1:3; row is zero-based. */
export interface RowReference {
  readonly sheet?: string | undefined;
  readonly row: number;
  readonly absolute: boolean;
}

export type UnaryOperator = '+' | '-';
export type BinaryOperator = '=' | '<>' | '<' | '<=' | '>' | '>=' | '&' | '+' | '-' | '*' | '/' | '^';

export type FormulaNode =
  | { readonly kind: 'number'; readonly value: number }
  /** The text between the quotes as HyperFormula keeps it: a backslash pair such as \" stays as written. */
  | { readonly kind: 'string'; readonly value: string }
  /** Bare TRUE or FALSE, in any case; TRUE() is a call. */
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** An error literal in upper case, such as #N/A; the lexer lets through codes only some programs know (#CYCLE!). */
  | { readonly kind: 'error'; readonly code: string }
  | { readonly kind: 'cell'; readonly ref: CellReference }
  /** A1:B3. The end may name a sheet of its own (Data!A1:Data!B3); whether it may differ is the reader's rule. */
  | { readonly kind: 'cellRange'; readonly start: CellReference; readonly end: CellReference }
  | { readonly kind: 'columnRange'; readonly start: ColumnReference; readonly end: ColumnReference }
  | { readonly kind: 'rowRange'; readonly start: RowReference; readonly end: RowReference }
  /** A defined name as written; names match ignoring case. */
  | { readonly kind: 'name'; readonly name: string }
  /** `name` in upper case; an argument left out (SUM(1,)) is an `empty` argument. */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly FormulaArgument[] }
  | { readonly kind: 'unary'; readonly op: UnaryOperator; readonly operand: FormulaNode }
  /** Postfix %: the operand divided by 100. */
  | { readonly kind: 'percent'; readonly operand: FormulaNode }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: FormulaNode; readonly right: FormulaNode }
  /** Brackets as written: they change nothing in the value, but printing them back keeps the text the author's. */
  | { readonly kind: 'paren'; readonly inner: FormulaNode }
  /** An array constant {1,2;3,4}: rows split at ";", items at ",". Items are any expression here; Excel allows only constants. */
  | { readonly kind: 'array'; readonly rows: readonly (readonly FormulaNode[])[] };

export interface EmptyArgument {
  readonly kind: 'empty';
}

export type FormulaArgument = FormulaNode | EmptyArgument;
