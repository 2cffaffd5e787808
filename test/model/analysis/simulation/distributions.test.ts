/** Each distribution's draws against its closed form: percentiles, Kolmogorov–Smirnov against jStat's CDF, truncation to min/max, refused ranges. */
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import type { InputRange } from '../../../../src/model';
import { rangeDistribution, sampleInput, type Bounds, type Sampling } from '../../../../src/model/analysis/simulation';

const N = 10_000;
/** The Kolmogorov–Smirnov statistic's critical value at the 1 % level for N draws (asymptotic). */
const KS_CRITICAL = 1.628 / Math.sqrt(N);
const Z95 = 1.6448536269514722;
const source = { assumption: 'a test range' };

function draw(range: InputRange, value: number, bounds: Bounds = {}, sampling: Sampling = 'lhs', seed = 7): Float64Array {
  return sampleInput('x', rangeDistribution(range, value, bounds), N, seed, sampling).draws;
}

/** sup |empirical CDF - F| over the draws. */
function ksStatistic(draws: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(draws).sort();
  let worst = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    worst = Math.max(worst, (i + 1) / sorted.length - f, f - i / sorted.length);
  });
  return worst;
}

const mean = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values: Float64Array) => {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / (values.length - 1));
};
const median = (values: Float64Array) => {
  const sorted = Float64Array.from(values).sort();
  return ((sorted[N / 2 - 1] ?? 0) + (sorted[N / 2] ?? 0)) / 2;
};

/** Each distribution with its CDF written from the closed form here, not taken from the code under test. */
const CASES: { name: string; range: InputRange; value: number; cdf: (x: number) => number }[] = [
  { name: 'normal', range: { low: 10, high: 20, distribution: 'normal', source }, value: 15, cdf: (x) => jStat.normal.cdf(x, 15, 10 / (2 * Z95)) },
  { name: 'lognormal (the default for a positive low)', range: { low: 2, high: 8, source }, value: 4, cdf: (x) => jStat.lognormal.cdf(x, Math.log(4), Math.log(8 / 2) / (2 * Z95)) },
  { name: 'uniform', range: { low: 2, high: 5, distribution: 'uniform', source }, value: 3, cdf: (x) => Math.min(1, Math.max(0, (x - 2) / 3)) },
  { name: 'triangular', range: { low: 0, high: 10, distribution: 'triangular', source }, value: 3, cdf: (x) => jStat.triangular.cdf(x, 0, 10, 3) },
  { name: 'PERT', range: { low: 0, high: 10, distribution: 'pert', source }, value: 3, cdf: (x) => jStat.beta.cdf(x / 10, 1 + 4 * 0.3, 1 + 4 * 0.7) },
  { name: 'normal (the default for a low at or below 0)', range: { low: -1, high: 3, source }, value: 1, cdf: (x) => jStat.normal.cdf(x, 1, 4 / (2 * Z95)) },
];

describe('a normal range', () => {
  it('reads low and high as the 5th and 95th percentiles: [10, 20] has median 15 and sd 10 / (2 × 1.6449) = 3.0397', () => {
    const draws = draw({ low: 10, high: 20, distribution: 'normal', source }, 15);
    expect(Math.abs(median(draws) - 15)).toBeLessThan(0.01);
    expect(Math.abs(mean(draws) - 15)).toBeLessThan(0.01);
    expect(Math.abs(sd(draws) - 3.0397)).toBeLessThan(0.01);
    const sorted = Float64Array.from(draws).sort();
    expect(Math.abs((sorted[N * 0.05] ?? 0) - 10)).toBeLessThan(0.02);
    expect(Math.abs((sorted[N * 0.95] ?? 0) - 20)).toBeLessThan(0.02);
  });

  it('reads a lognormal range as the 5th and 95th percentiles too: [2, 8] has median 4 (their geometric mean)', () => {
    const draws = draw({ low: 2, high: 8, source }, 4);
    expect(Math.abs(median(draws) - 4)).toBeLessThan(0.01);
    const sorted = Float64Array.from(draws).sort();
    expect(Math.abs((sorted[N * 0.05] ?? 0) - 2)).toBeLessThan(0.01);
    expect(Math.abs((sorted[N * 0.95] ?? 0) - 8)).toBeLessThan(0.05);
  });
});

