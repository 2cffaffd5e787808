import { describe, it, expect } from 'vitest';
import Papa from 'papaparse';
import {
  CsvParseError, outputsToCsv, parseSheetCsv, sheetContentsToCsv, sheetContentsToCsvChunks, sheetValuesToCsv, sheetValuesToCsvChunks,
  simulationDrawsToCsv, simulationDrawsToCsvChunks, simulationSummaryToCsv, type SimulatedScenario,
} from '../../src/io/csv';
import type { CellValue, OutputValue } from '../../src/model';
import type { SimulatedInput, SimulatedOutput, Simulation, Summary } from '../../src/model/analysis/simulation';

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

  it('ragged rows are written at the widest row\'s width, the fields a short row lacks empty, in one piece and in several', () => {
    const ragged: CellValue[][] = [['a'], ['b', 2, 'c'], []];
    const csv = sheetValuesToCsv(ragged);
    expect(csv).toBe('a,,\r\nb,2,c\r\n,,\r\n');
    expect([...sheetValuesToCsvChunks(ragged)].join('')).toBe(csv);
    expect(sheetContentsToCsv([['=A2'], ['x', '=1+1']])).toBe('\'=A2,\r\nx,\'=1+1\r\n');
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

describe('simulation CSVs', () => {
  const input = (name: string, draws: number[]): SimulatedInput => ({
    name, label: name, unit: '', value: draws[0] ?? 0, range: { low: 0, high: 1, source: { assumption: 'a test range' } },
    distribution: 'uniform', p10: 0.1, p90: 0.9, draws: Float64Array.from(draws),
  });
  const summary = (fields: Partial<Summary>): Summary => ({
    count: 3, mean: 0, sd: 0, min: 0, p5: 0, p10: 0, p25: 0, p50: 0, p75: 0, p90: 0, p95: 0, max: 0, ...fields,
  });
  const output = (name: string, label: string, values: number[], stats: Summary | null): SimulatedOutput => ({
    name, label, unit: 'USD', baseValue: 0, values: Float64Array.from(values), errors: values.filter(Number.isNaN).length, summary: stats,
    histogram: { edges: new Float64Array(0), counts: new Uint32Array(0) }, threshold: null, sensitivity: [], tornado: [],
  });
  const simulation = (inputs: SimulatedInput[], outputs: SimulatedOutput[], samples = 3): Simulation => ({
    samples, seed: 1, sampling: 'lhs', evaluation: { engine: 'plan' }, inputs, outputs,
  });

  it('the summary: the header, one row per scenario and output, full precision, empty statistics for no numeric point', () => {
    const csv = simulationSummaryToCsv([
      { scenario: 'baseline', simulation: simulation([], [output('Gap', 'Car gap', [], summary({ mean: 0.1 + 0.2, sd: Number.NaN, min: -1e-7, max: 1e21 }))]) },
      { scenario: 'roll-back', simulation: simulation([], [output('Gap', 'Car gap', [Number.NaN], null)]) },
    ]);
    expect(csv).toBe(
      'scenario,output,label,unit,mean,sd,min,p5,p10,p25,p50,p75,p90,p95,max\r\n' +
        'baseline,Gap,Car gap,USD,0.30000000000000004,,-1e-7,0,0,0,0,0,0,0,1e+21\r\n' +
        'roll-back,Gap,Car gap,USD,,,,,,,,,,,\r\n',
    );
    expect(parseSheetCsv(csv)[1]?.[4]).toBe(0.1 + 0.2);
  });

  it('the summary guards text a spreadsheet would run, and takes a BOM', () => {
    const csv = simulationSummaryToCsv([
      { scenario: '@evil', simulation: simulation([], [output('Gap', '=HYPERLINK("http://x","click")', [], summary({}))]) },
    ], { bom: true });
    expect(csv.startsWith('\uFEFFscenario,')).toBe(true);
    expect(rawFields(csv.slice(1))[1]?.slice(0, 3)).toEqual(["'@evil", 'Gap', "'=HYPERLINK(\"http://x\",\"click\")"]);
  });

  const baseline: SimulatedScenario = {
    scenario: 'baseline',
    simulation: simulation([input('Elasticity', [-1.25, 0.1 + 0.2, -0.5])], [output('Cars', 'Cars', [100, Number.NaN, 300.5], null)]),
    inputs: [{ name: 'Tariff', value: 0.25 }, { name: 'Elasticity', value: -1 }],
  };

  it('the draws: one row per draw and scenario, a ranged input at its draw, another at its value, an error point empty', () => {
    const rollBack: SimulatedScenario = {
      scenario: 'roll-back',
      simulation: simulation([input('Elasticity', [-1.25, 0.1 + 0.2, -0.5])], [output('Cars', 'Cars', [110, 220, 330], null)]),
      inputs: [{ name: 'Tariff', value: 0 }, { name: 'Elasticity', value: -1 }, { name: '-Quota', value: 5 }],
    };
    const csv = simulationDrawsToCsv([baseline, rollBack]);
    // The columns: the first scenario's inputs in its order, then another's new ones, then the outputs.
    expect(csv).toBe(
      "draw,scenario,Tariff,Elasticity,'-Quota,Cars\r\n" +
        '1,baseline,0.25,-1.25,,100\r\n' +
        '1,roll-back,0,-1.25,5,110\r\n' +
        '2,baseline,0.25,0.30000000000000004,,\r\n' +
        '2,roll-back,0,0.30000000000000004,5,220\r\n' +
        '3,baseline,0.25,-0.5,,300.5\r\n' +
        '3,roll-back,0,-0.5,5,330\r\n',
    );
  });

  it('the draws guard a hostile scenario id and text value', () => {
    const hostile: SimulatedScenario = { ...baseline, scenario: '=cmd|x', inputs: [{ name: 'Note', value: '+1 then =2' }, { name: 'Elasticity', value: -1 }] };
    const [header, first] = rawFields(simulationDrawsToCsv([hostile]));
    expect(header).toEqual(['draw', 'scenario', 'Note', 'Elasticity', 'Cars']);
    expect(first).toEqual(['1', "'=cmd|x", "'+1 then =2", '-1.25', '100']);
  });

  it.each(['=1+1', '@SUM(A1)', '+cmd', '-1+1', '\t=1', '\n=1', '=1+1\nsecond line', '＝1+1', '－1+1'])('every text field of both files is guarded: %j', (text) => {
    const hostile: SimulatedScenario = {
      scenario: text,
      simulation: simulation([input(text, [-1.5, -0, 1e21])], [{ ...output(text, text, [-1.5, -0, 1e21], summary({ mean: -1.5 })), unit: text }]),
      inputs: [{ name: text, value: -1 }, { name: 'Note', value: text }],
    };
    for (const csv of [simulationSummaryToCsv([hostile]), simulationDrawsToCsv([hostile])]) {
      const fields = rawFields(csv).flat();
      expect(fields).toContain(`'${text}`);
      expect(fields).not.toContain(text);
      expect(fields).toContain('-1.5');
    }
    expect(rawFields(simulationDrawsToCsv([hostile]))[2]).toEqual(['2', `'${text}`, '-0', `'${text}`, '-0']);
  });

  it('the draws in pieces of about 1,000 rows join into the one-shot text, the BOM alone first', () => {
    const samples = 2500;
    const many: SimulatedScenario = {
      scenario: 'many',
      simulation: simulation([input('X', Array.from({ length: samples }, (_, i) => i / 7))], [output('Y', 'Y', Array.from({ length: samples }, (_, i) => i * 1.1), null)], samples),
      inputs: [{ name: 'X', value: 0 }],
    };
    const pieces = [...simulationDrawsToCsvChunks([many], { bom: true })];
    expect(pieces[0]).toBe('\uFEFF');
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(simulationDrawsToCsv([many], { bom: true }));
    expect(parseSheetCsv(pieces.slice(1).join(''))).toHaveLength(samples + 1);
  });
});
