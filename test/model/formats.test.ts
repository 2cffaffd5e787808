/** The format map: keys as a file writes them, ranges kept disjoint as formats are laid over one another, and moved by row and column edits. */
import { describe, expect, it } from 'vitest';
import {
  NO_FORMATS,
  formatCodeProblem,
  formatKey,
  formatsFromRecord,
  formatsIn,
  formatsToRecord,
  mergeFormatRecords,
  parseFormatKey,
  removeSheetFormats,
  renameSheetFormats,
  shiftColumns,
  shiftRows,
  withFormat,
  type SheetFormats,
} from '../../src/model/formats';

const rect = (top: number, left: number, bottom = top, right = left) => ({ top, left, bottom, right });
const recordOf = (formats: SheetFormats) => formatsToRecord(formats) ?? {};

describe('format keys', () => {
  it.each([
    ['Summary!B4', { sheet: 'Summary', rect: rect(3, 1) }],
    ['Inputs!B2:B24', { sheet: 'Inputs', rect: rect(1, 1, 23, 1) }],
    ['Inputs!C9:A2', { sheet: 'Inputs', rect: rect(1, 0, 8, 2) }],
    ["'Rice quota'!C2:D3", { sheet: 'Rice quota', rect: rect(1, 2, 2, 3) }],
    ["'It''s'!$A$1", { sheet: "It's", rect: rect(0, 0) }],
  ])('reads %s', (key, place) => {
    expect(parseFormatKey(key)).toEqual(place);
  });

  it.each(['B4', 'Summary!', 'Summary!B4:', 'Summary!B4:ZZZZ1', 'Summary!B0', 'Summary B4'])('refuses %s', (key) => {
    expect(parseFormatKey(key)).toBeUndefined();
  });

  it('writes a single cell without a colon and quotes a sheet name that needs it', () => {
    expect(formatKey('Summary', rect(3, 1))).toBe('Summary!B4');
    expect(formatKey('Rice quota', rect(1, 2, 2, 3))).toBe("'Rice quota'!C2:D3");
  });

  it.each([
    ['#,##0.00,,," bn"', undefined],
    ['0.0%', undefined],
    ['$#,##0;[Red]($#,##0)', undefined],
    ['', /must not be empty/],
    ['0.0"', /not an Excel number format code/],
    ['0;0;0;0;0', /not an Excel number format code/],
    ['0'.repeat(256), /at most 255 characters/],
  ])('judges the code %j', (code, problem) => {
    const found = formatCodeProblem(code);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('laying formats over one another', () => {
  it('a later key wins where it overlaps an earlier one, and the ranges stay disjoint', () => {
    const formats = formatsFromRecord({ 'Inputs!B2:B6': '#,##0', 'Inputs!B4': '0.0%' });
    expect(recordOf(formats)).toEqual({ 'Inputs!B2:B3': '#,##0', 'Inputs!B4': '0.0%', 'Inputs!B5:B6': '#,##0' });
  });

  it('a block cut out of the middle of a range leaves the four pieces around it', () => {
    const formats = withFormat(formatsFromRecord({ 'S!A1:E5': '0.00' }), 'S', rect(1, 1, 2, 2), null);
    expect(recordOf(formats)).toEqual({ 'S!A1:E1': '0.00', 'S!A2:A3': '0.00', 'S!D2:E3': '0.00', 'S!A4:E5': '0.00' });
  });

  it('General on every formatted cell of a sheet leaves the sheet with none', () => {
    const formats = withFormat(formatsFromRecord({ 'S!B2': '0%', 'T!A1': '0' }), 'S', rect(0, 0, 9, 9), null);
    expect(recordOf(formats)).toEqual({ 'T!A1': '0' });
    expect(formatsToRecord(withFormat(formats, 'T', rect(0, 0), null))).toBeUndefined();
  });

  it('a window receives the ranges that reach into it, whole', () => {
    const ranges = formatsFromRecord({ 'S!A1:A1000': '#,##0', 'S!C3': '0%', 'S!Z900': '0.0' }).get('S');
    expect(formatsIn(ranges, rect(0, 0, 49, 9))).toEqual([
      { rect: rect(0, 0, 999, 0), code: '#,##0' },
      { rect: rect(2, 2), code: '0%' },
    ]);
  });

  it('an extending file adds keys and puts its own in place of the ones it repeats, which then win over earlier overlapping keys', () => {
    const merged = mergeFormatRecords({ 'S!B2': '0', 'S!B1:B9': '#,##0', 'S!C1': '0%' }, { 'S!B2': '0.00', 'S!D1': '$0' });
    expect(Object.keys(merged ?? {})).toEqual(['S!B1:B9', 'S!C1', 'S!B2', 'S!D1']);
    expect(recordOf(formatsFromRecord(merged))['S!B2']).toBe('0.00');
    expect(mergeFormatRecords(undefined, undefined)).toBeUndefined();
  });
});

describe('moving formats with rows and columns', () => {
  const formats = formatsFromRecord({ 'S!B2': 'a', 'S!B4:B6': 'b', 'S!D2:E2': 'c', 'T!B2': 'd' });

  it('rows inserted above a range move it down; inserted inside it, it grows; below it, it stays', () => {
    expect(recordOf(shiftRows(formats, 'S', 4, 2))).toEqual({ 'S!B2': 'a', 'S!B4:B8': 'b', 'S!D2:E2': 'c', 'T!B2': 'd' });
    expect(recordOf(shiftRows(formats, 'S', 0, 1))).toEqual({ 'S!B3': 'a', 'S!D3:E3': 'c', 'S!B5:B7': 'b', 'T!B2': 'd' });
  });

  it('rows deleted take their formats; a range they cut shrinks; ranges below move up', () => {
    expect(recordOf(shiftRows(formats, 'S', 1, -1))).toEqual({ 'S!B3:B5': 'b', 'T!B2': 'd' });
    expect(recordOf(shiftRows(formats, 'S', 4, -5))).toEqual({ 'S!B2': 'a', 'S!D2:E2': 'c', 'S!B4': 'b', 'T!B2': 'd' });
    expect(recordOf(shiftRows(formats, 'S', 2, -3))).toEqual({ 'S!B2': 'a', 'S!D2:E2': 'c', 'S!B3': 'b', 'T!B2': 'd' });
  });

  it('columns inserted and deleted move ranges across, on their sheet only', () => {
    expect(recordOf(shiftColumns(formats, 'S', 1, 2))).toEqual({ 'S!D2': 'a', 'S!F2:G2': 'c', 'S!D4:D6': 'b', 'T!B2': 'd' });
    expect(recordOf(shiftColumns(formats, 'S', 4, -1))).toEqual({ 'S!B2': 'a', 'S!D2': 'c', 'S!B4:B6': 'b', 'T!B2': 'd' });
    expect(recordOf(shiftColumns(formats, 'S', 0, -2))).toEqual({ 'S!B2:C2': 'c', 'T!B2': 'd' });
  });

  it('a range pushed past the sheet\'s last row keeps to it', () => {
    const last = formatsFromRecord({ 'S!A1048575:A1048576': '0' });
    expect(recordOf(shiftRows(last, 'S', 0, 1))).toEqual({ 'S!A1048576': '0' });
  });

  it('a sheet renamed keeps its formats; a sheet removed loses them', () => {
    expect(recordOf(renameSheetFormats(formats, 'T', 'Rice quota'))).toMatchObject({ "'Rice quota'!B2": 'd' });
    expect(Object.keys(recordOf(removeSheetFormats(formats, 'S')))).toEqual(['T!B2']);
    expect(removeSheetFormats(NO_FORMATS, 'S')).toBe(NO_FORMATS);
  });
});
