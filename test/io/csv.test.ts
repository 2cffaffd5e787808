import { describe, it, expect } from 'vitest';
import Papa from 'papaparse';
import { CsvParseError, outputsToCsv, parseSheetCsv, sheetContentsToCsv, sheetContentsToCsvChunks, sheetValuesToCsv, sheetValuesToCsvChunks } from '../../src/io/csv';
import type { CellValue, OutputValue } from '../../src/model';

/** The fields a spreadsheet (or any CSV reader) sees, before our typing and unescaping. */
function rawFields(csv: string): string[][] {
  return Papa.parse<string[]>(csv, { delimiter: ',' }).data;
}

describe('a value written to CSV reads back as the same value', () => {
  const cases: [name: string, value: CellValue][] = [
    ['0.1 + 0.2 at full precision', 0.1 + 0.2],
    ['1e21', 1e21],
    ['the smallest subnormal 5e-324', 5e-324],
    ['the largest double', Number.MAX_VALUE],
    ['negative zero', -0],
    ['-1.5', -1.5],
    ['-1e-7', -1e-7],
    ['an integer', 42],
    ['text with commas', 'Tokyo, Osaka, Nagoya'],
    ['text with quotes', 'the "reciprocal" tariff'],
    ['text with a newline', 'line one\nline two'],
    ['text with CRLF inside', 'line one\r\nline two'],
    ['Japanese text', 'ジャポニカ'],
    ['text with leading and trailing spaces', '  padded  '],
    ['text beginning with =', '=SUM(A1:A3)'],
    ['text beginning with +', '+81 3 1234'],
    ['text beginning with -', '- minus a bullet'],
    ['text beginning with @', '@mention'],
    ['text beginning with a tab', '\tindented'],
    ['text beginning with CR', '\rcarriage'],
    ['text beginning with LF', '\nnewline first'],
    ['multi-line text beginning with =', '=1+1\nsecond line'],
    ["text beginning with '=", "'=already escaped"],
    ["text beginning with ''-", "''-two apostrophes"],
    ['text beginning with an apostrophe and a letter', "'tis"],
    ['a lone apostrophe', "'"],
    ['TRUE', true],
    ['FALSE', false],
    ['an empty cell', null],
  ];
  it.each(cases)('%s', (_name, value) => {
    // toBe compares with Object.is, so -0 must come back as -0, not 0.
    expect(parseSheetCsv(sheetValuesToCsv([[value]]))[0]?.[0]).toBe(value);
  });

  it.each(['#DIV/0!', '#REF!', '#CYCLE!', '#NAME?', '#VALUE!', '#N/A', '#NUM!', '#ERROR!', '#SPILL!'])(
    'the error %s (its reason is not part of the CSV)',
    (error) => {
      const csv = sheetValuesToCsv([[{ error, message: 'why it failed' }]]);
      expect(csv).toBe(`${error}\r\n`);
      expect(parseSheetCsv(csv)).toEqual([[{ error, message: '' }]]);
    },
  );

  it('a whole grid keeps its shape, empty cells at row ends and an all-empty row included', () => {
    const grid: CellValue[][] = [
      ['Label', 'multi\nline', 1.5, null],
      [null, null, null, null],
      ['=not a formula', -0, true, { error: '#DIV/0!', message: '' }],
      ['ジャポニカ', 'a,b', '"quoted"', null],
    ];
    const read = parseSheetCsv(sheetValuesToCsv(grid));
    expect(read).toEqual(grid);
    expect(read[2]?.[1]).toBe(-0);
  });

  it.each<[name: string, grid: CellValue[][]]>([
    ['no rows', []],
    ['one empty cell', [[null]]],
    ['one column ending in an empty cell', [['a'], [null]]],
  ])('an edge shape: %s', (_name, grid) => {
    expect(parseSheetCsv(sheetValuesToCsv(grid))).toEqual(grid);
  });
});

