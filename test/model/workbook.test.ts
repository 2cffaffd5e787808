import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario, readPresets } from '../../src/cli/scenarioFiles';
import { ENGINE_CONFIG, MAX_ROWS, Workbook, WorkbookError, arrayConstantProblem, isCellError, parseScenario, type CellContent, type FullScenario } from '../../src/model';
import { fixturePath } from '../paths';

const tinyParsed = parseScenario(JSON.parse(readFileSync(fixturePath('tiny.json'), 'utf8')), 'tiny.json');
if (!tinyParsed.ok || 'extends' in tinyParsed.value) throw new Error('fixture invalid');
const tiny: FullScenario = tinyParsed.value;

const sheetOf = (rows: CellContent[][], extra: Partial<FullScenario> = {}): FullScenario => ({
  type: 'tradesheet-scenario', version: 1, id: 'test', name: 'Test', description: '',
  sheets: { Sheet1: rows }, inputs: {}, outputs: {}, ...extra,
});

const open: Workbook[] = [];
const openWorkbook = (scenario: FullScenario) => {
  const workbook = Workbook.open(scenario);
  open.push(workbook);
  return workbook;
};
afterEach(() => {
  for (const workbook of open.splice(0)) workbook.destroy();
});
const A1 = (sheet: string, row: number, col: number) => ({ sheet, row, col });

describe('the engine is configured as Excel users expect', () => {
  const formulaCases: [string, CellContent, unknown][] = [
    ['values are exact doubles, not smart-rounded', '=0.1+0.2', 0.30000000000000004],
    ['array arithmetic works inside SUMPRODUCT', '=SUMPRODUCT((A2:A4>5)*A2:A4)', 13],
    ['bare TRUE is a boolean', '=TRUE', true],
    ['bare FALSE works inside IF', '=IF(FALSE,1,2)', 2],
    ['an empty cell reads as 0', '=A9', 0],
    ['an empty cell adds as 0', '=A9+1', 1],
    ['IFERROR catches a division by zero', '=IFERROR(1/0,"none")', 'none'],
    ['ROUND(2.675,2) is 2.68, as in Excel', '=ROUND(2.675,2)', 2.68],
  ];
  it.each(formulaCases)('%s', (_name, formula, expected) => {
    const workbook = openWorkbook(sheetOf([[formula], [6], [7], [3]]));
    expect(workbook.cellValue(A1('Sheet1', 0, 0))).toEqual(expected);
  });

  it('a spilled array formula serialises as its formula alone', () => {
    const workbook = openWorkbook(sheetOf([[1, '=A1:A3*2'], [2, null], [3, null]]));
    expect(workbook.sheetValues('Sheet1').map((row) => row[1])).toEqual([2, 4, 6]);
    expect(workbook.toScenario().sheets.Sheet1).toEqual([[1, '=A1:A3*2'], [2, null], [3, null]]);
  });

  it('text an array spills is not saved as content, so the scenario reopens with the array spilled', () => {
    const workbook = openWorkbook(sheetOf([['Item', 'Value', 'Unit'], [null, null, null]]));
    workbook.setCell(A1('Sheet1', 1, 0), '=TRANSPOSE(A1:C1)');
    const saved = workbook.toScenario();
    expect(saved.sheets.Sheet1).toEqual([['Item', 'Value', 'Unit'], ['=TRANSPOSE(A1:C1)', null, null], [null, null, null], [null, null, null]]);
    expect(openWorkbook(saved).sheetValues('Sheet1').map((row) => row[0])).toEqual(['Item', 'Item', 'Value', 'Unit']);
  });

  it('accepts rows beyond the 40,000-row default', () => {
    const workbook = openWorkbook(sheetOf([[1]]));
    workbook.setCell(A1('Sheet1', 99_999, 0), '=A1*2');
    expect(workbook.cellValue(A1('Sheet1', 99_999, 0))).toBe(2);
  });

  it.each([['007'], ['July 20'], ['25%'], ['1,000'], ['TRUE']])('text %s stays text', (text) => {
    const workbook = openWorkbook(sheetOf([[text]]));
    expect(workbook.cellValue(A1('Sheet1', 0, 0))).toBe(text);
    expect(workbook.cellContent(A1('Sheet1', 0, 0))).toBe(text);
  });
});

