/** Scenario links: every preset with an edit comes back whole, an edited preset travels as its changes, and every kind of bad link is refused with a message naming what is wrong. */
import { describe, expect, it } from 'vitest';
import { readPresets } from '../../src/cli/scenarioFiles';
import { resolveWithPresets } from '../../src/io/scenarioFile';
import { LINK_FILE, MAX_SHARE_LINK_CHARS, encodeSharePayload, openShareLink, sharePayload, type SharePayload } from '../../src/io/shareLink';
import { formatIssue, type FullScenario } from '../../src/model';

const { presets } = readPresets();
const PAGE = 'https://example.org/tradesheet/';

function preset(id: string): FullScenario {
  const source = presets.find((candidate) => candidate.scenario.id === id);
  if (!source) throw new Error(`no preset ${id}`);
  const resolved = resolveWithPresets(source, presets);
  if (!resolved.ok) throw new Error(resolved.issues.map(formatIssue).join('\n'));
  return structuredClone(resolved.value.scenario);
}

/** The scenario with the schema path dropped: a link does not carry it, and resolving puts the default back. */
function comparable(scenario: FullScenario) {
  const rest: Partial<FullScenario> = { ...scenario };
  delete rest.$schema;
  return { ...rest, sheetOrder: Object.keys(scenario.sheets) };
}

