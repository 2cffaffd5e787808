/**
 * The bench's results: each figure's measures judged against their targets, written as results.json
 * (for tools) and results.md (for people), and printed as a table. A target is never moved to turn a
 * MISS into a PASS: the targets live here and in the figure modules, beside the issue's words.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatBytes, formatMs, round, type Summary } from './measure';

/** PASS/MISS against a target; INFO is a raw figure with no target; ERROR is a run that failed. */
export type Status = 'PASS' | 'MISS' | 'INFO' | 'ERROR';
export type Unit = 'ms' | 'ratio' | 'bytes' | 'count';

export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Metric {
  /** Figure number and a letter, such as "3a". */
  key: string;
  label: string;
  value: number | null;
  unit: Unit;
  target?: Target;
  status: Status;
  /** One line: what the value is made of, or why it is missing. */
  note?: string;
}

export interface FigureResult {
  figure: number;
  title: string;
  metrics: Metric[];
  /** How it was measured, one sentence a line. */
  method: string[];
  /**
   * The raw measurements: every timing as a summary of its samples, other facts as numbers or text.
   * A key's suffix gives its unit: ...Ms milliseconds, ...Bytes bytes, ...Ratio a ratio.
   */
  raw: Record<string, Summary | number | string | boolean | null>;
  seconds: number;
  error?: string;
}

export interface BenchResults {
  generatedAt: string;
  quick: boolean;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  seconds: number;
  figures: FigureResult[];
}

export function judge(value: number | null, target: Target | undefined): Status {
  if (!target) return 'INFO';
  if (value === null || !Number.isFinite(value)) return 'ERROR';
  return (target.op === '<=' ? value <= target.value : value >= target.value) ? 'PASS' : 'MISS';
}

export function metric(key: string, label: string, value: number | null, unit: Unit, target?: Target, note?: string): Metric {
  // The value is judged as it is stored and printed: judged unrounded, a frame of 16.70004 ms read MISS beside a stored 16.7.
  const stored = value === null ? null : round(value, unit === 'ratio' ? 4 : 3);
  const result: Metric = { key, label, value: stored, unit, status: judge(stored, target) };
  if (target) result.target = target;
  if (note) result.note = note;
  return result;
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'ratio':
      return `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 3)}x`;
    case 'bytes':
      return formatBytes(value);
    default:
      return String(value);
  }
}

export function formatTarget(target: Target | undefined, unit: Unit): string {
  if (!target) return '';
  // Targets are round numbers: 1.2x, not 1.200x.
  const value = unit === 'ratio' ? `${target.value}x` : formatValue(target.value, unit);
  return `${target.op === '<=' ? '≤' : '≥'} ${value}`;
}

interface Row {
  key: string;
  label: string;
  value: string;
  target: string;
  status: string;
}

function rowsOf(results: BenchResults): Row[] {
  return results.figures.flatMap((figure) => {
    if (figure.error !== undefined && figure.metrics.length === 0) {
      return [{ key: String(figure.figure), label: figure.title, value: '—', target: '', status: 'ERROR' }];
    }
    return figure.metrics.map((m) => ({
      key: m.key,
      label: m.label,
      value: formatValue(m.value, m.unit),
      target: formatTarget(m.target, m.unit),
      status: m.status,
    }));
  });
}

