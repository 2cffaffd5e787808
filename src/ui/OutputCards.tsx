import type { OutputValue } from '../model';
import { formatInWords, formatValue } from './formatValue';

/** The scenario's named results, the numbers a reader comes for. */
export function OutputCards({ outputs }: { outputs: readonly OutputValue[] }) {
  if (outputs.length === 0) return <p className="muted">This scenario names no outputs.</p>;
  return (
    <ul className="output-cards">
      {outputs.map((output) => {
        const { value, unit } = output;
        const error = typeof value === 'object' && value !== null ? value : undefined;
        const words = typeof value === 'number' && unit !== '%' ? formatInWords(value) : undefined;
        const text = formatValue(value, unit);
        return (
          <li key={output.name} className="output-card" data-output={output.name} data-value={error ? error.error : String(value)}>
            <span className="output-label">{output.label}</span>
            <span
              className={['output-value', error && 'cell-error', text.length > 11 && 'is-long'].filter(Boolean).join(' ')}
              title={error?.message}
            >
              {text}
              {unit !== '%' && unit !== '' && !error && <span className="output-unit"> {unit}</span>}
            </span>
            <span className="output-note">
              {words && <span>≈ {words} · </span>}
              <code>{output.cell}</code>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
