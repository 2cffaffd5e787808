/** `npm run tornado -- SCENARIO --output NAME [--share 0.2] --out FILE`: which input swings an output the most. */
import { writeFileSync } from 'node:fs';
import { tornadoToCsv } from '../io/csv';
import { UsageError, isMainModule, numberArgument, openScenario, parseCommandLine, reportEvaluation, runAsMain, withUsageErrors, type ConsoleStreams } from './shell';

export const TORNADO_USAGE = `Usage: npm run tornado -- SCENARIO --output NAME [--share 0.2] [--out FILE] [--bom]

Moves each input down and up by the share of its value (an input at 0 by the share of its
min-max range), clamped to its min and max, and lists the swing of the output, largest first.
Prints the table; with --out also writes it as CSV.`;

export async function runTornado(args: readonly string[], streams: ConsoleStreams): Promise<number> {
  return withUsageErrors(streams, async () => {
    const { values, positionals } = parseCommandLine('tornado', args, {
      output: { type: 'string' },
      share: { type: 'string', default: '0.2' },
      out: { type: 'string', short: 'o' },
      bom: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      streams.out(TORNADO_USAGE);
      return 0;
    }
    if (!values.output) throw new UsageError('tornado: --output NAME is required (see --help)');
    const share = numberArgument('share', values.share);
    const workbook = await openScenario(positionals[0]);
    try {
      const { tornado } = await import('../model/analysis/sweep');
      const result = tornado(workbook, values.output, share);
      reportEvaluation(streams, 'tornado', result.evaluation);
      const outputUnit = workbook.outputs().find((output) => output.name === result.output)?.unit ?? '';
      const width = Math.max(5, ...result.bars.map((bar) => bar.input.length));
      streams.out(`${'input'.padEnd(width)}  ${`swing of ${result.output}`.padStart(28)}  input moved over`);
      for (const bar of result.bars) {
        streams.out(`${bar.input.padEnd(width)}  ${formatQuantity(bar.swing, outputUnit).padStart(28)}  ${formatQuantity(bar.lowValue, bar.unit)} .. ${formatQuantity(bar.highValue, bar.unit)}`);
      }
      if (values.out) writeFileSync(values.out, tornadoToCsv(result, { bom: values.bom }));
      return 0;
    } finally {
      workbook.destroy();
    }
  });
}

/** A value as a reader of the table wants it: grouped digits, shares as percent (the CSV keeps the exact numbers). */
export function formatQuantity(value: number, unit: string): string {
  if (unit === '%') return `${(value * 100).toLocaleString('en-US', { maximumSignificantDigits: 6 })} %`;
  const digits = Math.abs(value) >= 1000 ? 0 : 6;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit === '' ? text : `${text} ${unit}`;
}

if (isMainModule(import.meta.url)) runAsMain(runTornado);