describe('errors show as Excel errors with a reason', () => {
  it.each([
    ['#DIV/0!', '=1/0', 'Division by zero.'],
    ['#NAME?', '=NOSUCH(1)', 'Function name NOSUCH not recognized.'],
    ['#CYCLE!', '=A1', 'Circular reference: the formula depends on its own result.'],
    ['#REF!', '=Gone!A1', 'Sheet does not exist.'],
  ])('%s', (error, formula, message) => {
    const workbook = openWorkbook(sheetOf([[formula]]));
    expect(workbook.cellValue(A1('Sheet1', 0, 0))).toEqual({ error, message });
  });

  it('a formula the parser rejects keeps the typed text', () => {
    const workbook = openWorkbook(sheetOf([[1]]));
    workbook.setCell(A1('Sheet1', 0, 1), '=1+');
    expect(workbook.cellValue(A1('Sheet1', 0, 1))).toMatchObject({ error: '#ERROR!' });
    expect(workbook.cellContent(A1('Sheet1', 0, 1))).toBe('=1+');
  });
});

describe('a formula over the cells of an array whose result is an error shows that error (HyperFormula 3.5.0 threw "Unknown array")', () => {
  const codes = (workbook: Workbook) => workbook.sheetValues('Sheet1').map((row) => row.map((value) => (isCellError(value) ? value.error : value)));
  const spilled = [[1, 2], [3, 4], [5, 6], ['=A1:B2*2', null]];

  it('typing the array into a cell it refers to is one edit that undo takes back', () => {
    const workbook = openWorkbook(sheetOf(spilled));
    workbook.setCell(A1('Sheet1', 0, 0), '=A1:B2*2');
    expect(codes(workbook)).toEqual([['#CYCLE!', 2], [3, 4], [5, 6], ['#CYCLE!', '#CYCLE!'], ['#CYCLE!', '#CYCLE!']]);
    workbook.undo();
    expect(codes(workbook)).toEqual([[1, 2], [3, 4], [5, 6], [2, 4], [6, 8]]);
  });

  it('a workbook saved with such formulas opens again', () => {
    const workbook = openWorkbook(sheetOf(spilled));
    workbook.setCell(A1('Sheet1', 0, 0), '=A1:B2*2');
    const reopened = openWorkbook(workbook.toScenario());
    expect(codes(reopened)).toEqual(codes(workbook));
  });

  it('an MMULT of sizes that do not fit, read by a formula over its cells', () => {
    const workbook = openWorkbook(sheetOf([['=MMULT(C1:D1,C1:D1)', null, 1, 2], [null, null, null, null], ['=A1:B1*2', null, '=SUM(A1:B1)', null]]));
    expect(codes(workbook)[2]).toEqual(['#VALUE!', '#VALUE!', '#VALUE!', null]);
    expect(workbook.cellValue(A1('Sheet1', 2, 0))).toEqual({ error: '#VALUE!', message: 'Array dimensions are not compatible.' });
  });
});

describe('a formula HyperFormula fails on shows #VALUE! with the reason; the rest computes', () => {
  // FIND over arrays of different sizes: HyperFormula 3.5.0 reads a text that is not there and throws.
  // (TEXT over such arrays threw too, until TEXT became the project's own plugin.)
  const failing = '=SUM(FIND(A1:C3,A2:B3))';
  const reason = "The formula engine failed on this formula: Cannot read properties of undefined (reading 'length').";

  it('in a build', () => {
    const workbook = openWorkbook(sheetOf([[1, 0, null], [2, null, 0], [0, null, 0], [failing, '=A1+1', null]]));
    expect(workbook.cellValue(A1('Sheet1', 3, 0))).toEqual({ error: '#VALUE!', message: reason });
    expect(workbook.cellValue(A1('Sheet1', 3, 1))).toBe(2);
  });

  it('in an edit, which undo takes back', () => {
    const workbook = openWorkbook(sheetOf([[1, 0, null], [2, null, 0], [0, null, 0], [null, '=A4', null]]));
    workbook.setCell(A1('Sheet1', 3, 0), failing);
    expect(workbook.cellValue(A1('Sheet1', 3, 1))).toEqual({ error: '#VALUE!', message: reason });
    workbook.undo();
    expect(workbook.cellValue(A1('Sheet1', 3, 1))).toBe(0);
  });
});

