/** The Excel export: formula translation table-driven, then whole workbooks read back with ExcelJS and as raw XML. */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { evaluateScenario, parseScenario, type CellContent, type FullScenario } from '../../src/model';
import { excelSheetReference, toExcelFormula } from '../../src/io/excelFormula';
import { scenarioToXlsx, sourcesSheetName, SOURCES_HEADER } from '../../src/io/xlsx';
import { fixturePath } from '../paths';

function fixture(name: string): FullScenario {
  const parsed = parseScenario(JSON.parse(readFileSync(fixturePath(name), 'utf8')), name);
  if (!parsed.ok || 'extends' in parsed.value) throw new Error(`fixture ${name} is not a full scenario`);
  return parsed.value;
}
const tiny = fixture('tiny.json');

const scenarioOf = (sheets: Record<string, CellContent[][]>, extra: Partial<FullScenario> = {}): FullScenario => ({
  type: 'tradesheet-scenario', version: 1, id: 'test', name: 'Test', description: '', sheets, inputs: {}, outputs: {}, ...extra,
});

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  // ExcelJS declares its input as an ArrayBuffer; a copy gives one of exactly the right length.
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  return book;
}

/** The files inside an .xlsx (a zip), read from its central directory: enough to look at the raw XML. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const data = Buffer.from(bytes);
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let n = 0; n < count; n += 1) {
    const method = data.readUInt16LE(at + 10);
    const size = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const skip = nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    const local = data.readUInt32LE(at + 42);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const body = data.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(body) : body).toString('utf8'));
    at += 46 + skip;
  }
  return files;
}

const context = { sheets: ['Autos', 'Rice quota', '2025', 'Data', "O'Brien"], names: ['Rate', 'Volume'] };

describe('toExcelFormula', () => {
  const cases: [string, string, string, boolean][] = [
    ['arithmetic passes through', '=1+2*3-4/8', '1+2*3-4/8', false],
    ['the leading "=" goes', '=A1', 'A1', false],
    ['function names in upper case', '=sum(a1:b2)', 'SUM(A1:B2)', false],
    ['quoted sheet names keep their quotes', "='Rice quota'!A1", "'Rice quota'!A1", false],
    ['sheet names are spelled as the sheet is', "=sum('rice QUOTA'!a1:c1)", "SUM('Rice quota'!A1:C1)", false],
    ['a sheet name beginning with a digit is quoted', '=2025!B1', "'2025'!B1", false],
    ['a quote in a sheet name stays doubled', "=SUM('o''brien'!A1:B2)", "SUM('O''Brien'!A1:B2)", false],
    ['a plain sheet name stays bare', "='Autos'!$B$3", 'Autos!$B$3', false],
    ['the second sheet of a range goes', '=SUM(Autos!A1:Autos!B2)', 'SUM(Autos!A1:B2)', false],
    ['a range across two sheets is #REF!', '=SUM(Autos!A1:Data!B2)', 'SUM(#REF!)', false],
    ['a missing sheet is #REF!', '=Nope!A1+1', '#REF!+1', false],
    ['names are spelled as defined', '=rate*VOLUME', 'Rate*Volume', false],
    ['bare true and false in upper case', '=IF(true,false,TRUE)', 'IF(TRUE,FALSE,TRUE)', false],
    ['percent literals pass through', '=50%+Rate%', '50%+Rate%', false],
    ['chained powers are bracketed', '=2^3^2', '(2^3)^2', false],
    ['longer chains too', '=2^3^2^2', '((2^3)^2)^2', false],
    ['a bracketed power is left alone', '=2^(3^2)', '2^(3^2)', false],
    ['negation binds before power, as in Excel', '=-2^2', '-2^2', false],
    ['numbers in canonical form', '=1e3+.5+007', '1000+0.5+7', false],
    ['quotes in a string are doubled', '="a\\"b"', '"a\\""b"', false],
    ['whitespace goes', '=SUM( A1 , A2 )\n+ 1', 'SUM(A1,A2)+1', false],
    ['ROUND gets its digits', '=ROUND(2.5)', 'ROUND(2.5,0)', false],
    ['ROUND with digits is left alone', '=ROUND(2.5,1)', 'ROUND(2.5,1)', false],
    ['Excel 2010+ functions get _xlfn.', '=IFNA(NA(),STDEV.S(A1:A3))', '_xlfn.IFNA(NA(),_xlfn.STDEV.S(A1:A3))', false],
    ["HyperFormula's own aliases become Excel's names", '=STDEVS(A1:A3)', '_xlfn.STDEV.S(A1:A3)', false],
    ['FILTER is in the worksheet namespace', '=FILTER(A1:A3,B1:B3)', '_xlfn._xlws.FILTER(A1:A3,B1:B3)', false],
    ['empty arguments stay', '=SUM(1,)', 'SUM(1,)', false],
    ['array constants pass through', '={1,2;3,4}', '{1,2;3,4}', false],
    ['whole columns and rows', '=SUM(Data!A:B)+SUM(1:2)', 'SUM(Data!A:B)+SUM(1:2)', false],
    ['SUM of a range needs no array entry', '=SUM(A1:A9)', 'SUM(A1:A9)', false],
    ['SUMPRODUCT evaluates arrays itself', '=SUMPRODUCT((A1:A9>5)*A1:A9)', 'SUMPRODUCT((A1:A9>5)*A1:A9)', false],
    ['a range as an operand needs array entry', '=SUM(A1:A3*B1:B3)', 'SUM(A1:A3*B1:B3)', true],
    ['a range as a condition needs array entry', '=SUM(IF(A1:A3>1,1,0))', 'SUM(IF(A1:A3>1,1,0))', true],
    ['a formula that is a range needs array entry', '=A1:A3', 'A1:A3', true],
    ['a single cell never does', '=A1*2', 'A1*2', false],
  ];
  it.each(cases)('%s', (_name, formula, excel, array) => {
    expect(toExcelFormula(formula, context)).toEqual({ ok: true, formula: excel, array });
  });

  const refused: [string, string][] = [
    ['an unclosed bracket', '=SUM(1'],
    ['an unclosed string', '="abc'],
    ['HyperFormula reads only a small e in exponents', '=1E3'],
    ['a space before a bracket', '=SUM (1)'],
    ['an expression inside { }', '={1+1,2}'],
    ["an error value Excel lacks", '=#CYCLE!'],
    ['an R1C1 reference', '=R1C1'],
    ['a number too large', '=1e999'],
  ];
  it.each(refused)('refuses %s', (_name, formula) => {
    expect(toExcelFormula(formula, context)).toMatchObject({ ok: false });
  });

  it('splits a string over 255 characters, which Excel refuses', () => {
    const text = 'x'.repeat(300);
    expect(toExcelFormula(`=LEN("${text}")`, context)).toEqual({ ok: true, formula: `LEN(("${'x'.repeat(255)}"&"${'x'.repeat(45)}"))`, array: false });
  });
});

describe('excelSheetReference and sourcesSheetName', () => {
  it.each([
    ['Autos', 'Autos'],
    ['Rice_quota', 'Rice_quota'],
    ['Rice quota', "'Rice quota'"],
    ['2025', "'2025'"],
    ['A1', "'A1'"],
    ['XFD1048576', "'XFD1048576'"],
    ['R1C1', "'R1C1'"],
    ['R', "'R'"],
    ['TRUE', "'TRUE'"],
    ["O'Brien", "'O''Brien'"],
    ['Tariffs-2025', "'Tariffs-2025'"],
  ])('%s -> %s', (sheet, reference) => {
    expect(excelSheetReference(sheet)).toBe(reference);
  });

  it.each([
    [[], 'Sources'],
    [['Inputs'], 'Sources'],
    [['sources'], 'Sources 2'],
    [['Sources', 'SOURCES 2'], 'Sources 3'],
  ])('with sheets %j the list of sources is %s', (sheets, name) => {
    expect(sourcesSheetName(sheets)).toBe(name);
  });
});

describe('scenarioToXlsx', () => {
  it('returns the bytes of a zip', async () => {
    const bytes = await scenarioToXlsx(tiny, evaluateScenario(tiny));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('writes every sheet in order, then the sources', async () => {
    const book = await readBack(await scenarioToXlsx(tiny, evaluateScenario(tiny)));
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet', 'Sources']);
  });

  it('writes literals as typed values', async () => {
    const sheet = (await readBack(await scenarioToXlsx(tiny, evaluateScenario(tiny)))).getWorksheet('Inputs');
    expect(sheet?.getCell('A1').value).toBe('Price');
    expect(sheet?.getCell('B1').value).toBe(10);
    expect(sheet?.getCell('B3').value).toBe(0.25);
    const booleans = await readBack(await scenarioToXlsx(scenarioOf({ S: [[true, false, '007', 'July 20']] }), undefined));
    expect(booleans.getWorksheet('S')?.getRow(1).values).toEqual([undefined, true, false, '007', 'July 20']);
  });

  it('writes formulas as formulas with their computed values', async () => {
    const sheet = (await readBack(await scenarioToXlsx(tiny, evaluateScenario(tiny)))).getWorksheet('Result sheet');
    expect(sheet?.getCell('B1').value).toEqual({ formula: 'Inputs!B1*Inputs!B2', result: 1000 });
    expect(sheet?.getCell('B2').value).toEqual({ formula: 'B1*Rate', result: 250 });
    expect(sheet?.getCell('B3').value).toEqual({ formula: 'IF(TRUE,"yes","no")', result: 'yes' });
  });

  it('omits the computed values when asked, and without values', async () => {
    for (const bytes of [await scenarioToXlsx(tiny, evaluateScenario(tiny), { cachedValues: false }), await scenarioToXlsx(tiny, undefined)]) {
      const sheet = (await readBack(bytes)).getWorksheet('Result sheet');
      expect(sheet?.getCell('B1').value).toEqual({ formula: 'Inputs!B1*Inputs!B2' });
      expect(sheet?.getCell('B3').value).toEqual({ formula: 'IF(TRUE,"yes","no")' });
      const xml = unzip(bytes).get('xl/worksheets/sheet2.xml') ?? '';
      expect(xml).toContain('<f>Inputs!B1*Inputs!B2</f>');
      expect(xml).not.toMatch(/<\/f><v>/);
    }
  });

  it('asks Excel to recalculate on opening', async () => {
    const xml = unzip(await scenarioToXlsx(tiny, evaluateScenario(tiny))).get('xl/workbook.xml') ?? '';
    expect(xml).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
  });

  it('defines every input and output as a name, quoting sheet names as Excel does', async () => {
    const bytes = await scenarioToXlsx(tiny, evaluateScenario(tiny));
    const book = await readBack(bytes);
    expect(book.definedNames.model).toEqual([
      { name: 'Volume', ranges: ['Inputs!$B$2'] },
      { name: 'Rate', ranges: ['Inputs!$B$3'] },
      { name: 'Revenue', ranges: ["'Result sheet'!$B$1"] },
      { name: 'TariffPaid', ranges: ["'Result sheet'!$B$2"] },
    ]);
    const digits = scenarioOf({ '2025': [[1]] }, { inputs: { Growth: { cell: "'2025'!A1", label: 'Growth', unit: '%', source: { assumption: 'x' } } } });
    // ExcelJS would write 2025!$A$1 here, which Excel cannot read; ExcelJS also reads it back unquoted, so look at the XML.
    expect(unzip(await scenarioToXlsx(digits, undefined)).get('xl/workbook.xml')).toContain('<definedName name="Growth">&apos;2025&apos;!$A$1</definedName>');
  });

  it('lists every input with its label, unit, cell and source', async () => {
    const withArticle: FullScenario = {
      ...tiny,
      inputs: { ...tiny.inputs, Volume: { ...tiny.inputs.Volume!, source: { article: { line: 30, quote: 'exported 1.4 million cars' } } } },
    };
    const sheet = (await readBack(await scenarioToXlsx(withArticle, evaluateScenario(withArticle)))).getWorksheet('Sources');
    const rows: unknown[][] = [];
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      [...SOURCES_HEADER],
      ['Volume', 'Volume', { formula: 'Volume', result: 100 }, 'units', 'Inputs!B2', 0, 1000, 'article', 30, 'exported 1.4 million cars'],
      ['Rate', 'Tariff rate', { formula: 'Rate', result: 0.25 }, '%', 'Inputs!B3', 0, 1, 'assumption', undefined, 'a round number'],
    ]);
  });

  it('names the sources sheet apart from a sheet of the scenario called Sources', async () => {
    const scenario = scenarioOf({ sources: [['mine']], Data: [[1]] });
    const book = await readBack(await scenarioToXlsx(scenario, undefined));
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['sources', 'Data', 'Sources 2']);
    expect(book.getWorksheet('sources')?.getCell('A1').value).toBe('mine');
  });

  it('shades inputs, formats percentages and checks inputs against their bounds', async () => {
    const book = await readBack(await scenarioToXlsx(tiny, evaluateScenario(tiny)));
    const rate = book.getWorksheet('Inputs')?.getCell('B3');
    expect(rate?.numFmt).toBe('0.0%');
    expect(rate?.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(rate?.dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 1] });
    expect(book.getWorksheet('Result sheet')?.getCell('B1').font).toMatchObject({ bold: true });
  });

  it('writes a formula that spills as an array formula over its cells', async () => {
    const scenario = scenarioOf({ S: [[1, '=A1:A3*2', '=SUM(A1:A3*2)'], [2, null, null], [3, null, null]] });
    const bytes = await scenarioToXlsx(scenario, evaluateScenario(scenario));
    const sheet = (await readBack(bytes)).getWorksheet('S');
    expect(sheet?.getCell('B1').value).toEqual({ formula: 'A1:A3*2', shareType: 'array', ref: 'B1:B3', result: 2 });
    expect([sheet?.getCell('B2').value, sheet?.getCell('B3').value]).toEqual([4, 6]);
    expect(sheet?.getCell('C1').value).toEqual({ formula: 'SUM(A1:A3*2)', shareType: 'array', ref: 'C1', result: 12 });
    const xml = unzip(await scenarioToXlsx(scenario, evaluateScenario(scenario), { cachedValues: false })).get('xl/worksheets/sheet1.xml') ?? '';
    expect(xml).toContain('<c r="B1"><f t="array" ref="B1:B3">A1:A3*2</f></c>');
    expect(xml).not.toContain('r="B2"');
  });

  it('writes a sheet whose rows differ in length, the cells a short row lacks left empty', async () => {
    const scenario = scenarioOf({ S: [[1], [2, 'a longer text than ten', '=A1+A2'], []] });
    const sheet = (await readBack(await scenarioToXlsx(scenario, evaluateScenario(scenario)))).getWorksheet('S');
    expect([sheet?.getCell('A1').value, sheet?.getCell('B1').value, sheet?.getCell('C1').value]).toEqual([1, null, null]);
    expect(sheet?.getCell('C2').value).toEqual({ formula: 'A1+A2', result: 3 });
    expect([sheet?.rowCount, sheet?.columnCount]).toEqual([2, 3]);
  });

  it('writes a formula HyperFormula cannot read as its text, which Excel would call corrupt', async () => {
    const scenario = scenarioOf({ S: [['=SUM(1', '=1+1']] });
    const sheet = (await readBack(await scenarioToXlsx(scenario, evaluateScenario(scenario)))).getWorksheet('S');
    expect(sheet?.getCell('A1').value).toBe('=SUM(1');
    expect(sheet?.getCell('B1').value).toEqual({ formula: '1+1', result: 2 });
  });

  it("caches only the error values Excel knows; HyperFormula's #CYCLE! it leaves to Excel", async () => {
    const scenario = scenarioOf({ S: [['=1/0', '=B1']] });
    const sheet = (await readBack(await scenarioToXlsx(scenario, evaluateScenario(scenario)))).getWorksheet('S');
    expect(sheet?.getCell('A1').value).toEqual({ formula: '1/0', result: { error: '#DIV/0!' } });
    expect(sheet?.getCell('B1').value).toEqual({ formula: 'B1' });
  });

  it('carries the scenario name and description into the file properties', async () => {
    const book = await readBack(await scenarioToXlsx(tiny, undefined));
    expect(book.title).toBe(tiny.name);
    expect(book.description).toBe(tiny.description);
  });
});
