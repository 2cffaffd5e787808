/** The side panel's named inputs: a field and a slider each, the range the simulation draws from, and the source of the figure. */
import { memo, useEffect, useRef, useState } from 'react';
import type { Editor } from '../editor/editor';
import type { CellValue, InputRange } from '../../model';
import type { InputDefinitionView, InputState } from '../../shared/messages';
import { parseNumberEntry } from '../editor/entry';
import { formatValue } from '../formatValue';
import { RangeEditor } from './RangeEditor';
import { SourceNote } from './SourceNote';
import { useEditor, useEditorValue } from '../editor/useEditor';

/** The named inputs, editable in place: a number field, a slider where the input has a range, its source, and a reset. */
export function InputsPanel() {
  const info = useEditorValue('doc', (e) => e.info);
  const inputs = useEditorValue('doc', (e) => e.state?.inputs);
  if (!info || !inputs) return null;
  const byName = new Map(inputs.map((input) => [input.name, input]));
  const chain = new Map(info.chain.map((link) => [link.id, link.name]));
  return (
    <section className="panel inputs-panel" aria-labelledby="inputs-title">
      <h2 id="inputs-title" className="panel-title">
        Inputs
      </h2>
      {info.inputs.length === 0 ? (
        <p className="muted">This scenario names no inputs.</p>
      ) : (
        <ul className="input-list">
          {info.inputs.map((definition) => {
            const state = byName.get(definition.name);
            const setBy = definition.setBy === undefined ? undefined : chain.get(definition.setBy) ?? definition.setBy;
            return state ? <InputRow key={definition.name} definition={definition} state={state} setBy={setBy} baseName={info.baseName} /> : null;
          })}
        </ul>
      )}
    </section>
  );
}

interface RowProps {
  definition: InputDefinitionView;
  state: InputState;
  setBy: string | undefined;
  baseName: string;
}

