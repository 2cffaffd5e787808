import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const rulesBroken = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId);
};

describe('lint keeps the layers apart', () => {
  it.each([
    ['src/model/x.ts', "import React from 'react';\nexport const x = React;\n"],
    ['src/model/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/model/x.ts', "import { HyperFormula } from 'hyperformula';\nexport const x = HyperFormula;\n"],
    ['src/io/x.ts', "import { HyperFormula } from 'hyperformula';\nexport const x = HyperFormula;\n"],
    ['src/ui/x.ts', "import { HyperFormula } from 'hyperformula';\nexport const x = HyperFormula;\n"],
    ['src/model/x.ts', "import { App } from '../ui/App';\nexport const x = App;\n"],
  ])('%s may not: %s', async (filePath, code) => {
    expect(await rulesBroken(filePath, code)).toContain('no-restricted-imports');
  });

  it('src/model may not touch the DOM', async () => {
    expect(await rulesBroken('src/model/x.ts', 'export const x = document.title;\n')).toContain('no-restricted-globals');
  });

  it('src/model/workbook.ts may import hyperformula', async () => {
    expect(await rulesBroken('src/model/workbook.ts', "import { HyperFormula } from 'hyperformula';\nexport const x = HyperFormula;\n")).toEqual([]);
  });
});