/** A link of any JSON text, deflated and encoded as the page does, for links no honest page would make. */
async function rawLink(json: string): Promise<string> {
  const packed = await new Response(new Blob([new TextEncoder().encode(json)]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return `${PAGE}#share=v1.${base64Url(new Uint8Array(packed))}`;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

async function linkOf(scenario: FullScenario): Promise<{ link: string; payload: SharePayload }> {
  const payload = sharePayload(scenario, presets);
  const { fragment } = await encodeSharePayload(payload);
  return { link: `${PAGE}#${fragment}`, payload };
}

async function problemsOf(link: string): Promise<string[]> {
  const opened = await openShareLink(link, presets);
  if (opened.ok) throw new Error('the link opened');
  for (const issue of opened.issues) expect(issue.file).toBe(LINK_FILE);
  return opened.issues.map(formatIssue);
}

describe('a link round trip', () => {
  it.each(presets.map((source) => source.scenario.id))('gives back %s with a cell edited, a text typed past its last row, and its id, as the changes to that preset', async (id) => {
    const scenario = preset(id);
    const [first] = Object.keys(scenario.sheets);
    const rows = scenario.sheets[first!]!;
    rows[0]![0] = 'Edited for a link';
    rows.push(rows[0]!.map((_, col) => (col === 0 ? '=1+1' : null)));
    const { link, payload } = await linkOf(scenario);
    expect(payload).toMatchObject({ preset: id });
    expect(link.length).toBeLessThan(400);
    const opened = await openShareLink(link, presets);
    if (!opened.ok) throw new Error(opened.issues.map(formatIssue).join('\n'));
    expect(comparable(opened.value.resolved.scenario)).toEqual(comparable(scenario));
    expect(opened.value.preset?.id).toBe(id);
  });

  it('carries an edited preset as a short list of changes, a small part of the whole scenario', async () => {
    const scenario = preset('baseline');
    scenario.sheets.Inputs![3]![1] = 0.1;
    scenario.name = 'My deal';
    const { link, payload } = await linkOf(scenario);
    expect(payload).toEqual({ preset: 'baseline', name: 'My deal', sheets: expect.any(Object) });
    const whole = await encodeSharePayload({ scenario });
    expect(link.length).toBeLessThan(200);
    expect(link.length * 10).toBeLessThan(whole.fragment.length);
    // The changes name the cell and nothing else: the other sheets are there only to keep their order.
    const sheets = (payload as { sheets: Record<string, unknown> }).sheets;
    expect(sheets.Inputs).toEqual({ cells: { B4: 0.1 } });
    expect(Object.values(sheets).filter((sheet) => JSON.stringify(sheet) !== '{}')).toHaveLength(1);
  });

  it('carries a preset whose first row was cut short as changes, and gives it back at its widest row\'s width', async () => {
    const scenario = preset('baseline');
    const rows = scenario.sheets.Inputs!;
    const width = rows[0]!.length;
    expect(width).toBeGreaterThan(1);
    rows[0] = ['Short first row'];
    const { link, payload } = await linkOf(scenario);
    expect(payload).toMatchObject({ preset: 'baseline' });
    const opened = await openShareLink(link, presets);
    if (!opened.ok) throw new Error(opened.issues.map(formatIssue).join('\n'));
    rows[0] = ['Short first row', ...new Array<null>(width - 1).fill(null)];
    expect(comparable(opened.value.resolved.scenario)).toEqual(comparable(scenario));
  });

  it('carries a scenario built on no preset whole, and gives it back', async () => {
    const scenario: FullScenario = {
      type: 'tradesheet-scenario',
      version: 1,
      id: 'my-own',
      name: 'My own model',
      description: 'Nothing like a preset',
      sheets: { Model: [['Price', 10], ['Volume', 100], ['Revenue', '=B1*B2']], 'Second sheet': [['note', 'こんにちは']] },
      inputs: { Price: { cell: 'Model!B1', label: 'Price', unit: 'USD', source: { assumption: 'a round number' }, min: 0, max: 100 } },
      outputs: { Revenue: { cell: 'Model!B3', label: 'Revenue', unit: 'USD' } },
    };
    const { link, payload } = await linkOf(scenario);
    expect('scenario' in payload).toBe(true);
    const opened = await openShareLink(link, presets);
    if (!opened.ok) throw new Error(opened.issues.map(formatIssue).join('\n'));
    expect(comparable(opened.value.resolved.scenario)).toEqual(comparable(scenario));
    expect(opened.value.preset).toBeUndefined();
  });

  it('reads the fragment alone, with or without its "#", as well as the whole address', async () => {
    const { link } = await linkOf(preset('roll-back'));
    const fragment = link.slice(link.indexOf('#'));
    for (const form of [link, fragment, fragment.slice(1), `  ${link}\n`]) expect((await openShareLink(form, presets)).ok).toBe(true);
  });
});

describe('a bad link is refused, naming what is wrong', () => {
  it('cut short', async () => {
    const { link } = await linkOf(preset('baseline'));
    expect(await problemsOf(link.slice(0, link.length - 12))).toEqual([`${LINK_FILE}: damaged or cut short: its data does not unpack (copy the whole link again)`]);
  });

  it('with a character that is not base64url', async () => {
    const { link } = await linkOf(preset('baseline'));
    const at = link.indexOf('v1.') + 10;
    const [problem] = await problemsOf(`${link.slice(0, at)}%${link.slice(at + 1)}`);
    expect(problem).toMatch(/^the link: damaged: "%" at character \d+ is not one a link's data is written in/);
  });

  it('garbled inside its data', async () => {
    const { link } = await linkOf(preset('baseline'));
    const at = link.indexOf('v1.') + 20;
    const swapped = `${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`;
    expect((await problemsOf(swapped)).length).toBeGreaterThan(0);
  });

  it('longer than 32 KB, before anything is decoded', async () => {
    const [problem] = await problemsOf(`${PAGE}#share=v1.${'A'.repeat(MAX_SHARE_LINK_CHARS)}`);
    expect(problem).toContain('too long: a link may be at most 32 KB (32,768 characters); this one has 32,');
  });

  it('that inflates past 20 MB: inflating stops at the cap', async () => {
    // 21 MB of spaces deflate to about 21 KB: a link that fits, and a bomb.
    const bomb = await rawLink(' '.repeat(21 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_SHARE_LINK_CHARS);
    expect(await problemsOf(bomb)).toEqual([`${LINK_FILE}: unpacks to more than 20 MB, the most a scenario file may hold; it was not unpacked further`]);
  });

  it('whose changes ask for more cells than a scenario file could hold', async () => {
    const [problem] = await problemsOf(await rawLink('{"preset":"baseline","sheets":{"Autos":{"size":[1048576,16384]}}}'));
    expect(problem).toBe('the link: sheets.Autos.size: the sheets would hold more than 10,485,760 cells, more than a 20 MB scenario file can');
  });

  it('with a __proto__ key, refused before anything is copied', async () => {
    const problems = await problemsOf(await rawLink('{"preset":"baseline","sheets":{"__proto__":{"cells":{"A1":1}}}}'));
    expect(problems).toEqual(['the link: sheets.__proto__: "__proto__" is not allowed as a key']);
    const nested = await problemsOf(await rawLink('{"scenario":{"constructor":{"prototype":{"polluted":true}}}}'));
    expect(nested[0]).toContain('"constructor" is not allowed as a key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('with a key twice, which JSON.parse would silently let through', async () => {
    const [problem] = await problemsOf(await rawLink('{"preset":"baseline","sheets":{},"sheets":{}}'));
    expect(problem).toMatch(/^the link: its data is not valid JSON: .*"sheets".* at line 1, column \d+/);
  });

  it('that is not JSON, names no preset, or holds a cell a scenario may not', async () => {
    expect((await problemsOf(await rawLink('{"preset":')))[0]).toMatch(/^the link: its data is not valid JSON: /);
    expect((await problemsOf(await rawLink('{"preset":"no-such-preset","sheets":{}}')))[0]).toMatch(/^the link: preset: no preset with id "no-such-preset" \(presets: .*baseline/);
    expect((await problemsOf(await rawLink('{"preset":"baseline","sheets":{"Autos":{"cells":{"ZZ999":1}}}}')))[0]).toMatch(/^the link: sheets\.Autos\.cells\.ZZ999: ZZ999 lies outside the sheet's \d+ rows × \d+ columns$/);
    expect((await problemsOf(await rawLink('{"preset":"baseline","sheets":{"Autos":{"cells":{"A1":{"x":1}}}}}')))[0]).toMatch(/^the link: sheets\.Autos\[0\]\[0\]: a cell must be/);
    expect((await problemsOf(await rawLink('{"something":"else"}')))[0]).toBe('the link: its data holds neither a "scenario" nor a "preset" and its changes');
  });

  it('whose scenario fails the scenario format, exactly as a file would', async () => {
    const scenario = { ...preset('baseline'), id: 'Not An Id' };
    const problems = await problemsOf(await rawLink(JSON.stringify({ scenario })));
    expect(problems).toEqual(['the link: id: id must be lower-case letters, digits and "-" (at most 64)']);
  });

  it('of another format version, or no link at all', async () => {
    expect(await problemsOf(`${PAGE}#share=v2.AAAA`)).toEqual(['the link: in format v2, made by another version of tradesheet; this one reads v1 links']);
    expect(await problemsOf(`${PAGE}#share=hello`)).toEqual(['the link: the "#share=" part must begin with "v1."']);
    expect(await problemsOf(`${PAGE}#baseline`)).toEqual(['the link: not a tradesheet link: it has no "#share=" part']);
    expect(await problemsOf(`${PAGE}#share=v1.`)).toEqual(['the link: carries no scenario: nothing follows "share=v1."']);
  });
});
