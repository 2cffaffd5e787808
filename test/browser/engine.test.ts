/** The engine worker's API, called directly in Node: what the page receives for good and bad preset files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type PresetView } from '../../src/ui/engine';
import { REPO_ROOT } from './paths';

const tiny = readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8');
const extending = (id: string, fields: Record<string, unknown>) =>
  JSON.stringify({ type: 'tradesheet-scenario', version: 1, id, name: `Preset ${id}`, description: '', ...fields });

const texts = {
  'scenarios/scenario.schema.json': '{"$schema": "https://json-schema.org/draft/2020-12/schema"}',
  'scenarios/tiny.json': tiny,
  'scenarios/busier.json': extending('busier', { extends: 'tiny', set: { Volume: 200 } }),
  'scenarios/busiest.json': extending('busiest', { extends: 'busier', set: { Rate: 0.5 } }),
  'scenarios/broken.json': '{ "type": "tradesheet-scenario",',
  'scenarios/orphan.json': extending('orphan', { extends: 'nowhere', set: {} }),
  'scenarios/misnamed.json': extending('other-name', { extends: 'tiny', set: {} }),
};

function opened(engine: ReturnType<typeof createEngine>, id: string): PresetView {
  const result = engine.openPreset(id);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.preset;
}

describe('createEngine', () => {
  const engine = createEngine(texts);

  it('lists every preset but the schema: roots, then presets that extend, then files that do not load', () => {
    expect(engine.listPresets().map((preset) => preset.file)).toEqual([
      'scenarios/tiny.json',
      'scenarios/busier.json',
      'scenarios/busiest.json',
      'scenarios/broken.json',
      'scenarios/misnamed.json',
      'scenarios/orphan.json',
    ]);
  });

  it.each([
    ['broken', /^scenarios\/broken\.json: not valid JSON/],
    ['orphan', /^scenarios\/orphan\.json: extends: no scenario with id "nowhere"/],
    ['misnamed', /^scenarios\/misnamed\.json: id: a preset's id must equal its file name/],
  ])('reports why %s cannot be shown, in the model\'s words', (id, message) => {
    const summary = engine.listPresets().find((preset) => preset.id === id);
    expect(summary?.problems).toEqual([expect.stringMatching(message)]);
    const result = engine.openPreset(id);
    expect(result).toEqual({ ok: false, problems: summary?.problems });
  });

  it('answers an unknown id with a problem, not an exception', () => {
    expect(engine.openPreset('nope')).toEqual({ ok: false, problems: ['no preset with id "nope"'] });
  });

  it('evaluates a root preset: sheets, named cells, inputs and outputs', () => {
    const preset = opened(engine, 'tiny');
    expect(preset.chain).toEqual([{ id: 'tiny', name: 'Tiny fixture' }]);
    expect(preset.sheets.map((sheet) => sheet.name)).toEqual(['Inputs', 'Result sheet']);
    const result = preset.sheets[1];
    expect(result?.values).toEqual([
      ['Revenue', 1000],
      ['Tariff', 250],
      ['Flag', 'yes'],
    ]);
    expect(result?.contents[1]).toEqual(['Tariff', '=B1*Rate']);
    expect(result?.named).toEqual([
      { row: 0, col: 1, name: 'Revenue', label: 'Revenue', kind: 'output' },
      { row: 1, col: 1, name: 'TariffPaid', label: 'Tariff paid', kind: 'output' },
    ]);
    expect(preset.outputs.map((output) => [output.name, output.value])).toEqual([
      ['Revenue', 1000],
      ['TariffPaid', 250],
    ]);
    expect(preset.inputs.map((input) => [input.name, input.value, input.setBy, input.parentValue])).toEqual([
      ['Volume', 100, null, null],
      ['Rate', 0.25, null, null],
    ]);
  });

  it('follows a chain: which preset set each input, and the value it inherited', () => {
    const preset = opened(engine, 'busiest');
    expect(preset.chain.map((link) => link.id)).toEqual(['busiest', 'busier', 'tiny']);
    expect(preset.inputs.map((input) => [input.name, input.value, input.setBy, input.parentValue])).toEqual([
      ['Volume', 200, 'busier', 200],
      ['Rate', 0.5, 'busiest', 0.25],
    ]);
    expect(preset.outputs.map((output) => output.value)).toEqual([2000, 1000]);
  });

  it('passes cell errors through as Excel text with a reason', () => {
    const withError = tiny.replace('"=B1*Rate"', '"=B1/0"');
    const preset = opened(createEngine({ 'scenarios/tiny.json': withError }), 'tiny');
    expect(preset.outputs[1]?.value).toEqual({ error: '#DIV/0!', message: expect.stringMatching(/\S/) });
  });

  it('lists nothing when scenarios/ holds no preset', () => {
    expect(createEngine({ 'scenarios/scenario.schema.json': '{}' }).listPresets()).toEqual([]);
  });
});
