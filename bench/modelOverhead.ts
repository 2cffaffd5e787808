/**
 * Figure 3, model overhead: the model's Workbook against HyperFormula driven directly, for the same
 * edits on the same workbook (a single edit, a batch of 1,000 edits, a read of every value). Target:
 * model / raw <= 1.1. Measured on two workbooks: the 10,000-row sheet of figure 2's generator, where
 * an edit changes tens of thousands of cells, and the baseline preset, where calls are microseconds.
 */
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the bench measures HyperFormula itself, beside the model
import { HyperFormula, type RawCellContent } from 'hyperformula';
import { ENGINE_CONFIG, Workbook, parseCellAddress, sheetReference, formatLocalAddress, type CellAddress, type CellContent, type FullScenario } from '../src/model';
import { loadScenario, readPresets } from '../src/cli/scenarioFiles';
import type { Figure } from './context';
import { largeSheetContents, LARGE_SHEET_NAME, RATE_CELL } from './largeSheet';
import { formatMs, seededRandom, sideBySide, summarize, timeMs, type Summary } from './measure';
import { metric, type Metric } from './report';

const TARGET = { op: '<=', value: 1.1 } as const;

/** The generated sheet as a scenario: the rates are its inputs, the totals its outputs. */
export function largeSheetScenario(rows: number): FullScenario {
  const assumption = { assumption: 'generated benchmark data' };
  return {
    type: 'tradesheet-scenario',
    version: 1,
    id: 'bench-large-sheet',
    name: `Generated sheet of ${rows} rows`,
    description: 'bench/largeSheet.ts',
    sheets: { [LARGE_SHEET_NAME]: largeSheetContents(rows) },
    inputs: {
      YenPerDollar: { cell: `${LARGE_SHEET_NAME}!B1`, label: 'Yen per dollar', unit: 'JPY/USD', source: assumption },
      TariffRate: { cell: `${LARGE_SHEET_NAME}!D1`, label: 'Tariff rate', unit: '%', source: assumption },
    },
    outputs: {
      TotalValueUsd: { cell: `${LARGE_SHEET_NAME}!F1`, label: 'Total value', unit: 'USD' },
      TotalTariffUsd: { cell: `${LARGE_SHEET_NAME}!H1`, label: 'Total tariff', unit: 'USD' },
    },
  };
}

/**
 * HyperFormula built exactly as Workbook.open builds it (src/model/workbook/workbook.ts): the same settings, text
 * behind an apostrophe, TRUE/FALSE and every input and output as named expressions.
 */
export function rawEngine(scenario: FullScenario, config = ENGINE_CONFIG): HyperFormula {
  const toEngine = (content: CellContent): RawCellContent => (typeof content === 'string' && !content.startsWith('=') ? `'${content}` : content);
  const sheets = Object.fromEntries(Object.entries(scenario.sheets).map(([name, rows]) => [name, rows.map((row) => row.map(toEngine))]));
  const names = [
    { name: 'TRUE', expression: '=TRUE()' },
    { name: 'FALSE', expression: '=FALSE()' },
  ];
  for (const [name, { cell }] of [...Object.entries(scenario.inputs), ...Object.entries(scenario.outputs)]) {
    const address = parseCellAddress(cell);
    if (!address) throw new Error(`${cell} is not a cell address`);
    names.push({ name, expression: `=${sheetReference(address.sheet)}!${formatLocalAddress(address.row, address.col).replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2')}` });
  }
  return HyperFormula.buildFromSheets(sheets, config, names);
}

/**
 * The model's own HyperFormula instance, for the reads: two instances built from the same data read at
 * different speeds (by up to a third, depending on which was built first and where the heap put it), so
 * the read figures time the model and raw HyperFormula on one instance. Reads change nothing.
 */
function engineOf(workbook: Workbook): HyperFormula {
  const { engine } = workbook as unknown as { engine: unknown };
  if (!(engine instanceof HyperFormula)) throw new Error('Workbook no longer keeps its HyperFormula instance in `engine`; update bench/modelOverhead.ts');
  return engine;
}

interface Edit {
  address: CellAddress;
  value: number;
}

interface Workload {
  name: string;
  scenario: FullScenario;
  /** Edits a single-edit sample makes, one call each (many on a small workbook, where one call is microseconds). */
  singleEdits: (run: number) => Edit[];
  /** The edits of one batch. */
  batch: (run: number) => Edit[];
  /** Reads a read sample makes. */
  reads: number;
}

