/** Re-points a formula's references as Excel does when cells are cut and pasted on another sheet. */
import { MAX_COLUMNS, MAX_ROWS } from '../address';
import type { CellReference, ColumnReference, FormulaNode, RowReference } from './ast';
import { parseFormula } from './parser';
import { printFormula } from './printer';

/** A block of cells cut from `sheet` (rows top..bottom, columns left..right, zero-based) and pasted with its top-left at `to`. */
export interface CutCells {
  readonly sheet: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly to: { readonly sheet: string; readonly row: number; readonly col: number };
}

/**
 * A formula on `sheet` that stays where it is: a cell or range wholly inside the cut block now names the
 * block's new place, and one wholly on the cells the block lands on is #REF! (their old contents are gone).
 * A range only partly inside either is left alone, as Excel leaves it. The text comes back as written
 * when nothing changes; otherwise it is printed again (without the author's spaces).
 */
export function movedReferences(formula: string, sheet: string, cut: CutCells): string {
  // Most formulas of a large scenario name no row of the block or of where it lands: reading them all took
  // 5 µs each, which made a cut across a sheet of 500,000 formulas wait 2.5 s.
  if (!namesRowOf(formula, cut)) return formula;
  return rewrite(formula, { before: sheet, after: sheet }, cut);
}

/**
 * A formula that is one of the cut cells, as it reads at the block's new place: references into the block
 * follow it, the others keep their cells, so a reference written without a sheet gains the cut sheet's name.
 */
export function formulaMovedWithCut(formula: string, cut: CutCells): string {
  return rewrite(formula, { before: cut.sheet, after: cut.to.sheet }, cut);
}

/** A column's letters or a `$`, then a row number. */
const ROW_NUMBER = /[A-Za-z$]([0-9]+)/g;

/**
 * Whether the text writes a cell whose row lies in the block or where it lands, as every reference to be
 * re-pointed must (both corners of a range lie within). A block spanning every row or column may be
 * named by a whole-column or whole-row range instead, so then any text may.
 */
function namesRowOf(formula: string, cut: CutCells): boolean {
  const height = cut.bottom - cut.top;
  if (height === MAX_ROWS - 1 || cut.right - cut.left === MAX_COLUMNS - 1) return true;
  for (const match of formula.matchAll(ROW_NUMBER)) {
    const row = Number(match[1]) - 1;
    if ((row >= cut.top && row <= cut.bottom) || (row >= cut.to.row && row <= cut.to.row + height)) return true;
  }
  return false;
}

/** The sheet a formula lives on before and after the cut. */
interface Home {
  readonly before: string;
  readonly after: string;
}

/** Sheet names match ignoring case, as HyperFormula matches them. */
const sameSheet = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

const REF_ERROR: FormulaNode = { kind: 'error', code: '#REF!' };

function rewrite(formula: string, home: Home, cut: CutCells): string {
  if (!formula.startsWith('=')) return formula;
  const parsed = parseFormula(formula);
  // HyperFormula holds a formula it cannot read as an error of its own, with no reference to follow.
  if (!parsed.ok) return formula;
  const rewriter = new Rewriter(home, cut);
  const result = rewriter.node(parsed.ast);
  return rewriter.changed ? `=${printFormula(result)}` : formula;
}

/** Where a reference's cells lie: in the cut block, on the cells it lands on, or elsewhere. */
type Place = 'cut' | 'landing' | 'elsewhere';

class Rewriter {
  changed = false;
  private readonly rows: number;
  private readonly cols: number;

  constructor(private readonly home: Home, private readonly cut: CutCells) {
    this.rows = cut.to.row - cut.top;
    this.cols = cut.to.col - cut.left;
  }

  node(node: FormulaNode): FormulaNode {
    switch (node.kind) {
      case 'cell':
        return this.cell(node.ref);
      case 'cellRange':
        return this.cellRange(node.start, node.end);
      case 'columnRange':
        return this.columnRange(node.start, node.end);
      case 'rowRange':
        return this.rowRange(node.start, node.end);
      case 'call':
        return { ...node, args: node.args.map((arg) => (arg.kind === 'empty' ? arg : this.node(arg))) };
      case 'unary':
      case 'percent':
        return { ...node, operand: this.node(node.operand) };
      case 'binary':
        return { ...node, left: this.node(node.left), right: this.node(node.right) };
      case 'paren':
        return { ...node, inner: this.node(node.inner) };
      case 'array':
        return { ...node, rows: node.rows.map((row) => row.map((item) => this.node(item))) };
      default:
        return node;
    }
  }

