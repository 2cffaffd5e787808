/**
 * Figure 4, CSV export: a 1,000,000-cell sheet through src/io/csv.ts against a bare Papa.unparse of the
 * same array (target: ratio <= 1.2), and the memory the command line's export to a file takes at its
 * peak (target: <= 2 x the CSV's size), measured in a fresh process.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Papa from 'papaparse';
import type { CellValue } from '../src/model';
import { sheetValuesToCsv, sheetValuesToCsvChunks } from '../src/io/csv';
import { writeTextInPieces } from '../src/cli/export';
import { runChild, type Figure } from './context';
import { formatMs, median, seededRandom, sideBySide, summarize, type Summary } from './measure';
import { metric } from './report';

export const CSV_SHEET = { rows: 100_000, cols: 10, seed: 4_2025 };
const CATEGORIES = ['Passenger cars', 'Auto parts', 'Rice', 'Soybeans', 'Aircraft', 'Beef'];

/**
 * A sheet's values as Workbook.sheetValues returns them, 10 columns wide: an item number, units, a
 * price, five computed doubles at full precision (the bulk of any evaluated sheet), a category name,
 * and a column with an empty cell on every 20th row.
 */
export function csvSheetValues(rows: number, cols = CSV_SHEET.cols, seed = CSV_SHEET.seed): CellValue[][] {
  const random = seededRandom(seed);
  const grid: CellValue[][] = [];
  for (let r = 0; r < rows; r += 1) {
    const row: CellValue[] = [r + 1, 1 + Math.floor(random() * 5000), Math.round(random() * 1e9) / 100];
    for (let c = 3; c < cols - 2; c += 1) row.push(random() * 10 ** (c - 6));
    row.push(CATEGORIES[Math.floor(random() * CATEGORIES.length)] ?? '');
    row.push(r % 20 === 0 ? null : random() * 1e6);
    grid.push(row.slice(0, cols));
  }
  return grid;
}

/** What src/io/csv.ts writes is RFC 4180 with CRLF after every record; the bare call is asked for the same. */
export function bareUnparse(grid: CellValue[][]): string {
  return `${Papa.unparse(grid, { newline: '\r\n' })}\r\n`;
}

/**
 * 'streamed': the command line's path, sheetValuesToCsvChunks written to the file as it goes; 'csv.ts':
 * the one-shot sheetValuesToCsv, the text then the file; 'Papa.unparse': the bare call, for comparison.
 */
const MEMORY_MODES = ['streamed', 'csv.ts', 'Papa.unparse'] as const;

export interface MemoryInChildResult {
  mode: (typeof MEMORY_MODES)[number];
  cells: number;
  csvBytes: number;
  exportMs: number;
  baseRssBytes: number;
  /** Highest RSS a sampling thread saw while the export ran, less the RSS before it ('streamed': the file written included). */
  peakRssIncreaseBytes: number;
  /** The same, the text written to a file afterwards included (which flattens the string); 'streamed' wrote it already. */
  peakRssIncreaseWithWriteBytes: number;
  /** heapUsed right after the export, before any collection, less heapUsed before it: everything it allocated and V8 had not yet collected. */
  heapUsedIncreaseBytes: number;
  /** heapUsed after a full collection with the text still held, less before: what the result itself keeps. */
  retainedHeapBytes: number;
  samples: number;
}