interface Pair {
  model: Summary;
  raw: Summary;
  /** model / raw of each back-to-back sample: the median of these is the figure. */
  ratios: Summary;
}

async function measureWorkload(workload: Workload, samples: { single: number; batch: number; read: number }, warmups: number): Promise<{ single: Pair; batch: Pair; read: Pair; agree: boolean }> {
  const workbook = Workbook.open(workload.scenario);
  const engine = rawEngine(workload.scenario);
  try {
    const sheetIds = new Map(workbook.sheetNames().map((name) => [name, engine.getSheetId(name) ?? -1]));
    const engineAddress = (address: CellAddress) => ({ sheet: sheetIds.get(address.sheet) ?? -1, row: address.row, col: address.col });
    const pair = (result: { a: Summary; b: Summary; ratios: Summary }): Pair => ({ model: result.a, raw: result.b, ratios: result.ratios });
    // Every edit is made before the clock starts, in each side's own form, so a sample times the calls alone.
    const made = Math.max(samples.single, samples.batch) + warmups;
    const modelEdits = (edits: Edit[]) => edits.map((edit) => ({ address: edit.address, content: edit.value }));
    const rawEdits = (edits: Edit[]) => edits.map((edit) => ({ address: engineAddress(edit.address), value: edit.value }));
    const singles = Array.from({ length: made }, (_, run) => workload.singleEdits(run));
    const batches = Array.from({ length: made }, (_, run) => workload.batch(run));
    const singleForModel = singles.map(modelEdits);
    const singleForRaw = singles.map(rawEdits);
    const batchForModel = batches.map(modelEdits);
    const batchForRaw = batches.map(rawEdits);
    // A full collection before each call tripled a sample of 200 single edits on the baseline (~7.5 ms to
    // ~25 ms) and spread raw HyperFormula's samples from 9 to 61 ms; these calls make little garbage.
    const untouchedHeap = { collectBeforeEach: false };
    // Each side counts its own samples, so both make the same edits in the same order.
    const counters = { model: 0, raw: 0 };

    const single = await sideBySide(samples.single, warmups, {
      a: () => {
        for (const edit of singleForModel[counters.model++] ?? []) workbook.setCell(edit.address, edit.content);
      },
      b: () => {
        for (const edit of singleForRaw[counters.raw++] ?? []) engine.setCellContents(edit.address, [[edit.value]]);
      },
    }, untouchedHeap);
    counters.model = 0;
    counters.raw = 0;
    const batch = await sideBySide(samples.batch, warmups, {
      a: () => workbook.setCells(batchForModel[counters.model++] ?? []),
      b: () => {
        const edits = batchForRaw[counters.raw++] ?? [];
        engine.batch(() => {
          for (const edit of edits) engine.setCellContents(edit.address, [[edit.value]]);
        });
      },
    }, untouchedHeap);
    const sheets = workbook.sheetNames();
    const shared = engineOf(workbook);
    const sharedIds = sheets.map((sheet) => shared.getSheetId(sheet) ?? -1);
    const read = await sideBySide(samples.read, warmups, {
      a: () => {
        for (let i = 0; i < workload.reads; i += 1) for (const sheet of sheets) workbook.sheetValues(sheet);
      },
      b: () => {
        for (let i = 0; i < workload.reads; i += 1) for (const id of sharedIds) shared.getSheetValues(id);
      },
    }, untouchedHeap);
    // Both made the same edits: the outputs must agree, or the comparison compared different work.
    const agree = workbook.outputs().every((output) => {
      const address = parseCellAddress(output.cell);
      return address !== undefined && Object.is(engine.getCellValue(engineAddress(address)), output.value);
    });
    return { single: pair(single), batch: pair(batch), read: pair(read), agree };
  } finally {
    workbook.destroy();
    engine.destroy();
  }
}

/**
 * The same batches in a row on raw HyperFormula, with the app's undo history (undoLimit 100) and with
 * none: in HyperFormula 3.5 every edit calls UndoRedo.clearRedoStack, which walks every operation held
 * in the undo history and in the open batch, so an edit costs more the longer the history is. Then the
 * model's Workbook, which keeps the same history but skips the walks that free nothing (src/model/workbook/workbook.ts).
 */
