/** The compiled evaluator for what-if analysis: a scenario's slice compiled once, evaluated for batches of points. */
export { compilePlan, evaluatePlan, evaluatePlanCells, type Plan } from './plan';
export { SUPPORTED_FUNCTIONS } from './functions';
export { ERROR_KINDS, errorKind, pointValue, type Batch, type BatchResult, type Column, type ColumnType, type ErrorKind, type PointValue, type Refusal } from './types';