describe.each(CASES)('$name draws', ({ range, value, cdf }) => {
  it.each(['lhs', 'random'] as const)('pass Kolmogorov–Smirnov at the 1 percent level against the closed-form CDF (%s)', (sampling) => {
    expect(ksStatistic(draw(range, value, {}, sampling), cdf)).toBeLessThan(KS_CRITICAL);
  });

  it('follow their CDF to within one stratum under Latin hypercube', () => {
    expect(ksStatistic(draw(range, value), cdf)).toBeLessThan(2 / N);
  });
});

describe('truncation to the input\'s min and max', () => {
  const range: InputRange = { low: 10, high: 20, distribution: 'normal', source };
  const bounds = { min: 12, max: 16 };
  const normalCdf = (x: number) => jStat.normal.cdf(x, 15, 10 / (2 * Z95));
  const draws = draw(range, 15, bounds);

  it('draws nothing outside them', () => {
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...draws)).toBeLessThanOrEqual(16);
  });

  it('piles nothing up at a bound: the last thousandth of the interval holds about its share of the density', () => {
    // The truncated density at 16 is 0.125 / 0.47, so the 0.004 below 16 holds ~0.1 % of the draws; clamping would put 37 % there.
    const nearMax = draws.filter((x) => x >= 16 - 0.004).length / N;
    const nearMin = draws.filter((x) => x <= 12 + 0.004).length / N;
    expect(nearMax).toBeLessThan(0.003);
    expect(nearMin).toBeLessThan(0.003);
  });

  it('follows the truncated CDF, (F(x) - F(min)) / (F(max) - F(min))', () => {
    const truncated = (x: number) => (normalCdf(x) - normalCdf(12)) / (normalCdf(16) - normalCdf(12));
    expect(ksStatistic(draws, truncated)).toBeLessThan(2 / N);
    expect(ksStatistic(draw(range, 15, bounds, 'random'), truncated)).toBeLessThan(KS_CRITICAL);
  });

  it('cuts a one-sided range at its one bound (an elasticity below 0)', () => {
    const elasticity = draw({ low: -2, high: 0.5, distribution: 'normal', source }, -1, { max: 0 });
    expect(Math.max(...elasticity)).toBeLessThanOrEqual(0);
    expect(elasticity.filter((x) => x > -0.001).length / N).toBeLessThan(0.003);
  });

  it('gives finite values at the extreme probabilities', () => {
    const normal = rangeDistribution(range, 15);
    expect(Number.isFinite(normal.quantile(0))).toBe(true);
    expect(Number.isFinite(normal.quantile(1))).toBe(true);
    expect(normal.quantile(0)).toBeLessThan(normal.quantile(1e-9));
  });
});

describe('a range that cannot be drawn from', () => {
  it.each([
    ['low at high', { low: 5, high: 5, source }, 5, {}, /low \(5\) must be below its high \(5\)/],
    ['low above high', { low: 6, high: 5, distribution: 'uniform', source }, 5, {}, /must be below its high/],
    ['a lognormal with low 0', { low: 0, high: 5, distribution: 'lognormal', source }, 1, {}, /lognormal range needs a positive low, got 0/],
    ['a triangular whose mode (the value) lies outside', { low: 0, high: 5, distribution: 'triangular', source }, 6, {}, /value 6 is the mode of the triangular range 0 to 5/],
    ['a PERT whose mode lies outside', { low: 0, high: 5, distribution: 'pert', source }, -1, {}, /value -1 is the mode of the pert range/],
    ['a range wholly beyond the max', { low: 10, high: 20, distribution: 'uniform', source }, 15, { max: 5 }, /leaves no probability between the input's min -∞ and max 5/],
    ['a non-finite bound', { low: -Infinity, high: 20, distribution: 'normal', source }, 15, {}, /must be finite numbers/],
  ] as const)('is refused: %s', (_, range: InputRange, value, bounds: Bounds, message) => {
    expect(() => rangeDistribution(range, value, bounds)).toThrow(message);
  });
});
