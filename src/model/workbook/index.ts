/** The workbook folder's face: what the rest of the model, the worker and the command line use of HyperFormula's side. */
export { ENGINE_CONFIG } from './config';
export { Workbook, WorkbookError } from './workbook';
export { WorkbookInTurn, evaluateScenario } from './evaluate';
