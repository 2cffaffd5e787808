/** A cut pasted on another sheet re-points references to the cut cells, as Excel does, through the project's own parser and printer. */
import { describe, expect, it } from 'vitest';
import { formulaMovedWithCut, movedReferences, type CutCells } from '../../../src/model/formula/movedReferences';

/** Autos!B2:C3 cut and pasted at 'My sheet'!E5. */
const cut: CutCells = { sheet: 'Autos', top: 1, left: 1, bottom: 2, right: 2, to: { sheet: 'My sheet', row: 4, col: 4 } };

describe('a formula that stays where it is', () => {
  it.each([
    ['a cell in the block, from another sheet', 'Summary', '=Autos!B2*2', "='My sheet'!E5*2"],
    ['a cell in the block, from its own sheet', 'Autos', '=C3+1', "='My sheet'!F6+1"],
    ['a cell in the block, from the sheet it lands on, still naming a sheet as it did', 'My sheet', '=Autos!C2', "='My sheet'!F5"],
    ['a range wholly inside the block', 'Summary', '=SUM(Autos!B2:C3)', "=SUM('My sheet'!E5:F6)"],
    ['a range written with both ends named', 'Summary', '=SUM(Autos!B2:Autos!C2)', "=SUM('My sheet'!E5:'My sheet'!F5)"],
    ['a range written backwards', 'Autos', '=SUM(C3:B2)', "=SUM('My sheet'!F6:E5)"],
    ['absolute and mixed markers', 'Summary', '=Autos!$B$2+Autos!B$3+Autos!$C3', "='My sheet'!$E$5+'My sheet'!E$6+'My sheet'!$F6"],
    ['a sheet name matched ignoring case', 'Summary', '=autos!B2', "='My sheet'!E5"],
    ['a reference in small letters with anchored rows', 'Summary', '=sum(autos!b$2:$c$3)', "=SUM('My sheet'!E$5:$F$6)"],
    ['a quoted sheet name', 'Summary', "='Autos'!C3", "='My sheet'!F6"],
    ['references inside functions and operators', 'Summary', '=IF(Autos!B2>0,-Autos!C3%,ROUND(Autos!B3^2,1))', "=IF('My sheet'!E5>0,-'My sheet'!F6%,ROUND('My sheet'!E6^2,1))"],
    ['a cell where the block lands, whose content is overwritten', 'Summary', "='My sheet'!E5+1", '=#REF!+1'],
    ['a range wholly where the block lands', 'My sheet', '=SUM(E5:F5)', '=SUM(#REF!)'],
  ])('re-points %s', (_case, sheet, formula, expected) => {
    expect(movedReferences(formula, sheet, cut)).toBe(expected);
  });

  it.each([
    ['a range only partly inside the block', 'Summary', '=SUM(Autos!B2:D3)'],
    ['a range around the block', 'Autos', '=SUM(A1:Z100)'],
    ['a cell beside the block', 'Autos', '=A2+D3+B4'],
    ['the same cell on another sheet', 'Summary', '=B2'],
    ['a whole column through the block', 'Autos', '=SUM(B:C)'],
    ['a whole row through the block', 'Autos', '=SUM(2:3)'],
    ['a range partly where the block lands', 'My sheet', '=SUM(D5:E5)'],
    ['text that looks like a reference', 'Autos', '=CONCATENATE("B2","Autos!C3")'],
    ['a named input', 'Autos', '=AutoTariff*2'],
    ['an error literal', 'Autos', '=IFERROR(#N/A,B1)'],
    ['a value that is no formula', 'Autos', 'B2'],
    ['a formula the parser cannot read', 'Autos', '=SUM(B2'],
  ])('leaves %s as written', (_case, sheet, formula) => {
    expect(movedReferences(formula, sheet, cut)).toBe(formula);
  });

  it('keeps a formula as written, spaces and all, when nothing in it changes', () => {
    expect(movedReferences('= A1 + 2', 'Autos', cut)).toBe('= A1 + 2');
  });

  it('re-points a whole column when the block spans every row', () => {
    const columns: CutCells = { sheet: 'Autos', top: 0, left: 1, bottom: 1_048_575, right: 2, to: { sheet: 'Other', row: 0, col: 5 } };
    expect(movedReferences('=SUM(Autos!B:C)', 'Summary', columns)).toBe('=SUM(Other!F:G)');
    expect(movedReferences('=SUM($B:B)', 'Autos', columns)).toBe('=SUM(Other!$F:F)');
  });

  it('re-points a whole row when the block spans every column', () => {
    const rows: CutCells = { sheet: 'Autos', top: 1, left: 0, bottom: 2, right: 16_383, to: { sheet: 'Other', row: 9, col: 0 } };
    expect(movedReferences('=SUM(Autos!2:3)', 'Summary', rows)).toBe('=SUM(Other!10:11)');
  });

  it("quotes a sheet name that needs it and doubles the quote inside", () => {
    const toQuoted: CutCells = { ...cut, to: { sheet: "Bob's", row: 0, col: 0 } };
    expect(movedReferences('=Autos!B2', 'Summary', toQuoted)).toBe("='Bob''s'!A1");
  });
});

describe('a formula that moves with the block', () => {
  it.each([
    ['keeps a reference outside the block on its cell, naming the sheet it was cut from', '=B1*2', '=Autos!B1*2'],
    ['moves a reference into the block with it, on the sheet it lands on', '=B2+C2', '=E5+F5'],
    ['keeps a reference that already names a sheet', '=Rates!A1+Autos!A1', '=Rates!A1+Autos!A1'],
    ['keeps absolute markers on a reference outside', '=$A$1+A$9', '=Autos!$A$1+Autos!A$9'],
    ['names the sheet on a range outside the block, once', '=SUM(A1:A9)', '=SUM(Autos!A1:A9)'],
    ['moves a range into the block and leaves a range partly inside', '=SUM(B2:C2)+SUM(B2:D2)', '=SUM(E5:F5)+SUM(Autos!B2:D2)'],
    ['turns a reference to where it lands into #REF!', "='My sheet'!E6", '=#REF!'],
    ['leaves a named input alone', '=AutoTariff', '=AutoTariff'],
    ['leaves text alone', '="B1 & Autos!B2"', '="B1 & Autos!B2"'],
  ])('%s', (_case, formula, expected) => {
    expect(formulaMovedWithCut(formula, cut)).toBe(expected);
  });

  it('quotes the sheet it was cut from when the name needs it', () => {
    const fromQuoted: CutCells = { ...cut, sheet: 'Rice quota', to: { sheet: 'Data', row: 0, col: 0 } };
    expect(formulaMovedWithCut('=A1+B2', fromQuoted)).toBe("='Rice quota'!A1+A1");
  });
});