describe('an OFFSET HyperFormula 3.5.0 cannot read (fewer than three arguments) is refused, naming the cell', () => {
  it('when written, leaving the cell as it was', () => {
    const workbook = openWorkbook(sheetOf([[1, 2]]));
    expect(() => workbook.setCell(A1('Sheet1', 0, 1), '=SUM(OFFSET(A1,1))')).toThrow(
      /^cannot write Sheet1!B1: the formula engine fails to read this formula \("Cannot read properties of undefined \(reading 'type'\)"\); OFFSET takes a reference, rows and columns, as in Excel$/,
    );
    expect(workbook.sheetContents('Sheet1')).toEqual([[1, 2]]);
    workbook.setCell(A1('Sheet1', 0, 1), '=OFFSET(A1,0,0)');
    expect(workbook.cellValue(A1('Sheet1', 0, 1))).toBe(1);
  });

  it('in a workbook to build', () => {
    expect(() => Workbook.open(sheetOf([[0, '=A1'], [0, '=SUM(SUM((OFFSET(A1))),A1)']]))).toThrow(/^Sheet1!B2: the formula engine fails to read this formula/);
  });
});

describe('array constants hold constants only, as in Excel (HyperFormula 3.5.0 tracks no reference inside one)', () => {
  it.each([
    ['={1,2;3,4}'],
    ['=SUM({1.5,-2,3e2,50%})'],
    ['={"a,b","}{";TRUE,#N/A}'],
    ['=COUNTA({"",1})'],
    ["='Odd {sheet}'!A1+1"],
    ['="{A1}"&B1'],
    ['=SUM({1,2'],
  ])('%s is accepted', (formula) => {
    expect(arrayConstantProblem(formula)).toBeUndefined();
  });

  it.each([
    ['={B1}', 'B1'],
    ['=SUM({1,B1;2,3})', 'B1'],
    ['={1+1}', '1+1'],
    ['={AutoTariff}', 'AutoTariff'],
    ['={"x";Sheet2!A1}', 'Sheet2!A1'],
    ['=INDEX({1,2},1)+{A:A}', 'A:A'],
  ])('%s is refused, naming %s', (formula, item) => {
    expect(arrayConstantProblem(formula)).toContain(`holds "${item}"`);
  });

  it('a write is refused before it changes anything, naming the cell', () => {
    const workbook = openWorkbook(sheetOf([[1, '=A1+1']]));
    expect(() => workbook.setCell(A1('Sheet1', 0, 1), '={A1}')).toThrow(
      /^cannot write Sheet1!B1: an array constant holds numbers, text, TRUE, FALSE or errors only, as in Excel: \{A1\} holds "A1"/,
    );
    expect(() => workbook.setCells([{ address: A1('Sheet1', 0, 0), content: 5 }, { address: A1('Sheet1', 1, 0), content: '={B1}' }])).toThrow(/^cannot write Sheet1!A2: /);
    expect(workbook.sheetContents('Sheet1')).toEqual([[1, '=A1+1']]);
    expect(workbook.canUndo()).toBe(false);
  });

  it('a sheet put whole or a workbook built with one is refused, naming the first cell', () => {
    const workbook = openWorkbook(sheetOf([[1]]));
    expect(() => workbook.putSheet('New', [[1, 2], ['=1', '=SUM({A1})']], { create: true })).toThrow(/^cannot write New!B2: an array constant/);
    expect(workbook.sheetNames()).toEqual(['Sheet1']);
    // HyperFormula itself failed to build this one: "Value of the formula cell is not computed".
    expect(() => Workbook.open(sheetOf([['={B1}', '=1']]))).toThrow(/^Sheet1!A1: an array constant/);
  });
});

