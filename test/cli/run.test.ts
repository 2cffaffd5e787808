import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths';

const REPO = REPO_ROOT;
const LAUNCHER = 'src/cli/run.mjs';
const TINY = join(REPO, 'test/fixtures/tiny.json');
const USAGE_LINE = /^Usage: node src\/cli\/run\.mjs <export\|compare\|sweep\|tornado\|goal-seek\|simulate\|schema> \[arguments\]/;
const scratch = mkdtempSync(join(tmpdir(), 'tradesheet-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env } }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** The launcher as `npm run <command>` starts it, with the project's own cache. */
const launch = (args: string[], env: NodeJS.ProcessEnv = {}) => runNode([LAUNCHER, ...args], { env });

describe.concurrent('node src/cli/run.mjs <command>', () => {
  it('runs the command it names with the arguments after it', async () => {
    const out = join(scratch, 'export');
    const run = await launch(['export', TINY, '--out', out]);
    expect(run).toEqual({ code: 0, stderr: '', stdout: `tiny: 2 files in ${join(out, 'tiny')}\noutputs of 1 scenario: ${join(out, 'outputs.csv')}\n` });
    expect(readFileSync(join(out, 'tiny', 'Result sheet.csv'), 'utf8')).toBe('Revenue,1000\r\nTariff,250\r\nFlag,yes\r\n');
  });

  it("exits with the command's own code", async () => {
    const run = await launch(['goal-seek', TINY, '--input', 'Rate', '--output', 'TariffPaid', '--target', '5000']);
    expect(run).toMatchObject({ code: 1, stdout: 'no value of Rate between 0 and 1 brings TariffPaid to 5000; the closest is 1000 at Rate = 1\n' });
    const refused = await launch(['sweep', TINY, '--input', 'Nope', '--values', '0,1', '--out', join(scratch, 'never.csv')]);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'no input named "Nope"\n' });
  });

  it.each([
    ['an unknown command', ['nope', '--out', 'x'], 'unknown command "nope"'],
    ['no command', [], 'name a command'],
  ])('%s: exit 2, the problem and a usage line on stderr', async (_name, args, problem) => {
    const run = await launch(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [first, second, ...rest] = run.stderr.split('\n');
    expect(first).toBe(problem);
    expect(second).toMatch(USAGE_LINE);
    expect(rest).toEqual(['']);
  });
});

/** Runs the launcher recording the URL of every module the process resolves (test/fixtures/module-log). */
async function launchRecordingModules(args: string[]): Promise<Run & { modules: string[] }> {
  const log = join(mkdtempSync(join(scratch, 'modules-')), 'resolved.txt');
  writeFileSync(log, '');
  const run = await runNode(['--import', './test/fixtures/module-log/register.mjs', LAUNCHER, ...args], { env: { MODULE_LOG: log } });
  return { ...run, modules: readFileSync(log, 'utf8').split('\n').filter((url) => url !== '') };
}

/** The files a run loaded, with the sources each bundle file holds (esbuild heads each one with a `// path` line). */
function loadedSources(modules: readonly string[]): string[] {
  return modules
    .filter((url) => url.startsWith('file:'))
    .flatMap((url) => {
      const path = fileURLToPath(url);
      const bundled = path.endsWith('.mjs') && path.includes('/tradesheet-cli/') ? readFileSync(path, 'utf8').match(/^\/\/ \S+$/gm) ?? [] : [];
      return [path, ...bundled.map((line) => line.slice(3))];
    });
}
const loadsHyperFormula = (sources: readonly string[]) => sources.some((source) => source.includes('node_modules/hyperformula/'));

// HyperFormula takes about half a second to load: a command refusing a bad file must not wait for it (issue #6).
describe.concurrent('through the launcher, a bad scenario file is answered before HyperFormula is loaded', () => {
  const broken = join(scratch, 'broken.json');
  writeFileSync(broken, '{ "type": "tradesheet-scenario", "version": 1,,, }');
  const brokenMessage = `${broken}: not valid JSON: expected a key in double quotes, found "," at line 1, column 47\n`;

  it.each([
    ['export', [broken, '--out', join(scratch, 'never')]],
    ['compare', ['baseline', broken, '--out', join(scratch, 'never.csv')]],
    ['sweep', [broken, '--input', 'AutoTariff', '--values', '0,1', '--out', join(scratch, 'never.csv')]],
    ['tornado', [broken, '--output', 'CarGapUsd']],
    ['goal-seek', [broken, '--input', 'ExtraUsRice', '--output', 'UsRiceExportValue', '--target', '3.3e9']],
  ])('%s', async (command, args) => {
    const result = await launchRecordingModules([command, ...args]);
    expect(result).toMatchObject({ code: 2, stderr: brokenMessage });
    const sources = loadedSources(result.modules);
    expect(sources).toContain('src/model/scenario.ts');
    expect(loadsHyperFormula(sources)).toBe(false);
  });

  it('while a good file does load it (the record sees HyperFormula in the bundle)', async () => {
    const result = await launchRecordingModules(['tornado', TINY, '--output', 'Revenue']);
    expect(result.code).toBe(0);
    expect(loadsHyperFormula(loadedSources(result.modules))).toBe(true);
  });
});

/** A copy of the project's sources with a cache of its own, so a test may edit a source and see what the launcher builds. */
function copyOfProject(name: string) {
  const root = join(scratch, name);
  for (const part of ['src', 'scenarios', 'package-lock.json', 'tsconfig.json']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const cache = join(root, 'cli-cache');
  return {
    root,
    cache,
    launch: (args: string[]) => runNode([join(root, LAUNCHER), ...args], { cwd: root, env: { TRADESHEET_CLI_CACHE: cache } }),
    builds: () => readdirSync(cache).sort(),
  };
}

/** Moves a file's modification time forward, as saving it in an editor a moment later would. */
function touchLater(path: string, seconds: number): void {
  const later = new Date(statSync(path).mtimeMs + seconds * 1000);
  utimesSync(path, later, later);
}

describe.concurrent('the cached bundle', () => {
  it('is built once, then reused while no source changes', async () => {
    const project = copyOfProject('reused');
    expect(existsSync(project.cache)).toBe(false);
    expect(await project.launch(['export', '--help'])).toMatchObject({ code: 0, stderr: '' });
    const [build] = project.builds();
    expect(project.builds()).toHaveLength(1);
    const builtAt = statSync(join(project.cache, build!, 'export.mjs')).ctimeMs;
    expect(await project.launch(['tornado', '--help'])).toMatchObject({ code: 0, stderr: '' });
    expect(project.builds()).toEqual([build]);
    expect(statSync(join(project.cache, build!, 'export.mjs')).ctimeMs).toBe(builtAt);
  });

  it("is rebuilt once a source file's modification time moves forward", async () => {
    const project = copyOfProject('rebuilt');
    const first = await project.launch(['export', '--help']);
    expect(first.stdout).toMatch(/^Usage: npm run export -- /);
    const source = join(project.root, 'src/cli/export.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace('Usage: npm run export -- ', 'Usage: the edited export -- '));
    touchLater(source, 5);
    const second = await project.launch(['export', '--help']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/^Usage: the edited export -- /);
    expect(project.builds()).toHaveLength(2);
  });

  it('is rebuilt when a file is added under src/', async () => {
    const project = copyOfProject('added');
    await project.launch(['export', '--help']);
    const folder = join(project.root, 'src/io');
    writeFileSync(join(folder, 'added.ts'), 'export const added = 1;\n');
    touchLater(folder, 5);
    await project.launch(['export', '--help']);
    expect(project.builds()).toHaveLength(2);
  });

  it('runs started together each read a whole bundle, and one build is kept', async () => {
    const project = copyOfProject('together');
    const runs = await Promise.all([1, 2, 3, 4].map(() => project.launch(['tornado', TINY, '--output', 'Revenue'])));
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '', stdout: runs[0]!.stdout });
    expect(runs[0]!.stdout).toMatch(/^Volume\s+400 USD/m);
    expect(project.builds()).toHaveLength(1);
    expect(project.builds()[0]).toMatch(/^\d+$/);
  });

  it("a source that does not compile: esbuild's message naming the file, exit 1, no bundle", async () => {
    const project = copyOfProject('broken-source');
    writeFileSync(join(project.root, 'src/cli/tornado.ts'), `${readFileSync(join(REPO, 'src/cli/tornado.ts'), 'utf8')}\nconst = ;\n`);
    const run = await project.launch(['tornado', '--help']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[ERROR\] Expected identifier .*\n\n\s+src\/cli\/tornado\.ts:\d+:\d+:/);
    expect(project.builds()).toEqual([]);
  });
});
