/** A link from the page's Copy link works on the command line wherever a scenario file does, and gives the same files. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport } from '../../src/cli/export';
import { readPresets } from '../../src/cli/scenarioFiles';
import type { ConsoleStreams } from '../../src/cli/shell';
import { runTornado } from '../../src/cli/tornado';
import { formatScenarioJson, resolveWithPresets } from '../../src/io/scenarioFile';
import { encodeSharePayload, sharePayload } from '../../src/io/shareLink';

const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-share-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(command: (args: readonly string[], streams: ConsoleStreams) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

/** Every file under a folder, by its path inside it, with its bytes as text. */
function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

/** The roll-back preset with an input and a label changed, as a file and as the link the page would copy. */
async function editedRollBack(): Promise<{ file: string; link: string }> {
  const { presets } = readPresets();
  const resolved = resolveWithPresets(presets.find((source) => source.scenario.id === 'roll-back')!, presets);
  if (!resolved.ok) throw new Error('roll-back does not load');
  const scenario = structuredClone(resolved.value.scenario);
  scenario.sheets.Inputs![3]![1] = 0.1;
  scenario.sheets.Summary![0]![0] = 'Shared by link';
  const file = join(scratch, 'roll-back.json');
  writeFileSync(file, formatScenarioJson(scenario));
  const payload = sharePayload(scenario, presets);
  expect(payload).toMatchObject({ preset: 'roll-back' });
  return { file, link: `http://127.0.0.1:4173/#${(await encodeSharePayload(payload)).fragment}` };
}

describe('a link on the command line', () => {
  it('exports the same files as the scenario file it was made from', async () => {
    const { file, link } = await editedRollBack();
    const fromFile = join(scratch, 'from-file');
    const fromLink = join(scratch, 'from-link');
    expect(await run(runExport, [file, '--out', fromFile, '--formulas', '--xlsx'])).toMatchObject({ code: 0, err: [] });
    expect(await run(runExport, [link, '--out', fromLink, '--formulas', '--xlsx'])).toMatchObject({ code: 0, err: [] });
    const [linkFiles, fileFiles] = [filesUnder(fromLink), filesUnder(fromFile)];
    expect(Object.keys(linkFiles).sort()).toEqual(Object.keys(fileFiles).sort());
    // The workbook's zip records when it was written; the CSVs must match byte for byte.
    for (const [path, text] of Object.entries(linkFiles)) if (!path.endsWith('.xlsx')) expect(text, path).toBe(fileFiles[path]);
    expect(linkFiles['roll-back/Summary.csv']).toContain('Shared by link');
  });

  it('takes the fragment alone too, in the analysis commands, with the same answer as the file', async () => {
    const { file, link } = await editedRollBack();
    const fragment = link.slice(link.indexOf('#') + 1);
    const [fromFile, fromLink] = [join(scratch, 'tornado-file.csv'), join(scratch, 'tornado-link.csv')];
    expect(await run(runTornado, [file, '--output', 'CarGapUsd', '--out', fromFile])).toMatchObject({ code: 0 });
    expect(await run(runTornado, [fragment, '--output', 'CarGapUsd', '--out', fromLink])).toMatchObject({ code: 0 });
    expect(readFileSync(fromLink, 'utf8')).toBe(readFileSync(fromFile, 'utf8'));
  });

  it('refuses a link cut short with one line and exit code 2, exporting the good scenarios all the same', async () => {
    const { link } = await editedRollBack();
    const result = await run(runExport, [link.slice(0, -10), 'baseline', '--out', join(scratch, 'cut')]);
    expect(result.code).toBe(2);
    expect(result.err).toEqual(['the link: damaged or cut short: its data does not unpack (copy the whole link again)']);
    expect(result.out[0]).toMatch(/^baseline: /);
  });
});
