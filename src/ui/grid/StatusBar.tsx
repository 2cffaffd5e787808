/** The status bar below the grid. */
import { formatWithCode, sumsReadIn } from '../../shared/numberFormat';
import { useEditorValue } from '../editor/useEditor';

/** Below the grid, as in Excel: the sum, average and count of a selected range, or why the active cell shows an error. */
export function StatusBar() {
  const stats = useEditorValue('selection', (e) => e.stats);
  const activeError = useEditorValue('selection+cells', (e) => {
    const value = e.activeValue();
    return typeof value === 'object' && value !== null ? `${value.error} ${value.message}` : undefined;
  });
  // As Excel's: the sum and average in the active cell's number format, unless it shows dates or text.
  const format = useEditorValue('selection+cells', (e) => {
    const code = e.viewport.formatAt(e.selection.active.row, e.selection.active.col);
    return code !== undefined && sumsReadIn(code) ? code : undefined;
  });
  const shown = (value: number) => (format === undefined ? statusNumber(value) : formatWithCode(value, format));
  return (
    <div className="status-bar" aria-live="polite">
      {activeError && (
        <span className="status-error" data-testid="active-error">
          {activeError}
        </span>
      )}
      <span className="status-spacer" />
      {stats && stats.count > 0 && (
        <span className="status-stats">
          {stats.numbers > 0 && (
            <>
              <span title={String(stats.sum)}>Sum: {shown(stats.sum)}</span>
              <span title={String(stats.sum / stats.numbers)}>Average: {shown(stats.sum / stats.numbers)}</span>
            </>
          )}
          <span>Count: {stats.count.toLocaleString('en-US')}</span>
        </span>
      )}
    </div>
  );
}

const statusFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** As Excel's status bar shows them: thousands separators, two decimals at most (the tooltip has the exact figure). */
function statusNumber(value: number): string {
  return Math.abs(value) > 0 && Math.abs(value) < 0.01 ? value.toPrecision(3) : statusFormat.format(value);
}
