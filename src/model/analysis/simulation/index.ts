/** Monte Carlo simulation on the model: what ui/, engine/ and cli/ may import of it. */
export { rangeDistribution, type Bounds, type InputDistribution } from './distributions';
export { rank, type Ranked } from './ranking';
export { DrawCache, sampleInput, streamOf, type InputSample, type Sampling } from './sampling';
export { MAX_BINS, histogram, pairedProbability, percentile, summarise, thresholdProbability, type Histogram, type Summary, type ThresholdProbability } from './statistics';
export {
  DEFAULT_SAMPLES, DEFAULT_SEED, MAX_SAMPLES, simulate, simulationBuffers,
  type RangeTornadoBar, type Sensitivity, type SimulatedInput, type SimulatedOutput, type Simulation, type SimulationOptions,
} from './simulate';