describe('reading and editing the tiny scenario', () => {
  it('evaluates cross-sheet references, quoted sheet names and named inputs', () => {
    const workbook = openWorkbook(tiny);
    expect(workbook.sheetNames()).toEqual(['Inputs', 'Result sheet']);
    expect(workbook.sheetValues('Result sheet')).toEqual([['Revenue', 1000], ['Tariff', 250], ['Flag', 'yes']]);
    expect(workbook.outputs().map((output) => [output.name, output.cell, output.value])).toEqual([
      ['Revenue', "'Result sheet'!B1", 1000],
      ['TariffPaid', "'Result sheet'!B2", 250],
    ]);
    expect(workbook.sheetContents('Result sheet')[1]).toEqual(['Tariff', '=B1*Rate']);
  });

  it('a formula typed in another sheet can use an input name and a quoted sheet', () => {
    const workbook = openWorkbook(tiny);
    workbook.setCell(A1('Inputs', 0, 3), "=Volume*'Result sheet'!B2");
    expect(workbook.cellValue(A1('Inputs', 0, 3))).toBe(25_000);
  });

  it('setInputs writes several inputs in one batch and returns the changed cells', () => {
    const workbook = openWorkbook(tiny);
    const changes = workbook.setInputs({ Volume: 200, Rate: 0.5 });
    expect(changes).toEqual(expect.arrayContaining([
      { address: A1('Result sheet', 0, 1), value: 2000 },
      { address: A1('Result sheet', 1, 1), value: 1000 },
    ]));
    expect(workbook.inputs().map((input) => input.value)).toEqual([200, 0.5]);
    workbook.undo();
    expect(workbook.inputs().map((input) => input.value)).toEqual([100, 0.25]);
  });

  it('a batch of edits is one undo step; redo brings it back', () => {
    const workbook = openWorkbook(tiny);
    expect(workbook.canUndo()).toBe(false);
    workbook.setCells([
      { address: A1('Inputs', 0, 1), content: 20 },
      { address: A1('Inputs', 1, 1), content: 3 },
    ]);
    expect(workbook.outputs()[0]?.value).toBe(60);
    workbook.undo();
    expect(workbook.outputs()[0]?.value).toBe(1000);
    expect(workbook.canUndo()).toBe(false);
    workbook.redo();
    expect(workbook.outputs()[0]?.value).toBe(60);
  });

  it('inserting a row moves formulas, outputs and inputs with their cells, and undo restores them', () => {
    const workbook = openWorkbook(tiny);
    workbook.addRows('Inputs', 0, 1);
    expect(workbook.inputs().map((input) => input.cell)).toEqual(['Inputs!B3', 'Inputs!B4']);
    expect(workbook.cellContent(A1('Result sheet', 0, 1))).toBe('=Inputs!B2*Inputs!B3');
    expect(workbook.outputs()[0]?.value).toBe(1000);
    workbook.undo();
    expect(workbook.toScenario()).toEqual(tiny);
  });

  it('deleting a referenced row gives #REF!', () => {
    const workbook = openWorkbook(tiny);
    workbook.removeRows('Inputs', 0, 1);
    expect(workbook.cellValue(A1('Result sheet', 0, 1))).toMatchObject({ error: '#REF!' });
  });

  it.each([
    ['a row', (workbook: Workbook) => workbook.removeRows('Inputs', 1, 2), 'Inputs!B2 holds the input "Volume"; move or keep that cell before deleting it'],
    ['a column', (workbook: Workbook) => workbook.removeColumns('Result sheet', 1), '\'Result sheet\'!B1 holds the output "Revenue"; move or keep that cell before deleting it'],
    ['a sheet', (workbook: Workbook) => workbook.removeSheet('Inputs'), 'Inputs!B2 holds the input "Volume"; move or keep that cell before deleting it'],
  ])('refuses to delete %s holding a named input or output, and changes nothing', (_name, remove, message) => {
    const workbook = openWorkbook(tiny);
    expect(() => remove(workbook)).toThrow(message);
    expect(workbook.toScenario()).toEqual(tiny);
  });

  it('sheets can be added, renamed, moved and removed; formulas follow a rename', () => {
    const workbook = openWorkbook(tiny);
    workbook.addSheet('Notes');
    workbook.renameSheet('Inputs', 'Assumed inputs');
    expect(workbook.cellContent(A1('Result sheet', 0, 1))).toBe("='Assumed inputs'!B1*'Assumed inputs'!B2");
    expect(workbook.inputs()[0]?.cell).toBe("'Assumed inputs'!B2");
    workbook.moveSheet('Notes', 0);
    expect(workbook.sheetNames()).toEqual(['Notes', 'Assumed inputs', 'Result sheet']);
    workbook.removeSheet('Notes');
    expect(workbook.sheetNames()).toEqual(['Assumed inputs', 'Result sheet']);
    expect(() => workbook.addSheet('result SHEET')).toThrow(WorkbookError);
    expect(() => workbook.addSheet('a/b')).toThrow('sheet name "a/b" must not contain : \\ / ? * [ ]');
    expect(() => workbook.renameSheet('Result sheet', 'History')).toThrow('"History" is reserved by Excel');
  });

  it('refuses unknown sheets and inputs with a named error', () => {
    const workbook = openWorkbook(tiny);
    expect(() => workbook.setCell(A1('Nope', 0, 0), 1)).toThrow('no sheet named "Nope"');
    expect(() => workbook.setInput('Nope', 1)).toThrow('no input named "Nope"');
  });

  it('serialises back to the same scenario, trailing empty cells included', () => {
    const padded = sheetOf([[1, null, null], [null, null, null]]);
    expect(openWorkbook(padded).toScenario()).toEqual(padded);
    expect(openWorkbook(tiny).toScenario()).toEqual(tiny);
  });
});

