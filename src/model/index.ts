/** What ui/ and cli/ may import from the model. */
export * from './address';
export * from './scenario';
export * from './formats';
export { isCellError } from './values';
export type { CellValue, CellError, CellChange, CellEdit, InputValue, OutputValue, SheetSize } from './values';
export { Workbook, WorkbookError, WorkbookInTurn, evaluateScenario, ENGINE_CONFIG } from './workbook';
export * from './analysis/compare';
export * from './analysis/sweep';
export { basePoints, trialsOf, type EvaluationPath, type Points, type TrialOptions, type Trials } from './analysis/trials';
export { compilePlan, evaluatePlan, evaluatePlanCells, pointValue, type Batch, type BatchResult, type Column, type Plan, type Refusal } from './analysis/plan';
export { arrayConstantProblem } from './formula/arrayConstant';
export * from './analysis/simulation';
