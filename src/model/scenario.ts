/**
 * The scenario file format and its validation: unknown JSON -> a typed scenario, or issues that name
 * the JSON path and what is wrong. Structure is checked by the zod schema (which also gives the JSON
 * Schema editors use); what a schema cannot say (sheet bounds, names, `extends` chains) is checked here.
 */
import { z } from 'zod';
import { parseCellAddress, formatLocalAddress, MAX_COLUMNS, MAX_ROWS, type CellAddress } from './address';
import { formatCodeProblem, mergeFormatRecords, parseFormatKey } from './formats';
import { cellContentProblem } from './formula/arrayConstant';

// Before any schema exists: zod's object fast path first probes for eval, which the page's Content-Security-Policy refuses and reports.
z.config({ jitless: true });

export const SCENARIO_TYPE = 'tradesheet-scenario';
export const SCENARIO_VERSION = 1;

const cellSchema = z.union([z.number(), z.string(), z.boolean(), z.null()], {
  // JSON.parse reads a numeral beyond the largest double, such as 1e400, as Infinity.
  error: (issue) => typeof issue.input === 'number'
    ? 'a number too large for a cell (beyond ±1.8e308)'
    : 'a cell must be a number, text (a formula when it begins with "="), true/false or null',
});
const sheetSchema = z.array(z.array(cellSchema, { error: 'a row must be an array of cells' }), {
  error: 'a sheet must be an array of rows',
});
const sourceSchema = z.union(
  [
    z.strictObject({
      article: z.strictObject({
        line: z.int().min(1).describe('line number in the source article'),
        quote: z.string().min(1).describe('the article\'s words, verbatim'),
      }),
    }),
    z.strictObject({ assumption: z.string().min(1).describe('why this number, when the article does not state it') }),
  ],
  { error: 'source must be { "article": { "line", "quote" } } or { "assumption": "why" }' },
);
export const DISTRIBUTIONS = ['normal', 'lognormal', 'uniform', 'triangular', 'pert'] as const;
const rangeSchema = z
  .strictObject({
    low: z.number().describe('normal, lognormal: the 5th percentile; uniform, triangular, pert: the lower bound'),
    high: z.number().describe('normal, lognormal: the 95th percentile; uniform, triangular, pert: the upper bound'),
    distribution: z
      .enum(DISTRIBUTIONS, { error: `distribution must be one of ${DISTRIBUTIONS.join(', ')}` })
      .optional()
      .describe('without it: lognormal when low > 0, normal otherwise; the mode of triangular and pert is the input\'s value'),
    source: sourceSchema,
  })
  .describe('how uncertain the input is: a 90 % interval (normal, lognormal) or bounds, with where that comes from');
const inputSchema = z.strictObject({
  cell: z.string().describe('the changing cell, such as "Autos!B3"'),
  label: z.string().min(1),
  unit: z.string().describe('"%" means the cell holds a fraction shown as a percentage'),
  source: sourceSchema,
  min: z.number().optional(),
  max: z.number().optional(),
  range: rangeSchema.optional(),
});
const setSchema = z.union([
  z.number(),
  z.strictObject({ value: z.number().optional(), range: rangeSchema.optional() }),
], { error: 'a set value must be a number, or { "value"?: number, "range"?: { "low", "high", … } }' });
const outputSchema = z.strictObject({
  cell: z.string().describe('the result cell, such as "Summary!B2"'),
  label: z.string().min(1),
  unit: z.string(),
});
const formatsSchema = z.record(z.string(), z.string());
const header = {
  $schema: z.string().optional(),
  type: z.literal(SCENARIO_TYPE, { error: `must be "${SCENARIO_TYPE}"` }),
  version: z.literal(SCENARIO_VERSION, { error: `must be ${SCENARIO_VERSION}` }),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id must be lower-case letters, digits and "-" (at most 64)'),
  name: z.string().min(1),
  description: z.string(),
};

export const fullScenarioSchema = z.strictObject({
  ...header,
  sheets: z.record(z.string(), sheetSchema).describe('sheet name -> rows of cells; a row may be shorter than others, the cells it lacks empty'),
  inputs: z.record(z.string(), inputSchema).describe('named changing cells; the names are usable in formulas'),
  outputs: z.record(z.string(), outputSchema).describe('named result cells'),
  formats: formatsSchema.optional().describe('a cell or range, such as "Summary!B4" or "Inputs!B2:B24", -> an Excel number format code, such as "#,##0" or "#,##0.00,,,\\" bn\\""; where ranges overlap, the later one wins; cells without one show as General, "%" units as percentages'),
});
export const extendingScenarioSchema = z.strictObject({
  ...header,
  extends: z.string().describe('id of the scenario this one starts from'),
  set: z.record(z.string(), setSchema).describe('input name -> the value this scenario gives it, or { value?, range? } to set its range too'),
  formats: formatsSchema.optional().describe('number formats this scenario adds to, or puts in place of, those of the scenario it extends (same keys as a full scenario\'s)'),
});
export const scenarioFileSchema = z.union([fullScenarioSchema, extendingScenarioSchema]);

