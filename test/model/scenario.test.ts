import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatIssue,
  parseScenario,
  resolveScenario,
  scenarioJsonSchema,
  type ScenarioFile,
  type ScenarioSource,
} from '../../src/model';
import { decodeScenarioBytes, formatScenarioJson, parsePresetText, parseScenarioText } from '../../src/io/scenarioFile';
import { REPO_ROOT, fixturePath } from '../paths';

const tinyText = readFileSync(fixturePath('tiny.json'), 'utf8');
const tiny = (): Record<string, unknown> => JSON.parse(tinyText) as Record<string, unknown>;
const tinyWith = (change: (data: Record<string, unknown>) => void) => {
  const data = tiny();
  change(data);
  return data;
};
const sheets = (data: Record<string, unknown>) => data.sheets as Record<string, unknown[][]>;
const inputs = (data: Record<string, unknown>) => data.inputs as Record<string, Record<string, unknown>>;

const messagesOf = (data: unknown) => {
  const result = parseScenario(data, 'x.json');
  return result.ok ? [] : result.issues.map(formatIssue);
};

describe('parseScenario accepts', () => {
  it('the tiny fixture', () => {
    expect(messagesOf(tiny())).toEqual([]);
  });

  it.each([
    ['normal', { low: -50, high: 200 }],
    ['lognormal by default when low > 0', { low: 50, high: 200 }],
    ['uniform', { low: 0, high: 1000, distribution: 'uniform' }],
    ['triangular around the value', { low: 50, high: 300, distribution: 'triangular' }],
    ['pert around the value', { low: 100, high: 300, distribution: 'pert' }],
  ])('an input with a %s range', (_name, range) => {
    expect(messagesOf(tinyWith((d) => { inputs(d).Volume!.range = { ...range, source: { assumption: 'a judgment' } }; }))).toEqual([]);
  });

  it('a ragged sheet: rows may differ in length, and an output may sit past a short row\'s end', () => {
    const data = tinyWith((d) => {
      sheets(d).Inputs![0] = ['Price'];
      sheets(d).Inputs![2]!.push(null);
      (d.outputs as Record<string, unknown>).Empty = { cell: 'Inputs!D1', label: 'An empty cell', unit: '' };
    });
    expect(messagesOf(data)).toEqual([]);
  });

  it('a scenario that extends another and sets inputs', () => {
    const data = { type: 'tradesheet-scenario', version: 1, id: 'mine', name: 'Mine', description: '', extends: 'tiny', set: { Rate: 0.5 } };
    expect(messagesOf(data)).toEqual([]);
  });
});

