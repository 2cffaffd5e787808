/** Several scenarios' named outputs side by side, each against a chosen baseline scenario. */
import type { CellValue, OutputValue } from '../values';

export interface ScenarioOutputs {
  id: string;
  name: string;
  outputs: readonly OutputValue[];
  /** Output name -> the number format code of its cell in this scenario, where it has one: for showing values, never for the CSV. */
  formats?: Readonly<Record<string, string>>;
}

export interface ComparedOutput {
  name: string;
  label: string;
  unit: string;
}

export interface ComparisonRow {
  scenario: string;
  output: string;
  label: string;
  unit: string;
  /** Undefined when the scenario has no such output: missing, which is not zero. */
  value: CellValue | undefined;
  baselineValue: CellValue | undefined;
  /** value - baseline, when both are numbers. */
  delta: number | null;
  /** delta / |baseline|, when both are numbers and the baseline is not 0. */
  deltaShare: number | null;
  /** The output's number format in this scenario, if it has one: how the page shows the value and the delta. */
  format: string | undefined;
}

export interface Comparison {
  baseline: string;
  scenarios: { id: string; name: string }[];
  /** Every output any scenario has, in the order they first appear. */
  outputs: ComparedOutput[];
  /** One row per scenario and output, scenario-major. */
  rows: ComparisonRow[];
}

export function compareScenarios(results: readonly ScenarioOutputs[], baselineId: string): Comparison {
  const baseline = results.find((result) => result.id === baselineId);
  if (!baseline) throw new Error(`the baseline "${baselineId}" is not among the compared scenarios`);
  const outputs = new Map<string, ComparedOutput>();
  for (const result of results) {
    for (const { name, label, unit } of result.outputs) if (!outputs.has(name)) outputs.set(name, { name, label, unit });
  }
  const valueOf = (result: ScenarioOutputs, name: string) => result.outputs.find((output) => output.name === name)?.value;
  const rows = results.flatMap((result) =>
    [...outputs.values()].map((output): ComparisonRow => {
      const value = valueOf(result, output.name);
      const baselineValue = valueOf(baseline, output.name);
      const delta = typeof value === 'number' && typeof baselineValue === 'number' ? value - baselineValue : null;
      const deltaShare = delta !== null && baselineValue !== 0 ? delta / Math.abs(baselineValue as number) : null;
      return { scenario: result.id, output: output.name, label: output.label, unit: output.unit, value, baselineValue, delta, deltaShare, format: result.formats?.[output.name] };
    }),
  );
  return { baseline: baselineId, scenarios: results.map(({ id, name }) => ({ id, name })), outputs: [...outputs.values()], rows };
}