/** The table printed at the end of a run: figure, measure, value, target, PASS/MISS. */
export function formatTable(results: BenchResults): string {
  const header: Row = { key: 'fig', label: 'measure', value: 'value', target: 'target', status: 'result' };
  const rows = [header, ...rowsOf(results)];
  const width = (pick: (row: Row) => string) => Math.max(...rows.map((row) => [...pick(row)].length));
  const widths = { key: width((r) => r.key), label: width((r) => r.label), value: width((r) => r.value), target: width((r) => r.target) };
  const pad = (text: string, size: number) => text + ' '.repeat(Math.max(0, size - [...text].length));
  const padLeft = (text: string, size: number) => ' '.repeat(Math.max(0, size - [...text].length)) + text;
  const line = (row: Row) =>
    `${pad(row.key, widths.key)}  ${pad(row.label, widths.label)}  ${padLeft(row.value, widths.value)}  ${pad(row.target, widths.target)}  ${row.status}`;
  const rule = '-'.repeat(widths.key + widths.label + widths.value + widths.target + 14);
  return [line(header), rule, ...rows.slice(1).map(line)].join('\n');
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const unitOfKey = (key: string): Unit => (key.endsWith('Ms') ? 'ms' : key.endsWith('Bytes') ? 'bytes' : key.endsWith('Ratio') ? 'ratio' : 'count');

function isSummary(value: unknown): value is Summary {
  return typeof value === 'object' && value !== null && 'median' in value && 'samples' in value;
}

/** A warning when other work shared the machine: the 1-minute load average above the number of cores. */
export function busyMachineWarning(results: BenchResults): string | undefined {
  const cores = Number(results.machine.cores) || 1;
  const loads = results.figures.flatMap((figure) => [figure.raw.loadAverageAtStart, figure.raw.loadAverageAtEnd]).filter((load): load is number => typeof load === 'number');
  const highest = Math.max(0, ...loads);
  // The bench itself keeps about one core busy (Chromium and its server more, in figure 7): allow for it.
  if (highest <= cores + 1) return undefined;
  return `The machine was busy: the 1-minute load average reached ${highest} on ${cores} cores while the bench ran (other processes competed for the CPU), so times are inflated and noisy; side-by-side ratios suffer least. Rerun on a quiet machine before acting on a MISS that is close to its target.`;
}

export function formatMarkdown(results: BenchResults): string {
  const out: string[] = [];
  out.push('# Benchmark results', '');
  const busy = busyMachineWarning(results);
  if (busy) out.push(`> **${busy}**`, '');
  out.push(
    `Run ${results.generatedAt}${results.quick ? ' in **quick mode** (tiny sizes: these numbers prove the bench works, not the targets)' : ''}, ` +
      `${round(results.seconds, 1)} s in all. Machine: ${Object.entries(results.machine).map(([k, v]) => `${k} ${v}`).join(', ')}. ` +
      `Versions: ${Object.entries(results.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    'Every time is the median of several runs (the raw samples are in results.json); every ratio compares two',
    'things measured side by side in the same run (each figure says how). Sizes use decimal units (1 kB = 1,000 bytes).',
    'PASS/MISS compare the value with the target of the issue; INFO is a raw figure with no target of its own.',
    '',
    '| fig | measure | value | target | result |',
    '|---|---|---:|---|---|',
  );
  for (const row of rowsOf(results)) {
    out.push(`| ${row.key} | ${escapeCell(row.label)} | ${row.value} | ${row.target} | ${row.status === 'MISS' ? '**MISS**' : row.status} |`);
  }
  for (const figure of results.figures) {
    out.push('', `## ${figure.figure}. ${figure.title}`, '');
    if (figure.error !== undefined) out.push(`**The run failed:** ${escapeCell(figure.error)}`, '');
    for (const line of figure.method) out.push(`- ${line}`);
    const notes = figure.metrics.filter((m) => m.note !== undefined);
    if (notes.length > 0) {
      out.push('');
      for (const m of notes) out.push(`- ${m.key}: ${m.note ?? ''}`);
    }
    const summaries = Object.entries(figure.raw).filter((entry): entry is [string, Summary] => isSummary(entry[1]));
    const facts = Object.entries(figure.raw).filter(([, value]) => !isSummary(value));
    if (summaries.length > 0) {
      out.push('', '| raw measurement | median | p95 | min | max | runs |', '|---|---:|---:|---:|---:|---:|');
      for (const [name, s] of summaries) {
        const unit = unitOfKey(name);
        const f = (value: number) => formatValue(value, unit);
        out.push(`| ${escapeCell(name)} | ${f(s.median)} | ${f(s.p95)} | ${f(s.min)} | ${f(s.max)} | ${s.runs} |`);
      }
    }
    if (facts.length > 0) {
      out.push('', '| fact | value |', '|---|---|');
      for (const [name, value] of facts) {
        const unit = unitOfKey(name);
        const shown = typeof value !== 'number' || unit === 'count' ? String(value) : unit === 'bytes' ? `${formatBytes(value)} (${value})` : formatValue(value, unit);
        out.push(`| ${escapeCell(name)} | ${escapeCell(shown)} |`);
      }
    }
    out.push('', `_${round(figure.seconds, 1)} s to measure._`);
  }
  return `${out.join('\n')}\n`;
}

export function writeResults(results: BenchResults, paths: { json: string; markdown: string }): void {
  mkdirSync(dirname(paths.json), { recursive: true });
  mkdirSync(dirname(paths.markdown), { recursive: true });
  writeFileSync(paths.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(paths.markdown, formatMarkdown(results));
}
