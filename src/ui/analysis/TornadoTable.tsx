/** A tornado's bars as a table: each input's two ends, the output at each, and the swing; the What-if tornado's and the Uncertainty tab's. */
import type { RangeTornadoBar } from '../../model';
import { formatValue } from '../formatValue';

interface Props {
  /** Either tornado's bars: a what-if bar carries more, which the table does not show. */
  bars: readonly RangeTornadoBar[];
  /** The output's unit, for its values and the swing. */
  unit: string;
  /** What the two ends are called in the headings: low and high for ±20 %, P10 and P90 over a range. */
  ends: { low: string; outputAtLow: string; high: string; outputAtHigh: string };
  className?: string;
}

export function TornadoTable({ bars, unit, ends, className = '' }: Props) {
  return (
    // Focusable, so the keyboard scrolls it when it overflows; named, so a screen reader says what it holds.
    <div className="table-scroll short" tabIndex={0} role="region" aria-label="Swing of each input, as a table">
      <table className={`analysis-table ${className}`.trim()}>
        <thead>
          <tr><th scope="col">Input</th><th scope="col">{ends.low}</th><th scope="col">{ends.outputAtLow}</th><th scope="col">{ends.high}</th><th scope="col">{ends.outputAtHigh}</th><th scope="col">Swing</th></tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.input}>
              <th scope="row">{bar.label}</th>
              <td>{formatValue(bar.lowValue, bar.unit)}</td>
              <td>{formatValue(bar.outputAtLow, unit)}</td>
              <td>{formatValue(bar.highValue, bar.unit)}</td>
              <td>{formatValue(bar.outputAtHigh, unit)}</td>
              <td>{formatValue(bar.swing, unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
