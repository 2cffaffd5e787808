/**
 * The preset scenarios that ship with the page: each file read and validated, resolved through the presets
 * it extends, and listed roots first; and who in a chain of presets sets each input.
 */
import { formatIssue, type ResolvedScenario, type ScenarioFile, type ScenarioSource } from '../model';
import { parsePresetText, resolveWithPresets } from '../io/scenarioFile';
import type { PresetSummary } from '../shared/messages';
import type { DocMeta } from './session/docSession';

/** The JSON Schema lives beside the presets but is not one. */
const SCHEMA_FILE = 'scenarios/scenario.schema.json';

export interface PresetEntry {
  summary: PresetSummary;
  /** Undefined when the file does not load: `summary.problems` says why. */
  resolved: ResolvedScenario | undefined;
}

export interface Presets {
  /** Roots first, then the presets that extend them, then the files that do not load. */
  entries: PresetEntry[];
  /** The files that parse, for a scenario that extends one of them to resolve against. */
  sources: ScenarioSource[];
}

/** `texts` maps a file path such as `scenarios/baseline.json` to its text. */
export function readPresets(texts: Readonly<Record<string, string>>): Presets {
  const files = Object.keys(texts).filter((file) => file !== SCHEMA_FILE).sort();
  const sources: ScenarioSource[] = [];
  const parseProblems = new Map<string, string[]>();
  for (const file of files) {
    const parsed = parsePresetText(texts[file] ?? '', file);
    if (parsed.ok) sources.push(parsed.value);
    else parseProblems.set(file, parsed.issues.map(formatIssue));
  }
  const entries: PresetEntry[] = files.map((file) => {
    const stem = file.replace(/^.*\//, '').replace(/\.json$/i, '');
    const problems = parseProblems.get(file);
    const source = sources.find((candidate) => candidate.file === file);
    if (problems || !source) {
      return { summary: { id: stem, file, name: stem, description: '', chain: [], problems: problems ?? [] }, resolved: undefined };
    }
    const { id, name, description } = source.scenario;
    const resolved = resolveWithPresets(source, sources);
    if (!resolved.ok) {
      return { summary: { id, file, name, description, chain: [{ id, name }], problems: resolved.issues.map(formatIssue) }, resolved: undefined };
    }
    const chain = resolved.value.chain.map((link) => ({ id: link, name: nameOf(link, sources) }));
    return { summary: { id, file, name, description, chain, problems: [] }, resolved: resolved.value };
  });
  const rank = ({ summary }: PresetEntry) => (summary.problems.length > 0 ? Number.MAX_SAFE_INTEGER : summary.chain.length);
  entries.sort((a, b) => rank(a) - rank(b) || a.summary.file.localeCompare(b.summary.file));
  return { entries, sources };
}

/** A preset's name by its id, or the id of one there is no file for. */
export function nameOf(id: string, sources: readonly ScenarioSource[]): string {
  return sources.find((source) => source.scenario.id === id)?.scenario.name ?? id;
}

/** What a session of the preset as it ships says about itself. */
export function presetMeta(entry: PresetEntry, sources: readonly ScenarioSource[]): DocMeta {
  const { id, name, description, chain } = entry.summary;
  return {
    docId: id,
    kind: 'preset',
    id,
    name,
    description,
    chain,
    baseName: `the preset “${name}”`,
    setBy: entry.resolved ? setters(entry.resolved, (link) => sources.find((source) => source.scenario.id === link)?.scenario) : {},
  };
}

/** Input name -> the nearest scenario of the chain whose `set` gives it its value (`selfId` renames the first). */
export function setters(resolved: ResolvedScenario, lookup: (id: string) => ScenarioFile | undefined, selfId?: string): Record<string, string> {
  const setBy: Record<string, string> = {};
  if (resolved.chain.length <= 1) return setBy;
  resolved.chain.forEach((id, position) => {
    const scenario = lookup(id);
    if (!scenario || !('set' in scenario)) return;
    for (const name of Object.keys(scenario.set)) setBy[name] ??= position === 0 && selfId !== undefined ? selfId : id;
  });
  return setBy;
}
