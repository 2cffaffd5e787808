/**
 * What the page asks the engine worker: the presets and each one evaluated, as plain data that
 * crosses postMessage. It runs inside the worker, so it is the only UI module that reaches HyperFormula
 * (through the model); the page imports its types only.
 */
import {
  Workbook,
  formatIssue,
  parseCellAddress,
  type CellContent,
  type CellValue,
  type InputValue,
  type OutputValue,
  type ResolvedScenario,
  type ScenarioSource,
} from '../model';
import { parsePresetText, resolveWithPresets } from '../io/scenarioFile';

/** The JSON Schema lives beside the presets but is not one. */
const SCHEMA_FILE = 'scenarios/scenario.schema.json';

export interface ChainLink {
  id: string;
  name: string;
}

export interface PresetSummary {
  /** The file's id; for a file that does not parse, its file name without `.json`. */
  id: string;
  file: string;
  name: string;
  description: string;
  /** This preset, then the one it extends, up to the root scenario that holds the sheets. */
  chain: ChainLink[];
  /** Why the preset cannot be shown, one formatted issue each; empty when it is valid. */
  problems: string[];
}

/** A named input or output sitting in a sheet cell, so the grid can mark it. */
export interface NamedCell {
  row: number;
  col: number;
  name: string;
  label: string;
  kind: 'input' | 'output';
}

export interface SheetView {
  name: string;
  /** Evaluated values, a rectangle of the sheet's size. */
  values: CellValue[][];
  /** What each cell holds as written: a string beginning with "=" is a formula. */
  contents: CellContent[][];
  named: NamedCell[];
}

export interface PresetInput extends InputValue {
  /** The id of the preset in the chain whose `set` gives this value, or null when the root's sheet does. */
  setBy: string | null;
  /** The value in the scenario this one extends, before its own `set`; null for a root scenario. */
  parentValue: CellContent;
}

export interface PresetView {
  id: string;
  file: string;
  name: string;
  description: string;
  chain: ChainLink[];
  inputs: PresetInput[];
  outputs: OutputValue[];
  sheets: SheetView[];
}

export type OpenPresetResult = { ok: true; preset: PresetView } | { ok: false; problems: string[] };

export interface Engine {
  /** Every preset file: roots first, then the presets that extend them, then files that do not load; by file name within each. */
  listPresets(): PresetSummary[];
  openPreset(id: string): OpenPresetResult;
}

interface Entry {
  summary: PresetSummary;
  resolved: ResolvedScenario | undefined;
}

/** `texts` maps a file path such as `scenarios/baseline.json` to its text. */
export function createEngine(texts: Readonly<Record<string, string>>): Engine {
  const files = Object.keys(texts).filter((file) => file !== SCHEMA_FILE).sort();
  const sources: ScenarioSource[] = [];
  const parseProblems = new Map<string, string[]>();
  for (const file of files) {
    const parsed = parsePresetText(texts[file] ?? '', file);
    if (parsed.ok) sources.push(parsed.value);
    else parseProblems.set(file, parsed.issues.map(formatIssue));
  }
  const nameOf = (id: string) => sources.find((source) => source.scenario.id === id)?.scenario.name ?? id;

  const entries: Entry[] = files.map((file) => {
    const stem = file.replace(/^.*\//, '').replace(/\.json$/i, '');
    const problems = parseProblems.get(file);
    const source = sources.find((candidate) => candidate.file === file);
    if (problems || !source) {
      return { summary: { id: stem, file, name: stem, description: '', chain: [], problems: problems ?? [] }, resolved: undefined };
    }
    const { id, name, description } = source.scenario;
    const resolved = resolveWithPresets(source, sources);
    if (!resolved.ok) {
      const chain = [{ id, name }];
      return { summary: { id, file, name, description, chain, problems: resolved.issues.map(formatIssue) }, resolved: undefined };
    }
    const chain = resolved.value.chain.map((link) => ({ id: link, name: nameOf(link) }));
    return { summary: { id, file, name, description, chain, problems: [] }, resolved: resolved.value };
  });
  const rank = ({ summary }: Entry) => (summary.problems.length > 0 ? Number.MAX_SAFE_INTEGER : summary.chain.length);
  entries.sort((a, b) => rank(a) - rank(b) || a.summary.file.localeCompare(b.summary.file));

  const opened = new Map<string, OpenPresetResult>();

  function open({ summary, resolved }: Entry): OpenPresetResult {
    if (!resolved) return { ok: false, problems: summary.problems };
    try {
      return { ok: true, preset: evaluatePreset(summary, resolved, sources) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, problems: [`${summary.file}: the workbook could not be built: ${message}`] };
    }
  }

  return {
    listPresets: () => entries.map((entry) => entry.summary),
    openPreset(id) {
      const entry = entries.find((candidate) => candidate.summary.id === id);
      if (!entry) return { ok: false, problems: [`no preset with id "${id}"`] };
      const result = opened.get(id) ?? open(entry);
      opened.set(id, result);
      return result;
    },
  };
}

function evaluatePreset(summary: PresetSummary, resolved: ResolvedScenario, sources: readonly ScenarioSource[]): PresetView {
  const workbook = Workbook.open(resolved.scenario);
  try {
    const inputs = workbook.inputs().map((input) => ({
      ...input,
      setBy: setterOf(input.name, resolved.chain, sources),
      parentValue: resolved.chain.length > 1 ? inheritedValue(input, resolved.chain.slice(1), sources) : null,
    }));
    const outputs = workbook.outputs();
    const sheets = workbook.sheetNames().map((name) => ({
      name,
      values: workbook.sheetValues(name),
      contents: workbook.sheetContents(name),
      named: namedCells(name, inputs, outputs),
    }));
    const { id, file, name, description, chain } = summary;
    return { id, file, name, description, chain, inputs, outputs, sheets };
  } finally {
    workbook.destroy();
  }
}

/** The nearest scenario in the chain (this one first) that sets the input, or null for the root's own value. */
function setterOf(name: string, chain: readonly string[], sources: readonly ScenarioSource[]): string | null {
  for (const id of chain) {
    const scenario = sources.find((source) => source.scenario.id === id)?.scenario;
    if (scenario && 'set' in scenario && Object.hasOwn(scenario.set, name)) return id;
  }
  return null;
}

/** The input's value as the chain gives it: the nearest `set`, else what the root's sheet holds. */
function inheritedValue(input: InputValue, chain: readonly string[], sources: readonly ScenarioSource[]): CellContent {
  const setter = setterOf(input.name, chain, sources);
  const scenario = sources.find((source) => source.scenario.id === (setter ?? chain.at(-1)))?.scenario;
  if (!scenario) return null;
  if ('set' in scenario) return scenario.set[input.name] ?? null;
  const address = parseCellAddress(input.cell);
  return (address && scenario.sheets[address.sheet]?.[address.row]?.[address.col]) ?? null;
}

function namedCells(sheet: string, inputs: readonly InputValue[], outputs: readonly OutputValue[]): NamedCell[] {
  const named: NamedCell[] = [];
  const add = (kind: NamedCell['kind'], item: InputValue | OutputValue) => {
    const address = parseCellAddress(item.cell);
    if (address?.sheet === sheet) named.push({ row: address.row, col: address.col, name: item.name, label: item.label, kind });
  };
  inputs.forEach((input) => add('input', input));
  outputs.forEach((output) => add('output', output));
  return named;
}