const InputRow = memo(function InputRow({ definition, state, setBy, baseName }: RowProps) {
  const editor = useEditor();
  const { name, label, unit } = definition;
  // A triangular or PERT range has the value as its mode, so the value stays inside it (the worker refuses it
  // outside, as a scenario file would be refused): the field and slider keep to the narrower bounds.
  const mode = state.range?.distribution === 'triangular' || state.range?.distribution === 'pert' ? state.range : undefined;
  const min = mode ? Math.max(definition.min ?? mode.low, mode.low) : definition.min;
  const max = mode ? Math.min(definition.max ?? mode.high, mode.high) : definition.max;
  const beyond = mode ? ` (the ${mode.distribution === 'pert' ? 'PERT' : 'triangular'} range's bounds; edit the range to go further)` : '';
  const id = `input-${name}`;
  const [problem, setProblem] = useState<string>();
  const value = state.value;
  const number = typeof value === 'number' ? value : undefined;
  const error = typeof value === 'object' && value !== null ? value : undefined;
  // Through the cell's number format when it has one; the field itself keeps every digit, to edit.
  const shown = (figure: CellValue) => formatValue(figure, unit, state.format);
  // Beside the field only when the format says more than the field's digits (8.15 bn, not 1,400,000 again).
  const formatted = state.format !== undefined && number !== undefined && shown(number) !== fieldText(number, unit) ? shown(number) : undefined;

  // Uniform, normal and lognormal draws ignore the value (triangular and PERT keep it inside as their mode):
  // a value outside the range gets bands that need not contain it, which reads as a mistake unless said.
  const outside = state.range && !mode && number !== undefined && (number < state.range.low || number > state.range.high)
    ? `${shown(number)} lies outside ${distributionOf(state.range).name === 'uniform' ? 'its range' : 'its 90 % interval'} (${shown(state.range.low)} – ${shown(state.range.high)}): the uncertainty bands draw from the range, not from this value, so they may not contain it. Edit the range to match.`
    : undefined;

  const commit = (next: number): Promise<unknown> | undefined => {
    if (min !== undefined && next < min) {
      setProblem(`At least ${shown(min)}${beyond}`);
      return undefined;
    }
    if (max !== undefined && next > max) {
      setProblem(`At most ${shown(max)}${beyond}`);
      return undefined;
    }
    setProblem(undefined);
    return next === number ? undefined : editor.setInput(name, next);
  };

  return (
    <li className={`input-row${state.changed || state.rangeChanged ? ' is-changed' : ''}`} data-input={name}>
      <div className="input-head">
        <label htmlFor={id} className="input-label">
          {label}
        </label>
        <button type="button" className="input-cell" title={`${name}: show the cell`} onClick={() => editor.goTo(state.cell)}>
          {state.cell}
        </button>
      </div>
      <div className="input-controls">
        <NumberField id={id} value={number} unit={unit} invalid={problem !== undefined || error !== undefined} onCommit={commit} onProblem={setProblem} />
        {unit !== '' && <span className="input-unit">{unit}</span>}
        {formatted !== undefined && (
          <output className="input-formatted" htmlFor={id} title={`As the cell's number format (${state.format ?? ''}) shows it`}>
            {formatted}
          </output>
        )}
        {min !== undefined && max !== undefined && number !== undefined && (
          <Slider editor={editor} name={name} label={label} value={number} min={min} max={max} unit={unit} format={state.format} />
        )}
        {(state.changed || state.rangeChanged) && (
          <button type="button" className="button button-small reset-input" title={`Back to ${shown(state.presetValue)}, the value${state.rangeChanged ? ' and range' : ''} in ${baseName}`} onClick={() => void editor.resetInput(name)}>
            Reset
          </button>
        )}
      </div>
      {(problem ?? error) && (
        <p className="input-problem" role="alert">
          {problem ?? `${error?.error ?? ''} ${error?.message ?? ''}`}
        </p>
      )}
      {state.changed && <p className="input-was">Preset: {shown(state.presetValue)}</p>}
      <div className="input-range-line">
        {state.range && <RangeNote range={state.range} unit={unit} format={state.format} />}
        <RangeEditor key={JSON.stringify(state.range)} editor={editor} name={name} label={label} unit={unit} range={state.range} />
      </div>
      {outside && <p className="input-outside">{outside}</p>}
      {state.rangeChanged && <p className="input-was">Preset range: {state.presetRange ? `${shown(state.presetRange.low)} – ${shown(state.presetRange.high)}` : 'none'}</p>}
      <SourceNote source={definition.source} />
      {setBy && <p className="input-set-by">This preset’s value is set by “{setBy}”.</p>}
    </li>
  );
});

/** The scenario format's default (src/model/scenario.ts distributionOf): lognormal when the whole interval is positive, normal otherwise. */
function distributionOf(range: InputRange): { name: string; isDefault: boolean } {
  return { name: range.distribution ?? (range.low > 0 ? 'lognormal' : 'normal'), isDefault: range.distribution === undefined };
}

/**
 * The range the Monte Carlo simulation draws the input from: for normal and lognormal, low and high are the
 * 5th and 95th percentiles (a 90 % interval); for uniform, triangular and PERT, the bounds, with the input's value as the mode.
 */
function RangeNote({ range, unit, format }: { range: InputRange; unit: string; format: string | undefined }) {
  const { name, isDefault } = distributionOf(range);
  const interval = name === 'normal' || name === 'lognormal';
  const span = `${formatValue(range.low, unit, format)} – ${formatValue(range.high, unit, format)}`;
  const shape = `${name === 'pert' ? 'PERT' : name}${isDefault ? ' (default)' : ''}`;
  const meaning = interval
    ? `A 90 % interval: a ${name} distribution with ${formatValue(range.low, unit, format)} as its 5th percentile and ${formatValue(range.high, unit, format)} as its 95th.`
    : `Bounds: a ${shape} distribution from ${formatValue(range.low, unit, format)} to ${formatValue(range.high, unit, format)}${name === 'uniform' ? '' : ', its mode at the input’s value'}.`;
  const source = 'article' in range.source ? `Article, line ${range.source.article.line}: “${range.source.article.quote}”` : `Assumption: ${range.source.assumption}`;
  return (
    <details className="input-range" data-low={range.low} data-high={range.high} data-distribution={name}>
      <summary title={`${meaning}\n${source}`}>
        <span className="input-range-span">{interval ? '90 %' : 'Range'}: {span}</span> · {shape}
      </summary>
      <div className="input-range-body">
        <p className="input-range-meaning">{meaning}</p>
        <p className="input-range-why">Why this range:</p>
        <SourceNote source={range.source} />
      </div>
    </details>
  );
}

const fieldFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 15, maximumSignificantDigits: 17 });

/** Full precision, thousands separators, a percentage typed as a percentage ("2.5" for 2.5 %). */
function fieldText(value: number | undefined, unit: string): string {
  if (value === undefined) return '';
  return fieldFormat.format(unit === '%' ? Number((value * 100).toPrecision(15)) : value);
}

interface FieldProps {
  id: string;
  value: number | undefined;
  unit: string;
  invalid: boolean;
  /** The edit sent to the engine, or undefined when there is nothing to send. */
  onCommit: (value: number) => Promise<unknown> | undefined;
  onProblem: (problem: string | undefined) => void;
}

interface Draft {
  text: string;
  /** Committed and sent: the text stays until the answer brings the value, so the field never shows the old one meanwhile. */
  sent: boolean;
}

function NumberField({ id, value, unit, invalid, onCommit, onProblem }: FieldProps) {
  const [draft, setDraft] = useState<Draft>();
  const text = draft?.text ?? fieldText(value, unit);
  const commit = () => {
    if (draft === undefined || draft.sent) return;
    const typed = draft.text.trim();
    const parsed = unit === '%' && !typed.endsWith('%') ? parseNumberEntry(`${typed}%`) : parseNumberEntry(typed);
    if (parsed === undefined) {
      setDraft(undefined);
      onProblem(`“${draft.text}” is not a number`);
      return;
    }
    const edit = onCommit(parsed);
    if (!edit) {
      setDraft(undefined);
      return;
    }
    const sent = { text: draft.text, sent: true };
    setDraft(sent);
    void edit.finally(() => setDraft((current) => (current === sent ? undefined : current)));
  };
  return (
    <span className={`number-field${unit === '%' ? ' is-percent' : ''}`}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid || undefined}
        value={text}
        onChange={(event) => setDraft({ text: event.target.value, sent: false })}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(undefined);
        }}
      />
      {unit === '%' && <span className="percent-sign">%</span>}
    </span>
  );
}

interface SliderProps {
  editor: Editor;
  name: string;
  label: string;
  value: number;
  min: number;
  max: number;
  unit: string;
  format: string | undefined;
}

/** Dragging sends at most one value per answer from the worker, and the whole drag is one undo step. */
function Slider({ editor, name, label, value, min, max, unit, format }: SliderProps) {
  const [dragValue, setDragValue] = useState<number>();
  const flight = useRef<{ busy: boolean; next: number | undefined; gesture: string | undefined }>({ busy: false, next: undefined, gesture: undefined });
  const step = niceStep(min, max);

  useEffect(() => {
    if (!flight.current.busy) setDragValue(undefined);
  }, [value]);

  const send = (next: number) => {
    const current = flight.current;
    if (current.busy) {
      current.next = next;
      return;
    }
    current.busy = true;
    void editor.setInput(name, next, current.gesture).finally(() => {
      current.busy = false;
      const pending = current.next;
      current.next = undefined;
      if (pending !== undefined) send(pending);
    });
  };

  return (
    <input
      type="range"
      className="input-slider"
      aria-label={`${label} (slider)`}
      aria-valuetext={formatValue(dragValue ?? value, unit, format)}
      min={min}
      max={max}
      step={step}
      value={dragValue ?? value}
      onPointerDown={() => {
        flight.current.gesture = `slider:${name}:${Date.now()}`;
      }}
      onPointerUp={() => {
        flight.current.gesture = undefined;
      }}
      onKeyDown={() => {
        flight.current.gesture = undefined;
      }}
      onChange={(event) => {
        const next = Number(event.target.value);
        setDragValue(next);
        send(next);
      }}
    />
  );
}

function niceStep(min: number, max: number): number {
  const span = max - min;
  if (span <= 0) return 1;
  const raw = span / 200;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw;
}
