import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The page lives in src/ui so the top level holds only what the project is made of.
const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const inRepo = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The page's policy is the <meta> in index.html, so it travels with the build; preview sends it as a
// header too, for the worker's script and for frame-ancestors, which a <meta> cannot carry.
const POLICY_META = /\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/;
const pagePolicy = POLICY_META.exec(readFileSync(inRepo('src/ui/index.html'), 'utf8'))?.[1];
if (pagePolicy === undefined) throw new Error('src/ui/index.html has lost its Content-Security-Policy <meta>');
const FRAMES = "frame-ancestors 'none'";
// The dev server's client injects <style> elements and React Refresh an inline script, and HMR talks over a WebSocket.
const DEV_POLICY = `default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; ${FRAMES}`;
const devPolicyOnly: Plugin = { name: 'dev-policy-only', apply: 'serve', transformIndexHtml: (html) => html.replace(POLICY_META, '') };

// stdlib's continued-fraction and series tools (under its beta CDF and quantile) ask this module whether
// generators exist, and it finds out with `new Function`: the policy refuses that and reports it, and the
// worker would then take stdlib's other code path than Node's. Every browser the page runs in has generators.
const GENERATOR_SUPPORT = '@stdlib/assert-has-generator-support';
const GENERATOR_SUPPORT_ANSWER = '\0stdlib-generator-support';
const generatorsWithoutEval = (): Plugin => ({
  name: 'stdlib-generators-without-eval',
  enforce: 'pre',
  resolveId: (id) => (id === GENERATOR_SUPPORT ? GENERATOR_SUPPORT_ANSWER : null),
  load: (id) => (id === GENERATOR_SUPPORT_ANSWER ? 'module.exports = function hasGeneratorSupport() { return true; };' : null),
});

export default defineConfig({
  root: inRepo('src/ui'),
  // Vite would otherwise look for these beside index.html, inside src/ui.
  cacheDir: inRepo('node_modules/.vite'),
  envDir: repoRoot,
  plugins: [react(), devPolicyOnly, generatorsWithoutEval()],
  // numfmt's package points bundlers at its CommonJS build, which cannot be tree-shaken; its ES module
  // build leaves out the parsing the page never calls (7 kB gzip less before the page is usable).
  resolve: { alias: { numfmt: inRepo('node_modules/numfmt/dist/index.mjs') } },
  worker: { format: 'es', plugins: () => [generatorsWithoutEval()] },
  // The dev server finds these only when the worker first loads, and would then reload the page.
  optimizeDeps: { include: ['hyperformula', 'zod', 'comlink', 'pure-rand'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500, outDir: inRepo('dist'), emptyOutDir: true },
  // The dev server reads scenarios/ and the model from outside its root.
  server: { fs: { allow: [repoRoot] }, headers: { 'Content-Security-Policy': DEV_POLICY } },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false, headers: { 'Content-Security-Policy': `${pagePolicy}; ${FRAMES}`, 'X-Content-Type-Options': 'nosniff' } },
  test: {
    root: repoRoot,
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/e2e/**'], globalSetup: ['test/optionalChecks.ts'] } },
      // Only a run that includes a real-browser test pays for the production build its globalSetup makes.
      // A browser test waits on a real page; on a busy machine a step takes seconds, not milliseconds.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/globalSetup.ts'], testTimeout: 60_000 } },
    ],
  },
});
