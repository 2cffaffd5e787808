/** Which assumption matters most: each input moved down and up, the swing of one output, largest first. */
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Tornado } from '../../model';
import { tornadoToCsv } from '../../io/csv';
import { formatValue } from '../formatValue';
import { formatPercent } from '../../shared/numberFormat';
import type { AnalysisClient, ScenarioShape } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';
import { axisTick, axisTitle, seriesColour } from './chartTheme';
import { CSV_TYPE, downloadFile } from '../download';
import { parseTypedNumber } from './numberField';
import { EvaluationNote } from './EvaluationNote';
import { TornadoTable } from './TornadoTable';

interface Props {
  analysis: AnalysisClient;
  shape: ScenarioShape;
}

export function TornadoPanel({ analysis, shape }: Props) {
  const [outputName, setOutputName] = useState(() => (shape.outputs.some((o) => o.name === 'CarGapUsd') ? 'CarGapUsd' : shape.outputs[0]?.name ?? ''));
  const [share, setShare] = useState('20%');
  const [result, setResult] = useState<Tornado>();
  const [problem, setProblem] = useState<string>();
  const output = shape.outputs.find((candidate) => candidate.name === outputName);
  const unit = output?.unit ?? '';
  const format = shape.formats[outputName];

  useEffect(() => {
    const fraction = parseTypedNumber(share);
    if (fraction === undefined || !(fraction > 0)) {
      setProblem('The move must be a positive share, such as 20%.');
      return;
    }
    let current = true;
    analysis.tornado(shape.id, outputName, fraction).then(
      (answer) => current && (setResult(answer), setProblem(undefined)),
      (error: unknown) => current && setProblem(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [analysis, shape, outputName, share]);

  const moving = result?.bars.filter((bar) => bar.swing > 0) ?? [];
  const data = moving.map((bar) => {
    const low = typeof bar.outputAtLow === 'number' ? bar.outputAtLow : 0;
    const high = typeof bar.outputAtHigh === 'number' ? bar.outputAtHigh : 0;
    return { input: bar.label, range: [Math.min(low, high), Math.max(low, high)] as [number, number] };
  });
  const base = typeof result?.baseOutput === 'number' ? result.baseOutput : undefined;

  return (
    <section className="panel" aria-labelledby="tornado-title">
      <h3 id="tornado-title">Which input swings an output the most</h3>
      <div className="analysis-controls">
        <label className="field">
          Output
          <select value={outputName} onChange={(event) => setOutputName(event.target.value)}>
            {shape.outputs.map((candidate) => <option key={candidate.name} value={candidate.name}>{candidate.label}</option>)}
          </select>
        </label>
        <label className="field">Move each input by ±<input value={share} onChange={(event) => setShare(event.target.value)} inputMode="decimal" /></label>
      </div>
      {problem && <p className="analysis-problem" role="alert">{problem}</p>}
      {result && result.output === outputName && <EvaluationNote evaluation={result.evaluation} />}
      {result && result.output === outputName && (
        <>
          <p className="muted">
            Each input is moved {formatPercent(result.share)} of its value down and up (an input at 0 by {formatPercent(result.share)} of its range), within its min and max.
            {result.bars.length - moving.length > 0 && ` ${result.bars.length - moving.length} inputs do not move ${output?.label ?? 'it'} and are left out of the chart.`}
          </p>
          <figure className="chart" aria-label={`Swing of ${output?.label ?? ''} by input`}>
            <ResponsiveContainer width="100%" height={Math.max(160, 34 * data.length + 60)}>
              <BarChart data={data} layout="vertical" margin={{ left: 12, right: 24, top: 8, bottom: 28 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" domain={['auto', 'auto']} tickFormatter={(value: number) => axisTick(value, unit, format)}
                  label={{ value: `${output?.label ?? ''} (${axisTitle(unit)})`, position: 'insideBottom', offset: -16 }} />
                <YAxis type="category" dataKey="input" width={260} tick={{ fontSize: 12 }} />
                <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((v) => formatValue(Number(v), unit, format)).join(' to ') : String(value))} />
                {base !== undefined && <ReferenceLine x={base} stroke="#333" strokeDasharray="4 2" label={{ value: 'now', position: 'top' }} />}
                <Bar dataKey="range" name={output?.label ?? ''} fill={seriesColour(0)} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <div className="table-head">
            <h4>Swing of {output?.label}</h4>
            <button type="button" onClick={() => downloadFile(`tornado-${result.output}.csv`, tornadoToCsv(result), CSV_TYPE)}>Download CSV</button>
          </div>
          <TornadoTable bars={result.bars} unit={unit} ends={{ low: 'Low', outputAtLow: 'Output at low', high: 'High', outputAtHigh: 'Output at high' }} className="tornado-table" />
        </>
      )}
    </section>
  );
}