/** Samples the whole process's RSS every millisecond from a thread of its own, while the main thread is busy. */
function startRssSampler(): { stop: () => Promise<{ peak: number; samples: number }> } {
  const shared = new SharedArrayBuffer(24);
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const stats = new Float64Array(workerData, 0, 2);
     const flags = new Int32Array(workerData, 16, 2);
     while (Atomics.load(flags, 0) === 0) {
       const rss = process.memoryUsage.rss();
       if (rss > stats[0]) stats[0] = rss;
       stats[1] += 1;
       Atomics.wait(flags, 1, 0, 1);
     }`,
    { eval: true, workerData: shared },
  );
  const stats = new Float64Array(shared, 0, 2);
  const flags = new Int32Array(shared, 16, 2);
  return {
    stop: async () => {
      Atomics.store(flags, 0, 1);
      await worker.terminate();
      return { peak: stats[0] ?? 0, samples: stats[1] ?? 0 };
    },
  };
}

const collect = () => (globalThis as { gc?: () => void }).gc?.();
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** In a fresh process started with --expose-gc: the grid is made and collected first, then the export runs alone under the sampler. */
export async function memoryInChild(args: unknown): Promise<MemoryInChildResult> {
  const { rows, cols, seed, mode, scratch } = args as { rows: number; cols: number; seed: number; mode: MemoryInChildResult['mode']; scratch: string };
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') throw new Error('run with node --expose-gc');
  const grid = csvSheetValues(rows, cols, seed);
  const file = join(scratch, `memory-${process.pid}.csv`);
  // A warm-up on a slice, so the measured run does not include compiling the exporter.
  if (mode === 'streamed') await writeTextInPieces(file, sheetValuesToCsvChunks(grid.slice(0, 2000)));
  else (mode === 'csv.ts' ? sheetValuesToCsv : bareUnparse)(grid.slice(0, 2000));
  collect();
  await settle();
  collect();
  // The sampler thread exists before the baseline, so its own memory is not counted as the export's.
  const sampler = startRssSampler();
  await settle();
  const baseRss = process.memoryUsage.rss();
  const baseHeap = process.memoryUsage().heapUsed;
  if (mode === 'streamed') {
    const start = performance.now();
    await writeTextInPieces(file, sheetValuesToCsvChunks(grid));
    const exportMs = performance.now() - start;
    const heapAfter = process.memoryUsage().heapUsed;
    await settle();
    const { peak, samples } = await sampler.stop();
    collect();
    await settle();
    return {
      mode,
      cells: rows * cols,
      csvBytes: statSync(file).size,
      exportMs,
      baseRssBytes: baseRss,
      peakRssIncreaseBytes: Math.max(0, peak - baseRss),
      peakRssIncreaseWithWriteBytes: Math.max(0, peak - baseRss),
      heapUsedIncreaseBytes: heapAfter - baseHeap,
      retainedHeapBytes: process.memoryUsage().heapUsed - baseHeap,
      samples,
    };
  }
  const start = performance.now();
  const csv = (mode === 'csv.ts' ? sheetValuesToCsv : bareUnparse)(grid);
  const exportMs = performance.now() - start;
  const heapAfter = process.memoryUsage().heapUsed;
  await settle();
  const { peak: peakDuringExport } = await sampler.stop();
  const writer = startRssSampler();
  await settle();
  writeFileSync(file, csv);
  await settle();
  const { peak: peakWithWrite, samples } = await writer.stop();
  collect();
  await settle();
  const retained = process.memoryUsage().heapUsed - baseHeap;
  return {
    mode,
    cells: rows * cols,
    csvBytes: Buffer.byteLength(csv),
    exportMs,
    baseRssBytes: baseRss,
    peakRssIncreaseBytes: Math.max(0, peakDuringExport - baseRss),
    peakRssIncreaseWithWriteBytes: Math.max(0, peakDuringExport - baseRss, peakWithWrite - baseRss),
    heapUsedIncreaseBytes: heapAfter - baseHeap,
    retainedHeapBytes: retained,
    samples,
  };
}

export const csvExport: Figure = async (context) => {
  const rows = context.quick ? 2_000 : CSV_SHEET.rows;
  const runs = context.quick ? 3 : 5;
  const grid = csvSheetValues(rows);
  const cells = rows * CSV_SHEET.cols;
  const ours = sheetValuesToCsv(grid);
  const bare = bareUnparse(grid);
  const timing = await sideBySide(runs, 1, { a: () => sheetValuesToCsv(grid), b: () => bareUnparse(grid) });
  const ratio = timing.ratios.median;

  const memoryRuns = context.quick ? 1 : 3;
  // 4c and 4d have no target of their own: one process each keeps the whole bench inside its five minutes.
  const runsOf = (mode: MemoryInChildResult['mode']) => (mode === 'streamed' ? memoryRuns : 1);
  const memory: Record<MemoryInChildResult['mode'], MemoryInChildResult[]> = { streamed: [], 'csv.ts': [], 'Papa.unparse': [] };
  context.log(`  memory: ${memoryRuns} fresh process(es) for the streamed export, one for each of the others`);
  for (let i = 0; i < memoryRuns; i += 1) {
    for (const mode of MEMORY_MODES.filter((candidate) => i < runsOf(candidate))) {
      memory[mode].push(await runChild<MemoryInChildResult>('csvExport.memory', { rows, cols: CSV_SHEET.cols, seed: CSV_SHEET.seed, mode, scratch: context.scratch }, { exposeGc: true }));
    }
  }
  const pick = (mode: MemoryInChildResult['mode'], field: keyof MemoryInChildResult): Summary =>
    summarize(memory[mode].map((result) => Number(result[field])));
  const csvBytes = Buffer.byteLength(ours);
  const peak = pick('streamed', 'peakRssIncreaseBytes');
  const peakRatio = peak.median / csvBytes;
  const streamedBytes = pick('streamed', 'csvBytes').median;
  return {
    figure: 4,
    title: 'CSV export of a 1,000,000-cell sheet',
    metrics: [
      metric('4a', `src/io/csv.ts / bare Papa.unparse, ${cells.toLocaleString('en-US')} cells`, ratio, 'ratio', { op: '<=', value: 1.2 }, `csv.ts ${formatMs(timing.a.median)}, Papa.unparse ${formatMs(timing.b.median)} (ratio of the medians ${(timing.a.median / timing.b.median).toFixed(3)})`),
      metric('4b', 'export to a file, memory peak / CSV size (the CLI path: written in pieces)', peakRatio, 'ratio', { op: '<=', value: 2 }, `peak RSS increase ${(peak.median / 1e6).toFixed(1)} MB for a ${(csvBytes / 1e6).toFixed(1)} MB CSV`),
      metric('4c', 'one-shot sheetValuesToCsv, then the file written: peak / CSV size', pick('csv.ts', 'peakRssIncreaseWithWriteBytes').median / csvBytes, 'ratio'),
      metric('4d', 'bare Papa.unparse memory peak / CSV size', pick('Papa.unparse', 'peakRssIncreaseBytes').median / csvBytes, 'ratio'),
    ],
    method: [
      `Data: ${rows.toLocaleString('en-US')} rows x ${CSV_SHEET.cols} columns of CellValue (seed ${CSV_SHEET.seed}): integers, prices, full-precision doubles, a text column and some empty cells, as Workbook.sheetValues returns them.`,
      `4a: sheetValuesToCsv(grid) against Papa.unparse(grid, { newline: "\\r\\n" }) + "\\r\\n" on the same array, alternating, ${runs} runs each after one warm-up; the median of the per-run ratios. The two texts are ${ours === bare ? 'identical' : 'different'} (${csvBytes} bytes).`,
      `4b: the command line's path, sheetValuesToCsvChunks (1,000 rows a piece) written to a file by src/cli/export.ts writeTextInPieces as it goes, in a fresh \`node --expose-gc\` process (median of ${memoryRuns}): make the grid, export a slice once as a warm-up, gc(), then start a thread that samples process.memoryUsage.rss() every millisecond; the peak RSS while the file is written, less the RSS just before it, against the CSV's UTF-8 byte length. The grid is not counted (it is in the baseline). The file is ${streamedBytes === csvBytes ? 'as long as' : 'NOT as long as'} the one-shot text.`,
      '4c: the one-shot sheetValuesToCsv measured the same way, its returned string counted, then the text written to a file (which flattens the string): the peak of both; 4d: the bare Papa.unparse, its string alone, for comparison. One process each (they have no target).',
    ],
    raw: {
      csvTsMs: timing.a,
      papaUnparseMs: timing.b,
      csvTsOverPapaRatio: timing.ratios,
      csvBytes,
      outputsIdentical: ours === bare,
      streamedPeakRssIncreaseBytes: peak,
      streamedHeapUsedIncreaseBytes: pick('streamed', 'heapUsedIncreaseBytes'),
      streamedExportInChildMs: pick('streamed', 'exportMs'),
      csvTsPeakRssIncreaseBytes: pick('csv.ts', 'peakRssIncreaseBytes'),
      csvTsPeakRssIncreaseWithWriteBytes: pick('csv.ts', 'peakRssIncreaseWithWriteBytes'),
      csvTsHeapUsedIncreaseBytes: pick('csv.ts', 'heapUsedIncreaseBytes'),
      csvTsRetainedHeapBytes: pick('csv.ts', 'retainedHeapBytes'),
      csvTsExportInChildMs: pick('csv.ts', 'exportMs'),
      papaPeakRssIncreaseBytes: pick('Papa.unparse', 'peakRssIncreaseBytes'),
      papaHeapUsedIncreaseBytes: pick('Papa.unparse', 'heapUsedIncreaseBytes'),
      papaRetainedHeapBytes: pick('Papa.unparse', 'retainedHeapBytes'),
      childBaseRssBytes: median(memory['csv.ts'].map((result) => result.baseRssBytes)),
    },
  };
};
