/** The long CSV of every cell of a scenario that Export writes. */
import { describe, expect, it } from 'vitest';
import { scenarioCellsToCsv } from '../../src/engine/cellsCsv';

describe('the long CSV of every cell', () => {
  it('writes scenario, sheet, cell, formula and value, escaping as the CLI does', () => {
    const csv = scenarioCellsToCsv('deal', [
      { name: 'Autos', contents: [['Item', '=B2*2'], [null, 0.1]], values: [['Item', 0.2], [null, 0.1]] },
    ]);
    expect(csv).toBe("scenario,sheet,cell,formula,value\r\ndeal,Autos,A1,Item,Item\r\ndeal,Autos,B1,'=B2*2,0.2\r\ndeal,Autos,B2,0.1,0.1\r\n");
  });
});
