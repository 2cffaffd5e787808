/** The compiler: a scenario's slice from its outputs back to the chosen inputs, as kernels in dependency order. */
// Each formula is parsed once; every piece that depends on no chosen input is folded to a constant by
// running the same kernels on one point, so folding and evaluation cannot disagree.
import { formatCellAddress, parseCellAddress } from '../../address';
import { parseFormula, type CellReference, type FormulaNode } from '../../formula';
import { sheetWidth, type FullScenario } from '../../scenario';
import { ENGINE_CONFIG } from '../../workbook/config';
import { compileCall } from './functions';
import { arithmetic, numeric } from './arithmetic';
import { compareFixed, compareNumbers, compareTexts, load, lookup, numberToBoolean, type Buffer, type ComparisonOperator, type Run, type Source } from './kernels';
import { constant, one, PlanRefusal, two, typeOf, type FormulaCompiler, type Instruction, type Operand, type Vector } from './operands';
import { asText, boolean, EMPTY, error, mayReadAsDate, number, text, textAsBoolean, textAsNumber, TYPE_ORDER, type Scalar } from './scalars';
import { errorCode, NAME, NUM, REF, type ColumnType } from './types';

/** Where a batch's values for one input are read from; evaluatePlan points it at the batch's array. */
export interface InputSource extends Source {
  readonly name: string;
}

export class Compiler implements FormulaCompiler {
  readonly instructions: Instruction[] = [];
  /** Per slot, the constant it holds for every point, or undefined for a slot a kernel writes. */
  readonly slotConstants: (Scalar | undefined)[] = [];
  readonly texts: string[] = [];
  readonly sources: InputSource[] = [];
  /** The slice's formula cells, each once, in the order they are computed. */
  readonly cells: { address: string; operand: Operand }[] = [];
  private readonly textIndexes = new Map<string, number>();
  private readonly constantSlots = new Map<string, number>();
  private readonly cellOperands = new Map<string, Operand | 'pending'>();
  private readonly sheetNames: ReadonlyMap<string, string>;
  private readonly names: ReadonlyMap<string, string>;
  private readonly varying: ReadonlyMap<string, string>;

  constructor(private readonly scenario: FullScenario, inputs: readonly string[]) {
    this.sheetNames = new Map(Object.keys(scenario.sheets).map((sheet) => [sheet.toLowerCase(), sheet]));
    const named = [...Object.entries(scenario.inputs), ...Object.entries(scenario.outputs)];
    this.names = new Map(named.map(([name, definition]) => [name.toUpperCase(), definition.cell]));
    const varying = new Map<string, string>();
    for (const name of inputs) {
      const definition = Object.hasOwn(scenario.inputs, name) ? scenario.inputs[name] : undefined;
      if (!definition) throw new Error(`the scenario has no input named "${name}"`);
      const key = this.keyOf(definition.cell);
      const other = varying.get(key);
      if (other !== undefined) throw new Error(`inputs "${other}" and "${name}" share the cell ${definition.cell}`);
      varying.set(key, name);
    }
    this.varying = varying;
  }

  /** A named cell's value, as HyperFormula's named expression (a formula, =Sheet!$B$4) gives it. */
  namedCell(address: string): Operand {
    const parsed = parseCellAddress(address);
    const sheet = parsed && this.sheetNames.get(parsed.sheet.toLowerCase());
    if (!parsed || sheet === undefined) throw new PlanRefusal(`"${address}" is not a cell of the scenario`);
    return formulaResult(this.cell(sheet, parsed.row, parsed.col));
  }

  private keyOf(address: string): string {
    const parsed = parseCellAddress(address);
    if (!parsed) throw new Error(`"${address}" is not a cell address`);
    return `${this.sheetNames.get(parsed.sheet.toLowerCase()) ?? parsed.sheet}!${parsed.row},${parsed.col}`;
  }

  /** A cell's value as a reference to it reads it: an empty cell is `empty`, a formula cell its result. */
  cell(sheet: string, row: number, col: number): Operand {
    const key = `${sheet}!${row},${col}`;
    const known = this.cellOperands.get(key);
    const address = formatCellAddress({ sheet, row, col });
    if (known === 'pending') throw Object.assign(new PlanRefusal('the formula depends on its own result (a circular reference)'), { cell: address });
    if (known) return known;
    this.cellOperands.set(key, 'pending');
    try {
      const operand = this.cellContent(sheet, row, col, key, address);
      this.cellOperands.set(key, operand);
      return operand;
    } catch (thrown) {
      if (thrown instanceof PlanRefusal) thrown.cell ??= address;
      throw thrown;
    }
  }

