/** Seeded draws for one input: Latin hypercube or plain random, from a stream that depends only on the seed and the input's name. */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { InputDistribution } from './distributions';
import { rank } from './ranking';

export type Sampling = 'lhs' | 'random';

export interface InputSample {
  /** The input's value at each point. */
  draws: Float64Array;
  /**
   * Each draw's rank among the input's draws, 1 to N: what Spearman's correlation needs. Under Latin
   * hypercube it is the draw's stratum plus one, for free; under plain random sampling it is counted.
   */
  ranks: Float64Array;
}

/** 32-bit FNV-1a over the UTF-16 code units of `text`, from `basis`. */
function fnv1a(text: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function mix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * The input's own generator: its 128-bit state hashed from the seed and the input's name alone, so an
 * input gets the same draws whatever other inputs the model has (common random numbers: two scenarios of
 * one run are paired draw by draw).
 */
export function streamOf(seed: number, name: string) {
  if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be a whole number, got ${seed}`);
  const seedLow = seed | 0;
  const seedHigh = Math.floor(seed / 0x100000000) | 0;
  const state = [0, 1, 2, 3].map((word) => mix(fnv1a(name, mix(seedLow ^ Math.imul(word + 1, 0x9e3779b9)) ^ seedHigh)));
  // xoroshiro128+ stays at zero from an all-zero state.
  return xoroshiro128plusFromState(state.some((word) => word !== 0) ? state : [1, 0, 0, 0]);
}

type Stream = ReturnType<typeof streamOf>;

/** A uniform on the open interval (0, 1): the middle of one of 2^53 equal cells, so never 0 or 1. */
const openUniform = (stream: Stream) => uniformFloat64(stream) + 2 ** -54;

/**
 * Cumulative probabilities for `count` points. Latin hypercube cuts [0, 1) into `count` equal strata, takes
 * one uniform in each and deals the strata to the points in a shuffled order (Fisher–Yates), so every part
 * of the distribution is drawn from once; plain random takes `count` independent uniforms.
 */
export function probabilities(stream: Stream, count: number, sampling: Sampling): { p: Float64Array; strata: Uint32Array | undefined } {
  const p = new Float64Array(count);
  if (sampling === 'random') {
    for (let i = 0; i < count; i += 1) p[i] = openUniform(stream);
    return { p, strata: undefined };
  }
  const strata = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) strata[i] = i;
  for (let i = count - 1; i > 0; i -= 1) {
    const j = uniformInt(stream, 0, i);
    const swap = strata[i] ?? 0;
    strata[i] = strata[j] ?? 0;
    strata[j] = swap;
  }
  for (let i = 0; i < count; i += 1) p[i] = ((strata[i] ?? 0) + openUniform(stream)) / count;
  return { p, strata };
}

/**
 * Draws kept from one simulation to the next, by everything that decides them. The quantile functions
 * are much of a simulation's time (~0.1 µs a normal draw, ~6 µs a PERT one, whose beta quantile stdlib
 * finds by iteration), and a re-run after an edit, or the other scenario of a comparison, mostly draws
 * the same inputs again. Held in the caller (the worker keeps one), not in a module, so nothing is shared unseen.
 */
export class DrawCache {
  private readonly samples = new Map<string, InputSample>();
  private held = 0;

  /** `capacity` draws at most (16 bytes each with their ranks); the oldest go first. */
  constructor(private readonly capacity = 1_000_000) {}

  get(key: string): InputSample | undefined {
    return this.samples.get(key);
  }

  set(key: string, sample: InputSample): void {
    if (sample.draws.length > this.capacity || this.samples.has(key)) return;
    for (const [oldest, old] of this.samples) {
      if (this.held + sample.draws.length <= this.capacity) break;
      this.samples.delete(oldest);
      this.held -= old.draws.length;
    }
    this.samples.set(key, sample);
    this.held += sample.draws.length;
  }
}

/** Copies, so a caller that transfers or changes its arrays leaves the cached ones whole. */
const copied = (sample: InputSample): InputSample => ({ draws: sample.draws.slice(), ranks: sample.ranks.slice() });

/** What a cache knows a sample by: everything that decides its draws. */
export const sampleKey = (name: string, distribution: InputDistribution, count: number, seed: number, sampling: Sampling): string =>
  JSON.stringify([seed, name, count, sampling, distribution.key]);

/** `count` draws of one input from its distribution, with their ranks; from `cache` when it holds them. */
export function sampleInput(name: string, distribution: InputDistribution, count: number, seed: number, sampling: Sampling, cache?: DrawCache): InputSample {
  const key = sampleKey(name, distribution, count, seed, sampling);
  const cached = cache?.get(key);
  if (cached) return copied(cached);
  const { p, strata } = probabilities(streamOf(seed, name), count, sampling);
  const draws = new Float64Array(count);
  for (let i = 0; i < count; i += 1) draws[i] = distribution.quantile(p[i] ?? 0);
  let ranks: Float64Array;
  if (strata) {
    // A quantile function rises with p, so the stratum order is the draws' order (ties would need two strata
    // to round to one double, which a continuous distribution over 10,000 strata does not do).
    ranks = new Float64Array(count);
    for (let i = 0; i < count; i += 1) ranks[i] = (strata[i] ?? 0) + 1;
  } else {
    ranks = rank(draws).ranks;
  }
  cache?.set(key, copied({ draws, ranks }));
  return { draws, ranks };
}
