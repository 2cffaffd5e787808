/** An input's range as a probability distribution: its quantile function and CDF (from jStat), truncated to the input's min/max. */
import jStat from 'jstat';
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

/** The standard normal's 95th percentile: a 90 % interval spans 2·Z95 standard deviations. */
const Z95 = jStat.normal.inv(0.95, 0, 1);

function untruncated(kind: Distribution, low: number, high: number, mode: number): Untruncated {
  switch (kind) {
    case 'normal': {
      const mean = (low + high) / 2;
      const sd = (high - low) / (2 * Z95);
      return { inv: (p) => jStat.normal.inv(p, mean, sd), cdf: (x) => jStat.normal.cdf(x, mean, sd) };
    }
    case 'lognormal': {
      const mu = (Math.log(low) + Math.log(high)) / 2;
      const sigma = (Math.log(high) - Math.log(low)) / (2 * Z95);
      return { inv: (p) => jStat.lognormal.inv(p, mu, sigma), cdf: (x) => jStat.lognormal.cdf(x, mu, sigma) };
    }
    case 'uniform':
      return { inv: (p) => jStat.uniform.inv(p, low, high), cdf: (x) => jStat.uniform.cdf(x, low, high) };
    case 'triangular':
      return { inv: (p) => jStat.triangular.inv(p, low, high, mode), cdf: (x) => jStat.triangular.cdf(x, low, high, mode) };
    case 'pert': {
      // PERT is a beta on [low, high] whose mean is (low + 4·mode + high) / 6.
      const width = high - low;
      const alpha = 1 + (4 * (mode - low)) / width;
      const beta = 1 + (4 * (high - mode)) / width;
      return { inv: (p) => low + width * jStat.beta.inv(p, alpha, beta), cdf: (x) => jStat.beta.cdf((x - low) / width, alpha, beta) };
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
