/** What ui/ and cli/ may import from the model. */
export * from './address';
export * from './scenario';
export { Workbook, WorkbookError, WorkbookInTurn, evaluateScenario, isCellError, ENGINE_CONFIG } from './workbook';
export type { CellValue, CellError, CellChange, CellEdit, InputValue, OutputValue, SheetSize } from './workbook';
export * from './compare';
export * from './sweep';
export { arrayConstantProblem } from './arrayConstant';
