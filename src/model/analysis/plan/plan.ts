/** compilePlan and evaluatePlan: a scenario's slice compiled once, then evaluated for whole batches of points. */
// A batch runs in chunks small enough that every buffer stays in the processor's cache; each kernel runs
// once per chunk, over all of its points.
import type { FullScenario } from '../../scenario';
import { Compiler } from './compile';
import { CHUNK, isClean, store, type Buffer, type Run } from './kernels';
import { PlanRefusal, type Instruction, type Operand } from './operands';
import type { Scalar } from './scalars';
import type { Batch, BatchResult, Column, ColumnType, Refusal } from './types';

/** A column being filled: where store kernels write, pointed at fresh arrays for each batch. */
interface Target {
  values: Float64Array;
  errors: Uint8Array;
}

/** The kernels bound to buffers, and the columns they fill. */
interface Program {
  readonly runs: readonly Run[];
  readonly targets: readonly { readonly name: string; readonly target: Target; readonly type: ColumnType; readonly canError: boolean }[];
  /** How many chunk buffers the kernels share (constants included). */
  readonly buffers: number;
}

export class Plan {
  readonly ok = true;
  /** The slice's formula cells (`Sheet!B7`), each once, in the order the plan computes them. */
  readonly cells: readonly string[];
  /** The kernels that run per chunk; the rest of the slice was folded into constants when compiled. */
  readonly kernels: number;
  private readonly outputProgram: Program;
  private cellProgram: Program | undefined;

  /** @internal compilePlan makes plans. */
  constructor(
    readonly inputs: readonly string[],
    readonly outputs: readonly string[],
    private readonly compiler: Compiler,
    outputOperands: readonly Operand[],
  ) {
    this.cells = compiler.cells.map((cell) => cell.address);
    this.kernels = compiler.instructions.length;
    this.outputProgram = this.bind(outputOperands.map((operand, index) => ({ name: outputs[index] ?? '', operand })));
  }

  /** How many chunk buffers evaluation uses, constants included. */
  get buffers(): number {
    return this.outputProgram.buffers;
  }

  /** @internal */
  evaluate(batch: Batch, everyCell: boolean): BatchResult {
    if (everyCell) this.cellProgram ??= this.bind(this.compiler.cells.map((cell) => ({ name: cell.address, operand: cell.operand })));
    const program = everyCell ? this.cellProgram ?? this.outputProgram : this.outputProgram;
    const count = this.pointAtInputs(batch);
    for (const { target } of program.targets) {
      target.values = new Float64Array(count);
      target.errors = new Uint8Array(count);
    }
    const runs = program.runs;
    for (let base = 0; base < count; base += CHUNK) {
      const length = Math.min(CHUNK, count - base);
      for (const run of runs) run(length, base);
    }
    const columns: Record<string, Column> = {};
    for (const { name, target, type, canError } of program.targets) {
      columns[name] = { type, values: target.values, errors: canError ? target.errors : undefined, texts: this.compiler.texts };
    }
    return { count, columns };
  }

  /** Points the input loads at the batch's arrays; every input must be given, all of one length. */
  private pointAtInputs(batch: Batch): number {
    let count: number | undefined;
    for (const name of this.inputs) {
      const values = Object.hasOwn(batch, name) ? batch[name] : undefined;
      if (!values) throw new Error(`the batch gives no values for input "${name}"`);
      if (count !== undefined && values.length !== count) throw new Error(`input "${name}" has ${values.length} values, others ${count}`);
      count = values.length;
    }
    for (const source of this.compiler.sources) {
      source.values = batch[source.name] ?? new Float64Array(0);
      source.clean = isClean(source.values);
    }
    return count ?? 0;
  }

