/** The side panel's named outputs, live, each with its change against the preset and, where inputs have ranges, its P5–P95 band. */
import { memo, useMemo } from 'react';
import type { CellValue } from '../../model';
import type { SimulatedOutput } from '../../model/analysis/simulation';
import type { OutputDefinitionView, OutputState } from '../../shared/messages';
import { formatNumber, formatValue } from '../formatValue';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { useSimulation, type SimulationClient, type SimulationSettings } from '../analysis/useSimulation';

/** The Uncertainty tab's defaults, so the band and the tab's first figures are the same numbers. */
const BAND_SETTINGS: SimulationSettings = { samples: 10_000, seed: 1, sampling: 'lhs' };
/**
 * Above this many cells the bands are left to the Uncertainty tab: each run after an edit builds a copy
 * of the workbook in the worker, seconds for a sheet of a million cells, and edits would wait behind it.
 */
const BAND_MAX_CELLS = 200_000;

/** The scenario's named results, live: each edit moves them, with the difference from the preset. */
export function OutputsPanel() {
  const editor = useEditor();
  const definitions = useEditorValue('doc', (e) => e.info?.outputs);
  const outputs = useEditorValue('doc', (e) => e.state?.outputs);
  const baseName = useEditorValue('doc', (e) => e.info?.baseName ?? 'the preset');
  const docId = useEditorValue('doc', (e) => e.docId);
  const revision = useEditorValue('doc', (e) => e.state?.revision ?? -1);
  const ranged = useEditorValue('doc', (e) => e.info?.inputs.filter((input) => input.range !== undefined).length ?? 0);
  const cells = useEditorValue('doc', (e) => e.state?.sheets.reduce((sum, sheet) => sum + sheet.rows * sheet.cols, 0) ?? 0);
  const client = useMemo<SimulationClient>(
    () => ({
      simulate: (...args) => editor.engineCall((engine) => engine.simulate(...args)),
      cancelSimulation: (runId) => editor.engineCall((engine) => engine.cancelSimulation(runId)),
    }),
    [editor],
  );
  const enabled = docId !== undefined && ranged > 0 && cells <= BAND_MAX_CELLS;
  const bands = useSimulation(client, docId ?? '', revision, BAND_SETTINGS, { runId: 'bands', enabled, delay: 400, rangedInputs: ranged });
  // One Band object per output and answer, so an edit re-renders only the rows whose values moved (OutputRow is memo).
  const answer = enabled ? bands.answer : undefined;
  const bandsByName = useMemo(() => new Map((answer?.simulation.outputs ?? []).map((output) => [output.name, bandOf(output)])), [answer]);
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
        // Stale marks the list, not each row: the bands of the scenario before the last edit, a new one being drawn.
        <ul className={`output-list${bands.running ? ' is-stale' : ''}`} aria-busy={bands.running}>
          {definitions.map((definition) => {
            const state = byName.get(definition.name);
            return state ? <OutputRow key={definition.name} definition={definition} state={state} baseName={baseName} band={bandsByName.get(definition.name)} /> : null;
          })}
        </ul>
      )}
    </section>
  );
}

interface Band {
  p5: number;
  p95: number;
  samples: number;
}

function bandOf(output: SimulatedOutput): Band | undefined {
  const { summary } = output;
  return summary ? { p5: summary.p5, p95: summary.p95, samples: output.values.length } : undefined;
}

interface RowProps {
  definition: OutputDefinitionView;
  state: OutputState;
  baseName: string;
  band: Band | undefined;
}

const OutputRow = memo(function OutputRow({ definition, state, baseName, band }: RowProps) {
  const editor = useEditor();
  const { value, presetValue } = state;
  const error = isError(value) ? value : undefined;
  const delta = difference(value, presetValue, definition.unit);
  const bandText = band && spread(band, definition.unit, state.format);
  return (
    <li className={`output-row${delta ? ' is-moved' : ''}`} data-output={definition.name} data-value={error ? error.error : String(value)}>
      <button type="button" className="output-label" title={`${definition.name} · ${state.cell}: show this cell`} onClick={() => editor.goTo(state.cell)}>
        {definition.label}
      </button>
      <span className={`output-value${error ? ' cell-error' : ''}`} title={error ? error.message : typeof value === 'number' ? `Exact value: ${value}` : undefined}>
        {formatValue(value, definition.unit, state.format)}
        {definition.unit !== '%' && definition.unit !== '' && !error && <span className="output-unit"> {definition.unit}</span>}
      </span>
      {delta && (
        <span className={`output-delta ${delta.sign}`} title={`${baseName}: ${formatValue(presetValue, definition.unit, state.format)}`}>
          {delta.text}
        </span>
      )}
      {band && bandText && (
        <span
          className="output-band"
          data-p5={band.p5}
          data-p95={band.p95}
          title={`90 % of ${formatNumber(band.samples)} draws over the inputs’ ranges fall in this band (Latin hypercube, seed 1): Analyse → Uncertainty shows the whole distribution.`}
        >
          {bandText}
        </span>
      )}
    </li>
  );
});

/** "P5–P95 880,052 to 1,220,964" ("to", as a dash beside a minus sign misleads); undefined when no ranged input moves the output. */
function spread(band: Band, unit: string, format: string | undefined): string | undefined {
  const low = formatValue(band.p5, unit, format);
  const high = formatValue(band.p95, unit, format);
  return low === high ? undefined : `P5–P95 ${low} to ${high}`;
}

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