function undoHistoryCost(workload: Workload, batches: number): { withHistory: Summary; withoutHistory: Summary; model: Summary } {
  const batchEdits = Array.from({ length: batches }, (_, i) => workload.batch(i));
  const run = (config: typeof ENGINE_CONFIG) => {
    const engine = rawEngine(workload.scenario, config);
    try {
      const ids = new Map(Object.keys(workload.scenario.sheets).map((name) => [name, engine.getSheetId(name) ?? -1]));
      const edits = batchEdits.map((batch) =>
        batch.map((edit) => ({ address: { sheet: ids.get(edit.address.sheet) ?? -1, row: edit.address.row, col: edit.address.col }, value: edit.value })),
      );
      return summarize(edits.map((batch) => timeMs(() => engine.batch(() => {
        for (const edit of batch) engine.setCellContents(edit.address, [[edit.value]]);
      }))));
    } finally {
      engine.destroy();
    }
  };
  const runModel = () => {
    const workbook = Workbook.open(workload.scenario);
    try {
      const edits = batchEdits.map((batch) => batch.map((edit) => ({ address: edit.address, content: edit.value })));
      return summarize(edits.map((batch) => timeMs(() => workbook.setCells(batch))));
    } finally {
      workbook.destroy();
    }
  };
  return { withHistory: run(ENGINE_CONFIG), withoutHistory: run({ ...ENGINE_CONFIG, undoLimit: 0 }), model: runModel() };
}

function largeSheetWorkload(rows: number): Workload {
  const rate = { sheet: LARGE_SHEET_NAME, ...RATE_CELL };
  return {
    name: `generated sheet, ${rows.toLocaleString('en-US')} x 10`,
    scenario: largeSheetScenario(rows),
    // The yen rate: every item row's three formulas and both totals change.
    singleEdits: (run) => [{ address: rate, value: 140 + (run % 7) }],
    // 1,000 item rows' units: 3,000 formulas, both totals, and every share (the total moved).
    batch: (run) => {
      const random = seededRandom(1000 + run);
      return Array.from({ length: 1000 }, () => ({
        address: { sheet: LARGE_SHEET_NAME, row: 2 + Math.floor(random() * (rows - 2)), col: 1 },
        value: 1 + Math.floor(random() * 5000),
      }));
    },
    reads: 1,
  };
}

function baselineWorkload(scenario: FullScenario): Workload {
  const inputs = Object.values(scenario.inputs).flatMap((input) => {
    const address = parseCellAddress(input.cell);
    return address && input.min !== undefined && input.max !== undefined ? [{ address, min: input.min, max: input.max }] : [];
  });
  const valueAt = (input: { min: number; max: number }, random: () => number) => input.min + random() * (input.max - input.min);
  const first = inputs[0];
  if (!first) throw new Error('the baseline preset has no input with a min and max');
  return {
    name: 'baseline preset',
    scenario,
    singleEdits: (run) => {
      const random = seededRandom(run);
      return Array.from({ length: 200 }, () => ({ address: first.address, value: valueAt(first, random) }));
    },
    batch: (run) => {
      const random = seededRandom(5000 + run);
      return Array.from({ length: 1000 }, (_, i) => {
        const input = inputs[i % inputs.length] ?? first;
        return { address: input.address, value: valueAt(input, random) };
      });
    },
    reads: 200,
  };
}

function baselineScenario(): FullScenario {
  const { presets } = readPresets();
  const loaded = loadScenario('baseline', presets);
  if (!loaded.ok) throw new Error(`the baseline preset does not load: ${loaded.issues.map((issue) => issue.message).join('; ')}`);
  return loaded.value.scenario;
}

