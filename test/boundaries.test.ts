/**
 * The layout holds: lint keeps each arrow between layers (each rule shown to bite), the worker's code
 * cannot name the DOM, no two modules import each other in a circle, and every source file says what it
 * is in its first line and stays under 600 lines unless it says why.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths';

const eslint = new ESLint();
const rulesBroken = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId);
};
const RESTRICTED = '@typescript-eslint/no-restricted-imports';

describe('lint keeps the layers apart', () => {
  it.each([
    ['src/model/x.ts', "import React from 'react';"],
    ['src/model/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/model/x.ts', "import { HyperFormula } from 'hyperformula';"],
    ['src/model/analysis/x.ts', "import { HyperFormula } from 'hyperformula';"],
    ['src/model/x.ts', "import { App } from '../ui/App';"],
    ['src/model/x.ts', "import { parseSheetCsv } from '../io/csv';"],
    ['src/io/x.ts', "import { HyperFormula } from 'hyperformula';"],
    ['src/io/x.ts', "import type { Engine } from '../shared/engine';"],
    ['src/ui/x.ts', "import { HyperFormula } from 'hyperformula';"],
    ['src/ui/x.ts', "import { createEngine } from '../engine/engine';"],
    ['src/ui/grid/x.tsx', "import type { AnalysisTarget } from '../../engine/analysis';"],
    ['src/ui/x.ts', "import { Workbook } from '../model';"],
    ['src/ui/x.ts', "import { parseScenario } from '../model/scenario';"],
    ['src/ui/x.ts', "import { scenarioToXlsx } from '../io/xlsx';"],
    ['src/shared/x.ts', "import { Workbook } from '../model';"],
    ['src/shared/x.ts', "import type { EngineOptions } from '../engine/engine';"],
    ['src/shared/x.ts', "import type { Editor } from '../ui/editor/editor';"],
    ['src/engine/x.ts', "import { useState } from 'react';"],
    ['src/engine/x.ts', "import { App } from '../ui/App';"],
    ['src/engine/x.ts', "import { HyperFormula } from 'hyperformula';"],
    ['src/cli/x.ts', "import { createEngine } from '../engine/engine';"],
    ['src/cli/x.ts', "import type { Engine } from '../shared/engine';"],
  ])('%s may not: %s', async (filePath, code) => {
    expect(await rulesBroken(filePath, `${code}\nexport {};\n`)).toContain(RESTRICTED);
  });

  it.each([
    ['src/model/workbook/workbook.ts', "import { HyperFormula } from 'hyperformula';"],
    ['src/ui/x.ts', "import type { Workbook } from '../model';"],
    ['src/ui/x.ts', "import { columnLetters } from '../model/address';"],
    ['src/ui/analysis/x.tsx', "import { sweepToCsv } from '../../io/csv';"],
    ['src/ui/x.ts', "import type { Engine } from '../shared/engine';"],
    ['src/shared/x.ts', "import type { CellValue } from '../model';"],
    ['src/shared/x.ts', "import { formatLocalAddress } from '../model/address';"],
    ['src/engine/x.ts', "import { Workbook } from '../model';"],
    ['src/engine/x.ts', "import type { Engine } from '../shared/engine';"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await rulesBroken(filePath, `${code}\nexport {};\n`)).not.toContain(RESTRICTED);
  });

  it.each([
    ['src/model/x.ts', 'export const x = document.title;'],
    ['src/engine/x.ts', 'export const x = window.location.href;'],
    ['src/shared/x.ts', 'export const x = document.body;'],
  ])('%s may not touch the DOM: %s', async (filePath, code) => {
    expect(await rulesBroken(filePath, `${code}\n`)).toContain('no-restricted-globals');
  });
});

describe('the worker cannot name the DOM', () => {
  /** Type-checks one extra file of src/engine with tsconfig.engine.json, and returns its errors. */
  function engineErrors(code: string): string[] {
    const configPath = join(REPO_ROOT, 'tsconfig.engine.json');
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!config) throw new Error('tsconfig.engine.json does not parse');
    const probe = join(REPO_ROOT, 'src/engine/probe.ts');
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => (resolve(file) === probe ? code : readFile(file));
    host.fileExists = ((exists) => (file: string) => resolve(file) === probe || exists(file))(host.fileExists.bind(host));
    const program = ts.createProgram({ rootNames: [probe], options: config.options, host });
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(probe)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('document is a compile error in src/engine, and the worker\'s own globals are not', () => {
    expect(engineErrors('export const title = document.title;\n').join('\n')).toMatch(/Cannot find name 'document'/);
    expect(engineErrors('export const ok = typeof self.postMessage === "function" && typeof indexedDB === "object";\n')).toEqual([]);
  }, 30_000);
});

/** Every TypeScript source file under src/, relative to the repository. */
function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(REPO_ROOT, path)).isDirectory()) return walk(path);
      return /\.(ts|tsx)$/.test(name) ? [path] : [];
    });
  return walk('src');
}

/** The relative imports of a file (static, dynamic and type-only), resolved to files under src/. */
function importsOf(file: string, text: string, known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = join(dirname(file), match[1] ?? '');
    const target = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
    if (target) found.push(target);
  }
  return found;
}

/** The import circles among `graph`'s files, each as the path that closes it. */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return circles;
}

describe('the source tree', () => {
  const files = sourceFiles();
  const texts = new Map(files.map((file) => [file, readFileSync(join(REPO_ROOT, file), 'utf8')]));

  it('has no import circle', () => {
    const known = new Set(files);
    const graph = new Map(files.map((file) => [file, importsOf(file, texts.get(file) ?? '', known)]));
    expect(files.length).toBeGreaterThan(50);
    expect(importCircles(graph).map((circle) => circle.join(' -> '))).toEqual([]);
  });

  it('finds a circle where there is one', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(importCircles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('opens every file with a comment saying what it is', () => {
    const silent = files.filter((file) => !/^\s*(\/\*\*|\/\/)/.test(texts.get(file) ?? ''));
    expect(silent).toEqual([]);
  });

  it('keeps every file under 600 lines, or says at its top why not', () => {
    const long = files.filter((file) => {
      const text = texts.get(file) ?? '';
      const head = text.split('\n').slice(0, 12).join('\n');
      return text.split('\n').length > 600 && !/longer than 600 lines because/i.test(head);
    });
    expect(long.map((file) => `${relative('.', file)} (${texts.get(file)?.split('\n').length} lines)`)).toEqual([]);
  });
});
