/** Types for the few jStat 1.9.6 functions the simulation tests use as an independent reference (the package ships none). */
declare module 'jstat' {
  /** A continuous distribution's inverse CDF and CDF, with its parameters after the probability or point. */
  interface Continuous<Parameters extends number[]> {
    inv(p: number, ...parameters: Parameters): number;
    cdf(x: number, ...parameters: Parameters): number;
  }
  interface JStat {
    /** (mean, sd) */
    normal: Continuous<[mean: number, sd: number]>;
    /** (mu, sigma) of the logarithm */
    lognormal: Continuous<[mu: number, sigma: number]>;
    /** (a, b) */
    uniform: Continuous<[a: number, b: number]>;
    /** (a, b, c): bounds a and b, mode c */
    triangular: Continuous<[a: number, b: number, c: number]>;
    /** (alpha, beta) on [0, 1] */
    beta: Continuous<[alpha: number, beta: number]>;
  }
  const jStat: JStat;
  export default jStat;
}
