/** `npm run compare -- [scenarios] [--baseline ID] --out FILE`: every named output of each scenario against a baseline. */
import { writeFileSync } from 'node:fs';
import { compareScenarios, type ScenarioOutputs } from '../model/analysis/compare';
import { formatIssue } from '../model/scenario';
import { comparisonToCsv } from '../io/csv';
import { loadScenario, readPresets } from './scenarioFiles';
import { UsageError, isMainModule, issueError, parseCommandLine, runAsMain, withUsageErrors, type ConsoleStreams } from './shell';

export const COMPARE_USAGE = `Usage: npm run compare -- [scenario.json | preset-id ...] [--baseline ID] --out FILE [--bom]

Writes the named outputs of each scenario beside the baseline's, as tidy CSV:
scenario,output,label,unit,value,baseline_value,delta,delta_pct (delta_pct in percent).
With no scenarios named, compares every preset. The baseline defaults to "baseline",
else the first scenario.`;

export async function runCompare(args: readonly string[], streams: ConsoleStreams): Promise<number> {
  return withUsageErrors(streams, async () => {
    const { values, positionals } = parseCommandLine('compare', args, {
      baseline: { type: 'string' },
      out: { type: 'string', short: 'o' },
      bom: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      streams.out(COMPARE_USAGE);
      return 0;
    }
    if (!values.out) throw new UsageError('compare: --out FILE is required (see --help)');
    const { presets, issues } = readPresets();
    if (issues.length > 0) streams.err(issues.map(formatIssue).join('\n'));
    const names = positionals.length > 0 ? positionals : presets.map((preset) => preset.scenario.id);
    const scenarios = names.map((name) => {
      const loaded = loadScenario(name, presets);
      if (!loaded.ok) throw issueError(loaded.issues);
      return loaded.value.scenario;
    });
    // Every file is checked before HyperFormula (half a second) is loaded.
    const { WorkbookInTurn } = await import('../model/workbook');
    const workbooks = new WorkbookInTurn();
    let results: ScenarioOutputs[];
    try {
      results = scenarios.map((scenario) => ({ id: scenario.id, name: scenario.name, outputs: workbooks.open(scenario).outputs() }));
    } finally {
      workbooks.destroy();
    }
    const ids = results.map((result) => result.id);
    const baseline = values.baseline ?? (ids.includes('baseline') ? 'baseline' : ids[0]);
    if (baseline === undefined) throw new UsageError('compare: no scenarios to compare');
    if (!ids.includes(baseline)) throw new UsageError(`compare: --baseline "${baseline}" is not among the compared scenarios (${ids.join(', ')})`);
    writeFileSync(values.out, comparisonToCsv(compareScenarios(results, baseline), { bom: values.bom }));
    streams.out(`${results.length} scenarios against ${baseline}: ${values.out}`);
    return 0;
  });
}

if (isMainModule(import.meta.url)) runAsMain(runCompare);
