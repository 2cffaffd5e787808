/** The inputs panel's form for an input's range: low, high, distribution and why, or no range at all; the worker has the last word on it. */
import { useState } from 'react';
import type { InputRange, Source } from '../../model';
import { parseNumberEntry } from '../editor/entry';
import type { Editor } from '../editor/editor';

// The scenario format's DISTRIBUTIONS, spelt out here: importing the model's list would bring zod into the page's bundle.
const DISTRIBUTIONS = ['normal', 'lognormal', 'uniform', 'triangular', 'pert'] as const;
type Distribution = (typeof DISTRIBUTIONS)[number];
const DEFAULT_REASON = 'set in the inputs panel';

export interface RangeFormProps {
  editor: Editor;
  name: string;
  label: string;
  unit: string;
  range: InputRange | undefined;
}

/** A percentage is typed as one ("2.5" for 2.5 %), as in the input's own field. */
function entryText(value: number | undefined, unit: string): string {
  if (value === undefined) return '';
  return String(unit === '%' ? Number((value * 100).toPrecision(15)) : value);
}

function parseEntry(text: string, unit: string): number | undefined {
  const typed = text.trim();
  if (typed === '') return undefined;
  return unit === '%' && !typed.endsWith('%') ? parseNumberEntry(`${typed}%`) : parseNumberEntry(typed);
}

/** The form itself, loaded the first time a range is edited. */
export default function RangeForm({ editor, name, label, unit, range, onClose }: RangeFormProps & { onClose: () => void }) {
  const [low, setLow] = useState(entryText(range?.low, unit));
  const [high, setHigh] = useState(entryText(range?.high, unit));
  const [distribution, setDistribution] = useState<Distribution | ''>(range?.distribution ?? '');
  const [reason, setReason] = useState(range && 'assumption' in range.source ? range.source.assumption : '');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  /** Sends the range; a refusal keeps the form open with the worker's words. */
  const send = async (next: InputRange | null) => {
    setBusy(true);
    const update = await editor.setInputRange(name, next);
    setBusy(false);
    if (update && update.problem === undefined) onClose();
    else setProblem(update?.problem ?? 'The range was not set.');
  };

  const save = () => {
    const lowValue = parseEntry(low, unit);
    const highValue = parseEntry(high, unit);
    if (lowValue === undefined || highValue === undefined) {
      setProblem('Low and high must be numbers.');
      return;
    }
    if (!(lowValue < highValue)) {
      setProblem('High must be greater than low.');
      return;
    }
    // An article's quote stays the source until the person gives a reason of their own.
    const source: Source = reason.trim() !== '' ? { assumption: reason.trim() } : (range?.source ?? { assumption: DEFAULT_REASON });
    void send({ low: lowValue, high: highValue, ...(distribution === '' ? {} : { distribution }), source });
  };

  const id = `range-${name}`;
  return (
    <form
      className="range-form"
      aria-label={`Range of ${label}`}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <label htmlFor={`${id}-low`}>Low{unit === '%' ? ' (%)' : ''}</label>
      <input id={`${id}-low`} name="low" type="text" inputMode="decimal" autoComplete="off" value={low} onChange={(event) => setLow(event.target.value)} />
      <label htmlFor={`${id}-high`}>High{unit === '%' ? ' (%)' : ''}</label>
      <input id={`${id}-high`} name="high" type="text" inputMode="decimal" autoComplete="off" value={high} onChange={(event) => setHigh(event.target.value)} />
      <label htmlFor={`${id}-distribution`}>Distribution</label>
      <select id={`${id}-distribution`} name="distribution" value={distribution} onChange={(event) => setDistribution(event.target.value as Distribution | '')}>
        <option value="">default (lognormal when low &gt; 0, else normal)</option>
        {DISTRIBUTIONS.map((option) => (
          <option key={option} value={option}>
            {option === 'pert' ? 'PERT' : option}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-reason`}>Why</label>
      <input id={`${id}-reason`} name="reason" type="text" autoComplete="off" placeholder={range ? 'keep the source' : DEFAULT_REASON} value={reason} onChange={(event) => setReason(event.target.value)} />
      <div className="range-form-actions">
        <button type="submit" className="button button-small" disabled={busy}>
          Set range
        </button>
        {range && (
          <button type="button" className="button button-small" disabled={busy} onClick={() => void send(null)}>
            Remove range
          </button>
        )}
        <button type="button" className="button button-small" onClick={onClose}>
          Cancel
        </button>
      </div>
      {problem !== undefined && (
        <p className="range-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
