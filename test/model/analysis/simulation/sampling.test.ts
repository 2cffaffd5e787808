/** Latin hypercube strata, seeds, common random numbers per input name, and the cache of draws. */
import { describe, expect, it } from 'vitest';
import type { InputRange } from '../../../../src/model';
import { DrawCache, rangeDistribution, rank, sampleInput, streamOf } from '../../../../src/model/analysis/simulation';
import { probabilities, sampleKey } from '../../../../src/model/analysis/simulation/sampling';

const source = { assumption: 'a test range' };
const unit: InputRange = { low: 0, high: 1, distribution: 'uniform', source };
const normal: InputRange = { low: 10, high: 20, distribution: 'normal', source };
const bytes = (values: Float64Array) => Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));

/** How many of the N equal strata of [0, 1) hold exactly one of these probabilities. */
function strataHitOnce(p: Float64Array): number {
  const hits = new Uint32Array(p.length);
  for (const value of p) hits[Math.floor(value * p.length)] = (hits[Math.floor(value * p.length)] ?? 0) + 1;
  return hits.filter((count) => count === 1).length;
}

describe('Latin hypercube sampling', () => {
  it('draws exactly one point from each of the N strata, for every input', () => {
    for (const name of ['A', 'B', 'a longer name']) {
      const { p } = probabilities(streamOf(3, name), 10_000, 'lhs');
      expect(strataHitOnce(p)).toBe(10_000);
    }
  });

  it('maps the strata through the quantile function: a uniform [0, 1] input hits each stratum once too', () => {
    const { draws } = sampleInput('A', rangeDistribution(unit, 0.5), 1000, 3, 'lhs');
    expect(strataHitOnce(draws)).toBe(1000);
  });

  it('shuffles the strata: the points do not come in stratum order, and two inputs are not in step', () => {
    const a = probabilities(streamOf(3, 'A'), 1000, 'lhs').p;
    const b = probabilities(streamOf(3, 'B'), 1000, 'lhs').p;
    const ascending = a.every((value, i) => i === 0 || value > (a[i - 1] ?? 0));
    expect(ascending).toBe(false);
    const sameStratum = a.filter((value, i) => Math.floor(value * 1000) === Math.floor((b[i] ?? 0) * 1000)).length;
    expect(sameStratum).toBeLessThan(10);
  });

  it('gives each draw its rank from its stratum, the same ranks sorting would give', () => {
    const { draws, ranks } = sampleInput('A', rangeDistribution(normal, 15), 2000, 3, 'lhs');
    expect(Array.from(ranks)).toEqual(Array.from(rank(draws).ranks));
  });

  it('is what sets it apart from plain random draws, which leave strata empty and fill others twice', () => {
    const { p } = probabilities(streamOf(3, 'A'), 10_000, 'random');
    expect(strataHitOnce(p)).toBeLessThan(4500);
    const { draws, ranks } = sampleInput('A', rangeDistribution(normal, 15), 2000, 3, 'random');
    expect(Array.from(ranks)).toEqual(Array.from(rank(draws).ranks));
  });

  it('never gives a probability of 0 or 1, whose normal quantile is infinite', () => {
    for (const sampling of ['lhs', 'random'] as const) {
      const { p } = probabilities(streamOf(11, 'A'), 10_000, sampling);
      expect(p.every((value) => value > 0 && value < 1)).toBe(true);
    }
  });
});

describe('seeds', () => {
  const draws = (seed: number, name = 'A', sampling: 'lhs' | 'random' = 'lhs') => sampleInput(name, rangeDistribution(normal, 15), 1000, seed, sampling).draws;

  it('give byte-identical draws for the same seed', () => {
    expect(bytes(draws(42))).toEqual(bytes(draws(42)));
    expect(bytes(draws(42, 'A', 'random'))).toEqual(bytes(draws(42, 'A', 'random')));
  });

  it('give different draws for another seed, near or far, and for another input name', () => {
    const base = draws(42);
    for (const other of [draws(43), draws(42 + 2 ** 32), draws(-42), draws(42, 'B'), draws(42, 'a')]) {
      const same = base.filter((value, i) => value === other[i]).length;
      expect(same).toBeLessThan(5);
    }
  });

  it('are whole numbers', () => {
    expect(() => streamOf(1.5, 'A')).toThrow(/seed must be a whole number, got 1.5/);
  });
});

describe('a cache of draws', () => {
  const distribution = rangeDistribution(normal, 15);

  it('gives the draws it would have made, as copies the caller may change', () => {
    const cache = new DrawCache();
    const made = sampleInput('A', distribution, 1000, 5, 'lhs', cache);
    made.draws.fill(0);
    const again = sampleInput('A', distribution, 1000, 5, 'lhs', cache);
    expect(bytes(again.draws)).toEqual(bytes(sampleInput('A', distribution, 1000, 5, 'lhs').draws));
  });

  it('keys on everything that decides the draws: seed, name, count, sampling, range, bounds and mode', () => {
    const cache = new DrawCache();
    const first = sampleInput('A', distribution, 1000, 5, 'lhs', cache).draws;
    const variants = [
      sampleInput('A', distribution, 1000, 6, 'lhs', cache),
      sampleInput('B', distribution, 1000, 5, 'lhs', cache),
      sampleInput('A', distribution, 999, 5, 'lhs', cache),
      sampleInput('A', distribution, 1000, 5, 'random', cache),
      sampleInput('A', rangeDistribution({ ...normal, high: 21 }, 15), 1000, 5, 'lhs', cache),
      sampleInput('A', rangeDistribution(normal, 15, { max: 18 }), 1000, 5, 'lhs', cache),
      sampleInput('A', rangeDistribution({ ...normal, distribution: 'pert' }, 15), 1000, 5, 'lhs', cache),
    ];
    const pertAt16 = sampleInput('A', rangeDistribution({ ...normal, distribution: 'pert' }, 16), 1000, 5, 'lhs', cache);
    for (const variant of [...variants, pertAt16]) expect(bytes(variant.draws)).not.toEqual(bytes(first));
    expect(bytes(pertAt16.draws)).not.toEqual(bytes(variants[6]?.draws ?? new Float64Array()));
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const cache = new DrawCache(2500);
    const a = sampleInput('A', distribution, 1000, 5, 'lhs', cache).draws;
    sampleInput('B', distribution, 1000, 5, 'lhs', cache);
    sampleInput('C', distribution, 1000, 5, 'lhs', cache);
    expect(cache.get(sampleKey('A', distribution, 1000, 5, 'lhs'))).toBeUndefined();
    expect(cache.get(sampleKey('B', distribution, 1000, 5, 'lhs'))).toBeDefined();
    expect(cache.get(sampleKey('C', distribution, 1000, 5, 'lhs'))).toBeDefined();
    expect(bytes(sampleInput('A', distribution, 1000, 5, 'lhs', cache).draws)).toEqual(bytes(a));
  });
});
