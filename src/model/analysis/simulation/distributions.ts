/**
 * An input's range as a probability distribution: its quantile function and CDF (from stdlib), truncated to
 * the input's min/max. stdlib computes them with its own exp, log and pow, in plain arithmetic, so Node and
 * the browser draw the same bits; jStat went through Math.exp and Math.log, which V8 rounds differently from
 * one version to the next (Node 20 and Chromium 153 disagree in the last bit of about 1 call in 10).
 */
import erfcinv from '@stdlib/math-base-special-erfcinv';
import exp from '@stdlib/math-base-special-exp';
import ln from '@stdlib/math-base-special-ln';
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import lognormalCdf from '@stdlib/stats-base-dists-lognormal-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import triangularCdf from '@stdlib/stats-base-dists-triangular-cdf';
import triangularQuantile from '@stdlib/stats-base-dists-triangular-quantile';
import uniformCdf from '@stdlib/stats-base-dists-uniform-cdf';
import uniformQuantile from '@stdlib/stats-base-dists-uniform-quantile';
import { distributionOf, type Distribution, type InputRange } from '../../scenario';

/** The input's own limits (as on its definition): draws never fall outside them. */
export interface Bounds {
  min?: number | undefined;
  max?: number | undefined;
}

export interface InputDistribution {
  readonly kind: Distribution;
  /** Everything that decides the distribution, as text: equal keys, equal draws (DrawCache relies on it). */
  readonly key: string;
  /** The value at cumulative probability p in (0, 1) of the distribution truncated to the input's min/max. */
  quantile(p: number): number;
}

interface Untruncated {
  inv(p: number): number;
  cdf(x: number): number;
}

/**
 * The standard normal's quantile through erfcinv of 2p, as jStat and R compute it: stdlib's own normal
 * quantile goes through erfinv of 2p - 1, which rounds to -1 below p = 1e-17 (giving -Infinity) and loses
 * digits in the lower tail before that.
 */
const standardNormalQuantile = (p: number) => -Math.SQRT2 * erfcinv(2 * p);

/** The standard normal's 95th percentile: a 90 % interval spans 2·Z95 standard deviations. */
export const Z95 = standardNormalQuantile(0.95);

function untruncated(kind: Distribution, low: number, high: number, mode: number): Untruncated {
  switch (kind) {
    case 'normal': {
      const mean = (low + high) / 2;
      const sd = (high - low) / (2 * Z95);
      return { inv: (p) => mean + sd * standardNormalQuantile(p), cdf: normalCdf.factory(mean, sd) };
    }
    case 'lognormal': {
      const mu = (ln(low) + ln(high)) / 2;
      const sigma = (ln(high) - ln(low)) / (2 * Z95);
      return { inv: (p) => exp(mu + sigma * standardNormalQuantile(p)), cdf: lognormalCdf.factory(mu, sigma) };
    }
    case 'uniform':
      return { inv: uniformQuantile.factory(low, high), cdf: uniformCdf.factory(low, high) };
    case 'triangular':
      return { inv: triangularQuantile.factory(low, high, mode), cdf: triangularCdf.factory(low, high, mode) };
    case 'pert': {
      // PERT is a beta on [low, high] whose mean is (low + 4·mode + high) / 6.
      const width = high - low;
      const alpha = 1 + (4 * (mode - low)) / width;
      const beta = 1 + (4 * (high - mode)) / width;
      const inv = betaQuantile.factory(alpha, beta);
      const cdf = betaCdf.factory(alpha, beta);
      return { inv: (p) => low + width * inv(p), cdf: (x) => cdf((x - low) / width) };
    }
  }
}

const describeRange = (range: InputRange, kind: Distribution) => `${kind} range ${range.low} to ${range.high}`;

/**
 * The distribution an input's range describes (for normal and lognormal, low and high are the 5th and 95th
 * percentiles; for uniform, triangular and PERT the bounds), truncated to its min/max by drawing from the inverse CDF
 * on [F(min), F(max)], so no probability piles up at a bound. `value` is the input's current value, the
 * mode of triangular and PERT. The scenario format checks ranges too; this throws for the same faults so a
 * range that never went through a file (the page's editor, a test) cannot give nonsense draws.
 */
export function rangeDistribution(range: InputRange, value: number, bounds: Bounds = {}): InputDistribution {
  const { low, high } = range;
  const kind = distributionOf(range);
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error(`the range's low and high must be finite numbers, got ${low} and ${high}`);
  if (!(low < high)) throw new Error(`the range's low (${low}) must be below its high (${high})`);
  if (kind === 'lognormal' && !(low > 0)) throw new Error(`a lognormal range needs a positive low, got ${low}`);
  if ((kind === 'triangular' || kind === 'pert') && !(value >= low && value <= high)) {
    throw new Error(`the value ${value} is the mode of the ${describeRange(range, kind)}, so it must lie within it`);
  }
  const base = untruncated(kind, low, high, value);
  const { min, max } = bounds;
  if (min !== undefined && max !== undefined && !(min < max)) throw new Error(`min (${min}) must be below max (${max})`);
  const lowerP = min === undefined ? 0 : base.cdf(min);
  const upperP = max === undefined ? 1 : base.cdf(max);
  if (!(upperP > lowerP)) {
    throw new Error(`the ${describeRange(range, kind)} leaves no probability between the input's min ${min ?? '-∞'} and max ${max ?? '∞'}`);
  }
  const mass = upperP - lowerP;
  // The quantile of p = 0 or 1 is infinite; a probability that rounds there is held just inside.
  const largest = 1 - Number.EPSILON / 2;
  // The inverse CDF of F(min) can miss min by a rounding error; that much is clamped, nothing more.
  const floor = min ?? -Infinity;
  const ceiling = max ?? Infinity;
  const usesMode = kind === 'triangular' || kind === 'pert';
  return {
    kind,
    key: JSON.stringify([kind, low, high, usesMode ? value : null, min ?? null, max ?? null]),
    quantile: (p) => Math.min(ceiling, Math.max(floor, base.inv(Math.min(largest, Math.max(Number.MIN_VALUE, lowerP + p * mass))))),
  };
}
