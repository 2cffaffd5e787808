/** The preset scenarios: each valid, each computing, each figure quoted from the article at its line, and the model behind them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, presetFiles, readPresets } from '../src/cli/scenarioFiles';
import { fileStem } from '../src/io/scenarioFile';
import { Workbook, formatIssue, isCellError, parseCellAddress, type FullScenario } from '../src/model';

const ARTICLE = resolve(import.meta.dirname, '../sources/article.txt');
// The file ends with a line break, so the last element of the split is empty, not a line.
const articleLines = readFileSync(ARTICLE, 'utf8').split('\n').slice(0, -1);

const { presets, issues } = readPresets();
const resolved = new Map<string, FullScenario>();
for (const preset of presets) {
  const result = loadScenario(preset.scenario.id, presets);
  if (result.ok) resolved.set(preset.scenario.id, result.value.scenario);
}
const ids = presetFiles().map(fileStem);
const baseline = resolved.get('baseline');

describe('preset scenarios', () => {
  it('every file in scenarios/ is a valid preset whose id is its file name', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(presets.map((preset) => preset.scenario.id)).toEqual(ids);
  });

  it('the seven scenarios domain.md suggests are there', () => {
    expect(ids).toEqual(expect.arrayContaining([
      'baseline', 'letter-threat', 'car-quota', 'roll-back', 'rice-opening', 'auto-standards', 'capital-w-win',
    ]));
  });

  it.each(ids)('%s evaluates with no error cell and finite outputs', (id) => {
    const scenario = resolved.get(id);
    expect(scenario, `${id} resolves`).toBeDefined();
    if (!scenario) return;
    const workbook = Workbook.open(scenario);
    try {
      for (const sheet of workbook.sheetNames()) {
        const errors = workbook.sheetValues(sheet).flatMap((row, r) =>
          row.flatMap((value, c) => (isCellError(value) ? [`${sheet}!R${r + 1}C${c + 1}: ${value.error}`] : [])));
        expect(errors).toEqual([]);
      }
      const outputs = workbook.outputs();
      expect(outputs.length).toBeGreaterThanOrEqual(10);
      for (const output of outputs) {
        expect(typeof output.value === 'number' && Number.isFinite(output.value), `${output.name} = ${JSON.stringify(output.value)}`).toBe(true);
      }
    } finally {
      workbook.destroy();
    }
  });

  it.each(ids)('%s round-trips: open then serialise gives back the resolved scenario', (id) => {
    const scenario = resolved.get(id);
    if (!scenario) throw new Error(`${id} did not resolve`);
    const workbook = Workbook.open(scenario);
    expect(workbook.toScenario()).toEqual(scenario);
    workbook.destroy();
  });
});

describe('sources', () => {
  const inputs = Object.entries(baseline?.inputs ?? {});

  it.each(inputs.filter(([, input]) => 'article' in input.source))(
    'input %s quotes the article verbatim at its line',
    (_name, input) => {
      if (!('article' in input.source)) return;
      const { line, quote } = input.source.article;
      expect(line).toBeLessThanOrEqual(articleLines.length);
      expect(articleLines[line - 1]).toContain(quote);
    },
  );

  it.each(inputs)('input %s is labelled with its source in the Inputs sheet', (_name, input) => {
    const address = parseCellAddress(input.cell);
    const row = address && baseline?.sheets[address.sheet]?.[address.row];
    expect(row?.[0]).toBe(input.label);
    expect(row?.[3]).toBe('article' in input.source ? 'article' : 'assumption');
    expect(row?.[5]).toBe('article' in input.source ? input.source.article.quote : input.source.assumption);
  });

  it('every figure the article states appears on the Article sheet with its line and words', () => {
    const rows = baseline?.sheets.Article?.slice(1) ?? [];
    const stated: [number | string, number][] = [[1_400_000, 30], [16_074, 30], [0.25, 31], [770_000, 37], [7, 36], [1_000_000, 17], [7, 18], ['July 20', 14]];
    for (const [value, line] of stated) {
      expect(rows.some((row) => row[1] === value && row[3] === line), `${value} at line ${line}`).toBe(true);
    }
    for (const row of rows) expect(articleLines[Number(row[3]) - 1]).toContain(String(row[4]));
  });

  it('every input the article does not state is an assumption with a reason', () => {
    const articleValues = new Set([1_400_000, 16_074, 0.25, 770_000, 7]);
    for (const [name, input] of inputs) {
      const address = parseCellAddress(input.cell);
      const value = address && baseline?.sheets[address.sheet]?.[address.row]?.[address.col];
      if ('assumption' in input.source) expect(input.source.assumption.length, name).toBeGreaterThan(20);
      else expect(articleValues.has(Number(value)), `${name} = ${value} is an article figure`).toBe(true);
    }
  });
});

describe('ranges on the baseline\'s inputs', () => {
  const inputs = Object.entries(baseline?.inputs ?? {});
  /** Choices a scenario makes (Crystal Ball's decision variables), not estimates: a range would mix "which deal" with "how sure". */
  const LEVERS = ['ThreatTariff', 'TrqQuotaCars', 'TrqInQuotaTariff', 'StandardsReform', 'ExtraUsRice', 'ExtraRiceTariffJpyPerKg'];
  /** Rates published in law, exact; the article just does not state them. */
  const PUBLISHED = ['MfnCarTariff', 'RiceTariffJpyPerKg'];

  it('every estimate the article does not give carries a range with its reason; levers and published rates carry none', () => {
    for (const [name, input] of inputs) {
      if (!('assumption' in input.source)) continue;
      if (LEVERS.includes(name) || PUBLISHED.includes(name)) expect(input.range, name).toBeUndefined();
      else expect(input.range?.source && 'assumption' in input.range.source && input.range.source.assumption.length, name).toBeGreaterThan(20);
    }
  });

  it('the article\'s figures are facts: no range, but for the rounded "1.4 million", uniform 1.35 to 1.45 million', () => {
    const ranged = inputs.filter(([, input]) => 'article' in input.source && input.range).map(([name, input]) => [name, input.range?.low, input.range?.high, input.range?.distribution]);
    expect(ranged).toEqual([['JpCarsToUsBase', 1_350_000, 1_450_000, 'uniform']]);
  });
});