describe('parseScenario rejects, naming the file and the JSON path', () => {
  const cases: [string, unknown, string][] = [
    ['an array', [], 'x.json: a scenario file must hold a JSON object, found an array'],
    ['a wrong type', tinyWith((d) => { d.type = 'excel'; }), 'x.json: type: must be "tradesheet-scenario"'],
    ['a wrong version', tinyWith((d) => { d.version = 2; }), 'x.json: version: must be 1'],
    ['a missing name', tinyWith((d) => { delete d.name; }), 'x.json: name: missing field (expected string)'],
    ['an unknown field', tinyWith((d) => { d.input = {}; }), 'x.json: unknown field "input"'],
    ['an object in a cell', tinyWith((d) => { sheets(d).Inputs![1]![1] = { v: 1 }; }), 'x.json: sheets.Inputs[1][1]: a cell must be a number, text (a formula when it begins with "="), true/false or null'],
    ['a row wider than Excel, after the first', tinyWith((d) => { sheets(d).Inputs![2] = new Array<null>(16_385).fill(null); }), 'x.json: sheets.Inputs[2]: row has 16385 cells, more than Excel\'s 16384 columns (A to XFD)'],
    ['a bad sheet name', tinyWith((d) => { sheets(d)['a/b'] = [[1]]; }), 'x.json: sheets["a/b"]: sheet name "a/b" must not contain : \\ / ? * [ ]'],
    ['a sheet name differing only in case', tinyWith((d) => { sheets(d).inputs = [[1]]; }), 'x.json: sheets.inputs: sheet name "inputs" repeats "Inputs" (names ignore case)'],
    ['an address that does not parse', tinyWith((d) => { inputs(d).Volume!.cell = 'B2'; }), 'x.json: inputs.Volume.cell: "B2" is not a cell address such as "Autos!B3" or "\'Rice quota\'!C2"'],
    ['an address on a missing sheet', tinyWith((d) => { inputs(d).Volume!.cell = 'Nope!B2'; }), 'x.json: inputs.Volume.cell: "Nope!B2" names sheet "Nope", which the scenario does not have'],
    ['an input outside its sheet', tinyWith((d) => { inputs(d).Volume!.cell = 'Inputs!D9'; }), 'x.json: inputs.Volume.cell: "Inputs!D9" lies outside sheet "Inputs" (its last cell is C3)'],
    ['an input outside a ragged sheet, which is as wide as its widest row', tinyWith((d) => { sheets(d).Inputs![1]!.push(null); inputs(d).Volume!.cell = 'Inputs!E1'; }), 'x.json: inputs.Volume.cell: "Inputs!E1" lies outside sheet "Inputs" (its last cell is D3)'],
    ['an input past a short row\'s end, within the widest row', tinyWith((d) => { sheets(d).Inputs![0] = ['Price']; inputs(d).Volume!.cell = 'Inputs!C1'; }), 'x.json: inputs.Volume.cell: input cell Inputs!C1 must hold a number, found null'],
    ['an input on text', tinyWith((d) => { inputs(d).Volume!.cell = 'Inputs!A2'; }), 'x.json: inputs.Volume.cell: input cell Inputs!A2 must hold a number, found string "Volume"'],
    ['an input outside min/max', tinyWith((d) => { inputs(d).Volume!.max = 50; }), 'x.json: inputs.Volume.cell: Inputs!B2 holds 100, above the input\'s max 50'],
    ['a name that is a cell address', tinyWith((d) => { inputs(d).AB12 = inputs(d).Volume!; delete inputs(d).Volume; }), 'x.json: inputs.AB12: "AB12" looks like a cell address'],
    ['a sheet name beginning with a digit', tinyWith((d) => { sheets(d)['2025'] = [[1]]; }), 'x.json: sheets["2025"]: sheet name "2025" must not begin with a digit'],
    ['an R1C1 letter as a name', tinyWith((d) => { inputs(d).R = inputs(d).Volume!; delete inputs(d).Volume; }), 'x.json: inputs.R: "R" is reserved by Excel (row and column in R1C1 references)'],
    ['a reserved name', tinyWith((d) => { inputs(d).True = inputs(d).Volume!; delete inputs(d).Volume; }), 'x.json: inputs.True: "True" is reserved'],
    ['a name used twice', tinyWith((d) => { (d.outputs as Record<string, unknown>).volume = { cell: 'Inputs!B1', label: 'v', unit: '' }; }), 'x.json: outputs.volume: name "volume" repeats "Volume" (names ignore case, and inputs and outputs share them)'],
    ['a source of neither kind', tinyWith((d) => { inputs(d).Volume!.source = { guess: 'x' }; }), 'x.json: inputs.Volume.source: source must be { "article": { "line", "quote" } } or { "assumption": "why" }'],
    ['a reference inside an array constant', tinyWith((d) => { sheets(d)['Result sheet']![2]![1] = '=SUM({B1,B2})'; }), 'x.json: sheets["Result sheet"][2][1]: B3: an array constant holds numbers, text, TRUE, FALSE or errors only, as in Excel: {B1,B2} holds "B1" (refer to the cells themselves, e.g. =A1:B2 instead of ={A1,B1;A2,B2})'],
    ['a range whose high is not above its low', tinyWith((d) => { inputs(d).Volume!.range = { low: 200, high: 50, source: { assumption: 'x' } }; }), 'x.json: inputs.Volume.range.high: high (50) must be greater than low (200)'],
    ['a lognormal range reaching 0', tinyWith((d) => { inputs(d).Volume!.range = { low: 0, high: 200, distribution: 'lognormal', source: { assumption: 'x' } }; }), 'x.json: inputs.Volume.range.low: a lognormal range needs low above 0, got 0'],
    ['a triangular range without the value inside', tinyWith((d) => { inputs(d).Volume!.range = { low: 150, high: 200, distribution: 'triangular', source: { assumption: 'x' } }; }), 'x.json: inputs.Volume.range.distribution: a triangular range has the input\'s value as its mode, and 100 lies outside 150 to 200'],
    ['an unknown distribution', tinyWith((d) => { inputs(d).Volume!.range = { low: 50, high: 200, distribution: 'beta', source: { assumption: 'x' } }; }), 'x.json: inputs.Volume.range.distribution: distribution must be one of normal, lognormal, uniform, triangular, pert'],
    ['a range without a source', tinyWith((d) => { inputs(d).Volume!.range = { low: 50, high: 200 }; }), 'x.json: inputs.Volume.range.source: source must be { "article": { "line", "quote" } } or { "assumption": "why" }'],
    ['a __proto__ key', JSON.parse('{"type":"tradesheet-scenario","sheets":{"__proto__":[[1]]}}'), 'x.json: sheets.__proto__: "__proto__" is not allowed as a key'],
  ];
  it.each(cases)('%s', (_name, data, message) => {
    expect(messagesOf(data)).toContain(message);
  });

  it('does not pollute Object.prototype', () => {
    parseScenarioText('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}', 'x.json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('scenario text and bytes', () => {
  it.each([
    ['an empty file', '', 'x.json: the file is empty; a scenario file holds one JSON object'],
    ['a missing value', '{\n  "type": }', 'x.json: not valid JSON: unexpected "}" at line 2, column 11'],
    ['a trailing comma', '{\n  "type": 1,\n}', 'x.json: not valid JSON: expected a key in double quotes, found "}" at line 3, column 1'],
    ['an unclosed string', '{"name": "abc', 'x.json: not valid JSON: a string that never ends at line 1, column 14'],
    ['text after the object', '{} x', 'x.json: not valid JSON: unexpected "x" after the end of the JSON value at line 1, column 4'],
    ['a single-quoted key', "{'id': 1}", 'x.json: not valid JSON: expected a key in double quotes, found "\'" at line 1, column 2'],
  ])('names the line and column of %s', (_name, text, message) => {
    const result = parseScenarioText(text, 'x.json');
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([message]);
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(parseScenarioText(`\uFEFF${tinyText}`, 'x.json').ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8, naming the offset', () => {
    const result = decodeScenarioBytes(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'x.json');
    expect(result.ok ? '' : formatIssue(result.issues[0]!)).toBe('x.json: not valid UTF-8 text (first bad byte at offset 2); save the file as UTF-8');
  });

  it('requires a preset id to equal its file name', () => {
    const result = parsePresetText(tinyText, 'scenarios/other.json');
    expect(result.ok ? '' : formatIssue(result.issues[0]!)).toBe('scenarios/other.json: id: a preset\'s id must equal its file name: "tiny" in other.json');
  });

  it('formats a scenario with each sheet row on one line and parses back to the same value', () => {
    const text = formatScenarioJson(tiny() as ScenarioFile);
    expect(text).toContain('\n      ["Price", 10, "USD"],\n');
    expect(JSON.parse(text)).toEqual(tiny());
  });
});

describe('resolveScenario', () => {
  const parsed = parseScenario(tiny(), 'tiny.json');
  if (!parsed.ok) throw new Error('fixture invalid');
  const root: ScenarioSource = { scenario: parsed.value, file: 'tiny.json' };
  const child = (id: string, parent: string, set: Extract<ScenarioFile, { extends: string }>['set']): ScenarioSource => ({
    scenario: { type: 'tradesheet-scenario', version: 1, id, name: id, description: '', extends: parent, set },
    file: `${id}.json`,
  });
  const catalogue = (...sources: ScenarioSource[]) => (id: string) => sources.find((source) => source.scenario.id === id);

  it('writes each set into the input cells, root first, so the child wins', () => {
    const a = child('a', 'tiny', { Rate: 0.5, Volume: 7 });
    const b = child('b', 'a', { Rate: 0.1 });
    const result = resolveScenario(b, catalogue(root, a));
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join());
    expect(result.value.chain).toEqual(['b', 'a', 'tiny']);
    expect(result.value.scenario.id).toBe('b');
    expect(result.value.scenario.sheets.Inputs?.[1]?.[1]).toBe(7);
    expect(result.value.scenario.sheets.Inputs?.[2]?.[1]).toBe(0.1);
    expect(root.scenario).toEqual(tiny());
  });

  it('takes a range set by a child in place of the root\'s, and keeps the root\'s where none is set', () => {
    const range = { low: 0.1, high: 0.4, distribution: 'pert' as const, source: { assumption: 'a deal' } };
    const a = child('a', 'tiny', { Rate: { value: 0.2, range }, Volume: 120 });
    const result = resolveScenario(a, catalogue(root, a));
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join());
    expect(result.value.scenario.inputs.Rate?.range).toEqual(range);
    expect(result.value.scenario.sheets.Inputs?.[2]?.[1]).toBe(0.2);
    expect(result.value.scenario.inputs.Volume?.range).toBeUndefined();
    expect('inputs' in root.scenario && root.scenario.inputs.Rate?.range).toBeUndefined();
  });

  it.each([
    ['a missing parent', [child('a', 'nope', {})], 'a.json: extends: no scenario with id "nope" beside this file or among the presets'],
    ['a cycle', [child('a', 'b', {}), child('b', 'a', {})], 'b.json: extends: extends cycle: a -> b -> a'],
    ['an unknown input', [child('a', 'tiny', { Nope: 1 })], 'a.json: set.Nope: "tiny" has no input named "Nope"'],
    ['a value above max', [child('a', 'tiny', { Rate: 2 })], 'a.json: set.Rate: 2 is above the input\'s max 1'],
    ['a value outside the triangular range it sets', [child('a', 'tiny', { Rate: { value: 0.9, range: { low: 0.1, high: 0.4, distribution: 'triangular', source: { assumption: 'x' } } } })], 'a.json: set.Rate: a triangular range has the input\'s value as its mode, and 0.9 lies outside 0.1 to 0.4'],
    ['a range set with high below low', [child('a', 'tiny', { Rate: { range: { low: 0.4, high: 0.1, source: { assumption: 'x' } } } })], 'a.json: set.Rate: high (0.1) must be greater than low (0.4)'],
  ])('reports %s', (_name, sources, message) => {
    const [start] = sources;
    if (!start) throw new Error('no case');
    const result = resolveScenario(start, catalogue(root, ...sources));
    expect(result.ok ? [] : result.issues.map(formatIssue)).toContain(message);
  });
});

describe('JSON Schema', () => {
  it('the committed scenarios/scenario.schema.json is the one the zod schema generates (npm run schema)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'scenarios/scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(scenarioJsonSchema());
  });
});
