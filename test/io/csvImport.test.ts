/**
 * "Import CSV into a sheet" without the page: files as statistics portals and Excel write them, and
 * files that try to break the import. Each answer is cells, or a problem that names the row.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  csvToSheet,
  csvToSheetSync,
  decodeCsvBytes,
  exactNumber,
  previewCsv,
  MAX_CSV_IMPORT_BYTES,
  MAX_CSV_IMPORT_CELLS,
  MAX_CSV_IMPORT_COLUMNS,
  MAX_CSV_IMPORT_ROWS,
  type CsvImportProgress,
  type CsvImportResult,
  type CsvSheet,
  type DecodedCsv,
} from '../../src/io/csvImport';
import { Workbook, type FullScenario } from '../../src/model';
import { fixturePath } from '../paths';

const fixture = (name: string) => new Uint8Array(readFileSync(fixturePath('csv', name)));

function decoded(name: string): DecodedCsv {
  const result = decodeCsvBytes(fixture(name));
  if (!result.ok) throw new Error(result.problem);
  return result;
}

function sheetOf(result: CsvImportResult): CsvSheet {
  if (!result.ok) throw new Error(result.problem);
  return result.value;
}

const importText = (text: string, options?: Parameters<typeof csvToSheetSync>[1]) => sheetOf(csvToSheetSync(text, options));

describe('decodeCsvBytes', () => {
  it('reads UTF-8, and UTF-8 with a byte order mark, which is not part of the text', () => {
    expect(decoded('quoted.csv')).toMatchObject({ encoding: 'utf-8' });
    const bom = decoded('bom.csv');
    expect(bom.encoding).toBe('utf-8-bom');
    expect(bom.text.startsWith('prefecture,')).toBe(true);
    expect(bom.note).toBeUndefined();
  });

  it('reads Shift_JIS, which is not UTF-8, and says so', () => {
    const result = decoded('shift-jis.csv');
    expect(result.encoding).toBe('shift_jis');
    expect(result.text).toBe('品目,輸出額（百万円）,前年比\r\n自動車,17264938,1.062\r\n自動車部品,3786000,0.978\r\n');
    expect(result.note).toMatch(/not UTF-8.*Shift_JIS/);
  });

  it('reads Western European text that is not UTF-8 as Windows-1252, not as Shift_JIS, and says so', () => {
    const result = decodeCsvBytes(new Uint8Array(Buffer.from('Stadt;Café\nZürich;Crème brûlée\n', 'latin1')));
    expect(result).toMatchObject({ ok: true, encoding: 'windows-1252', text: 'Stadt;Café\nZürich;Crème brûlée\n' });
  });

  it('reads UTF-16 with a byte order mark (Excel\'s "Unicode text") and without one', () => {
    const text = 'a\tb\n東京\t1\n';
    expect(decodeCsvBytes(new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]))).toMatchObject({ ok: true, encoding: 'utf-16le', text });
    expect(decodeCsvBytes(new Uint8Array(Buffer.from(text, 'utf16le')))).toMatchObject({ ok: true, encoding: 'utf-16le', text });
  });

  it.each([
    ['an .xlsx workbook', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], 'this is an Excel workbook (.xlsx) or another zip archive, not CSV text; save it as CSV (UTF-8) first'],
    ['an .xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'this is an old Excel workbook (.xls), not CSV text; save it as CSV (UTF-8) first'],
    ['a PDF', [...Buffer.from('%PDF-1.7\n')], 'this is a PDF document, not CSV text; save it as CSV (UTF-8) first'],
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52], 'this is a binary file, not CSV text (it holds NUL bytes or control characters)'],
    ['control characters without NUL', [...Buffer.from('a,b\n'), 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08], 'this is a binary file, not CSV text (it holds NUL bytes or control characters)'],
  ])('refuses %s before parsing it', (_what, bytes, problem) => {
    expect(decodeCsvBytes(new Uint8Array(bytes))).toEqual({ ok: false, problem });
  });

  it('refuses random bytes', () => {
    let seed = 7;
    const bytes = new Uint8Array(4096).map(() => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed >> 23;
    });
    expect(decodeCsvBytes(bytes)).toMatchObject({ ok: false, problem: expect.stringMatching(/binary file/) });
  });

  it(`refuses a file over ${MAX_CSV_IMPORT_BYTES / 2 ** 20} MB by its size, saying how large it is`, () => {
    expect(decodeCsvBytes(new Uint8Array(MAX_CSV_IMPORT_BYTES + 1))).toEqual({ ok: false, problem: 'a CSV file may be at most 50 MB; this one is 50.0 MB' });
  });
});

describe('previewCsv', () => {
  it.each([
    ['quoted.csv', ',', '\r\n', 4],
    ['semicolon.csv', ';', '\n', 3],
    ['tabs.tsv', '\t', '\r\n', 3],
    ['bom.csv', ',', '\r\n', 3],
  ])('%s: delimiter %j, line ends %j, %i rows', (name, delimiter, linebreak, rows) => {
    const preview = previewCsv(decoded(name).text);
    expect(preview).toMatchObject({ delimiter, linebreak, estimatedRows: rows });
    expect(preview.rows).toHaveLength(rows);
  });

  it('shows the first rows as text, untyped, and estimates the length of a long file', () => {
    const text = `a,b\n${Array.from({ length: 9999 }, (_, i) => `${i},x`).join('\n')}\n`;
    const preview = previewCsv(text, 5);
    expect(preview.rows).toEqual([['a', 'b'], ['0', 'x'], ['1', 'x'], ['2', 'x'], ['3', 'x']]);
    expect(preview.estimatedRows).toBeGreaterThan(5000);
    expect(preview.estimatedRows).toBeLessThan(20000);
  });

  it('takes a single column as comma-separated', () => {
    expect(previewCsv('value\n1\n2\n')).toMatchObject({ delimiter: ',', rows: [['value'], ['1'], ['2']] });
  });
});

describe('csvToSheet: fields', () => {
  it('quoted fields keep their commas, line breaks and doubled quotes', () => {
    expect(importText(decoded('quoted.csv').text).cells).toEqual([
      ['maker', 'model', 'note', 'units'],
      ['Toyota', 'Corolla, Cross', 'built in "Kentucky"', 52000],
      ['Honda', 'Accord', 'line one\r\nline two', 31000],
      ['Subaru', 'Outback', null, 0],
    ]);
  });

  it('";" and tab delimiters; a decimal comma is text, with a warning naming the column and row', () => {
    expect(importText(decoded('semicolon.csv').text)).toMatchObject({
      delimiter: ';',
      cells: [['Land', 'Jahr', 'Autos'], ['DE', 2024, 1200], ['FR', 2024, 980]],
    });
    expect(importText(decoded('tabs.tsv').text)).toMatchObject({
      delimiter: '\t',
      // "0806" is a code: its column stays text, "8703" included.
      cells: [['HS code', 'Description', 'Value (JPY)'], ['8703', 'Motor cars', 17264938000000], ['0806', 'Grapes, fresh', 1500]],
    });
    const european = importText('Land;Wert\nDE;1,5\nFR;2\n');
    expect(european.cells).toEqual([['Land', 'Wert'], ['DE', '1,5'], ['FR', '2']]);
    expect(european.warnings).toEqual(['column B is text because row 2 holds "1,5", not a number a cell holds exactly; its 1 number stays text too']);
  });

  it('a BOM is not part of the first field, whether the bytes or the text carry it', () => {
    const fromBytes = importText(decoded('bom.csv').text);
    const fromText = importText('\uFEFFprefecture,population\r\n東京都,14047594\r\n');
    expect(fromBytes.cells[0]).toEqual(['prefecture', 'population']);
    expect(fromText.cells).toEqual([['prefecture', 'population'], ['東京都', 14047594]]);
  });

  it('Shift_JIS text, once decoded, imports like any other', () => {
    expect(importText(decoded('shift-jis.csv').text).cells).toEqual([
      ['品目', '輸出額（百万円）', '前年比'],
      ['自動車', 17264938, 1.062],
      ['自動車部品', 3786000, 0.978],
    ]);
  });
});

describe('csvToSheet: numbers, codes and formulas', () => {
  it('a column is numbers only when every value below the header is a number a double holds exactly', () => {
    const sheet = importText(decoded('codes.csv').text);
    expect(sheet.columnTypes).toEqual(['text', 'text', 'number', 'text']);
    expect(sheet.cells).toEqual([
      ['code', 'id', 'amount', 'comment'],
      ['007', '12345678901234567890', 1.5, '\'=HYPERLINK("http://x","click")'],
      ['0123', '1', 2, '+1'],
      ['42', '2', 3.25, '-5'],
    ]);
    expect(sheet.warnings).toEqual([
      'column A is text because row 2 holds "007", not a number a cell holds exactly; its 1 number stays text too',
      'column B is text because row 2 holds "12345678901234567890", not a number a cell holds exactly; its 2 numbers stay text too',
      'column D is text because row 2 holds "=HYPERLINK("http://x","click")", not a number a cell holds exactly; its 1 number stays text too',
      '1 field begins with "=": kept as text with a leading apostrophe, not run as formulas',
    ]);
  });

  it.each([
    ['0.1', 0.1], ['1.50', 1.5], ['-0', -0], ['100', 100], ['1e5', 100000], ['-12.5e-3', -0.0125],
    ['0.30000000000000004', 0.30000000000000004], ['5e-324', 5e-324], ['1.7976931348623157e308', Number.MAX_VALUE],
    ['9007199254740992', 2 ** 53],
  ])('%s is the number %d', (field, value) => {
    expect(Object.is(exactNumber(field), value)).toBe(true);
  });

  it.each(['007', '0123', '00.5', '.5', '5.', '+5', ' 5', '5 ', '1,000', '1e400', '1e-400', '9007199254740993', '12345678901234567890', '0x1F', 'Infinity', 'NaN', '', '-'])(
    '%j is not a number a cell holds exactly',
    (field) => {
      expect(exactNumber(field)).toBeUndefined();
    },
  );

  it('nothing is run as a formula unless asked: "=" text becomes text the workbook shows, not evaluates', () => {
    const text = 'label,value\n=1+1,=A1*2\n=cmd|\'/C calc\'!A0,5\n';
    const sheet = importText(text);
    expect(sheet.cells).toEqual([['label', 'value'], ["'=1+1", "'=A1*2"], ["'=cmd|'/C calc'!A0", '5']]);
    const scenario: FullScenario = { type: 'tradesheet-scenario', version: 1, id: 'imported', name: 'Imported', description: '', sheets: { Data: sheet.cells }, inputs: {}, outputs: {} };
    const workbook = Workbook.open(scenario);
    try {
      expect(workbook.sheetValues('Data')).toEqual([['label', 'value'], ["'=1+1", "'=A1*2"], ["'=cmd|'/C calc'!A0", '5']]);
      expect(workbook.toScenario().sheets.Data).toEqual(sheet.cells);
    } finally {
      workbook.destroy();
    }
  });

  it('when asked, "=" text becomes formulas', () => {
    const sheet = importText('a,b\n2,=A2*3\n', { formulas: 'evaluate' });
    expect(sheet.cells).toEqual([['a', 'b'], [2, '=A2*3']]);
    expect(sheet.warnings).toEqual(['1 field begins with "=" and became formulas, as asked']);
    const workbook = Workbook.open({ type: 'tradesheet-scenario', version: 1, id: 'f', name: 'F', description: '', sheets: { S: sheet.cells }, inputs: {}, outputs: {} });
    try {
      expect(workbook.sheetValues('S')[1]).toEqual([2, 6]);
    } finally {
      workbook.destroy();
    }
  });

  it('header rows: the first row when it holds no number, or as many as the caller says', () => {
    expect(importText('year,cars\n2024,100\n').headerRows).toBe(1);
    expect(importText('2023,100\n2024,110\n')).toMatchObject({ headerRows: 0, cells: [[2023, 100], [2024, 110]] });
    const portal = '表題: 自動車輸出\n単位: 台\n年,台数\n2023,1000\n2024,1100\n';
    expect(importText(portal, { headerRows: 3 }).cells).toEqual([
      ['表題: 自動車輸出', null], ['単位: 台', null], ['年', '台数'], [2023, 1000], [2024, 1100],
    ]);
  });
});

describe('csvToSheet: broken files', () => {
  it('an unbalanced quote is an error naming its row', () => {
    expect(csvToSheetSync(decoded('unbalanced.csv').text)).toEqual({
      ok: false,
      row: 3,
      problem: 'row 3: a quoted field opens and never closes, so the rest of the file would be one cell; check the quotes of this row',
    });
  });

  it('names the line as well when quoted line breaks make rows and lines differ', () => {
    expect(csvToSheetSync('a,b\n"x\ny",1\n"z"q,2\n')).toMatchObject({ ok: false, row: 3, problem: expect.stringMatching(/^row 3 \(line 4\): a quoted field is not closed properly/) });
  });

  it('an unbalanced quote in the middle of a large file is found as fast as a good file is read', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},"name ${i}"`);
    rows.splice(25_000, 0, '"broken,1');
    const started = performance.now();
    const result = await csvToSheet(`id,name\n${rows.join('\n')}\n`, { chunkChars: 64 * 1024 });
    expect(result).toMatchObject({ ok: false, row: 25_002 });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('ragged rows are padded to the widest row, with a warning that names them', () => {
    const sheet = importText(decoded('ragged.csv').text);
    expect(sheet.cells).toEqual([['a', 'b', 'c', null], [1, 2, 3, null], [4, 5, null, null], [6, 7, 8, 9], [10, 11, 12, null]]);
    expect(sheet.warnings).toEqual(['rows 3, 4 have a different number of fields from most rows (3); every row was padded with empty cells to the widest (4)']);
  });

  it('names the first ten ragged rows and counts the others', () => {
    const text = `a,b\n${Array.from({ length: 30 }, (_, i) => (i % 2 ? '1,2' : '1')).join('\n')}\n`;
    expect(importText(text).warnings).toEqual([
      'rows 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 5 more have a different number of fields from most rows (2); every row was padded with empty cells to the widest (2)',
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['line ends only', '\r\n\r\n'],
    ['empty fields only', ',,\n,,\n'],
  ])('%s: nothing to import', (_what, text) => {
    expect(csvToSheetSync(text)).toEqual({ ok: false, problem: 'there is nothing to import: the file holds no values' });
  });

  it('a delimiter that cannot be one is refused', () => {
    expect(csvToSheetSync('a,b\n', { delimiter: '"' })).toEqual({ ok: false, problem: '"\\"" cannot be a delimiter' });
  });

  it(`more columns than Excel's ${MAX_CSV_IMPORT_COLUMNS}: an error naming the row`, () => {
    const text = `a,b\n${'1,'.repeat(MAX_CSV_IMPORT_COLUMNS)}1\n`;
    expect(csvToSheetSync(text)).toEqual({ ok: false, row: 2, problem: `row 2 has ${MAX_CSV_IMPORT_COLUMNS + 1} fields, more than Excel's ${MAX_CSV_IMPORT_COLUMNS} columns; is the delimiter right?` });
  });

  it(`more rows than Excel's ${MAX_CSV_IMPORT_ROWS}: an error`, () => {
    const text = '1\n'.repeat(MAX_CSV_IMPORT_ROWS + 1);
    expect(csvToSheetSync(text)).toEqual({ ok: false, row: MAX_CSV_IMPORT_ROWS + 1, problem: `the file has more than ${MAX_CSV_IMPORT_ROWS} rows, Excel's limit; split it into several files` });
  });

  it(`more than ${MAX_CSV_IMPORT_CELLS} cells: an error`, () => {
    const row = `${'1,'.repeat(99)}1\n`;
    expect(csvToSheetSync(row.repeat(MAX_CSV_IMPORT_CELLS / 100 + 1))).toEqual({
      ok: false,
      problem: `the file holds more than ${MAX_CSV_IMPORT_CELLS} cells (rows times the widest row); split it into several files`,
    });
  });
});

describe('csvToSheet: 100,000 rows, in chunks, with progress and cancel', () => {
  const header = 'id,hs_code,partner,value_jpy,share,note';
  const row = (i: number) => `${i},${String(i % 10_000).padStart(4, '0')},"Partner ${i % 200}, Ltd",${i * 1234567},${(i % 1000) / 1000},"said ""ok"""`;
  const text = `${header}\r\n${Array.from({ length: 100_000 }, (_, i) => row(i)).join('\r\n')}\r\n`;

  it('imports every row within a few seconds, reporting progress to the end', async () => {
    const progress: CsvImportProgress[] = [];
    const started = performance.now();
    const sheet = sheetOf(await csvToSheet(text, { onProgress: (step) => progress.push(step) }));
    const elapsed = performance.now() - started;
    expect(sheet.cells).toHaveLength(100_001);
    expect(sheet.columnTypes).toEqual(['number', 'text', 'text', 'number', 'number', 'text']);
    expect(sheet.cells[1]).toEqual([0, '0000', 'Partner 0, Ltd', 0, 0, 'said "ok"']);
    expect(sheet.cells[100_000]).toEqual([99_999, '9999', 'Partner 199, Ltd', 99_999 * 1234567, 0.999, 'said "ok"']);
    expect(sheet.warnings).toEqual(['column B is text because row 2 holds "0000", not a number a cell holds exactly; its 90,000 numbers stay text too']);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.map((step) => step.fraction)).toEqual([...progress.map((step) => step.fraction)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ stage: 'typing', rows: 100_001, fraction: 1 });
    expect(elapsed).toBeLessThan(5000);
    console.info(`100,000 rows (${(text.length / 2 ** 20).toFixed(1)} MB) imported in ${Math.round(elapsed)} ms, ${progress.length} progress reports`);
  });

  it('the same cells as the one-piece import, whatever the chunk size', async () => {
    const small = text.slice(0, 40_000);
    const whole = csvToSheetSync(small, { chunkChars: small.length });
    for (const chunkChars of [50, 1000, 4096]) expect(await csvToSheet(small, { chunkChars })).toEqual(whole);
  });

  it('cancel stops the import soon after, and rejects with an AbortError', async () => {
    const controller = new AbortController();
    let reports = 0;
    const started = performance.now();
    const run = csvToSheet(text, {
      chunkChars: 64 * 1024,
      signal: controller.signal,
      onProgress: () => {
        reports += 1;
        if (reports === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(reports).toBe(2);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a signal aborted before the start imports nothing', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('closed', 'AbortError'));
    let reports = 0;
    await expect(csvToSheet(text, { signal: controller.signal, onProgress: () => { reports += 1; } })).rejects.toMatchObject({ name: 'AbortError', message: 'closed' });
    expect(reports).toBe(0);
  });
});

describe('csvToSheet: any CSV papaparse writes', () => {
  // Text fields only ("x" first, so none is a number or a formula), with the characters that try the quoting.
  const field = fc.array(fc.constantFrom('"', ',', ';', '\t', '\n', '\r', '\r\n', ' ', 'a', 'é', '日', '🚗', "'"), { maxLength: 6 }).map((parts) => `x${parts.join('')}`);
  const grid = fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));

  it('reads back every field as it was, in chunks of any size', () => {
    fc.assert(
      fc.property(grid, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\r\n', '\n'), fc.integer({ min: 1, max: 40 }), (rows, delimiter, newline, chunkChars) => {
        const text = `${Papa.unparse(rows, { delimiter, newline })}${newline}`;
        const whole = csvToSheetSync(text, { delimiter });
        expect(whole).toMatchObject({ ok: true, value: { cells: rows } });
        expect(csvToSheetSync(text, { delimiter, chunkChars })).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