describe('the model behind the presets', () => {
  const outputsOf = (id: string) => {
    const scenario = resolved.get(id);
    if (!scenario) throw new Error(`${id} did not resolve`);
    const workbook = Workbook.open(scenario);
    const values = Object.fromEntries(workbook.outputs().map((output) => [output.name, output.value as number]));
    workbook.destroy();
    return values;
  };
  const base = outputsOf('baseline');

  it('baseline: the added 25 % tariff cuts 1.4 million cars by elasticity x price change', () => {
    // 1,400,000 x (1 + (-1) x 1 x 0.25 / 1.025)
    expect(base.JpCarsToUs).toBeCloseTo(1_400_000 * (1 - 0.25 / 1.025), 6);
    // volume x unit value x (2.5 % + 25 %)
    expect(base.UsTariffOnJpCars).toBeCloseTo(base.JpCarsToUs! * 28_000 * 0.275, 3);
    expect(base.UsRiceTaxFree).toBe(770_000 * 0.45);
    expect(base.RiceTariffEquivalent).toBeCloseTo(341_000 / 150 / 1000, 12);
  });

  it('roll-back restores the 2024 volume', () => {
    expect(outputsOf('roll-back').JpCarsToUs).toBe(1_400_000);
  });

  it('the car quota is two-tier: the volume stops at the quota between the two rates', () => {
    const quota = outputsOf('car-quota');
    expect(quota.JpCarsToUs).toBe(1_200_000);
    expect(quota.UsTariffOnJpCars).toBeCloseTo(1_200_000 * 28_000 * 0.1, 3);
  });

  it('the threat lowers car exports further and the standards reform raises US cars to Japan', () => {
    expect(outputsOf('letter-threat').JpCarsToUs).toBeLessThan(base.JpCarsToUs!);
    expect(outputsOf('auto-standards').UsCarsToJp).toBeGreaterThan(base.UsCarsToJp!);
    expect(outputsOf('rice-opening').UsRiceBeyondQuota).toBe(base.UsRiceBeyondQuota! + 100_000);
  });
});