describe('reading a sheet', () => {
  it('sheetValues is a rectangle of the sheet: errors as Excel errors, empty cells as null, trailing empty cells kept', () => {
    const workbook = openWorkbook(sheetOf([[1, null, null], ['=1/0', 'x', null], [null, null, null]]));
    expect(workbook.sheetValues('Sheet1')).toEqual([
      [1, null, null],
      [{ error: '#DIV/0!', message: 'Division by zero.' }, 'x', null],
      [null, null, null],
    ]);
  });

  it('sheetValues grows with an edit beyond the edge and shrinks back when it is undone', () => {
    const workbook = openWorkbook(sheetOf([[1, 2]]));
    workbook.setCell(A1('Sheet1', 2, 3), '=A1+B1');
    expect(workbook.sheetValues('Sheet1')).toEqual([[1, 2, null, null], [null, null, null, null], [null, null, null, 3]]);
    workbook.undo();
    expect(workbook.sheetValues('Sheet1')).toEqual([[1, 2]]);
  });
});

describe('a sheet read whole is read again only where cells were written', () => {
  const grid = () => sheetOf([[1, '=A1*2', 'x'], [2, '=A2*2', 'y'], [3, '=SUM(A1:A3)', 'z']]);

  it('after a write, only its row is read again, and the contents are those of the sheet', () => {
    const workbook = openWorkbook(grid());
    workbook.sheetContents('Sheet1');
    const reads = vi.spyOn(workbook, 'rangeContents');
    workbook.setCell(A1('Sheet1', 1, 2), '=B2+1');
    expect(workbook.sheetContents('Sheet1')).toEqual([[1, '=A1*2', 'x'], [2, '=A2*2', '=B2+1'], [3, '=SUM(A1:A3)', 'z']]);
    expect(reads.mock.calls).toEqual([['Sheet1', 1, 0, 1, 3]]);
  });

  it('what an earlier read returned does not change with later writes, and its rows cannot be changed', () => {
    const workbook = openWorkbook(grid());
    const before = workbook.sheetContents('Sheet1');
    workbook.setCells([{ address: A1('Sheet1', 0, 0), content: 10 }, { address: A1('Sheet1', 2, 2), content: null }]);
    expect(before).toEqual(grid().sheets.Sheet1);
    expect(workbook.sheetContents('Sheet1')).toEqual([[10, '=A1*2', 'x'], [2, '=A2*2', 'y'], [3, '=SUM(A1:A3)', null]]);
    const row = before[0] ?? [];
    expect(() => {
      row[0] = 5;
    }).toThrow(TypeError);
  });

  it('an undo, a row insert or a sheet rename is read whole again: formulas elsewhere may read differently', () => {
    const workbook = openWorkbook(grid());
    workbook.setCell(A1('Sheet1', 0, 0), 7);
    workbook.sheetContents('Sheet1');
    workbook.undo();
    expect(workbook.sheetContents('Sheet1')[0]).toEqual([1, '=A1*2', 'x']);
    workbook.addRows('Sheet1', 0, 1);
    expect(workbook.sheetContents('Sheet1')[3]).toEqual([3, '=SUM(A2:A4)', 'z']);
    workbook.addSheet('Other');
    workbook.setCell(A1('Other', 0, 0), '=Sheet1!A2');
    expect(workbook.sheetContents('Other')).toEqual([['=Sheet1!A2']]);
    workbook.renameSheet('Sheet1', 'Renamed');
    expect(workbook.sheetContents('Other')).toEqual([['=Renamed!A2']]);
  });
});

