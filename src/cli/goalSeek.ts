/** `npm run goal-seek -- SCENARIO --input NAME --output NAME --target X`: the input value that brings the output to X. */
import { writeFileSync } from 'node:fs';
import { goalSeekToCsv } from '../io/csv';
import { UsageError, isMainModule, numberArgument, openScenario, parseCommandLine, reportEvaluation, runAsMain, withUsageErrors, type ConsoleStreams } from './shell';

export const GOAL_SEEK_USAGE = `Usage: npm run goal-seek -- SCENARIO --input NAME --output NAME --target X
                          [--lower A --upper B] [--tolerance T] [--out FILE]

Finds the value of the input, within its min and max (or --lower/--upper), at which the
output equals the target. Exit status 0 when found; 1 when no value in range reaches it
(the closest is reported); 2 for bad arguments.`;

export async function runGoalSeek(args: readonly string[], streams: ConsoleStreams): Promise<number> {
  return withUsageErrors(streams, async () => {
    const { values, positionals } = parseCommandLine('goal-seek', args, {
      input: { type: 'string' },
      output: { type: 'string' },
      target: { type: 'string' },
      lower: { type: 'string' },
      upper: { type: 'string' },
      tolerance: { type: 'string' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      streams.out(GOAL_SEEK_USAGE);
      return 0;
    }
    if (!values.input || !values.output) throw new UsageError('goal-seek: --input NAME and --output NAME are required (see --help)');
    const target = numberArgument('target', values.target);
    const optional = (flag: string, text: string | undefined) => (text === undefined ? {} : { [flag]: numberArgument(flag, text) });
    const workbook = await openScenario(positionals[0]);
    try {
      const { goalSeek } = await import('../model/analysis/sweep');
      const result = goalSeek(workbook, values.input, values.output, target, {
        ...optional('lower', values.lower), ...optional('upper', values.upper), ...optional('tolerance', values.tolerance),
      });
      reportEvaluation(streams, 'goal-seek', result.evaluation);
      streams.out(result.message);
      if (values.out) writeFileSync(values.out, goalSeekToCsv(result));
      return result.found ? 0 : 1;
    } finally {
      workbook.destroy();
    }
  });
}

if (isMainModule(import.meta.url)) runAsMain(runGoalSeek);
