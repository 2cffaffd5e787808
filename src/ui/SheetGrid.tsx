import { columnLetters } from '../model/address';
import type { CellContent, CellValue } from '../model';
import type { NamedCell, SheetView } from './engine';
import { exactValue, formatValue } from './formatValue';

/** Text longer than this is cut off in the grid (as a spreadsheet clips it) and shown whole on hover. */
const LONG_TEXT = 50;

/** One sheet's evaluated values, with Excel's column letters and row numbers. */
export function SheetGrid({ sheet }: { sheet: SheetView }) {
  const width = sheet.values[0]?.length ?? 0;
  if (sheet.values.length === 0 || width === 0) return <p className="muted">This sheet is empty.</p>;
  const named = new Map(sheet.named.map((cell) => [`${cell.row}:${cell.col}`, cell]));
  const columns = Array.from({ length: width }, (_, col) => columnLetters(col));
  return (
    <div className="grid-scroll">
      <table className="sheet-grid" data-sheet-grid={sheet.name} aria-label={`Sheet ${sheet.name}`}>
        <thead>
          <tr>
            <td className="corner" aria-hidden="true" />
            {columns.map((letters) => (
              <th key={letters} scope="col" className="col-head">
                {letters}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sheet.values.map((row, rowIndex) => (
            <tr key={rowIndex}>
              <th scope="row" className="row-head">
                {rowIndex + 1}
              </th>
              {row.map((value, col) => (
                <Cell
                  key={col}
                  value={value}
                  content={sheet.contents[rowIndex]?.[col] ?? null}
                  named={named.get(`${rowIndex}:${col}`)}
                  address={`${columns[col] ?? ''}${rowIndex + 1}`}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface CellProps {
  value: CellValue;
  content: CellContent;
  named: NamedCell | undefined;
  address: string;
}

function Cell({ value, content, named, address }: CellProps) {
  const formula = typeof content === 'string' && content.startsWith('=') ? content : undefined;
  const kind = value === null ? 'empty' : typeof value === 'object' ? 'error' : typeof value;
  const classes = [`cell-${kind}`];
  if (formula) classes.push('is-formula');
  if (named) classes.push(`is-${named.kind}`);
  // The tooltip says what the grid cannot: the error's reason, the formula, the name, the exact number.
  const tip = [
    typeof value === 'object' && value !== null ? `${value.error} ${value.message}` : undefined,
    formula ? `${address} ${formula}` : undefined,
    named ? `${named.kind === 'input' ? 'Input' : 'Output'}: ${named.label} (${named.name})` : undefined,
    exactValue(value) && `Exact value: ${exactValue(value)}`,
    typeof value === 'string' && value.length > LONG_TEXT ? value : undefined,
  ].filter(Boolean);
  return (
    <td className={classes.join(' ')} title={tip.length > 0 ? tip.join('\n') : undefined} data-cell={address}>
      {formatValue(value)}
    </td>
  );
}
