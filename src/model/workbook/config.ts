/** How HyperFormula is set up for every workbook: its settings and the names every workbook defines. */
import type { ConfigParams } from 'hyperformula';
import { MAX_COLUMNS, MAX_ROWS } from '../address';

/** Every setting here is deliberate; test/model/workbook.test.ts proves each one. */
export const ENGINE_CONFIG: Partial<ConfigParams> = {
  licenseKey: 'gpl-v3',
  // Exports need the exact doubles; HyperFormula rounds results to ~14 digits by default.
  smartRounding: false,
  // The default 40,000 rows is below what analysts paste; these are Excel's limits.
  maxRows: MAX_ROWS,
  maxColumns: MAX_COLUMNS,
  // Excel evaluates SUMPRODUCT((A1:A9>5)*A1:A9) element-wise without array entry.
  useArrayArithmetic: true,
  // Excel reads an empty cell as 0 in arithmetic (=A9+1 is 1, =A9 is 0).
  evaluateNullToZero: true,
  // Text read as a date inside a formula (=DAY("3/15/2024"), DATEVALUE) as an en-US Excel reads it; the default was DD/MM/YYYY only.
  dateFormats: ['MM/DD/YYYY', 'MM/DD/YY', 'YYYY-MM-DD', 'YYYY/MM/DD'],
  undoLimit: 100,
};

/** HyperFormula spells TRUE and FALSE as functions only; these names make bare TRUE/FALSE work as in Excel. */
export const BOOLEAN_NAMES = [
  { name: 'TRUE', expression: '=TRUE()' },
  { name: 'FALSE', expression: '=FALSE()' },
];
