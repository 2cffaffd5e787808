/** The functions a formula can call, as the engine registers them, each with its arguments and what it does, for the page's autocomplete. */
import { HyperFormula } from 'hyperformula';
import { FUNCTION_HELP } from './functionHelp';
import { registerExcelFunctions } from './functions';

export interface FunctionInfo {
  name: string;
  /** As Excel's documentation writes them: optional ones in brackets, `...` after an argument that repeats. */
  args: string[];
  description: string;
}

/** HyperFormula reads OFFSET while parsing, not through a plugin's parameters, so the engine lists none for it. */
const PARSED_SPECIALLY = new Set(['OFFSET']);

/** Every function name HyperFormula answers to once tradesheet's plugins are registered, in alphabetical order. */
function registeredFunctionNames(): string[] {
  registerExcelFunctions();
  return HyperFormula.getRegisteredFunctionNames('enGB').sort();
}

function argumentsOf(name: string): string[] {
  const args = FUNCTION_HELP[name]?.[0] ?? '';
  return args === '' ? [] : args.split(', ');
}

/** The registered functions with their help; a function without help (functionHelpProblems forbids one) is listed bare. */
export function functionCatalogue(): FunctionInfo[] {
  return registeredFunctionNames().map((name) => ({ name, args: argumentsOf(name), description: FUNCTION_HELP[name]?.[1] ?? '' }));
}

/** The engine's own count of a function's arguments: how many it needs, how many it takes, whether the last ones repeat. */
function engineArity(name: string): { required: number; total: number; repeats: boolean } {
  const plugin = HyperFormula.getFunctionPlugin(name);
  const canonical = plugin?.aliases?.[name] ?? name;
  const metadata = plugin?.implementedFunctions[canonical];
  const parameters = metadata?.parameters ?? [];
  const required = parameters.filter((parameter) => !parameter.optionalArg && parameter.defaultValue === undefined).length;
  return { required, total: parameters.length, repeats: (metadata?.repeatLastArgs ?? 0) > 0 };
}

/**
 * Where the help and the engine's registry disagree: a function without help, help for a function the
 * engine lacks, an argument the help calls optional that the engine needs, an argument or a repeat the
 * engine does not take. Excel's documentation may ask for more than the engine does (ROUND's num_digits).
 */
export function functionHelpProblems(): string[] {
  const names = registeredFunctionNames();
  const registered = new Set(names);
  const problems = names.filter((name) => !FUNCTION_HELP[name]?.[1]).map((name) => `${name} has no help`);
  problems.push(...Object.keys(FUNCTION_HELP).filter((name) => !registered.has(name)).map((name) => `${name} has help but the engine has no such function`));
  for (const name of names) {
    const args = argumentsOf(name);
    if (!FUNCTION_HELP[name] || PARSED_SPECIALLY.has(name)) continue;
    const engine = engineArity(name);
    const listed = args.filter((arg) => arg !== '...');
    const required = listed.filter((arg) => !arg.startsWith('[')).length;
    if (required < engine.required) problems.push(`${name}: the help asks for ${required} arguments, the engine for ${engine.required}`);
    if (!engine.repeats && (args.includes('...') || listed.length > engine.total)) problems.push(`${name}: the help lists more arguments than the engine takes (${engine.total})`);
    if (args[0] === '...' || listed.some((arg) => !/^\[?[a-z_][a-z0-9_’]*\]?$/i.test(arg))) problems.push(`${name}: "${args.join(', ')}" is not a list of argument names`);
  }
  return problems;
}
