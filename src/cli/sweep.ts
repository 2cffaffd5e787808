/**
 * `npm run sweep -- SCENARIO --input NAME --from A --to B --steps N [--output NAME ...] --out FILE`:
 * a what-if data table of one input, tidy CSV `input,input_value,output,value`; with `--column-input`
 * a second input across the columns makes a two-input table of one output.
 */
import { writeFileSync } from 'node:fs';
import { sweepToCsv, twoInputTableToCsv } from '../io/csv';
import { UsageError, isMainModule, numberArgument, openScenario, parseCommandLine, reportEvaluation, runAsMain, withUsageErrors, type ConsoleStreams } from './shell';

export const SWEEP_USAGE = `Usage: npm run sweep -- SCENARIO --input NAME (--from A --to B --steps N | --values V1,V2,...)
                      [--output NAME ...] --out FILE [--bom]
       npm run sweep -- SCENARIO --input NAME (--from A --to B --steps N | --values V1,V2,...)
                      --column-input NAME (--column-from A --column-to B --column-steps N | --column-values V1,V2,...)
                      --output NAME --out FILE [--bom]

Sets the input to each value in turn (from A to B in N evenly spaced steps, both ends
included, or the listed values) and writes the chosen outputs (all when none are named)
as tidy CSV: input,input_value,output,value. The scenario is a preset id or a file.

With --column-input, every value of the input is tried with every value of the column
input (a two-input data table) for exactly one output, written one row per cell:
row_input,row_value,column_input,column_value,output,value.`;

/** How the values of one axis were asked for: listed, or evenly spaced over a range. */
type AxisRequest = { kind: 'listed'; values: number[] } | { kind: 'range'; from: number; to: number; steps: number };

const COLUMN_FLAGS = ['column-from', 'column-to', 'column-steps', 'column-values'] as const;

export async function runSweep(args: readonly string[], streams: ConsoleStreams): Promise<number> {
  return withUsageErrors(streams, async () => {
    const { values, positionals } = parseCommandLine('sweep', args, {
      input: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      steps: { type: 'string' },
      values: { type: 'string' },
      'column-input': { type: 'string' },
      'column-from': { type: 'string' },
      'column-to': { type: 'string' },
      'column-steps': { type: 'string' },
      'column-values': { type: 'string' },
      output: { type: 'string', multiple: true },
      out: { type: 'string', short: 'o' },
      bom: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      streams.out(SWEEP_USAGE);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`sweep: one scenario at a time, got ${positionals.length}`);
    if (!values.input) throw new UsageError('sweep: --input NAME is required (see --help)');
    if (!values.out) throw new UsageError('sweep: --out FILE is required (see --help)');
    const rows = axisRequest('', values.values, values.from, values.to, values.steps);
    const outputs = values.output ?? [];
    let columns: { input: string; axis: AxisRequest; output: string } | undefined;
    const columnInput = values['column-input'];
    if (columnInput !== undefined) {
      const [output] = outputs;
      if (output === undefined || outputs.length > 1) {
        throw new UsageError(`sweep: a two-input table shows exactly one output: name it with one --output (got ${outputs.length})`);
      }
      columns = { input: columnInput, axis: axisRequest('column-', values['column-values'], values['column-from'], values['column-to'], values['column-steps']), output };
    } else {
      const stray = COLUMN_FLAGS.find((flag) => values[flag] !== undefined);
      if (stray !== undefined) throw new UsageError(`sweep: --${stray} needs --column-input NAME (see --help)`);
    }

    const workbook = await openScenario(positionals[0]);
    try {
      const { evenlySpaced, sweepInput, sweepTwoInputs } = await import('../model/analysis/sweep');
      const axisValues = (request: AxisRequest) => (request.kind === 'listed' ? request.values : evenlySpaced(request.from, request.to, request.steps));
      if (columns) {
        const table = sweepTwoInputs(workbook, { input: values.input, values: axisValues(rows) }, { input: columns.input, values: axisValues(columns.axis) }, columns.output);
        reportEvaluation(streams, 'sweep', table.evaluation);
        writeFileSync(values.out, twoInputTableToCsv(table, { bom: values.bom }));
        streams.out(`${table.rowValues.length} values of ${table.rowInput} x ${table.columnValues.length} values of ${table.columnInput} -> ${table.output}: ${values.out}`);
        return 0;
      }
      const sweep = sweepInput(workbook, values.input, axisValues(rows), outputs);
      reportEvaluation(streams, 'sweep', sweep.evaluation);
      writeFileSync(values.out, sweepToCsv(sweep, { bom: values.bom }));
      streams.out(`${sweep.points.length} values of ${sweep.input} x ${sweep.outputs.length} outputs: ${values.out}`);
      return 0;
    } finally {
      workbook.destroy();
    }
  });
}

/** One axis from its flags (`prefix` is "" for the rows, "column-" for the columns), checked before any scenario is read. */
function axisRequest(prefix: '' | 'column-', listed: string | undefined, from: string | undefined, to: string | undefined, steps: string | undefined): AxisRequest {
  if (listed !== undefined) return { kind: 'listed', values: listed.split(',').map((text) => numberArgument(`${prefix}values`, text)) };
  const start = numberArgument(`${prefix}from`, from);
  const end = numberArgument(`${prefix}to`, to);
  const count = stepsArgument(`${prefix}steps`, steps);
  if (start === end) throw new UsageError(`--${prefix}from and --${prefix}to must be different numbers, got ${from} and ${to}`);
  return { kind: 'range', from: start, to: end, steps: count };
}

function stepsArgument(flag: string, text: string | undefined): number {
  const steps = numberArgument(flag, text);
  if (!Number.isInteger(steps) || steps < 2) throw new UsageError(`--${flag} must be a whole number of at least 2, got ${text}`);
  return steps;
}

if (isMainModule(import.meta.url)) runAsMain(runSweep);
