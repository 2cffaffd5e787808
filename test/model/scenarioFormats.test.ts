/** A scenario file's "formats": validated with the file and key named, carried and overridden along `extends`, in the JSON Schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, parseScenario, resolveScenario, scenarioJsonSchema, type ScenarioFile, type ScenarioSource } from '../../src/model';
import { REPO_ROOT, fixturePath } from '../paths';

const tiny = (): Record<string, unknown> => JSON.parse(readFileSync(fixturePath('tiny.json'), 'utf8')) as Record<string, unknown>;
const withFormats = (formats: unknown) => ({ ...tiny(), formats });
const messagesOf = (data: unknown, file = 'x.json') => {
  const result = parseScenario(data, file);
  return result.ok ? [] : result.issues.map(formatIssue);
};

describe('a full scenario\'s formats', () => {
  it('are accepted for a cell, a range, a quoted sheet name, and cells past the sheet\'s last filled one', () => {
    const formats = { 'Inputs!B1': '$#,##0.00', 'Inputs!B2:B40': '#,##0', "'Result sheet'!B1:B2": '#,##0.00,,," bn"' };
    const parsed = parseScenario(withFormats(formats), 'x.json');
    expect(parsed.ok && parsed.value).toMatchObject({ formats });
  });

  it.each([
    [{ B4: '0' }, 'x.json: formats.B4: "B4" is not a cell or range such as "Summary!B4", "Inputs!B2:B24" or "\'Rice quota\'!C2:C9"'],
    [{ 'Summary!B4': '0' }, 'x.json: formats["Summary!B4"]: "Summary!B4" names sheet "Summary", which the scenario does not have'],
    [{ 'Inputs!B2': '0.0"' }, 'x.json: formats["Inputs!B2"]: "0.0\\"" is not an Excel number format code (such as "#,##0.00", "0.0%" or "$#,##0,,\\" M\\"")'],
    [{ 'Inputs!B2': '' }, 'x.json: formats["Inputs!B2"]: a format code must not be empty (leave the cell without one for General)'],
    [{ 'Inputs!B2': 7 }, 'x.json: formats["Inputs!B2"]: expected string, found number 7'],
    [['Inputs!B2'], 'x.json: formats: expected an object, found an array'],
  ])('refuses %j, naming the file and the key', (formats, message) => {
    expect(messagesOf(withFormats(formats))).toEqual([message]);
  });
});

describe('formats along extends', () => {
  const parsed = parseScenario(withFormats({ 'Inputs!B1:B2': '#,##0', 'Inputs!B3': '0%' }), 'tiny.json');
  if (!parsed.ok) throw new Error('fixture invalid');
  const root: ScenarioSource = { scenario: parsed.value, file: 'tiny.json' };
  const child = (id: string, parent: string, formats?: Record<string, string>): ScenarioSource => {
    const scenario: ScenarioFile = { type: 'tradesheet-scenario', version: 1, id, name: id, description: '', extends: parent, set: {}, ...(formats ? { formats } : {}) };
    return { scenario, file: `${id}.json` };
  };
  const catalogue = (...sources: ScenarioSource[]) => (id: string) => sources.find((source) => source.scenario.id === id);

  it('a child adds formats and puts its own in place of the root\'s, and the grandchild\'s win over both', () => {
    const a = child('a', 'tiny', { 'Inputs!B3': '0.0%', "'Result sheet'!B1": '$#,##0' });
    const b = child('b', 'a', { "'Result sheet'!B1": '#,##0.0,," M"' });
    const result = resolveScenario(b, catalogue(root, a));
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join());
    expect(result.value.scenario.formats).toEqual({ 'Inputs!B1:B2': '#,##0', 'Inputs!B3': '0.0%', "'Result sheet'!B1": '#,##0.0,," M"' });
  });

  it('a child without formats keeps the root\'s, and a root without any gives none', () => {
    const kept = resolveScenario(child('a', 'tiny'), catalogue(root));
    expect(kept.ok && kept.value.scenario.formats).toEqual({ 'Inputs!B1:B2': '#,##0', 'Inputs!B3': '0%' });
    const bare = parseScenario(tiny(), 'tiny.json');
    if (!bare.ok) throw new Error('fixture invalid');
    const none = resolveScenario(child('a', 'tiny'), catalogue({ scenario: bare.value, file: 'tiny.json' }));
    expect(none.ok && 'formats' in none.value.scenario).toBe(false);
  });

  it('a child\'s format on a sheet the root lacks is refused with the child\'s file named', () => {
    const result = resolveScenario(child('a', 'tiny', { 'Summary!B2': '0' }), catalogue(root));
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual(['a.json: formats["Summary!B2"]: "Summary!B2" names sheet "Summary", which the scenario does not have']);
  });

  it('a child\'s unreadable code is refused when the file is read, before any resolving', () => {
    const scenario = { type: 'tradesheet-scenario', version: 1, id: 'a', name: 'a', description: '', extends: 'tiny', set: {}, formats: { 'Inputs!B2': '0.0"' } };
    expect(messagesOf(scenario, 'a.json')).toEqual([expect.stringMatching(/^a\.json: formats\["Inputs!B2"\]: "0\.0\\"" is not an Excel number format code/)]);
  });
});

describe('the JSON Schema', () => {
  it('describes formats for full and extending scenarios, and the committed file is the generated one', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    expect(text.match(/"formats":\{"description"/g)).toHaveLength(2);
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'scenarios/scenario.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(scenarioJsonSchema());
  });
});