describe('formula injection (OWASP): text a spreadsheet would run is written behind an apostrophe', () => {
  const hostile = ['=HYPERLINK("http://x","y")', '@SUM(1)', "+cmd|' /C calc'!A0", '-1+1', '\n=1+1', '=1\n+2', '\t=1', '\r=1', '＝1+1', '＠SUM(1)'];
  it.each(hostile)('%j', (text) => {
    const csv = sheetValuesToCsv([[text]]);
    expect(rawFields(csv)[0]).toEqual([`'${text}`]);
    expect(parseSheetCsv(csv)).toEqual([[text]]);
  });

  it('quotes the escaped field when it holds quotes, as RFC 4180 requires', () => {
    expect(sheetValuesToCsv([['=HYPERLINK("http://x","y")']])).toBe('"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it.each([
    ["'=1", "''=1"],
    ["''@x", "'''@x"],
    ["'-1", "''-1"],
  ])('text %j that already begins with apostrophes before a trigger gets one more: %j', (text, written) => {
    expect(rawFields(sheetValuesToCsv([[text]]))[0]).toEqual([written]);
  });

  it.each<[value: number, written: string]>([
    [-1.5, '-1.5'],
    [-0, '-0'],
    [-42, '-42'],
    [-1e-7, '-1e-7'],
    [1e21, '1e+21'],
    [5e-324, '5e-324'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1234567.891, '1234567.891'],
  ])('the number %d is written bare, never escaped or locale-formatted: %s', (value, written) => {
    expect(sheetValuesToCsv([[value]])).toBe(`${written}\r\n`);
  });

  it.each(['-12.5', '-0', '-3e5'])('text %j that is a plain numeral is not a formula and is written bare', (text) => {
    expect(sheetValuesToCsv([[text]])).toBe(`${text}\r\n`);
  });

  it('booleans are TRUE and FALSE, not escaped', () => {
    expect(sheetValuesToCsv([[true, false]])).toBe('TRUE,FALSE\r\n');
  });
});

describe('what CSV cannot tell apart comes back as the value it reads as', () => {
  it.each<[text: string, read: CellValue]>([
    ['-12.5', -12.5],
    ['007', 7],
    ['TRUE', true],
    ['#N/A', { error: '#N/A', message: '' }],
    ['', null],
  ])('text %j reads back as %j', (text, read) => {
    expect(parseSheetCsv(sheetValuesToCsv([[text]]))).toEqual([[read]]);
  });
});

describe('byte order mark', () => {
  it.each([
    ['sheet values', sheetValuesToCsv([['ジャポニカ']], { bom: true })],
    ['formulas', sheetContentsToCsv([['ジャポニカ']], { bom: true })],
  ])('%s: bom: true begins the file with U+FEFF, and reading strips it', (_name, csv) => {
    expect(csv).toBe('\uFEFFジャポニカ\r\n');
    expect(parseSheetCsv(csv)).toEqual([['ジャポニカ']]);
  });

  it('is absent by default', () => {
    expect(sheetValuesToCsv([['ジャポニカ']])).toBe('ジャポニカ\r\n');
  });
});

describe('outputs CSV', () => {
  const output = (name: string, label: string, unit: string, value: CellValue): OutputValue => ({
    name,
    label,
    unit,
    value,
    cell: `Summary!B1`,
  });

  it('is tidy: the header, then one row per scenario and output', () => {
    const csv = outputsToCsv([
      { scenario: 'baseline', output: output('Revenue', 'Revenue, total', 'USD', 1000.5) },
      { scenario: 'baseline', output: output('Share', 'Share of exports', '%', -0.125) },
      { scenario: 'no-deal', output: output('Revenue', 'Revenue, total', 'USD', { error: '#DIV/0!', message: 'Division by zero.' }) },
      { scenario: 'no-deal', output: output('Share', '-minus label', '%', null) },
    ]);
    expect(csv).toBe(
      'scenario,output,label,unit,value\r\n' +
        'baseline,Revenue,"Revenue, total",USD,1000.5\r\n' +
        'baseline,Share,Share of exports,%,-0.125\r\n' +
        'no-deal,Revenue,"Revenue, total",USD,#DIV/0!\r\n' +
        "no-deal,Share,'-minus label,%,\r\n",
    );
  });

  it('is only the header when there is nothing to list, and takes a BOM', () => {
    expect(outputsToCsv([], { bom: true })).toBe('\uFEFFscenario,output,label,unit,value\r\n');
  });
});

describe('formulas CSV', () => {
  it('holds each formula as text behind the escape, and literals as themselves', () => {
    const csv = sheetContentsToCsv([
      ['Revenue', '=Inputs!B1*Inputs!B2', 10],
      ['Flag', '=IF(TRUE,"yes","no")', true],
      [null, 'plain', -0],
    ]);
    expect(csv).toBe(
      "Revenue,'=Inputs!B1*Inputs!B2,10\r\n" + 'Flag,"\'=IF(TRUE,""yes"",""no"")",TRUE\r\n' + ',plain,-0\r\n',
    );
    expect(parseSheetCsv(csv)[1]).toEqual(['Flag', '=IF(TRUE,"yes","no")', true]);
  });
});

describe('parseSheetCsv on files written elsewhere', () => {
  it('reads LF line endings and a missing final line ending', () => {
    expect(parseSheetCsv('a,1\nb,2')).toEqual([['a', 1], ['b', 2]]);
  });

  it('refuses a quoted field that never ends, naming the row', () => {
    expect(() => parseSheetCsv('a,1\r\nb,"open')).toThrow(CsvParseError);
    expect(() => parseSheetCsv('a,1\r\nb,"open')).toThrow(/row 2/);
  });
});

describe('the CSV written in pieces, as the command line streams it to a file', () => {
  const hostile: CellValue[] = [
    '=HYPERLINK("http://x","y")', '+81 3 1234', '-minus', '@mention', '\tindented', '\rcarriage', '\nnewline first',
    '=1+1\nsecond line', "'=already escaped", 'the "reciprocal" tariff', 'Tokyo, Osaka', 'line one\r\nline two',
    '  padded  ', '\uFF1D1+1', 'ジャポニカ', '', -0, 5e-324, Number.MAX_VALUE, 1e21, 0.1 + 0.2, -1e-7, 42,
    true, false, null, { error: '#DIV/0!', message: 'Division by zero.' },
  ];
  // 2,345 rows: two full pieces of 1,000 and a short one; an empty row on each side of the first seam, multi-line text on the second.
  const rows = 2345;
  const grid: CellValue[][] = Array.from({ length: rows }, (_, r) =>
    r === 999 || r === 1000 ? Array<CellValue>(6).fill(null) : Array.from({ length: 6 }, (_, c) => hostile[(r * 7 + c * 3) % hostile.length] ?? null));
  grid[1999] = ['a\nb', 'c\r\nd', '=e\nf', 1, 2, 3];

  it.each([[{}], [{ bom: true }]])('sheet values with %j: the pieces join into the one-shot text, byte for byte', (options) => {
    const pieces = [...sheetValuesToCsvChunks(grid, options)];
    expect(Buffer.from(pieces.join(''), 'utf8').equals(Buffer.from(sheetValuesToCsv(grid, options), 'utf8'))).toBe(true);
    const records = pieces.filter((piece) => piece !== '\uFEFF');
    expect(records).toHaveLength(Math.ceil(rows / 1000));
    expect(pieces.slice(1).some((piece) => piece.includes('\uFEFF'))).toBe(false);
    expect(pieces[0]?.startsWith('\uFEFF')).toBe('bom' in options);
  });

  it('formulas: the pieces join into the one-shot text', () => {
    const contents = grid.map((row) => row.map((cell) => (typeof cell === 'object' && cell !== null ? '=1/0' : cell)));
    expect([...sheetContentsToCsvChunks(contents, { bom: true })].join('')).toBe(sheetContentsToCsv(contents, { bom: true }));
  });

  it.each([[{}], [{ bom: true }]])('an empty sheet with %j is what the one-shot writer gives', (options) => {
    expect([...sheetValuesToCsvChunks([], options)].join('')).toBe(sheetValuesToCsv([], options));
  });
});
