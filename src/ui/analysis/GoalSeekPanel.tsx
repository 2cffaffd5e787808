/** Goal seek: the input value, within its range, that brings an output to a target; applied on request. */
import { useState } from 'react';
import type { GoalSeekResult } from '../../model';
import { formatValue } from '../formatValue';
import type { AnalysisClient, ScenarioShape } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';
import { parseTypedNumber, typedNumber } from './numberField';
import { EvaluationNote } from './EvaluationNote';

interface Props {
  analysis: AnalysisClient;
  shape: ScenarioShape;
  onApply: (input: string, value: number) => void;
}

export function GoalSeekPanel({ analysis, shape, onApply }: Props) {
  const ranged = shape.inputs.filter((input) => input.min !== undefined && input.max !== undefined);
  const [inputName, setInputName] = useState(() => (ranged.some((i) => i.name === 'ExtraUsRice') ? 'ExtraUsRice' : ranged[0]?.name ?? ''));
  const [outputName, setOutputName] = useState(() => (shape.outputs.some((o) => o.name === 'UsRiceExportValue') ? 'UsRiceExportValue' : shape.outputs[0]?.name ?? ''));
  const output = shape.outputs.find((candidate) => candidate.name === outputName);
  const input = shape.inputs.find((candidate) => candidate.name === inputName);
  const [target, setTarget] = useState(() => (typeof output?.value === 'number' ? typedNumber(output.value, output.unit) : ''));
  const [result, setResult] = useState<GoalSeekResult>();
  const [problem, setProblem] = useState<string>();
  const [applied, setApplied] = useState(false);

  const seek = () => {
    const goal = parseTypedNumber(target);
    if (goal === undefined) return setProblem('The target must be a number.');
    setApplied(false);
    analysis.goalSeek(shape.id, inputName, outputName, goal).then(
      (answer) => (setResult(answer), setProblem(undefined)),
      (error: unknown) => setProblem(messageOf(error)),
    );
  };

  return (
    <section className="panel" aria-labelledby="goal-seek-title">
      <h3 id="goal-seek-title">Goal seek</h3>
      <form className="analysis-controls" onSubmit={(event) => (event.preventDefault(), seek())}>
        <label className="field">
          Set
          <select value={outputName} onChange={(event) => setOutputName(event.target.value)}>
            {shape.outputs.map((candidate) => <option key={candidate.name} value={candidate.name}>{candidate.label}</option>)}
          </select>
        </label>
        <label className="field">To<input value={target} onChange={(event) => setTarget(event.target.value)} inputMode="decimal" aria-label="Target value" /></label>
        <label className="field">
          By changing
          <select value={inputName} onChange={(event) => setInputName(event.target.value)}>
            {ranged.map((candidate) => <option key={candidate.name} value={candidate.name}>{candidate.label}</option>)}
          </select>
        </label>
        <button type="submit">Find</button>
      </form>
      <p className="muted">
        Searches {input?.label ?? 'the input'} from {formatValue(input?.min ?? null, input?.unit)} to {formatValue(input?.max ?? null, input?.unit)}; now {formatValue(output?.value ?? null, output?.unit)} {output?.unit}.
      </p>
      {problem && <p className="analysis-problem" role="alert">{problem}</p>}
      {result && <EvaluationNote evaluation={result.evaluation} />}
      {result && (
        <div className={`goal-answer ${result.found ? 'found' : 'not-found'}`} role="status">
          {result.found ? (
            <p>
              {shape.inputs.find((i) => i.name === result.input)?.label} = <strong>{formatValue(result.inputValue, input?.unit)}</strong> {input?.unit} brings{' '}
              {output?.label} to {formatValue(result.outputValue, output?.unit)} {output?.unit}.
            </p>
          ) : (
            <p>
              No value in range reaches {formatValue(result.target, output?.unit)} {output?.unit}. The closest is{' '}
              {formatValue(result.outputValue, output?.unit)} at {formatValue(result.inputValue, input?.unit)} {input?.unit}.
            </p>
          )}
          <p className="muted">{result.iterations} evaluations. {result.message}.</p>
          {result.found && (
            <button type="button" disabled={applied} onClick={() => (onApply(result.input, result.inputValue), setApplied(true))}>
              {applied ? 'Applied to the scenario' : `Apply ${formatValue(result.inputValue, input?.unit)} to the scenario`}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