  private cellContent(sheet: string, row: number, col: number, key: string, address: string): Operand {
    const input = this.varying.get(key);
    if (input !== undefined) {
      const source: InputSource = { name: input, values: new Float64Array(0), clean: false };
      this.sources.push(source);
      const write = this.newSlot();
      this.instructions.push({ reads: [], write, load: true, make: (_reads, out) => load(source, out) });
      return { kind: 'vector', type: 'number', canError: true, slot: write, texts: new Set() };
    }
    const content = this.scenario.sheets[sheet]?.[row]?.[col];
    if (content === undefined || content === null) return constant(EMPTY);
    if (typeof content === 'number') return constant(number(content + 0));
    if (typeof content === 'boolean') return constant(boolean(content));
    if (!content.startsWith('=')) return constant(text(content));
    const parsed = parseFormula(content);
    if (!parsed.ok) throw new PlanRefusal(`the formula cannot be read: ${parsed.reason}`);
    const operand = formulaResult(this.compile(parsed.ast, sheet));
    this.cells.push({ address, operand });
    return operand;
  }

  compile(node: FormulaNode, sheet: string): Operand {
    switch (node.kind) {
      case 'number':
        // A literal past the largest double is Infinity, which HyperFormula reports as #NUM!.
        return constant(Number.isFinite(node.value) ? number(node.value) : error(NUM));
      case 'string':
        return constant(text(node.value));
      case 'boolean':
        return constant(boolean(node.value));
      case 'error': {
        const code = errorCode(node.code);
        if (code === undefined) throw new PlanRefusal(`${node.code} is not an error value HyperFormula knows`);
        return constant(error(code));
      }
      case 'cell':
        return this.reference(node.ref, sheet);
      case 'cellRange':
      case 'columnRange':
      case 'rowRange':
        throw new PlanRefusal('a range used as a value makes an array, which the evaluator does not carry (a range may only be an argument of SUM, MIN, MAX, AVERAGE, PRODUCT, COUNT, AND, OR or XOR)');
      case 'name': {
        const address = this.names.get(node.name.toUpperCase());
        return address === undefined ? constant(error(NAME)) : this.namedCell(address);
      }
      case 'call':
        return compileCall(this, node.name, node.args, sheet);
      case 'paren':
        return this.compile(node.inner, sheet);
      case 'unary': {
        // Unary plus changes nothing, not even the type (HyperFormula's unaryPlus): +"a" is still text.
        if (node.op === '+') return this.compile(node.operand, sheet);
        return this.numeric('negate', this.compile(node.operand, sheet));
      }
      case 'percent':
        return this.numeric('percent', this.compile(node.operand, sheet));
      case 'binary':
        return this.binary(node.op, this.compile(node.left, sheet), this.compile(node.right, sheet));
      case 'array':
        throw new PlanRefusal('an array constant makes an array, which the evaluator does not carry');
    }
  }

  /** A cell reference's sheet by HyperFormula's rule (names ignore case); a sheet that does not exist is #REF!. */
  sheetOf(ref: { readonly sheet?: string | undefined }, sheet: string): string | undefined {
    return ref.sheet === undefined ? sheet : this.sheetNames.get(ref.sheet.toLowerCase());
  }

  sheetSize(sheet: string): { rows: number; cols: number } {
    const rows = this.scenario.sheets[sheet] ?? [];
    return { rows: rows.length, cols: sheetWidth(rows) };
  }

  reference(ref: CellReference, sheet: string): Operand {
    const target = this.sheetOf(ref, sheet);
    return target === undefined ? constant(error(REF)) : this.cell(target, ref.row, ref.col);
  }

  numeric(fn: Parameters<typeof numeric>[0], operand: Operand): Operand {
    return this.emit([this.asNumber(operand)], 'number', true, one((a, out) => numeric(fn, a, out)));
  }