export const modelOverhead: Figure = async (context) => {
  const rows = context.quick ? 500 : 10_000;
  // Samples of each figure. Reads and the baseline's single edits take milliseconds; a batch on raw
  // HyperFormula up to a second (it walks its growing undo history, 3g), so batches take fewer.
  const samples = context.quick
    ? { large: { single: 3, batch: 3, read: 3 }, baseline: { single: 3, batch: 3, read: 3 } }
    : { large: { single: 9, batch: 9, read: 41 }, baseline: { single: 31, batch: 11, read: 31 } };
  const warmups = context.quick ? 0 : 2;
  const large = largeSheetWorkload(rows);
  const baseline = baselineWorkload(baselineScenario());
  context.log(`  ${large.name}`);
  const onLarge = await measureWorkload(large, samples.large, warmups);
  context.log(`  ${baseline.name}`);
  const onBaseline = await measureWorkload(baseline, samples.baseline, warmups);
  const historyBatches = context.quick ? 2 : 12;
  const history = undoHistoryCost(baseline, historyBatches);

  const metrics: Metric[] = [];
  const raw: Record<string, Summary | number | boolean> = {};
  const add = (key: string, where: string, what: string, slug: string, p: Pair, perSample: string) => {
    const note = `model ${formatMs(p.model.median)}, raw ${formatMs(p.raw.median)} per sample (${perSample}); ratio of the medians ${(p.model.median / p.raw.median).toFixed(3)}`;
    metrics.push(metric(key, `model / raw HF: ${what}, ${where}`, p.ratios.median, 'ratio', TARGET, note));
    raw[`${slug}ModelMs`] = p.model;
    raw[`${slug}RawMs`] = p.raw;
    raw[`${slug}Ratio`] = p.ratios;
  };
  add('3a', large.name, 'single edit', 'largeSingleEdit', onLarge.single, 'one edit of the yen rate');
  add('3b', large.name, 'batch of 1,000 edits', 'largeBatch', onLarge.batch, 'one batch');
  add('3c', large.name, 'read of all values', 'largeRead', onLarge.read, 'one read of the sheet');
  add('3d', baseline.name, 'single edit', 'baselineSingleEdit', onBaseline.single, '200 single edits of an input');
  add('3e', baseline.name, 'batch of 1,000 edits', 'baselineBatch', onBaseline.batch, 'one batch over the inputs');
  add('3f', baseline.name, 'read of all values', 'baselineRead', onBaseline.read, '200 reads of every sheet');
  metrics.push(
    metric('3g', `raw HF, ${historyBatches} batches of 1,000 edits in a row on the baseline: undoLimit 100 / undoLimit 0`, history.withHistory.median / history.withoutHistory.median, 'ratio', undefined,
      `median batch ${formatMs(history.withHistory.median)} with the app's undo history, ${formatMs(history.withoutHistory.median)} without; HyperFormula walks the whole history on every edit`),
    metric('3h', 'model with its undo history (undoLimit 100) / raw HF with undoLimit 0, the batches of 3g', history.model.median / history.withoutHistory.median, 'ratio', undefined,
      `median batch ${formatMs(history.model.median)} through Workbook.setCells; the model skips the history walks that free nothing`),
  );
  raw.undoHistoryBatchWithHistoryMs = history.withHistory;
  raw.undoHistoryBatchWithoutHistoryMs = history.withoutHistory;
  raw.undoHistoryBatchModelMs = history.model;
  raw.largeSheetOutputsAgree = onLarge.agree;
  raw.baselineOutputsAgree = onBaseline.agree;
  return {
    figure: 3,
    title: 'Model overhead: the model API against raw HyperFormula',
    metrics,
    method: [
      'Model: Workbook.open, then setCell / setCells / sheetValues. Raw: HyperFormula.buildFromSheets with the same ENGINE_CONFIG, text and named expressions, then setCellContents / batch(setCellContents x 1000) / getSheetValues.',
      `Each sample times the model and raw HyperFormula back to back, in alternating order: edits each on their own copy of the workbook, reads on one copy (the model's HyperFormula instance: two instances of the same data read at speeds up to a third apart, by which was built first). Samples (single edit / batch / read): ${samples.large.single} / ${samples.large.batch} / ${samples.large.read} on the generated sheet (${rows.toLocaleString('en-US')} rows from bench/largeSheet.ts), ${samples.baseline.single} / ${samples.baseline.batch} / ${samples.baseline.read} on the baseline preset, after ${warmups} warm-up(s). No full garbage collection is forced before a call (it tripled a 200-edit sample and scattered the samples). The figure is the median of the per-sample ratios (each pair ran back to back, so a load spike or the growing undo history weighs on both alike); the ratio of the two medians is in the note.`,
      'Both make the same edits in the same order; after the run their outputs are compared (raw.*OutputsAgree).',
      'Raw HyperFormula is as shipped: every edit walks its undo history (3g), which the model skips, so edits can cost the model less than raw HyperFormula (a ratio below 1); the reads compare like with like.',
      `3g/3h: ${historyBatches} batches of 1,000 edits over the baseline's inputs, one after another on one fresh workbook for each of: raw HyperFormula with undoLimit 100 (the app's), raw HyperFormula with undoLimit 0, the model's Workbook (undoLimit 100); medians of the batch times. 3g shows what HyperFormula 3.5's history costs; 3h, that the model does not pay it.`,
    ],
    raw,
  };
};
