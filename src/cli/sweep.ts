/**
 * `npm run sweep -- SCENARIO --input NAME --from A --to B --steps N [--output NAME ...] --out FILE`:
 * a what-if data table of one input, tidy CSV `input,input_value,output,value`.
 */
import { writeFileSync } from 'node:fs';
import { evenlySpaced, sweepInput } from '../model';
import { sweepToCsv } from '../io/csv';
import { UsageError, isMainModule, numberArgument, openScenario, parseCommandLine, runAsMain, withUsageErrors, type ConsoleStreams } from './shell';

export const SWEEP_USAGE = `Usage: npm run sweep -- SCENARIO --input NAME (--from A --to B --steps N | --values V1,V2,...)
                      [--output NAME ...] --out FILE [--bom]

Sets the input to each value in turn (from A to B in N evenly spaced steps, both ends
included, or the listed values) and writes the chosen outputs (all when none are named)
as tidy CSV: input,input_value,output,value. The scenario is a preset id or a file.`;

export async function runSweep(args: readonly string[], streams: ConsoleStreams): Promise<number> {
  return withUsageErrors(streams, () => {
    const { values, positionals } = parseCommandLine('sweep', args, {
      input: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      steps: { type: 'string' },
      values: { type: 'string' },
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
    const points = values.values !== undefined
      ? values.values.split(',').map((text) => numberArgument('values', text))
      : evenlySpaced(numberArgument('from', values.from), numberArgument('to', values.to), stepsArgument(values.steps));
    const workbook = openScenario(positionals[0]);
    try {
      const sweep = sweepInput(workbook, values.input, points, values.output);
      writeFileSync(values.out, sweepToCsv(sweep, { bom: values.bom }));
      streams.out(`${sweep.points.length} values of ${sweep.input} x ${sweep.outputs.length} outputs: ${values.out}`);
      return 0;
    } finally {
      workbook.destroy();
    }
  });
}

function stepsArgument(text: string | undefined): number {
  const steps = numberArgument('steps', text);
  if (!Number.isInteger(steps) || steps < 2) throw new UsageError(`--steps must be a whole number of at least 2, got ${text}`);
  return steps;
}

if (isMainModule(import.meta.url)) runAsMain(runSweep);
