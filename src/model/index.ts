/** What ui/ and cli/ may import from the model. */
export * from './address';
export * from './scenario';
export { Workbook, WorkbookError, WorkbookInTurn, evaluateScenario, isCellError, ENGINE_CONFIG } from './workbook/workbook';
export type { CellValue, CellError, CellChange, CellEdit, InputValue, OutputValue, SheetSize } from './workbook/workbook';
export * from './analysis/compare';
export * from './analysis/sweep';
export { arrayConstantProblem } from './formula/arrayConstant';
