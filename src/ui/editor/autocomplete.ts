/**
 * Autocomplete for formulas: the engine's function catalogue (asked once per page), the choices for the
 * name being typed (functions, and the scenario's named inputs and outputs) and the signature of the call
 * the caret is in, with its current argument.
 */
import type { FunctionInfo } from '../../model/workbook/functionCatalogue';
import type { EngineClient } from '../engineClient';
import { callAtCaret, markedArgument } from './formulaText';

export interface Suggestion {
  kind: 'function' | 'input' | 'output';
  name: string;
  description: string;
  /** What accepting it writes in place of the name typed so far. */
  insert: string;
}

export interface Signature {
  name: string;
  args: readonly string[];
  /** The argument the caret is in, or -1 past the last one. */
  marked: number;
}

export interface NamedCell {
  kind: 'input' | 'output';
  name: string;
  label: string;
}

let catalogue: Promise<FunctionInfo[]> | undefined;

/** The engine's functions, asked for once; a failed ask is asked again next time. */
export function loadCatalogue(engineCall: <T>(call: (engine: EngineClient) => Promise<T>) => Promise<T>): Promise<FunctionInfo[]> {
  catalogue ??= engineCall((engine) => engine.functionCatalogue()).catch((error: unknown) => {
    catalogue = undefined;
    throw error;
  });
  return catalogue;
}

/** The functions and named cells whose names begin with what was typed, in alphabetical order. */
export function suggestionsFor(prefix: string, functions: readonly FunctionInfo[], named: readonly NamedCell[]): Suggestion[] {
  const start = prefix.toUpperCase();
  const fromFunctions = functions
    .filter((entry) => entry.name.startsWith(start))
    .map((entry): Suggestion => ({ kind: 'function', name: entry.name, description: entry.description, insert: `${entry.name}(` }));
  const fromNames = named
    // A name typed out in full has nothing left to complete.
    .filter((entry) => entry.name.toUpperCase().startsWith(start) && entry.name !== prefix)
    .map((entry): Suggestion => ({ kind: entry.kind, name: entry.name, description: `${entry.kind === 'input' ? 'Input' : 'Output'}: ${entry.label}`, insert: entry.name }));
  return [...fromFunctions, ...fromNames].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}

/** The signature to show for the call the caret is in, if the engine knows the function. */
export function signatureAt(text: string, caret: number, functions: readonly FunctionInfo[]): Signature | undefined {
  const call = callAtCaret(text, caret);
  if (!call) return undefined;
  const entry = functions.find((candidate) => candidate.name === call.name);
  return entry && { name: entry.name, args: entry.args, marked: markedArgument(entry.args, call.argument) };
}