export type CellContent = z.infer<typeof cellSchema>;
export type SheetData = CellContent[][];
export type Source = z.infer<typeof sourceSchema>;
export type InputRange = z.infer<typeof rangeSchema>;
export type Distribution = (typeof DISTRIBUTIONS)[number];
export type InputDefinition = z.infer<typeof inputSchema>;
export type OutputDefinition = z.infer<typeof outputSchema>;
export type FullScenario = z.infer<typeof fullScenarioSchema>;
export type ExtendingScenario = z.infer<typeof extendingScenarioSchema>;
export type ScenarioFile = FullScenario | ExtendingScenario;

/**
 * A sheet's number of columns: its widest row's length. Rows may be ragged, as in HyperFormula's own
 * sheets and hand-written files; the cells a shorter row lacks are empty.
 */
export function sheetWidth(rows: readonly (readonly unknown[])[]): number {
  let width = 0;
  for (const row of rows) if (row.length > width) width = row.length;
  return width;
}

export interface ResolvedScenario {
  /** The self-contained scenario: the root's sheets with every `set` of the chain written into them. */
  scenario: FullScenario;
  /** Ids from this scenario up to the root it extends. */
  chain: string[];
}

export interface ScenarioIssue {
  file: string;
  /** JSON path such as `sheets.Autos[3][2]`, or empty when the whole file is at fault. */
  path: string;
  message: string;
}

export function formatIssue(issue: ScenarioIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];
  constructor(issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ScenarioIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const RESERVED_NAMES = new Set(['TRUE', 'FALSE']);
const SHEET_NAME_FORBIDDEN = /[:\\/?*[\]]/;

/** Excel's rules for a defined name, which HyperFormula's named expressions follow. */
export function nameProblem(name: string): string | undefined {
  if (FORBIDDEN_KEYS.has(name)) return `"${name}" is not allowed as a name`;
  if (!/^[A-Za-z_][A-Za-z0-9_.]{0,254}$/.test(name)) {
    return `"${name}" is not a valid name: start with a letter or "_", then letters, digits, "_" or "."`;
  }
  if (RESERVED_NAMES.has(name.toUpperCase())) return `"${name}" is reserved`;
  if (/^[RrCc]$/.test(name)) return `"${name}" is reserved by Excel (row and column in R1C1 references)`;
  // HyperFormula reads any letters-then-digits as a cell reference, beyond Excel's XFD1048576.
  if (/^[A-Za-z]+[0-9]+$/.test(name) || /^[Rr][0-9]*[Cc][0-9]*$/.test(name)) return `"${name}" looks like a cell address`;
  return undefined;
}

/** Excel's rules for a sheet name. */
export function sheetNameProblem(name: string): string | undefined {
  if (FORBIDDEN_KEYS.has(name)) return `"${name}" is not allowed as a sheet name`;
  if (name.length === 0 || name.length > 31) return 'a sheet name must have 1 to 31 characters';
  if (SHEET_NAME_FORBIDDEN.test(name)) return `sheet name "${name}" must not contain : \\ / ? * [ ]`;
  if (name.startsWith("'") || name.endsWith("'")) return `sheet name "${name}" must not begin or end with '`;
  if (name.toLowerCase() === 'history') return '"History" is reserved by Excel';
  // HyperFormula writes a reference to such a sheet unquoted (=2025!A1) and then cannot read it back.
  if (/^[0-9]/.test(name)) return `sheet name "${name}" must not begin with a digit`;
  return undefined;
}

function zodIssues(error: z.ZodError, file: string): ScenarioIssue[] {
  return error.issues.map((issue) => ({ file, path: formatPath(issue.path), message: zodMessage(issue) }));
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type') {
    // A record is what JSON calls an object.
    const expected = issue.expected === 'record' || issue.expected === 'object' ? 'an object' : issue.expected;
    return issue.input === undefined ? `missing field (expected ${expected})` : `expected ${expected}, found ${describe(issue.input)}`;
  }
  return issue.message;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // A message quotes a value, not a megabyte of it.
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 40)}…" (${String(value).length} characters)` : text}`;
}

