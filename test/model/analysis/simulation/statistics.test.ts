/** The statistics against values worked out by hand on small arrays, and the radix ranking against a plain sort. */
import { describe, expect, it } from 'vitest';
import { MAX_BINS, histogram, pairedProbability, percentile, rank, summarise, thresholdProbability } from '../../../../src/model/analysis/simulation';
import { centred, correlation, finiteValues } from '../../../../src/model/analysis/simulation/statistics';

const ONE_TO_TEN = Float64Array.from({ length: 10 }, (_, i) => i + 1);

describe('a summary', () => {
  it('of 1..10: mean 5.5, sample sd √(82.5 / 9), percentiles at h = 9p between order statistics', () => {
    const summary = summarise(ONE_TO_TEN);
    expect(summary).toBeDefined();
    const expected = { count: 10, mean: 5.5, sd: Math.sqrt(82.5 / 9), min: 1, p5: 1.45, p10: 1.9, p25: 3.25, p50: 5.5, p75: 7.75, p90: 9.1, p95: 9.55, max: 10 };
    for (const [key, value] of Object.entries(expected)) expect(summary?.[key as keyof typeof expected], key).toBeCloseTo(value, 12);
  });

  it('of 2, 4, 4, 4, 5, 5, 7, 9: mean 5 and sample sd √(32 / 7), not the population sd 2', () => {
    const summary = summarise(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9));
    expect(summary?.mean).toBe(5);
    expect(summary?.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(summary?.p50).toBe(4.5);
  });

  it('keeps its digits for values far from 0 (two passes, not a sum of squares)', () => {
    const summary = summarise(Float64Array.of(1e9 + 1, 1e9 + 2, 1e9 + 3));
    expect(summary?.sd).toBeCloseTo(1, 9);
  });

  it('of one value has sd NaN, and of none is undefined', () => {
    expect(summarise(Float64Array.of(3))).toMatchObject({ count: 1, mean: 3, p5: 3, p95: 3 });
    expect(summarise(Float64Array.of(3))?.sd).toBeNaN();
    expect(summarise(new Float64Array(0))).toBeUndefined();
  });

  it('takes the percentile at the ends exactly, and interpolates linearly between', () => {
    expect(percentile(ONE_TO_TEN, 0)).toBe(1);
    expect(percentile(ONE_TO_TEN, 1)).toBe(10);
    expect(percentile(Float64Array.of(0, 10), 0.3)).toBeCloseTo(3, 12);
  });

  it('leaves out error points (NaN) and infinities', () => {
    expect(Array.from(finiteValues(Float64Array.of(1, Number.NaN, 2, Infinity, 3)))).toEqual([1, 2, 3]);
  });
});

describe('threshold probabilities', () => {
  it('count the values strictly above and strictly below', () => {
    expect(thresholdProbability(ONE_TO_TEN, 3)).toEqual({ threshold: 3, above: 0.7, below: 0.2 });
    expect(thresholdProbability(ONE_TO_TEN, 3.5)).toEqual({ threshold: 3.5, above: 0.7, below: 0.3 });
    expect(thresholdProbability(ONE_TO_TEN, 0)).toEqual({ threshold: 0, above: 1, below: 0 });
    expect(thresholdProbability(Float64Array.of(2, 2, 2), 2)).toEqual({ threshold: 2, above: 0, below: 0 });
  });
});

describe('a histogram', () => {
  it('of 1..10 has the Freedman–Diaconis count: width 2 × 4.5 / 10^(1/3) = 4.18, so 3 bins of 3', () => {
    const { edges, counts } = histogram(ONE_TO_TEN);
    expect(Array.from(edges)).toEqual([1, 4, 7, 10]);
    expect(Array.from(counts)).toEqual([3, 3, 4]);
  });

  it('of one repeated value is one bin holding them all', () => {
    const { edges, counts } = histogram(Float64Array.of(5, 5, 5));
    expect(Array.from(edges)).toEqual([5, 5]);
    expect(Array.from(counts)).toEqual([3]);
  });

  it('falls back to Sturges\' count when the interquartile range is 0', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => (i === 99 ? 10 : 1));
    expect(histogram(values).counts.length).toBe(Math.ceil(1 + Math.log2(100)));
  });

  it('caps the bins of a long tail', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i === 999 ? 1e9 : i / 1000));
    const { edges, counts } = histogram(values);
    expect(counts.length).toBe(MAX_BINS);
    expect(edges[0]).toBe(0);
    expect(edges[MAX_BINS]).toBe(1e9);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(1000);
  });
});

