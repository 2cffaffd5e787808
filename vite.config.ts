import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The page lives in src/ui so the top level holds only what the project is made of.
const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const inRepo = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: inRepo('src/ui'),
  // Vite would otherwise look for these beside index.html, inside src/ui.
  cacheDir: inRepo('node_modules/.vite'),
  envDir: repoRoot,
  plugins: [react()],
  worker: { format: 'es' },
  // The dev server finds these only when the worker first loads, and would then reload the page.
  optimizeDeps: { include: ['hyperformula', 'zod', 'comlink'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500, outDir: inRepo('dist'), emptyOutDir: true },
  // The dev server reads scenarios/ and the model from outside its root.
  server: { fs: { allow: [repoRoot] } },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
  test: {
    root: repoRoot,
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/browser/**'] } },
      // Only a run that includes a browser test pays for the production build its globalSetup makes.
      // A browser test waits on a real page; on a busy machine a step takes seconds, not milliseconds.
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/globalSetup.ts'], testTimeout: 60_000 } },
    ],
  },
});
