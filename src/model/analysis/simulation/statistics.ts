/** Statistics of simulated values: summary and percentiles, threshold probabilities, histogram, rank correlation, paired comparison. */

export interface Summary {
  /** Points with a numeric value: the statistics are over these alone. */
  count: number;
  mean: number;
  /** Sample standard deviation (divides by count - 1); NaN for a single point. */
  sd: number;
  min: number;
  p5: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  max: number;
}

export interface Histogram {
  /** bins + 1 ascending edges; bin i holds the values from edges[i] up to edges[i + 1] (the last bin includes its top edge). */
  edges: Float64Array;
  counts: Uint32Array;
}

export interface ThresholdProbability {
  threshold: number;
  /** Shares of the numeric points above and below the threshold; a point equal to it counts in neither. */
  above: number;
  below: number;
}

/** The at-most-100-bin cap keeps a long-tailed output's chart readable and its message small. */
export const MAX_BINS = 100;

/** The numeric (finite) values: an error point is NaN in a column and is left out. The column itself when all are numbers. */
export function finiteValues(values: Float64Array): Float64Array {
  let count = 0;
  for (const value of values) if (Number.isFinite(value)) count += 1;
  if (count === values.length) return values;
  const kept = new Float64Array(count);
  let at = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    kept[at] = value;
    at += 1;
  }
  return kept;
}

/**
 * The p-quantile of ascending values by linear interpolation between order statistics at h = (n - 1)·p
 * (Hyndman and Fan's type 7: Excel's PERCENTILE.INC, NumPy's and R's default).
 */
export function percentile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const below = Math.floor(h);
  const lower = sorted[below] ?? Number.NaN;
  const upper = sorted[Math.min(n - 1, below + 1)] ?? lower;
  return lower + (h - below) * (upper - lower);
}

/** Mean, sample sd, extremes and percentiles of ascending finite values; undefined when there are none. */
export function summarise(sorted: Float64Array): Summary | undefined {
  const count = sorted.length;
  if (count === 0) return undefined;
  const min = sorted[0] ?? Number.NaN;
  const max = sorted[count - 1] ?? Number.NaN;
  // Neumaier's compensated sum, then clamped: a plain sum of 10,000 near-equal values drifted a few units
  // in the last place, so an almost constant output's mean fell just outside its own min and max.
  let sum = 0;
  let compensation = 0;
  for (const value of sorted) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  const mean = Math.min(max, Math.max(min, (sum + compensation) / count));
  // Two passes: the sum of squared deviations from the mean keeps its digits where sum-of-squares would not.
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;
  const at = (p: number) => percentile(sorted, p);
  return {
    count,
    mean,
    sd: count > 1 ? Math.sqrt(squares / (count - 1)) : Number.NaN,
    min,
    p5: at(0.05),
    p10: at(0.1),
    p25: at(0.25),
    p50: at(0.5),
    p75: at(0.75),
    p90: at(0.9),
    p95: at(0.95),
    max,
  };
}

/** The share of ascending values above and below `threshold`, found by binary search. */
export function thresholdProbability(sorted: Float64Array, threshold: number): ThresholdProbability {
  const n = sorted.length;
  if (n === 0) return { threshold, above: Number.NaN, below: Number.NaN };
  return { threshold, above: (n - upperBound(sorted, threshold)) / n, below: lowerBound(sorted, threshold) / n };
}

/**
 * Equal-width bins over [min, max], as many as the Freedman–Diaconis rule gives (width 2·IQR/n^(1/3), robust
 * to a long tail), at most MAX_BINS; Sturges' count (1 + log2 n) where the interquartile range is 0.
 */
export function histogram(sorted: Float64Array): Histogram {
  const n = sorted.length;
  const min = sorted[0];
  const max = sorted[n - 1];
  if (min === undefined || max === undefined) return { edges: new Float64Array(0), counts: new Uint32Array(0) };
  if (min === max) return { edges: Float64Array.of(min, max), counts: Uint32Array.of(n) };
  const iqr = percentile(sorted, 0.75) - percentile(sorted, 0.25);
  const bins = iqr > 0
    ? Math.min(MAX_BINS, Math.max(1, Math.ceil((max - min) / (2 * iqr * n ** (-1 / 3)))))
    : Math.min(MAX_BINS, Math.ceil(1 + Math.log2(n)));
  const width = (max - min) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i += 1) edges[i] = min + i * width;
  edges[bins] = max;
  const counts = new Uint32Array(bins);
  for (const value of sorted) {
    const bin = Math.min(bins - 1, Math.floor((value - min) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { edges, counts };
}

/** The first index whose value is not below `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index whose value is above `value`. */
function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A column less its mean, and its length as a vector: what a correlation needs of it, worked out once for all its pairings. */
export interface Centred {
  values: Float64Array;
  norm: number;
}

export function centred(column: Float64Array): Centred {
  let sum = 0;
  for (const value of column) sum += value;
  const mean = sum / column.length;
  const values = new Float64Array(column.length);
  let squares = 0;
  for (let i = 0; i < column.length; i += 1) {
    const deviation = (column[i] ?? 0) - mean;
    values[i] = deviation;
    squares += deviation * deviation;
  }
  return { values, norm: Math.sqrt(squares) };
}

/** Pearson's correlation of two equally long centred columns; 0 where either does not vary. */
export function correlation(a: Centred, b: Centred): number {
  if (!(a.norm > 0 && b.norm > 0)) return 0;
  const x = a.values;
  const y = b.values;
  let dot = 0;
  for (let i = 0; i < x.length; i += 1) dot += (x[i] ?? 0) * (y[i] ?? 0);
  return dot / (a.norm * b.norm);
}

/**
 * The share of draws where a > b, for two outputs drawn with common random numbers (the same seed and
 * input names), so draw i of each saw the same inputs. Draws where either is not a number are left out.
 */
export function pairedProbability(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new Error(`paired draws must be as many on each side, got ${a.length} and ${b.length}`);
  let pairs = 0;
  let wins = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? Number.NaN;
    const y = b[i] ?? Number.NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    pairs += 1;
    if (x > y) wins += 1;
  }
  return pairs === 0 ? Number.NaN : wins / pairs;
}