describe('ranks', () => {
  it('share the mean of their places among ties', () => {
    const { sorted, ranks } = rank(Float64Array.of(3, 1, 4, 1, 5));
    expect(Array.from(sorted)).toEqual([1, 1, 3, 4, 5]);
    expect(Array.from(ranks)).toEqual([3, 1.5, 4, 1.5, 5]);
  });

  it('order negative numbers, zeros of either sign and extremes as numbers do', () => {
    const values = Float64Array.of(-2, 0, -0, 1e-300, -1e300, 2, -1e-300, Number.MAX_VALUE, -Number.MAX_VALUE);
    const { sorted, ranks } = rank(values);
    // -0 and 0 are equal, in either order: compare them as 0.
    expect(Array.from(sorted, (x) => x + 0)).toEqual(Array.from(Float64Array.from(values).sort(), (x) => x + 0));
    expect(ranks[1]).toBe(ranks[2]);
    expect(ranks[1]).toBe(5.5);
  });

  it('agree with a plain sort on many random doubles', () => {
    let state = 12345;
    const next = () => ((state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
    const values = Float64Array.from({ length: 5000 }, () => (next() - 0.5) * 10 ** Math.floor(next() * 20 - 10));
    const { sorted, ranks } = rank(values);
    const expected = Float64Array.from(values).sort();
    expect(Array.from(sorted)).toEqual(Array.from(expected));
    values.forEach((value, i) => expect(sorted[(ranks[i] ?? 0) - 1]).toBe(value));
  });
});

describe('correlation', () => {
  it('is 1 for a rising line, -1 for a falling one, 0 for a constant', () => {
    const x = centred(Float64Array.of(1, 2, 3, 4));
    expect(x.norm).toBeCloseTo(Math.sqrt(5), 12);
    expect(correlation(x, centred(Float64Array.of(2, 4, 6, 8)))).toBeCloseTo(1, 12);
    expect(correlation(x, centred(Float64Array.of(8, 6, 4, 2)))).toBeCloseTo(-1, 12);
    expect(correlation(x, centred(Float64Array.of(5, 5, 5, 5)))).toBe(0);
  });

  it('matches a hand computation: x = 1, 2, 3 against y = 1, 3, 2 is 0.5', () => {
    expect(correlation(centred(Float64Array.of(1, 2, 3)), centred(Float64Array.of(1, 3, 2)))).toBeCloseTo(0.5, 12);
  });
});

describe('paired probability', () => {
  it('is the share of draws where a beats b, leaving out draws where either is an error', () => {
    expect(pairedProbability(Float64Array.of(1, 2, 3, Number.NaN), Float64Array.of(0, 2, 4, 1))).toBeCloseTo(1 / 3, 12);
    expect(pairedProbability(Float64Array.of(5, 6), Float64Array.of(1, 2))).toBe(1);
  });

  it('refuses arrays of different lengths, which cannot be paired', () => {
    expect(() => pairedProbability(new Float64Array(3), new Float64Array(4))).toThrow(/as many on each side, got 3 and 4/);
  });
});

describe('the mean of an almost constant output', () => {
  it('stays within its own min and max (a plain sum drifted outside by a few units in the last place)', () => {
    const values = new Float64Array(10_000).fill(0.27499999999999997);
    values[0] = 0.2749999999999999;
    values.sort();
    const summary = summarise(values);
    expect(summary?.mean).toBeGreaterThanOrEqual(summary?.min ?? Number.NaN);
    expect(summary?.mean).toBeLessThanOrEqual(summary?.max ?? Number.NaN);
  });
});
