/** HyperFormula 3.5.0's bugs worked around: each mend says which bug it works around and why (the README's bug list points here). */
import { HyperFormula, CellError as EngineError, ErrorType } from 'hyperformula';
import { ENGINE_CONFIG } from './config';
import { registerExcelFunctions, wildcardSource } from './functions';

const OFFSET_CALL = /OFFSET\s*\(/i;
let spare: HyperFormula | undefined;

/** An empty engine kept for what needs one but no workbook: its classes to mend, formulas to read beforehand. */
function spareEngine(): HyperFormula {
  // The plugins are registered before the first engine is built (this one, or the first workbook's).
  registerExcelFunctions();
  spare ??= HyperFormula.buildEmpty(ENGINE_CONFIG);
  return spare;
}

/**
 * HyperFormula 3.5.0's parser turns OFFSET into a range as it reads it, and throws on an OFFSET with fewer
 * than three arguments ("Cannot read properties of undefined (reading 'type')") instead of keeping the text
 * as a formula it cannot read: a build holding one failed whole. Only formulas naming OFFSET are read
 * beforehand (reading every formula of a large import twice would cost seconds).
 */
export function parserFailure(formula: string): string | undefined {
  if (!OFFSET_CALL.test(formula)) return undefined;
  try {
    spareEngine().validateFormula(formula);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `the formula engine fails to read this formula ("${message}"); OFFSET takes a reference, rows and columns, as in Excel`;
  }
}

/** The parts of HyperFormula's private undo history (UndoRedo in hyperformula/es/UndoRedo.mjs) the guard below relies on. */
interface UndoEntryInternals {
  getReferencedOldDataVersions(): readonly number[];
}
interface UndoHistoryInternals {
  cleanupOldDataForEntries(discarded: readonly UndoEntryInternals[], retained: readonly UndoEntryInternals[]): void;
}

function undoHistoryOf(engine: HyperFormula): UndoHistoryInternals | undefined {
  const crudOperations: unknown = Reflect.get(engine, '_crudOperations');
  if (typeof crudOperations !== 'object' || crudOperations === null) return undefined;
  const undoRedo: unknown = Reflect.get(crudOperations, 'undoRedo');
  if (typeof undoRedo !== 'object' || undoRedo === null) return undefined;
  return typeof Reflect.get(undoRedo, 'cleanupOldDataForEntries') === 'function' ? (undoRedo as UndoHistoryInternals) : undefined;
}

/**
 * HyperFormula 3.5 frees the undo data of discarded history entries (cleanupOldDataForEntries, from the leak
 * fix of handsontable/hyperformula#1638) by first collecting the data versions every kept entry refers to:
 * a walk over the whole undo history and the open batch. It does so on every edit, to clear the redo
 * stack (empty or not), and each time a full history drops its oldest entry; with 100 undo steps, 12
 * batches of 1,000 edits ran ~10x slower than without history (bench figure 3g). When the discarded
 * entries refer to no data version (an empty redo stack, a dropped plain edit) the walk frees nothing,
 * so it is skipped. The history is private: when its shape is not the one above this changes nothing,
 * and test/model/workbook.test.ts fails.
 */
export function skipUndoCleanupsThatFreeNothing(engine: HyperFormula): void {
  const history = undoHistoryOf(engine);
  if (!history) return;
  const cleanup = history.cleanupOldDataForEntries.bind(history);
  history.cleanupOldDataForEntries = (discarded, retained) => {
    if (discarded.some((entry) => entry.getReferencedOldDataVersions().length > 0)) cleanup(discarded, retained);
  };
}

/** The parts of HyperFormula's private DependencyGraph and Evaluator (hyperformula/es/) the mends below wrap. */
interface ArrayLookupInternals {
  getArray(range: unknown): { array: unknown } | undefined;
}
interface EvaluatorInternals {
  evaluateAstToCellValue(ast: unknown, state: unknown): unknown;
}

function hasMethod(target: unknown, name: string): boolean {
  return typeof target === 'object' && target !== null && typeof Reflect.get(target, name) === 'function';
}

function isArrayLookup(target: unknown): target is ArrayLookupInternals {
  return hasMethod(target, 'getArray');
}

function isEvaluator(target: unknown): target is EvaluatorInternals {
  return hasMethod(target, 'evaluateAstToCellValue');
}

let hyperFormulaMended = false;

/**
 * Two mends to HyperFormula 3.5.0's classes, made once and before any build, since a build evaluates
 * before an instance could be changed. An exception inside the evaluation of one formula stopped the
 * whole build or edit: the edit halfway, its content written and the values around it stale, and a
 * workbook holding the formula could not be built, so work saved after it would not open again.
 */
export function mendHyperFormula(): void {
  if (hyperFormulaMended) return;
  hyperFormulaMended = true;
  const graph: unknown = Object.getPrototypeOf(spareEngine().dependencyGraph);
  const evaluator: unknown = Object.getPrototypeOf(spareEngine().evaluator);
  if (isArrayLookup(graph)) readErroredArraysAsTheirError(graph);
  if (isEvaluator(evaluator)) keepFormulaFailuresInTheirCell(evaluator);
  const interpreter: unknown = Reflect.get(spareEngine().evaluator, 'interpreter');
  const arithmetic: unknown = typeof interpreter === 'object' && interpreter !== null ? Reflect.get(interpreter, 'arithmeticHelper') : undefined;
  const helper: unknown = typeof arithmetic === 'object' && arithmetic !== null ? Object.getPrototypeOf(arithmetic) : undefined;
  if (isRegexBuilder(helper)) readQuestionMarkAsOneCharacter(helper);
}

/** The part of HyperFormula's private ArithmeticHelper (hyperformula/es/interpreter/ArithmeticHelper.mjs) the mend below wraps. */
interface RegexBuilderInternals {
  buildRegex(pattern: string, matchWholeCell?: boolean): RegExp;
  normalizeString(text: string): string;
}

function isRegexBuilder(target: unknown): target is RegexBuilderInternals {
  return hasMethod(target, 'buildRegex') && hasMethod(target, 'normalizeString');
}

/**
 * HyperFormula turns the wildcard ? into the regular expression .? (any one character or none), so
 * COUNTIF(A1:A9,"?a*") counted "apple"; in Excel ? is exactly one character. With wildcards on and
 * regular expressions off (the settings here) the criterion's expression is built as Excel reads it;
 * otherwise HyperFormula's own is kept.
 */
function readQuestionMarkAsOneCharacter(helper: RegexBuilderInternals): void {
  const buildRegex = helper.buildRegex;
  helper.buildRegex = function (this: RegexBuilderInternals, pattern: string, matchWholeCell = true) {
    const config: unknown = Reflect.get(this, 'config');
    const setting = (name: string): unknown => (typeof config === 'object' && config !== null ? Reflect.get(config, name) : undefined);
    if (setting('useRegularExpressions') !== false || setting('useWildcards') !== true) return buildRegex.call(this, pattern, matchWholeCell);
    const source = wildcardSource(this.normalizeString(pattern));
    return setting('matchWholeCell') !== false && matchWholeCell ? new RegExp(`^(${source})$`) : new RegExp(source);
  };
}

/**
 * A formula that refers to exactly the cells an array formula spills into, while that array's result is
 * an error (=A1:B2*2 typed into A1, a circular reference; MMULT of sizes that do not fit), threw "Unknown
 * array": the interpreter, the only caller of getArray, knows an array that holds values and one that is
 * a CellError, not the ErroredArray such a formula holds. Handed the array's error, the referring formula
 * shows it, as HyperFormula already does for an array that is a CellError.
 */
function readErroredArraysAsTheirError(graph: ArrayLookupInternals): void {
  const getArray = graph.getArray;
  graph.getArray = function (this: unknown, range: unknown) {
    const vertex = getArray.call(this, range);
    const array = vertex?.array;
    const error: unknown = typeof array === 'object' && array !== null ? Reflect.get(array, 'error') : undefined;
    return error instanceof EngineError ? { array: error } : vertex;
  };
}

/**
 * Any other exception while one formula is evaluated (FIND over arrays of different sizes reads a text
 * that is not there) becomes a #VALUE! in that formula's cell, with the engine's message, as a
 * spreadsheet shows an error where one formula fails and computes the rest.
 */
function keepFormulaFailuresInTheirCell(evaluator: EvaluatorInternals): void {
  const evaluate = evaluator.evaluateAstToCellValue;
  evaluator.evaluateAstToCellValue = function (this: unknown, ast: unknown, state: unknown) {
    try {
      return evaluate.call(this, ast, state);
    } catch (error) {
      return new EngineError(ErrorType.VALUE, `The formula engine failed on this formula: ${error instanceof Error ? error.message : String(error)}.`);
    }
  };
}