describe('one edit', () => {
  it('returns every changed cell with its own sheet, and is one undo step', () => {
    const workbook = openWorkbook(tiny);
    expect(workbook.setCell(A1('Inputs', 0, 1), 20)).toEqual(expect.arrayContaining([
      { address: A1('Inputs', 0, 1), value: 20 },
      { address: A1('Result sheet', 0, 1), value: 2000 },
      { address: A1('Result sheet', 1, 1), value: 500 },
    ]));
    workbook.undo();
    expect(workbook.canUndo()).toBe(false);
    expect(workbook.toScenario()).toEqual(tiny);
  });

  it.each([
    ['one edit', [{ address: A1('Sheet1', MAX_ROWS, 0), content: 1 }]],
    ['a batch', [{ address: A1('Sheet1', 0, 0), content: 2 }, { address: A1('Sheet1', MAX_ROWS, 0), content: 1 }]],
  ])('%s beyond the last row is refused with the cell named, and changes nothing', (_name, edits) => {
    const workbook = openWorkbook(sheetOf([[1]]));
    expect(() => workbook.setCells(edits)).toThrow(new WorkbookError(`cannot write Sheet1!A${MAX_ROWS + 1}`));
    expect(workbook.cellValue(A1('Sheet1', 0, 0))).toBe(1);
    expect(workbook.canUndo()).toBe(false);
  });
});

/**
 * HyperFormula's private undo history, where the walk these tests count happens
 * (UndoRedo.collectReferencedOldDataVersions): spying on it fails loudly if a new version renames it.
 */
function undoHistoryOf(workbook: Workbook): { collectReferencedOldDataVersions: (...entryLists: unknown[]) => Set<number> } {
  const engine = Reflect.get(workbook, 'engine') as object;
  const crudOperations = Reflect.get(engine, '_crudOperations') as object;
  return Reflect.get(crudOperations, 'undoRedo') as ReturnType<typeof undoHistoryOf>;
}