/** A file with thousands of bad cells gets the first problems and a count, not thousands of lines. */
export const MAX_REPORTED_ISSUES = 20;

function reported(issues: ScenarioIssue[], file: string): ScenarioIssue[] {
  if (issues.length <= MAX_REPORTED_ISSUES) return issues;
  const more = issues.length - MAX_REPORTED_ISSUES;
  return [...issues.slice(0, MAX_REPORTED_ISSUES), { file, path: '', message: `and ${more} more problem${more === 1 ? '' : 's'}` }];
}

/** The shape decides which schema speaks: a file with `extends` is judged as an extending scenario. */
export function parseScenario(data: unknown, file: string): ParseResult<ScenarioFile> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, issues: [{ file, path: '', message: `a scenario file must hold a JSON object, found ${describe(data)}` }] };
  }
  const forbidden = forbiddenKeyIssues(data, file);
  if (forbidden.length > 0) return { ok: false, issues: forbidden };
  const schema = 'extends' in data || 'set' in data ? extendingScenarioSchema : fullScenarioSchema;
  // Without the input, zod's issues cannot tell a mistyped field from a missing one.
  const parsed = schema.safeParse(data, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: reported(zodIssues(parsed.error, file), file) };
  const issues = 'extends' in parsed.data ? formatIssues(parsed.data.formats, file, undefined) : fullScenarioIssues(parsed.data, file);
  return issues.length > 0 ? { ok: false, issues: reported(issues, file) } : { ok: true, value: parsed.data };
}

/** Keys that would reach an object's prototype are refused before any copying happens (a shared link's wrapper too). */
export function forbiddenKeyIssues(data: object, file: string): ScenarioIssue[] {
  // Each visit links to its parent, so a path is built only for a key that is reported: copying it at
  // every level made a deeply nested file take quadratic time.
  interface Visit { value: unknown; key: PropertyKey; parent: Visit | undefined }
  const pathTo = (visit: Visit): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) path.unshift(at.key);
    return path;
  };
  const issues: ScenarioIssue[] = [];
  const stack: Visit[] = [{ value: data, key: '', parent: undefined }];
  for (let visit = stack.pop(); visit !== undefined && issues.length < 20; visit = stack.pop()) {
    const { value } = visit;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item === 'object' && item !== null) stack.push({ value: item, key: index, parent: visit });
      });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) issues.push({ file, path: formatPath([...pathTo(visit), key]), message: `"${key}" is not allowed as a key` });
      else stack.push({ value: (value as Record<string, unknown>)[key], key, parent: visit });
    }
  }
  return issues;
}