  /**
   * The sheet to write before a reference now on `sheet` (undefined: none): one written with a sheet keeps
   * one; one written without gets one only when the formula no longer lives on that sheet.
   */
  private sheetToWrite(written: string | undefined, sheet: string): string | undefined {
    if (written !== undefined) return sameSheet(written, sheet) ? written : sheet;
    return sameSheet(sheet, this.home.after) ? undefined : sheet;
  }

  private cell(ref: CellReference): FormulaNode {
    const node: FormulaNode = { kind: 'cell', ref };
    const bounds = { top: ref.row, left: ref.col, bottom: ref.row, right: ref.col };
    const shift = (end: CellReference, sheet: string | undefined) => ({ ...end, row: end.row + this.rows, col: end.col + this.cols, sheet });
    return this.reference(node, ref, ref, bounds, shift, (start) => ({ kind: 'cell', ref: start }));
  }

  private cellRange(start: CellReference, end: CellReference): FormulaNode {
    const node: FormulaNode = { kind: 'cellRange', start, end };
    const bounds = { top: Math.min(start.row, end.row), left: Math.min(start.col, end.col), bottom: Math.max(start.row, end.row), right: Math.max(start.col, end.col) };
    const shift = (ref: CellReference, sheet: string | undefined) => ({ ...ref, row: ref.row + this.rows, col: ref.col + this.cols, sheet });
    return this.reference(node, start, end, bounds, shift, (first, last) => ({ kind: 'cellRange', start: first, end: last }));
  }

  private columnRange(start: ColumnReference, end: ColumnReference): FormulaNode {
    const node: FormulaNode = { kind: 'columnRange', start, end };
    const bounds = { top: 0, left: Math.min(start.col, end.col), bottom: MAX_ROWS - 1, right: Math.max(start.col, end.col) };
    const shift = (ref: ColumnReference, sheet: string | undefined) => ({ ...ref, col: ref.col + this.cols, sheet });
    return this.reference(node, start, end, bounds, shift, (first, last) => ({ kind: 'columnRange', start: first, end: last }));
  }

  private rowRange(start: RowReference, end: RowReference): FormulaNode {
    const node: FormulaNode = { kind: 'rowRange', start, end };
    const bounds = { top: Math.min(start.row, end.row), left: 0, bottom: Math.max(start.row, end.row), right: MAX_COLUMNS - 1 };
    const shift = (ref: RowReference, sheet: string | undefined) => ({ ...ref, row: ref.row + this.rows, sheet });
    return this.reference(node, start, end, bounds, shift, (first, last) => ({ kind: 'rowRange', start: first, end: last }));
  }

  /**
   * One reference (a cell is a range from itself to itself) covering `bounds`: moved with the block when
   * wholly inside it, #REF! when wholly on the cells the block lands on, else given the sheet it needs.
   * `shift` moves an end by the block's offset and gives it a sheet; `make` builds the node from its ends.
   */
  private reference<T extends { readonly sheet?: string | undefined }>(
    node: FormulaNode,
    start: T,
    end: T,
    bounds: { top: number; left: number; bottom: number; right: number },
    shift: (ref: T, sheet: string | undefined) => T,
    make: (start: T, end: T) => FormulaNode,
  ): FormulaNode {
    const sheet = start.sheet ?? this.home.before;
    // A range whose ends name different sheets is no range HyperFormula reads; it is left as it is.
    if (end.sheet !== undefined && !sameSheet(end.sheet, sheet)) return node;
    const place = this.place(sheet, bounds);
    if (place === 'landing') {
      this.changed = true;
      return REF_ERROR;
    }
    const target = place === 'cut' ? this.cut.to.sheet : sheet;
    const startSheet = this.sheetToWrite(start.sheet, target);
    const endSheet = end === start ? startSheet : end.sheet === undefined ? undefined : this.sheetToWrite(end.sheet, target);
    if (place === 'elsewhere') {
      if (startSheet === start.sheet && endSheet === end.sheet) return node;
      this.changed = true;
      return make({ ...start, sheet: startSheet }, { ...end, sheet: endSheet });
    }
    this.changed = true;
    return make(shift(start, startSheet), shift(end, endSheet));
  }

  /** Whether the cells within `bounds` on `sheet` lie wholly in the cut block, wholly where it lands, or elsewhere. */
  private place(sheet: string, bounds: { top: number; left: number; bottom: number; right: number }): Place {
    const { cut } = this;
    const inside = (top: number, left: number) =>
      bounds.top >= top && bounds.bottom <= top + cut.bottom - cut.top && bounds.left >= left && bounds.right <= left + cut.right - cut.left;
    if (sameSheet(sheet, cut.sheet) && inside(cut.top, cut.left)) return 'cut';
    if (sameSheet(sheet, cut.to.sheet) && inside(cut.to.row, cut.to.col)) return 'landing';
    return 'elsewhere';
  }
}