describe('the undo history stays cheap as it fills', () => {
  it('no edit walks the undo history when nothing is to be redone, even once the history is full', () => {
    const workbook = openWorkbook(tiny);
    const walk = vi.spyOn(undoHistoryOf(workbook), 'collectReferencedOldDataVersions');
    const undoLimit = ENGINE_CONFIG.undoLimit ?? 0;
    for (let i = 0; i < undoLimit + 20; i += 1) workbook.setCell(A1('Inputs', 0, 1), i);
    workbook.setCells(Array.from({ length: 50 }, (_, i) => ({ address: A1('Inputs', 2 + i, 0), content: i })));
    workbook.tryInputs({ Volume: 7 }, ['Revenue']);
    expect(walk).not.toHaveBeenCalled();
    expect(workbook.outputs()[0]?.value).toBe((undoLimit + 19) * 100);
  });

  it('an edit after undoing a row delete still drops the redo step and frees what it kept', () => {
    const workbook = openWorkbook(tiny);
    const walk = vi.spyOn(undoHistoryOf(workbook), 'collectReferencedOldDataVersions');
    workbook.removeRows('Inputs', 0, 1);
    workbook.undo();
    expect(workbook.canRedo()).toBe(true);
    workbook.setCell(A1('Inputs', 0, 1), 20);
    expect(workbook.canRedo()).toBe(false);
    expect(walk).toHaveBeenCalled();
    expect(workbook.outputs()[0]?.value).toBe(2000);
  });
});

const { presets } = readPresets();
const resolvedPresets: FullScenario[] = presets.map(({ scenario }) => {
  const resolved = loadScenario(scenario.id, presets);
  if (!resolved.ok) throw new Error(`preset ${scenario.id} does not resolve`);
  return resolved.value.scenario;
});
const presetById = (id: string): FullScenario => {
  const scenario = resolvedPresets.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`no preset ${id}`);
  return scenario;
};

/** Everything a command reads from a workbook: each sheet's values, the outputs, the scenario as a file. */
function observed(workbook: Workbook) {
  return {
    values: Object.fromEntries(workbook.sheetNames().map((sheet) => [sheet, workbook.sheetValues(sheet)])),
    outputs: workbook.outputs(),
    inputs: workbook.inputs(),
    scenario: workbook.toScenario(),
    id: workbook.id,
    canUndo: workbook.canUndo(),
    canRedo: workbook.canRedo(),
  };
}

