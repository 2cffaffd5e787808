/** What the independent-engine checks share (Gnumeric in crosscheck.test.ts, IronCalc in ironcalc.test.ts): the scenarios, tradesheet's values and the cell-by-cell comparison. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Workbook,
  formatIssue,
  formatLocalAddress,
  parseScenario,
  type CellContent,
  type CellValue,
  type FullScenario,
} from '../src/model';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import { fixturePath } from './paths';

/** Gnumeric computes some functions in long double, IronCalc rounds what it shows to 15 digits: both are within this of tradesheet. */
const RELATIVE_TOLERANCE = 1e-9;

export const describeValue = (value: CellValue) => (typeof value === 'object' && value !== null ? value.error : JSON.stringify(value));

/** Numbers within a relative 1e-9, text and booleans exactly, errors by their code (the message is tradesheet's own). */
export function sameValue(expected: CellValue, actual: CellValue): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return expected === actual || Math.abs(expected - actual) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
  }
  if (typeof expected === 'object' && expected !== null) return typeof actual === 'object' && actual !== null && actual.error === expected.error;
  return expected === actual;
}

export interface SheetComparison {
  /** Cells that either engine fills: a comparison of two empty grids compares nothing. */
  compared: number;
  /** Every cell that differs, as "Sheet!B3 =formula: tradesheet 1, Gnumeric 2". */
  differences: string[];
}

/** Every cell of either grid compared; `engine` names the other engine in the differences. */
export function compareSheet(
  engine: string,
  sheet: string,
  expected: readonly (readonly CellValue[])[],
  actual: readonly (readonly CellValue[])[],
  contents: readonly (readonly CellContent[])[] = [],
): SheetComparison {
  const found: string[] = [];
  let compared = 0;
  for (let row = 0; row < Math.max(expected.length, actual.length); row += 1) {
    const width = Math.max(expected[row]?.length ?? 0, actual[row]?.length ?? 0);
    for (let col = 0; col < width; col += 1) {
      const want = expected[row]?.[col] ?? null;
      const got = actual[row]?.[col] ?? null;
      if (want !== null || got !== null) compared += 1;
      if (sameValue(want, got)) continue;
      const content = contents[row]?.[col];
      const formula = typeof content === 'string' && content.startsWith('=') ? ` ${content}` : '';
      found.push(`${sheet}!${formatLocalAddress(row, col)}${formula}: tradesheet ${describeValue(want)}, ${engine} ${describeValue(got)}`);
    }
  }
  return { compared, differences: found };
}

export interface Computed {
  sheetNames: string[];
  values: Record<string, CellValue[][]>;
  contents: Record<string, CellContent[][]>;
  inputs: { name: string; value: CellValue }[];
  outputs: { name: string; value: CellValue }[];
}

export function computeWithTradesheet(scenario: FullScenario): Computed {
  const workbook = Workbook.open(scenario);
  try {
    const sheetNames = workbook.sheetNames();
    return {
      sheetNames,
      values: Object.fromEntries(sheetNames.map((name) => [name, workbook.sheetValues(name)])),
      contents: Object.fromEntries(sheetNames.map((name) => [name, workbook.sheetContents(name)])),
      inputs: workbook.inputs().map(({ name, value }) => ({ name, value })),
      outputs: workbook.outputs().map(({ name, value }) => ({ name, value })),
    };
  } finally {
    workbook.destroy();
  }
}

export function readFixture(name: string): FullScenario {
  const parsed = parseScenario(JSON.parse(readFileSync(fixturePath(name), 'utf8')), name);
  if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join('\n'));
  if ('extends' in parsed.value) throw new Error(`${name} must be a full scenario`);
  return parsed.value;
}

/** The presets in scenarios/, each resolved (extends applied) as the app opens it; `issues` lists any file that is not. */
export function readCheckedPresets(): { ids: string[]; issues: string[]; scenario: (id: string) => FullScenario } {
  const { presets, issues } = readPresets();
  return {
    ids: presets.map((preset) => preset.scenario.id),
    issues: issues.map(formatIssue),
    scenario: (id) => {
      const resolved = loadScenario(id, presets);
      if (!resolved.ok) throw new Error(resolved.issues.map(formatIssue).join('\n'));
      return resolved.value.scenario;
    },
  };
}

/**
 * A difference by design, pinned to what the engines do today: [why, formula, tradesheet, the other
 * engine]; 'a number' where the other engine's number is no fixed value (an iteration's result).
 */
export type PinnedDifference = readonly [why: string, formula: string, tradesheet: CellValue, other: CellValue | 'a number'];

/** One sheet, Differences, with one formula a row in column A. */
export function formulasScenario(formulas: readonly string[]): FullScenario {
  return {
    type: 'tradesheet-scenario', version: 1, id: 'differences', name: 'Differences', description: '',
    sheets: { Differences: formulas.map((formula) => [formula]) }, inputs: {}, outputs: {},
  };
}

/**
 * One test per pinned difference, so a change on either side shows up by name. `compute` gives both
 * engines' column A for formulasScenario of the table's formulas; it is called once for the whole table.
 */
export function describePinnedDifferences(
  engine: string,
  pinned: readonly PinnedDifference[],
  compute: (scenario: FullScenario) => Promise<{ ours: CellValue[][]; theirs: CellValue[][] }>,
): void {
  let computed: ReturnType<typeof compute> | undefined;
  describe(`where tradesheet and ${engine} differ by design`, () => {
    it.each(pinned.map((difference, row) => [...difference, row] as const))('%s', async (_why, formula, tradesheet, other, row) => {
      computed ??= compute(formulasScenario(pinned.map(([, pinnedFormula]) => pinnedFormula)));
      const { ours, theirs } = await computed;
      const mine = ours[row]?.[0] ?? null;
      const their = theirs[row]?.[0] ?? null;
      expect(sameValue(tradesheet, mine), `${formula} in tradesheet: ${describeValue(mine)}`).toBe(true);
      if (other === 'a number') expect(typeof their, `${formula} in ${engine}: ${describeValue(their)}`).toBe('number');
      else expect(sameValue(other, their), `${formula} in ${engine}: ${describeValue(their)}`).toBe(true);
    });
  });
}
