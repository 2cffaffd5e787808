/**
 * The edits a session refuses because of what the scenario names: its inputs' cells hold numbers within
 * their range, and no row, column or sheet holding a named input or output is deleted.
 */
import { formatCellAddress, inputRangeProblem, parseCellAddress, type CellContent, type InputRange, type Workbook } from '../../model';
import { cellKey } from '../../shared/cellRange';
import type { CellRef } from '../../shared/engine';
import { EditError } from './editError';

/**
 * A scenario file needs each input cell to hold a number within the input's min and max, and within a
 * triangular or PERT range (the file would not open again otherwise), so the grid refuses other entries there, as Excel's data validation does.
 */
export function guardInputs(live: Workbook, edits: readonly CellRef[], contents: readonly CellContent[]): void {
  const inputs = new Map<string, { name: string; label: string; min?: number | undefined; max?: number | undefined; range?: InputRange | undefined }>();
  for (const input of live.inputs()) {
    const address = parseCellAddress(input.cell);
    if (address) inputs.set(`${address.sheet}\u0000${cellKey(address.row, address.col)}`, input);
  }
  edits.forEach((edit, index) => {
    const input = inputs.get(`${edit.sheet}\u0000${cellKey(edit.row, edit.col)}`);
    if (!input) return;
    const content = contents[index] ?? null;
    const where = `${formatCellAddress(edit)} is the input “${input.label}” (${input.name})`;
    if (typeof content !== 'number') throw new EditError(`${where}: it must hold a number${rangeText(input)}.`);
    if ((input.min !== undefined && content < input.min) || (input.max !== undefined && content > input.max)) throw new EditError(`${where}: it must be a number${rangeText(input)}.`);
    // A triangular or PERT range has the value as its mode: a value outside it would make work that does not open again.
    const spread = input.range && inputRangeProblem(input.range, content);
    if (spread) throw new EditError(`${where}: ${spread}; change its range first.`);
  });
}

/** The scenario names its inputs and outputs by cell: deleting one would leave the name pointing nowhere. */
export function guardNamed(live: Workbook, sheet: string, hits: (row: number, col: number) => boolean, what: string): void {
  for (const [kind, items] of [['input', live.inputs()], ['output', live.outputs()]] as const) {
    for (const item of items) {
      const address = parseCellAddress(item.cell);
      if (address?.sheet === sheet && hits(address.row, address.col)) {
        throw new EditError(`${what} cannot be deleted: ${formatCellAddress(address)} holds the ${kind} “${item.label}” (${item.name}), which the scenario names.`);
      }
    }
  }
}

function rangeText(input: { min?: number | undefined; max?: number | undefined }): string {
  if (input.min !== undefined && input.max !== undefined) return ` from ${input.min} to ${input.max}`;
  if (input.min !== undefined) return ` of at least ${input.min}`;
  if (input.max !== undefined) return ` of at most ${input.max}`;
  return '';
}
