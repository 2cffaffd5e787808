/** The side panel's named outputs, live, each with its change against the preset. */
import { memo } from 'react';
import type { CellValue } from '../../model';
import type { OutputDefinitionView, OutputState } from '../../shared/messages';
import { formatNumber, formatValue } from '../formatValue';
import { useEditor, useEditorValue } from '../editor/useEditor';

/** The scenario's named results, live: each edit moves them, with the difference from the preset. */
export function OutputsPanel() {
  const definitions = useEditorValue('doc', (e) => e.info?.outputs);
  const outputs = useEditorValue('doc', (e) => e.state?.outputs);
  const baseName = useEditorValue('doc', (e) => e.info?.baseName ?? 'the preset');
  if (!definitions || !outputs) return null;
  const byName = new Map(outputs.map((output) => [output.name, output]));
  return (
    <section className="panel outputs-panel" aria-labelledby="outputs-title">
      <h2 id="outputs-title" className="panel-title">
        Outputs
      </h2>
      {definitions.length === 0 ? (
        <p className="muted">This scenario names no outputs.</p>
      ) : (
        <ul className="output-list">
          {definitions.map((definition) => {
            const state = byName.get(definition.name);
            return state ? <OutputRow key={definition.name} definition={definition} state={state} baseName={baseName} /> : null;
          })}
        </ul>
      )}
    </section>
  );
}

const OutputRow = memo(function OutputRow({ definition, state, baseName }: { definition: OutputDefinitionView; state: OutputState; baseName: string }) {
  const editor = useEditor();
  const { value, presetValue } = state;
  const error = isError(value) ? value : undefined;
  const delta = difference(value, presetValue, definition.unit);
  return (
    <li className={`output-row${delta ? ' is-moved' : ''}`} data-output={definition.name} data-value={error ? error.error : String(value)}>
      <button type="button" className="output-label" title={`${definition.name} · ${state.cell}: show this cell`} onClick={() => editor.goTo(state.cell)}>
        {definition.label}
      </button>
      <span className={`output-value${error ? ' cell-error' : ''}`} title={error ? error.message : typeof value === 'number' ? `Exact value: ${value}` : undefined}>
        {formatValue(value, definition.unit)}
        {definition.unit !== '%' && definition.unit !== '' && !error && <span className="output-unit"> {definition.unit}</span>}
      </span>
      {delta && (
        <span className={`output-delta ${delta.sign}`} title={`${baseName}: ${formatValue(presetValue, definition.unit)}`}>
          {delta.text}
        </span>
      )}
    </li>
  );
});

function isError(value: CellValue): value is { error: string; message: string } {
  return typeof value === 'object' && value !== null;
}

/** "+12.3%" against the preset, or "+2.5 pts" for a percentage; undefined when nothing moved. */
function difference(value: CellValue, preset: CellValue, unit: string): { text: string; sign: 'up' | 'down' } | undefined {
  if (typeof value !== 'number' || typeof preset !== 'number' || value === preset) return undefined;
  const diff = value - preset;
  if (Math.abs(diff) < 1e-12 * Math.max(1, Math.abs(preset))) return undefined;
  const sign = diff > 0 ? 'up' : 'down';
  const arrow = diff > 0 ? '▲' : '▼';
  if (unit === '%') return { text: `${arrow} ${formatNumber(Math.abs(diff) * 100)} pts`, sign };
  if (preset === 0) return { text: `${arrow} ${formatNumber(Math.abs(diff))}`, sign };
  return { text: `${arrow} ${formatNumber(Math.abs(diff / preset) * 100)}%`, sign };
}
