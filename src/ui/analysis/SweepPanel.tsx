/** One input across a range -> the chosen outputs at each point: a table, a line chart and a CSV. */
import { useCallback, useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Sweep } from '../../model';
import { sweepToCsv } from '../../io/csv';
import { formatValue } from '../formatValue';
import type { AnalysisClient, ScenarioShape } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';
import { axisTick, axisTitle, seriesColour } from './chartTheme';
import { CSV_TYPE, downloadFile } from '../download';
import { evenlySpacedFields, typedNumber } from './numberField';
import { EvaluationNote } from './EvaluationNote';

interface Props {
  analysis: AnalysisClient;
  shape: ScenarioShape;
}

export function SweepPanel({ analysis, shape }: Props) {
  const ranged = shape.inputs.filter((input) => input.min !== undefined && input.max !== undefined);
  const [inputName, setInputName] = useState(ranged[0]?.name ?? shape.inputs[0]?.name ?? '');
  const input = shape.inputs.find((candidate) => candidate.name === inputName);
  const [from, setFrom] = useState(() => typedNumber(input?.min ?? 0, input?.unit ?? ''));
  const [to, setTo] = useState(() => typedNumber(input?.max ?? 1, input?.unit ?? ''));
  const [steps, setSteps] = useState('11');
  const [outputNames, setOutputNames] = useState<string[]>(() => (shape.outputs[0] ? [shape.outputs[0].name] : []));
  const [sweep, setSweep] = useState<Sweep>();
  const [problem, setProblem] = useState<string>();

  const unit = shape.outputs.find((output) => output.name === outputNames[0])?.unit ?? '';
  // The charted outputs' number format, when they share one: one axis, one way to read it.
  const formatsCharted = new Set(outputNames.map((name) => shape.formats[name]));
  const format = formatsCharted.size === 1 ? [...formatsCharted][0] : undefined;
  const run = useCallback(() => {
    const range = evenlySpacedFields(from, to, steps, 1000);
    if ('problem' in range) return setProblem(range.problem);
    if (outputNames.length === 0) return setProblem('Choose at least one output.');
    analysis.sweep(shape.id, inputName, range.values, outputNames).then(
      (answer) => (setSweep(answer), setProblem(undefined)),
      (error: unknown) => setProblem(messageOf(error)),
    );
  }, [analysis, shape.id, inputName, from, to, steps, outputNames]);

  // Once, on opening, with the defaults: the panel shows what it does before anyone clicks.
  const [firstRun] = useState(() => run);
  useEffect(() => firstRun(), [firstRun]);

  const chooseInput = (name: string) => {
    const next = shape.inputs.find((candidate) => candidate.name === name);
    setInputName(name);
    setFrom(typedNumber(next?.min ?? 0, next?.unit ?? ''));
    setTo(typedNumber(next?.max ?? 1, next?.unit ?? ''));
  };
  const toggleOutput = (name: string) =>
    setOutputNames((previous) => (previous.includes(name) ? previous.filter((other) => other !== name) : [...previous, name]));

  const data = (sweep?.points ?? []).map((point) => ({
    x: point.inputValue,
    ...Object.fromEntries(sweep?.outputs.map((name) => {
      const value = point.outputs[name];
      return [name, typeof value === 'number' ? value : null];
    }) ?? []),
  }));
  const inputUnit = input?.unit ?? '';
  const inputFormat = shape.formats[inputName];
  const labelOf = (name: string) => shape.outputs.find((output) => output.name === name)?.label ?? name;

  return (
    <section className="panel" aria-labelledby="sweep-title">
      <h3 id="sweep-title">Sweep an input</h3>
      <form className="analysis-controls" onSubmit={(event) => (event.preventDefault(), run())}>
        <label className="field">
          Input
          <select value={inputName} onChange={(event) => chooseInput(event.target.value)}>
            {shape.inputs.map((candidate) => <option key={candidate.name} value={candidate.name}>{candidate.label}</option>)}
          </select>
        </label>
        <label className="field">From<input value={from} onChange={(event) => setFrom(event.target.value)} inputMode="decimal" /></label>
        <label className="field">To<input value={to} onChange={(event) => setTo(event.target.value)} inputMode="decimal" /></label>
        <label className="field">Steps<input value={steps} onChange={(event) => setSteps(event.target.value)} inputMode="numeric" /></label>
        <fieldset className="outputs-choice">
          <legend>Outputs (one unit per chart: {unit === '%' ? 'percent' : unit || 'none chosen'})</legend>
          {shape.outputs.map((output) => (
            <label key={output.name} className="check" title={output.unit !== unit && outputNames.length > 0 ? 'A different unit: chart it on its own' : undefined}>
              <input
                type="checkbox"
                checked={outputNames.includes(output.name)}
                disabled={outputNames.length > 0 && output.unit !== unit}
                onChange={() => toggleOutput(output.name)}
              />
              {output.label}
            </label>
          ))}
        </fieldset>
        <button type="submit">Run sweep</button>
      </form>
      {problem && <p className="analysis-problem" role="alert">{problem}</p>}
      {sweep && sweep.input === inputName && (
        <>
          <EvaluationNote evaluation={sweep.evaluation} />
          <figure className="chart" aria-label={`${labelOf(sweep.outputs[0] ?? '')} as ${input?.label ?? ''} varies`}>
            <ResponsiveContainer width="100%" height={300}>
              <LineChart data={data} margin={{ left: 24, right: 24, top: 8, bottom: 28 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(value: number) => axisTick(value, inputUnit, inputFormat)}
                  label={{ value: `${input?.label ?? ''} (${axisTitle(inputUnit)})`, position: 'insideBottom', offset: -16 }} />
                <YAxis tickFormatter={(value: number) => axisTick(value, unit, format)} width={80}
                  label={{ value: axisTitle(unit), angle: -90, position: 'insideLeft' }} />
                <Tooltip labelFormatter={(value) => formatValue(Number(value), inputUnit, inputFormat)} formatter={(value) => formatValue(typeof value === 'number' ? value : null, unit, format)} />
                <Legend verticalAlign="top" />
                {sweep.outputs.map((name, index) => (
                  <Line key={name} dataKey={name} name={labelOf(name)} stroke={seriesColour(index)} dot isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
          <div className="table-head">
            <h4>{sweep.points.length} points</h4>
            <button type="button" onClick={() => downloadFile(`sweep-${sweep.input}.csv`, sweepToCsv(sweep), CSV_TYPE)}>Download CSV</button>
          </div>
          <div className="table-scroll short" tabIndex={0} role="region" aria-label="Sweep points, as a table">
            <table className="analysis-table sweep-table">
              <thead>
                <tr>
                  <th scope="col">{input?.label}</th>
                  {sweep.outputs.map((name) => <th scope="col" key={name}>{labelOf(name)}</th>)}
                </tr>
              </thead>
              <tbody>
                {sweep.points.map((point) => (
                  <tr key={point.inputValue}>
                    <th scope="row">{formatValue(point.inputValue, inputUnit)}</th>
                    {sweep.outputs.map((name) => <td key={name}>{formatValue(point.outputs[name] ?? null, unit)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
