/**
 * `node src/cli/run.mjs <command> [arguments]`: runs a command as plain JavaScript, so no TypeScript
 * loader starts with it. esbuild bundles every command into node_modules/.cache/tradesheet-cli/ (never
 * committed) and bundles them again only once a file under src/ (this launcher among them) or
 * package-lock.json is newer than the bundle.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(CLI_DIR, '../..');
const SOURCES = join(ROOT, 'src');
const CACHE = process.env.TRADESHEET_CLI_CACHE ? resolve(process.env.TRADESHEET_CLI_CACHE) : join(ROOT, 'node_modules/.cache/tradesheet-cli');
const EXIT_PROBLEM = 2;
/**
 * HyperFormula (some 220 ES modules, and chevrotain) and zod load about 180 ms sooner from the bundle than
 * module by module. papaparse and ExcelJS are CommonJS that requires Node's built-ins: they load as packages.
 */
const BUNDLED_PACKAGES = new Set(['hyperformula', 'zod']);
// A run started from an older bundle may still import its lazy chunks for a while after a rebuild.
const OLD_BUILD_GRACE_MS = 60_000;

/** Each command's source in src/cli/ and the function that runs it; writeSchema does its work as it is imported. */
const COMMANDS = {
  export: { source: 'export.ts', run: 'runExport' },
  compare: { source: 'compare.ts', run: 'runCompare' },
  sweep: { source: 'sweep.ts', run: 'runSweep' },
  tornado: { source: 'tornado.ts', run: 'runTornado' },
  'goal-seek': { source: 'goalSeek.ts', run: 'runGoalSeek' },
  simulate: { source: 'simulate.ts', run: 'runSimulate' },
  schema: { source: 'writeSchema.ts' },
};
const USAGE = `Usage: node src/cli/run.mjs <${Object.keys(COMMANDS).join('|')}> [arguments]   (each command explains itself with --help)`;

/** The latest change under a folder: a file edited, added or removed moves a modification time forward. */
function newestChangeIn(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // An editor's temporary file may be gone by the time it is looked at; the folder's own time has seen it.
    const changed = entry.isDirectory() ? newestChangeIn(path) : (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    newest = Math.max(newest, changed);
  }
  return newest;
}

/** A build is named after the newest change it saw, so a source edited during a build makes the next run build again. */
function currentBuildName() {
  const lockfile = statSync(join(ROOT, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const newest = Math.max(newestChangeIn(SOURCES), lockfile);
  return String(Math.round(newest * 1000));
}

/** One module per command: its run function beside the shell's runAsMain. */
const commandEntries = {
  name: 'command-entries',
  setup(build) {
    build.onResolve({ filter: /^command:/ }, ({ path }) => ({ path: path.slice('command:'.length), namespace: 'command' }));
    build.onLoad({ filter: /.*/, namespace: 'command' }, ({ path }) => {
      const { source, run } = COMMANDS[path];
      const contents = run ? `export { runAsMain } from './shell.ts';\nexport { ${run} as run } from './${source}';\n` : `import './${source}';\n`;
      return { contents, loader: 'ts', resolveDir: CLI_DIR };
    });
  },
};

/** `import.meta.url` keeps naming the source file, so paths found from it (scenarios/) stay where they were. */
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      if (!path.startsWith(SOURCES)) return undefined;
      return { contents: readFileSync(path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)), loader: 'ts' };
    });
  },
};

/** A package the bundle leaves out is imported by its file URL, so the bundle runs from any cache folder. */
const packagesByUrl = {
  name: 'packages-by-url',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
      const name = path.split('/', path.startsWith('@') ? 2 : 1).join('/');
      if (isBuiltin(path) || !importer.startsWith(SOURCES) || BUNDLED_PACKAGES.has(name)) return undefined;
      return { path: import.meta.resolve(path), external: true };
    });
  },
};

/** Removes earlier builds, and builds a crash left half-written, once no run can still be reading them. */
function removeOldBuilds(keep) {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    // Another run may be removing the same folders.
    const changed = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (name !== keep && changed !== undefined && Date.now() - changed > OLD_BUILD_GRACE_MS) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Bundles every command into CACHE/<build>/. Runs started together may build at once: each writes its own
 * folder and renames it into place whole, so no run reads a half-written bundle; the first rename wins.
 */
async function buildCommands(buildName) {
  const { build } = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(join(CACHE, 'building-'));
  try {
    await build({
      entryPoints: Object.keys(COMMANDS).map((name) => ({ in: `command:${name}`, out: name })),
      absWorkingDir: ROOT,
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      // Each dynamic import() stays a chunk of its own, so HyperFormula and ExcelJS still load only when needed.
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      plugins: [commandEntries, packagesByUrl, sourceUrls],
    });
    renameSync(staging, join(CACHE, buildName));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const builtByAnotherRun = (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && existsSync(join(CACHE, buildName));
    if (!builtByAnotherRun) throw error;
  }
  removeOldBuilds(buildName);
}

async function runCommand(name, args) {
  const build = currentBuildName();
  const entry = join(CACHE, build, `${name}.mjs`);
  if (!existsSync(entry)) {
    try {
      await buildCommands(build);
    } catch (error) {
      // esbuild has printed each error with its file and line already.
      if (!Array.isArray(error.errors)) throw error;
      return 1;
    }
  }
  const command = await import(pathToFileURL(entry).href);
  if (command.run) command.runAsMain(command.run, args);
  return undefined;
}

const [name, ...args] = process.argv.slice(2);
if (name === '--help' || name === '-h') {
  process.stdout.write(`${USAGE}\n`);
} else if (name === undefined || !Object.hasOwn(COMMANDS, name)) {
  process.stderr.write(`${name === undefined ? 'name a command' : `unknown command "${name}"`}\n${USAGE}\n`);
  process.exitCode = EXIT_PROBLEM;
} else {
  const code = await runCommand(name, args);
  if (code !== undefined) process.exitCode = code;
}