describe('a workbook switched to another scenario of the same shape is the one a build would give', () => {
  it('the presets differ from one another only in input cells, so each is reached from the one before', () => {
    expect(resolvedPresets.length).toBeGreaterThan(2);
    // Forward through the presets, then back to the first: every step goes both ways between some pair.
    const order = [...resolvedPresets, ...[...resolvedPresets].reverse().slice(1)];
    const held = openWorkbook(order[0] as FullScenario);
    for (const scenario of order.slice(1)) {
      expect(held.switchTo(scenario), scenario.id).toBe(true);
      expect(observed(held), scenario.id).toEqual(observed(openWorkbook(scenario)));
    }
  });

  it('reads what the workbook holds now, so a switch after edits undoes them, and clears the undo history', () => {
    const baseline = presetById('baseline');
    const held = openWorkbook(baseline);
    const [input] = held.inputs();
    if (!input) throw new Error('the baseline has no inputs');
    held.setInput(input.name, 123_456);
    held.setCell({ sheet: held.sheetNames()[0] ?? '', row: 0, col: 0 }, 'typed over');
    expect(held.canUndo()).toBe(true);
    expect(held.switchTo(baseline)).toBe(true);
    expect(observed(held)).toEqual(observed(openWorkbook(baseline)));
  });

  const spilled = sheetOf([['={1,2,3}', null, null], [1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  const blocked = sheetOf([['={1,2,3}', 5, null], [1, 2, 3], [4, 5, 6], [7, 8, 9]]);

  it('a value written where an array spills gives #SPILL!, as in a build', () => {
    const held = openWorkbook(spilled);
    expect(held.switchTo(blocked)).toBe(true);
    expect(held.sheetValues('Sheet1')[0]?.[0]).toMatchObject({ error: '#SPILL!' });
    expect(observed(held)).toEqual(observed(openWorkbook(blocked)));
  });

  it('emptying the cell that blocks an array is refused: HyperFormula would keep the #SPILL! a build does not have', () => {
    const held = openWorkbook(blocked);
    expect(held.switchTo(spilled)).toBe(false);
    expect(held.sheetValues('Sheet1')[0]?.[1]).toBe(5);
    expect(openWorkbook(spilled).sheetValues('Sheet1')[0]).toEqual([1, 2, 3]);
  });
});

describe('a sheet whose rows differ in length', () => {
  const ragged = sheetOf([[1], [2, 3, '=A1+B2', null], []]);

  it('builds as wide as its widest row, trailing empty cells included, the cells a short row lacks empty; it saves every row at that width', () => {
    const workbook = openWorkbook(ragged);
    expect(workbook.sheetSize('Sheet1')).toEqual({ rows: 3, cols: 4 });
    expect(workbook.sheetValues('Sheet1')).toEqual([[1, null, null, null], [2, 3, 4, null], [null, null, null, null]]);
    expect(workbook.toScenario().sheets.Sheet1).toEqual([[1, null, null, null], [2, 3, '=A1+B2', null], [null, null, null, null]]);
  });

  it('a switch to it empties what the workbook holds past a short row\'s end, as a build would', () => {
    const full = sheetOf([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, '=SUM(A1:C4)']]);
    const short = sheetOf([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15]]);
    const held = openWorkbook(full);
    expect(held.switchTo(short)).toBe(true);
    expect(held.cellValue(A1('Sheet1', 3, 3))).toBeNull();
    expect(observed(held)).toEqual(observed(openWorkbook(short)));
  });
});

describe('a scenario of another shape is refused, and the workbook left as it was', () => {
  const grid = (rows: number, cols: number, at: (row: number, col: number) => CellContent): CellContent[][] =>
    Array.from({ length: rows }, (_, row) => Array.from({ length: cols }, (_, col) => at(row, col)));
  const numbers = grid(10, 10, (row, col) => row * 10 + col);
  const base = sheetOf(numbers, {
    inputs: { Rate: { cell: 'Sheet1!A1', label: 'Rate', unit: '%', source: { assumption: 'a test figure' }, min: 0, max: 100 } },
    outputs: { Total: { cell: 'Sheet1!B1', label: 'Total', unit: 'USD' } },
  });
  const changeOf = (change: Partial<FullScenario>): FullScenario => ({ ...base, ...change });

  it.each<[string, FullScenario]>([
    ['a row more', changeOf({ sheets: { Sheet1: [...numbers, numbers[0] ?? []] } })],
    ['a column fewer', changeOf({ sheets: { Sheet1: numbers.map((row) => row.slice(1)) } })],
    ['a sheet renamed', changeOf({ sheets: { Other: numbers } })],
    ['a sheet more', changeOf({ sheets: { Sheet1: numbers, Sheet2: [[1]] } })],
    ['an output on another cell', changeOf({ outputs: { Total: { cell: 'Sheet1!C1', label: 'Total', unit: 'USD' } } })],
    ['an input labelled otherwise', changeOf({ inputs: { Rate: { cell: 'Sheet1!A1', label: 'Tariff rate', unit: '%', source: { assumption: 'a test figure' }, min: 0, max: 100 } } })],
    ['an output more', changeOf({ outputs: { Total: { cell: 'Sheet1!B1', label: 'Total', unit: 'USD' }, Other: { cell: 'Sheet1!C1', label: 'Other', unit: 'USD' } } })],
    ['11 of 100 cells changed', changeOf({ sheets: { Sheet1: grid(10, 10, (row, col) => (row * 10 + col <= 10 ? -1 : row * 10 + col)) } })],
  ])('%s', (_name, other) => {
    const held = openWorkbook(base);
    const before = observed(held);
    expect(held.switchTo(other)).toBe(false);
    expect(observed(held)).toEqual(before);
  });

  it('10 of 100 cells changed is still a switch', () => {
    const other = changeOf({ id: 'other', sheets: { Sheet1: grid(10, 10, (row, col) => (row * 10 + col < 10 ? -1 : row * 10 + col)) } });
    const held = openWorkbook(base);
    expect(held.switchTo(other)).toBe(true);
    expect(observed(held)).toEqual(observed(openWorkbook(other)));
  });
});