function fullScenarioIssues(scenario: FullScenario, file: string): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (path: PropertyKey[], message: string) => issues.push({ file, path: formatPath(path), message });
  const sheetsByLowerName = new Map<string, string>();
  for (const [sheet, rows] of Object.entries(scenario.sheets)) {
    const problem = sheetNameProblem(sheet);
    if (problem) add(['sheets', sheet], problem);
    const clash = sheetsByLowerName.get(sheet.toLowerCase());
    if (clash !== undefined) add(['sheets', sheet], `sheet name "${sheet}" repeats "${clash}" (names ignore case)`);
    sheetsByLowerName.set(sheet.toLowerCase(), sheet);
    // HyperFormula refuses a larger sheet with a message that names neither the sheet nor the limit.
    if (rows.length > MAX_ROWS) add(['sheets', sheet], `the sheet has ${rows.length} rows, more than Excel's ${MAX_ROWS}`);
    rows.forEach((row, index) => {
      if (row.length > MAX_COLUMNS) add(['sheets', sheet, index], `row has ${row.length} cells, more than Excel's ${MAX_COLUMNS} columns (A to XFD)`);
      row.forEach((content, col) => {
        const problem = cellContentProblem(content);
        if (problem) add(['sheets', sheet, index, col], `${formatLocalAddress(index, col)}: ${problem}`);
      });
    });
  }
  const sheetSize = (sheet: string) => {
    const rows = scenario.sheets[sheet];
    return rows && { rows: rows.length, cols: sheetWidth(rows) };
  };
  const locate = (path: PropertyKey[], text: string): CellAddress | undefined => {
    const address = parseCellAddress(text);
    if (!address) {
      add(path, `"${text}" is not a cell address such as "Autos!B3" or "'Rice quota'!C2"`);
      return undefined;
    }
    const size = Object.hasOwn(scenario.sheets, address.sheet) ? sheetSize(address.sheet) : undefined;
    if (!size) {
      add(path, `"${text}" names sheet "${address.sheet}", which the scenario does not have`);
      return undefined;
    }
    if (address.row >= size.rows || address.col >= size.cols) {
      const last = size.rows > 0 && size.cols > 0 ? `its last cell is ${formatLocalAddress(size.rows - 1, size.cols - 1)}` : 'it is empty';
      add(path, `"${text}" lies outside sheet "${address.sheet}" (${last})`);
      return undefined;
    }
    return address;
  };
  const namesByUpperCase = new Map<string, string>();
  const checkName = (kind: 'inputs' | 'outputs', name: string) => {
    const problem = nameProblem(name);
    if (problem) add([kind, name], problem);
    const clash = namesByUpperCase.get(name.toUpperCase());
    if (clash !== undefined) add([kind, name], `name "${name}" repeats "${clash}" (names ignore case, and inputs and outputs share them)`);
    namesByUpperCase.set(name.toUpperCase(), name);
  };
  for (const [name, input] of Object.entries(scenario.inputs)) {
    checkName('inputs', name);
    const address = locate(['inputs', name, 'cell'], input.cell);
    if (input.min !== undefined && input.max !== undefined && !(input.min < input.max)) {
      add(['inputs', name, 'max'], `max (${input.max}) must be greater than min (${input.min})`);
    }
    if (!address) continue;
    // Within the sheet but past a short row's end, the cell is empty.
    const content = scenario.sheets[address.sheet]?.[address.row]?.[address.col] ?? null;
    if (typeof content !== 'number') {
      add(['inputs', name, 'cell'], `input cell ${input.cell} must hold a number, found ${describe(content)}`);
    } else {
      const range = rangeProblem(input, content);
      if (range) add(['inputs', name, 'cell'], `${input.cell} holds ${content}, ${range}`);
      const spread = input.range && spreadProblem(input.range, content);
      if (spread) add(['inputs', name, 'range', spread.field], spread.message);
    }
  }
  for (const [name, output] of Object.entries(scenario.outputs)) {
    checkName('outputs', name);
    locate(['outputs', name, 'cell'], output.cell);
  }
  issues.push(...formatIssues(scenario.formats, file, scenario.sheets));
  return issues;
}

/**
 * What is wrong with a file's formats: a key that is no cell or range, a sheet the scenario lacks (when
 * `sheets` are known: an extending file's are checked once resolved), a code numfmt cannot read. A format
 * may lie past a sheet's last filled cell, as in Excel, for the cells typed there later.
 */
function formatIssues(formats: Readonly<Record<string, string>> | undefined, file: string, sheets: Readonly<Record<string, unknown>> | undefined): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  for (const [key, code] of Object.entries(formats ?? {})) {
    const add = (message: string) => issues.push({ file, path: formatPath(['formats', key]), message });
    const place = parseFormatKey(key);
    if (!place) add(`"${key}" is not a cell or range such as "Summary!B4", "Inputs!B2:B24" or "'Rice quota'!C2:C9"`);
    else if (sheets && !Object.hasOwn(sheets, place.sheet)) add(`"${key}" names sheet "${place.sheet}", which the scenario does not have`);
    const problem = formatCodeProblem(code);
    if (problem) add(problem);
  }
  return issues;
}

/** The distribution a range takes: its own, else lognormal when the whole interval is positive and normal otherwise (as Guesstimate reads "5 to 10"). */
export function distributionOf(range: InputRange): Distribution {
  return range.distribution ?? (range.low > 0 ? 'lognormal' : 'normal');
}

/** What is wrong with a range around an input whose value is `value`, and which field says it. */
function spreadProblem(range: InputRange, value: number): { field: 'high' | 'low' | 'distribution'; message: string } | undefined {
  if (!(range.low < range.high)) return { field: 'high', message: `high (${range.high}) must be greater than low (${range.low})` };
  const distribution = distributionOf(range);
  if (distribution === 'lognormal' && range.low <= 0) return { field: 'low', message: `a lognormal range needs low above 0, got ${range.low}` };
  if ((distribution === 'triangular' || distribution === 'pert') && (value < range.low || value > range.high)) {
    return { field: 'distribution', message: `a ${distribution} range has the input's value as its mode, and ${value} lies outside ${range.low} to ${range.high}` };
  }
  return undefined;
}

/**
 * What is wrong with a range given to an input whose value is `value`, in words, or undefined when it may
 * be set: its shape as the file format has it, then the rules spreadProblem checks. For a range set outside a file (the inputs panel).
 */