  private binary(op: Extract<FormulaNode, { kind: 'binary' }>['op'], left: Operand, right: Operand): Operand {
    switch (op) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '^':
        return this.emit([this.asNumber(left), this.asNumber(right)], 'number', true, two((a, b, out) => arithmetic(op, a, b, out)));
      case '&':
        return this.concatenate(left, right);
      default:
        return this.comparison(op, left, right);
    }
  }

  /** & builds new text from its operands: the plan holds text it knows beforehand, so only constants may meet. */
  private concatenate(left: Operand, right: Operand): Operand {
    if (left.kind !== 'constant' || right.kind !== 'constant') {
      throw new PlanRefusal('& of a value that varies with the inputs would make new text at every point, which the evaluator does not carry');
    }
    const a = asText(left.value), b = asText(right.value);
    if (a.type === 'error') return constant(a);
    if (b.type === 'error') return constant(b);
    return constant(text(`${a.type === 'text' ? a.value : ''}${b.type === 'text' ? b.value : ''}`));
  }

  /** ArithmeticHelper.compare: the same types compare by value, an empty cell as the other side's zero, different types by type. */
  private comparison(op: ComparisonOperator, leftOperand: Operand, rightOperand: Operand): Operand {
    for (const operand of [leftOperand, rightOperand]) this.refuseDateLikeText(operand);
    let left = leftOperand, right = rightOperand;
    const leftType = typeOf(left), rightType = typeOf(right);
    if (leftType === 'empty' && rightType !== 'empty' && rightType !== 'error') left = constant(zeroOf(rightType));
    if (rightType === 'empty' && leftType !== 'empty' && leftType !== 'error') right = constant(zeroOf(leftType));
    const a = typeOf(left), b = typeOf(right);
    if (a === 'error' || b === 'error' || (a === 'empty' && b === 'empty')) {
      return this.emit([left, right], 'boolean', true, two((x, y, out) => compareFixed(op === '=' || op === '<=' || op === '>=', x, y, out)));
    }
    const canError = canHoldError(left) || canHoldError(right);
    if (a === 'text' && b === 'text') return this.emit([left, right], 'boolean', canError, two((x, y, out) => compareTexts(op, this.texts, x, y, out)));
    if (a === b) return this.emit([left, right], 'boolean', canError, two((x, y, out) => compareNumbers(op, x, y, out)));
    const order = Math.sign(TYPE_ORDER[a as keyof typeof TYPE_ORDER] - TYPE_ORDER[b as keyof typeof TYPE_ORDER]);
    const holds = op === '=' ? order === 0 : op === '<>' ? order !== 0 : op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
    return this.emit([left, right], 'boolean', canError, two((x, y, out) => compareFixed(holds, x, y, out)));
  }

  /** HyperFormula first tries to read compared text as a date; the plan does not carry those rules, so it refuses such text. */
  private refuseDateLikeText(operand: Operand): void {
    const values = operand.kind === 'constant' ? (operand.value.type === 'text' ? [operand.value.value] : []) : [...operand.texts].map((index) => this.texts[index] ?? '');
    const dateLike = values.find(mayReadAsDate);
    if (dateLike !== undefined) throw new PlanRefusal(`text "${dateLike}" compared may read as a date, whose rules the evaluator does not carry`);
  }

  /** coerceScalarToNumberOrError: booleans are 1 and 0, an empty cell 0, text read as a number or #VALUE!. */
  asNumber(operand: Operand): Operand {
    if (operand.kind === 'constant') {
      const value = operand.value;
      switch (value.type) {
        case 'number':
        case 'error':
          return operand;
        case 'boolean':
          return constant(number(value.value ? 1 : 0));
        case 'empty':
          return constant(number(0));
        case 'text': {
          const read = textAsNumber(value.value);
          if (!read) throw new PlanRefusal(`text "${value.value}" used as a number may read as a date, whose rules the evaluator does not carry`);
          return constant(read);
        }
      }
    }
    // Booleans are held as 1 and 0 already.
    if (operand.type !== 'text') return operand.type === 'number' ? operand : { ...operand, type: 'number' };
    return this.lookupText(operand, 'number', (value) => {
      const read = textAsNumber(value);
      if (!read) throw new PlanRefusal(`text "${value}" used as a number may read as a date, whose rules the evaluator does not carry`);
      return read;
    });
  }

  /** coerceScalarToBoolean: numbers are true unless 0, an empty cell false, text TRUE/FALSE/"" or #VALUE!. */
  asBoolean(operand: Operand): Operand {
    if (operand.kind === 'constant') {
      const value = operand.value;
      switch (value.type) {
        case 'boolean':
        case 'error':
          return operand;
        case 'number':
          return constant(boolean(value.value !== 0));
        case 'empty':
          return constant(boolean(false));
        case 'text':
          return constant(textAsBoolean(value.value));
      }
    }
    if (operand.type === 'boolean') return operand;
    if (operand.type === 'number') return this.emit([operand], 'boolean', operand.canError, one((a, out) => numberToBoolean(a, out)));
    return this.lookupText(operand, 'boolean', textAsBoolean);
  }

  /** A varying text read as another type through a table worked out for each text it may hold. */
  private lookupText(operand: Vector, type: ColumnType, read: (value: string) => Scalar): Operand {
    const values = new Float64Array(this.texts.length);
    const errors = new Uint8Array(this.texts.length);
    let canError = operand.canError;
    for (const index of operand.texts) {
      const result = read(this.texts[index] ?? '');
      if (result.type === 'error') {
        errors[index] = result.code;
        canError = true;
      } else {
        values[index] = result.type === 'boolean' ? Number(result.value) : result.type === 'number' ? result.value : 0;
      }
    }
    return this.emit([operand], type, canError, one((a, out) => lookup(values, errors, a, out)));
  }

  /** The one type that values which meet in one cell (IF's branches, say) share; an error has every type. */
  shareType(operands: readonly Operand[], what: string): { type: ColumnType; texts: Set<number> } {
    let shared: ColumnType | undefined;
    const texts = new Set<number>();
    for (const operand of operands) {
      const type = typeOf(operand);
      if (type === 'error') continue;
      if (type === 'empty') throw new PlanRefusal(`${what} may give an empty cell at some points and not at others, which the evaluator does not carry`);
      if (shared !== undefined && shared !== type) throw new PlanRefusal(`${what} gives a ${shared} at some points and a ${type} at others; the evaluator needs one type per cell`);
      shared = type;
      if (operand.kind === 'vector') for (const index of operand.texts) texts.add(index);
      else if (operand.value.type === 'text') texts.add(this.textIndex(operand.value.value));
    }
    return { type: shared ?? 'number', texts };
  }

  textIndex(value: string): number {
    let index = this.textIndexes.get(value);
    if (index === undefined) {
      index = this.texts.length;
      this.texts.push(value);
      this.textIndexes.set(value, index);
    }
    return index;
  }

  /**
   * A kernel over `inputs`: run once on one point when every input is constant (the fold), else an
   * instruction of the plan. `make` must compute a whole chunk from the buffers it is given.
   */
  emit(inputs: readonly Operand[], type: ColumnType, canError: boolean, make: (reads: readonly Buffer[], out: Buffer) => Run, texts: ReadonlySet<number> = new Set()): Operand {
    if (inputs.every((input) => input.kind === 'constant')) return constant(this.fold(inputs, type, make));
    const reads = inputs.map((input) => (input.kind === 'vector' ? input.slot : this.constantSlot(input.value)));
    const write = this.newSlot();
    this.instructions.push({ reads, write, make });
    return { kind: 'vector', type, canError, slot: write, texts };
  }

  private newSlot(): number {
    this.slotConstants.push(undefined);
    return this.slotConstants.length - 1;
  }

  private fold(inputs: readonly Operand[], type: ColumnType, make: (reads: readonly Buffer[], out: Buffer) => Run): Scalar {
    const reads = inputs.map((input) => this.oneValue(input.kind === 'constant' ? input.value : EMPTY));
    const out: Buffer = { values: new Float64Array(1), errors: new Uint8Array(1), clean: false };
    make(reads, out)(1, 0);
    const code = out.clean ? 0 : (out.errors[0] ?? 0);
    if (code !== 0) return error(code);
    const value = out.values[0] ?? 0;
    if (type === 'boolean') return boolean(value !== 0);
    if (type === 'text') return text(this.texts[value] ?? '');
    return number(value);
  }

  /** A constant as one point of a buffer: booleans as 1 and 0, text as its index. */
  oneValue(value: Scalar): Buffer {
    const buffer: Buffer = { values: new Float64Array(1), errors: new Uint8Array(1), clean: true };
    this.write(value, buffer);
    return buffer;
  }

  /** Fills a buffer with a constant at every point. */
  write(value: Scalar, buffer: Buffer): void {
    buffer.clean = value.type !== 'error';
    if (value.type === 'error') buffer.errors.fill(value.code);
    else buffer.values.fill(value.type === 'number' ? value.value : value.type === 'boolean' ? Number(value.value) : value.type === 'text' ? this.textIndex(value.value) : 0);
  }

  /** The slot that holds a constant at every point, one per distinct constant. */
  constantSlot(value: Scalar): number {
    const key = JSON.stringify(value);
    let slot = this.constantSlots.get(key);
    if (slot === undefined) {
      slot = this.slotConstants.length;
      this.slotConstants.push(value);
      this.constantSlots.set(key, slot);
    }
    return slot;
  }
}

/** A formula's result as its cell holds it: with evaluateNullToZero, an empty cell (=C9) gives 0. */
function formulaResult(operand: Operand): Operand {
  if (typeOf(operand) !== 'empty') return operand;
  if (ENGINE_CONFIG.evaluateNullToZero ?? false) return constant(number(0));
  throw new PlanRefusal('the formula gives an empty cell (evaluateNullToZero is off), which the evaluator does not carry');
}

/** coerceEmptyToValue: an empty cell compared with a value of some type is that type's zero. */
function zeroOf(type: ColumnType): Scalar {
  return type === 'text' ? text('') : type === 'boolean' ? boolean(false) : number(0);
}

function canHoldError(operand: Operand): boolean {
  return operand.kind === 'vector' ? operand.canError : operand.value.type === 'error';
}
