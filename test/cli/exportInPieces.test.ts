import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportScenarios, writeTextInPieces } from '../../src/cli/export';
import { sheetContentsToCsv, sheetValuesToCsv } from '../../src/io/csv';
import { evaluateScenario, type CellContent, type FullScenario } from '../../src/model';

// 2,345 rows: the command line writes the sheet in three pieces.
const ROWS = 2345;
const bigSheet: CellContent[][] = Array.from({ length: ROWS }, (_, r) => [
  r % 2 === 0 ? `item ${r}, "quoted"` : `=A${r}&"\nnext line"`,
  r + 0.1,
  `=B${r + 1}*${r}/7`,
  r % 97 === 0 ? '=1/0' : null,
]);
const scenario: FullScenario = {
  type: 'tradesheet-scenario', version: 1, id: 'big', name: 'Big', description: '',
  sheets: { Big: bigSheet, Small: [['total', `=SUM(Big!B1:B${ROWS})`]] },
  inputs: {}, outputs: {},
};

let scratch: string;
let scenarioFile: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tradesheet-pieces-'));
  scenarioFile = join(scratch, 'big.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the command line writes sheet CSVs in pieces', () => {
  it('a sheet of several pieces is written whole: the file is the one-shot CSV, byte for byte', async () => {
    const outDir = join(scratch, 'whole');
    const result = await exportScenarios({ scenarios: [scenarioFile], outDir, formulas: true, bom: true, xlsx: false });
    expect(result.issues).toEqual([]);
    const { sheets } = evaluateScenario(scenario);
    expect(readFileSync(join(outDir, 'big', 'Big.csv')).equals(Buffer.from(sheetValuesToCsv(sheets.Big ?? [], { bom: true })))).toBe(true);
    expect(readFileSync(join(outDir, 'big', 'Big.formulas.csv'), 'utf8')).toBe(sheetContentsToCsv(bigSheet, { bom: true }));
  });

  it('a file the disk refuses is an issue naming it, and the other files are still written', async () => {
    const outDir = join(scratch, 'refused');
    mkdirSync(join(outDir, 'big', 'Big.csv'), { recursive: true });
    const result = await exportScenarios({ scenarios: [scenarioFile], outDir, formulas: false, bom: false, xlsx: false });
    expect(result.issues).toEqual([expect.objectContaining({ message: 'cannot write the file (EISDIR)' })]);
    expect(result.written).toEqual([join(outDir, 'big', 'Small.csv'), join(outDir, 'outputs.csv')]);
    expect(readFileSync(join(outDir, 'big', 'Small.csv'), 'utf8')).toMatch(/^total,/);
  });
});

describe('writeTextInPieces', () => {
  it('asks for a piece only when the file holds all but the last two before it', async () => {
    const path = join(scratch, 'pieces.txt');
    const piece = (i: number) => `${String(i).padStart(4, '0')}${'x'.repeat(99_996)}`;
    const fileSizeWhenAsked: number[] = [];
    function* pieces() {
      for (let i = 0; i < 20; i += 1) {
        // The file is opened while the first pieces are asked for.
        fileSizeWhenAsked.push(existsSync(path) ? statSync(path).size : 0);
        yield piece(i);
      }
    }
    await writeTextInPieces(path, pieces());
    expect(readFileSync(path, 'utf8')).toBe(Array.from({ length: 20 }, (_, i) => piece(i)).join(''));
    fileSizeWhenAsked.forEach((size, i) => expect(size).toBeGreaterThanOrEqual(Math.max(0, i - 2) * 100_000));
  });
});