export function inputRangeProblem(range: unknown, value: number): string | undefined {
  const parsed = rangeSchema.safeParse(range, { reportInput: true });
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${zodMessage(issue)}`).join('; ');
  if (!Number.isFinite(parsed.data.low) || !Number.isFinite(parsed.data.high)) return 'low and high must be finite numbers';
  return spreadProblem(parsed.data, value)?.message;
}

function rangeProblem(input: InputDefinition, value: number): string | undefined {
  if (input.min !== undefined && value < input.min) return `below the input's min ${input.min}`;
  if (input.max !== undefined && value > input.max) return `above the input's max ${input.max}`;
  return undefined;
}

export interface ScenarioSource {
  scenario: ScenarioFile;
  /** Where it was read from, for messages. */
  file: string;
}

/**
 * Follows `extends` to a full scenario and writes each `set` into the input cells, root first.
 * `lookup` finds a scenario by id (a file beside the child, else a preset); it is the caller's I/O.
 */
export function resolveScenario(
  start: ScenarioSource,
  lookup: (id: string, from: ScenarioSource) => ScenarioSource | undefined,
): ParseResult<ResolvedScenario> {
  const path: ScenarioSource[] = [start];
  let current = start;
  while ('extends' in current.scenario) {
    const parentId = current.scenario.extends;
    const seenAt = path.findIndex((step) => step.scenario.id === parentId);
    if (seenAt >= 0) {
      const cycle = [...path.slice(seenAt), path[seenAt]].map((step) => step?.scenario.id).join(' -> ');
      return fail(current.file, 'extends', `extends cycle: ${cycle}`);
    }
    const parent = lookup(parentId, current);
    if (!parent) return fail(current.file, 'extends', `no scenario with id "${parentId}" beside this file or among the presets`);
    path.push(parent);
    current = parent;
  }
  const root = current.scenario;
  const sheets = Object.fromEntries(Object.entries(root.sheets).map(([name, rows]) => [name, rows.map((row) => [...row])]));
  const inputs = { ...root.inputs };
  let formats = root.formats;
  for (const step of path.slice(0, -1).reverse()) {
    if (!('set' in step.scenario)) continue;
    const stepFormats = formatIssues(step.scenario.formats, step.file, root.sheets);
    if (stepFormats.length > 0) return { ok: false, issues: stepFormats };
    formats = mergeFormatRecords(formats, step.scenario.formats);
    for (const [name, setting] of Object.entries(step.scenario.set)) {
      const input = Object.hasOwn(inputs, name) ? inputs[name] : undefined;
      if (!input) return fail(step.file, formatPath(['set', name]), `"${root.id}" has no input named "${name}"`);
      const address = parseCellAddress(input.cell);
      const row = address && sheets[address.sheet]?.[address.row];
      const value = typeof setting === 'number' ? setting : setting.value;
      if (value !== undefined) {
        const range = rangeProblem(input, value);
        if (range) return fail(step.file, formatPath(['set', name]), `${value} is ${range}`);
        if (address && row) row[address.col] = value;
      }
      if (typeof setting === 'object' && setting.range) inputs[name] = { ...input, range: setting.range };
    }
    // A value set here and a range set here or above must still fit together (a triangular mode inside its bounds).
    for (const name of Object.keys(step.scenario.set)) {
      const input = inputs[name];
      const address = input && parseCellAddress(input.cell);
      const content = address ? sheets[address.sheet]?.[address.row]?.[address.col] : undefined;
      const spread = input?.range && typeof content === 'number' ? spreadProblem(input.range, content) : undefined;
      if (spread) return fail(step.file, formatPath(['set', name]), spread.message);
    }
  }
  const { type, version, id, name, description } = start.scenario;
  const scenario: FullScenario = {
    $schema: root.$schema ?? './scenario.schema.json',
    type,
    version,
    id,
    name,
    description,
    sheets,
    inputs,
    outputs: root.outputs,
    ...(formats === undefined ? {} : { formats }),
  };
  return { ok: true, value: { scenario, chain: path.map((step) => step.scenario.id) } };
}

function fail(file: string, path: string, message: string): { ok: false; issues: ScenarioIssue[] } {
  return { ok: false, issues: [{ file, path, message }] };
}

/** The JSON Schema committed as scenarios/scenario.schema.json, for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioFileSchema, { target: 'draft-2020-12' }),
    $id: 'https://tradesheet.invalid/scenario.schema.json',
    title: 'tradesheet scenario',
    description: 'One what-if scenario of the 2025 US-Japan trade talks: sheets of cells and formulas, named inputs with their sources, named outputs; or a scenario that extends another and sets some of its inputs.',
  };
}
