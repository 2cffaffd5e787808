/** Number formats in the Excel export: each formatted cell gets its code as the cell's numFmt, within the sheet, over the inputs' percentages; CSV stays unformatted. */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { evaluateScenario, parseScenario, type FullScenario } from '../../src/model';
import { parseSheetCsv, sheetValuesToCsv } from '../../src/io/csv';
import { scenarioToXlsx } from '../../src/io/xlsx';
import { fixturePath } from '../paths';

function tinyWith(formats: Record<string, string>): FullScenario {
  const parsed = parseScenario({ ...(JSON.parse(readFileSync(fixturePath('tiny.json'), 'utf8')) as object), formats }, 'tiny.json');
  if (!parsed.ok || 'extends' in parsed.value) throw new Error('fixture invalid');
  return parsed.value;
}

async function exported(scenario: FullScenario): Promise<ExcelJS.Workbook> {
  const bytes = await scenarioToXlsx(scenario, evaluateScenario(scenario));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  return book;
}

describe('number formats in the .xlsx', () => {
  it('gives each formatted cell its code, a later key winning where keys overlap, and leaves the others General', async () => {
    const book = await exported(tinyWith({ 'Inputs!B1:B2': '#,##0', 'Inputs!B1': '$#,##0.00', "'Result sheet'!B1:B2": '#,##0.00,,," bn"' }));
    const inputs = book.getWorksheet('Inputs');
    const result = book.getWorksheet('Result sheet');
    expect(inputs?.getCell('B1').numFmt).toBe('$#,##0.00');
    expect(inputs?.getCell('B2').numFmt).toBe('#,##0');
    expect(result?.getCell('B1').numFmt).toBe('#,##0.00,,," bn"');
    expect(result?.getCell('B2').numFmt).toBe('#,##0.00,,," bn"');
    expect(result?.getCell('B3').numFmt).toBeUndefined();
    expect(inputs?.getCell('A1').numFmt).toBeUndefined();
  });

  it('a format on a percentage input wins over the percentage the export gives it', async () => {
    const plain = await exported(tinyWith({}));
    expect(plain.getWorksheet('Inputs')?.getCell('B3').numFmt).toBe('0.0%');
    const formatted = await exported(tinyWith({ 'Inputs!B3': '0.00%' }));
    expect(formatted.getWorksheet('Inputs')?.getCell('B3').numFmt).toBe('0.00%');
  });

  it('a whole-column format writes the sheet\'s cells, not a million empty ones', async () => {
    const book = await exported(tinyWith({ 'Inputs!C1:C1048576': '@' }));
    const sheet = book.getWorksheet('Inputs');
    expect(sheet?.getCell('C3').numFmt).toBe('@');
    expect(sheet?.rowCount).toBe(3);
  });
});

describe('CSV keeps full precision', () => {
  it('a formatted cell is written as its value, not as its format shows it', () => {
    const scenario = tinyWith({ "'Result sheet'!B1:B2": '#,##0.00,,," bn"', 'Inputs!B2': '#,##0' });
    const values = evaluateScenario(scenario).sheets['Result sheet'] ?? [];
    const csv = sheetValuesToCsv(values);
    expect(csv).toContain('Revenue,1000');
    expect(csv).not.toContain('bn');
    expect(parseSheetCsv(csv)[1]?.[1]).toBe(250);
  });
});