  /**
   * Binds each instruction to buffers. A buffer is taken back once the last kernel that reads it has run,
   * and handed to the next kernel that needs one; a kernel's own buffer is taken before its operands'
   * are given back, so no kernel writes where it reads. Constants get buffers of their own, filled once.
   */
  private bind(columns: readonly { name: string; operand: Operand }[]): Program {
    const { instructions, slotConstants } = this.compiler;
    const targets = columns.map(({ name, operand }) => ({
      name,
      slot: operand.kind === 'vector' ? operand.slot : this.compiler.constantSlot(operand.value),
      target: { values: new Float64Array(0), errors: new Uint8Array(0) },
      type: columnType(operand),
      canError: operand.kind === 'vector' ? operand.canError : operand.value.type === 'error',
    }));
    const lastRead = new Map<number, number>();
    instructions.forEach((instruction, index) => {
      for (const slot of instruction.reads) lastRead.set(slot, index);
    });
    for (const { slot } of targets) lastRead.set(slot, Infinity);
    const loadSlots = new Set(instructions.filter((instruction) => instruction.load).map((instruction) => instruction.write));
    const buffers = new Map<number, Buffer>();
    const spare: Buffer[] = [];
    let made = 0;
    const newBuffer = (): Buffer => {
      made += 1;
      return { values: new Float64Array(CHUNK), errors: new Uint8Array(CHUNK), clean: false };
    };
    const bufferOf = (slot: number): Buffer => {
      let buffer = buffers.get(slot);
      if (!buffer) {
        const value: Scalar | undefined = slotConstants[slot];
        if (value === undefined) throw new Error(`slot ${slot} is read before it is written`);
        buffer = newBuffer();
        this.compiler.write(value, buffer);
        buffers.set(slot, buffer);
      }
      return buffer;
    };
    const runs: Run[] = instructions.map((instruction: Instruction, index) => {
      const reads = instruction.reads.map(bufferOf);
      const out = (instruction.load ? undefined : spare.pop()) ?? newBuffer();
      buffers.set(instruction.write, out);
      const run = instruction.make(reads, out);
      for (const slot of new Set([...instruction.reads, instruction.write])) {
        const buffer = buffers.get(slot);
        if (buffer && !loadSlots.has(slot) && slotConstants[slot] === undefined && (lastRead.get(slot) ?? -1) <= index) spare.push(buffer);
      }
      return run;
    });
    for (const { slot, target } of targets) runs.push(store(bufferOf(slot), target));
    return { runs, targets, buffers: made };
  }
}

function columnType(operand: Operand): ColumnType {
  if (operand.kind === 'vector') return operand.type;
  const type = operand.value.type;
  return type === 'boolean' || type === 'text' ? type : 'number';
}

/**
 * The plan for `outputs` as `inputs` vary (both by name, as the scenario defines them): every formula
 * cell the outputs depend on, parsed once and compiled in dependency order, or a refusal naming the
 * first cell the plan cannot express and why. The scenario's other inputs keep their cells' values.
 */
export function compilePlan(scenario: FullScenario, inputs: readonly string[], outputs: readonly string[]): Plan | Refusal {
  const compiler = new Compiler(scenario, inputs);
  const operands: Operand[] = [];
  for (const name of outputs) {
    const definition = Object.hasOwn(scenario.outputs, name) ? scenario.outputs[name] : undefined;
    if (!definition) throw new Error(`the scenario has no output named "${name}"`);
    try {
      operands.push(compiler.namedCell(definition.cell));
    } catch (thrown) {
      if (thrown instanceof PlanRefusal) return { ok: false, cell: thrown.cell ?? definition.cell, reason: thrown.message };
      throw thrown;
    }
  }
  return new Plan(inputs, outputs, compiler, operands);
}

/** Each output's values at each point of the batch. */
export function evaluatePlan(plan: Plan, batch: Batch): BatchResult {
  return plan.evaluate(batch, false);
}

/** Every formula cell of the slice at each point of the batch, by address (`Sheet!B7`): for checks and for showing the workings. */
export function evaluatePlanCells(plan: Plan, batch: Batch): BatchResult {
  return plan.evaluate(batch, true);
}
