/** N scenarios' outputs side by side with their differences from a chosen baseline, as a table and a chart. */
import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Comparison, ComparisonRow } from '../../model';
import { comparisonToCsv } from '../../io/csv';
import { formatValue } from '../formatValue';
import { formatPercent } from '../../shared/numberFormat';
import type { AnalysisClient } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';
import { axisTick, axisTitle, seriesColour } from './chartTheme';
import { CSV_TYPE, downloadFile } from '../download';

interface Props {
  analysis: AnalysisClient;
  scenarios: readonly { id: string; name: string }[];
  onOpenScenario: (id: string) => void;
  /** The scenarios chosen and the baseline to open with; else every scenario, against "baseline" if there is one. */
  initial?: { chosen: string[]; baseline: string } | undefined;
}

export function CompareView({ analysis, scenarios, onOpenScenario, initial }: Props) {
  const [chosen, setChosen] = useState<string[]>(() => initial?.chosen ?? scenarios.map((scenario) => scenario.id));
  const [baseline, setBaseline] = useState(() => initial?.baseline ?? (scenarios.some((s) => s.id === 'baseline') ? 'baseline' : scenarios[0]?.id ?? ''));
  const [comparison, setComparison] = useState<Comparison>();
  const [problem, setProblem] = useState<string>();
  const [unit, setUnit] = useState('USD/yr');

  // The baseline is always compared: a delta needs it.
  const compared = useMemo(() => scenarios.map((s) => s.id).filter((id) => id === baseline || chosen.includes(id)), [scenarios, chosen, baseline]);
  useEffect(() => {
    let current = true;
    analysis
      .prepareAnalysis(compared)
      .then((prepared) => {
        if (!prepared.ok) throw new Error(prepared.problems.join('\n'));
        return analysis.compare(compared, baseline);
      })
      .then(
        (answer) => current && (setComparison(answer), setProblem(undefined)),
        (error: unknown) => current && setProblem(messageOf(error)),
      );
    return () => {
      current = false;
    };
  }, [analysis, compared, baseline]);

  const units = useMemo(() => [...new Set(comparison?.outputs.map((output) => output.unit))], [comparison]);
  const chartUnit = units.includes(unit) ? unit : units[0] ?? '';
  const rowAt = useMemo(() => {
    const rows = new Map<string, ComparisonRow>();
    for (const row of comparison?.rows ?? []) rows.set(`${row.scenario}\u0000${row.output}`, row);
    return (scenario: string, output: string) => rows.get(`${scenario}\u0000${output}`);
  }, [comparison]);

  const charted = (comparison?.outputs ?? []).filter((output) => output.unit === chartUnit);
  // Each scenario shows its outputs through its own formats; one axis has one way to read it, the format
  // every charted output of every scenario shares, else none.
  const chartFormats = new Set(charted.flatMap((output) => (comparison?.scenarios ?? []).map((s) => rowAt(s.id, output.name)?.format)));
  const chartFormat = chartFormats.size === 1 ? [...chartFormats][0] : undefined;
  const nameOfLabel = new Map(charted.map((output) => [output.label, output.name]));
  const tooltipText = (value: unknown, item: { dataKey?: unknown; payload?: unknown }) => {
    const label = (item.payload as { output?: string } | undefined)?.output ?? '';
    const format = rowAt(String(item.dataKey), nameOfLabel.get(label) ?? '')?.format;
    return formatValue(typeof value === 'number' ? value : null, chartUnit, format);
  };
  const chartData = charted
    .map((output) => ({
      output: output.label,
      ...Object.fromEntries((comparison?.scenarios ?? []).map((s) => {
        const value = rowAt(s.id, output.name)?.value;
        return [s.id, typeof value === 'number' ? value : null];
      })),
    }));

  const toggle = (id: string) => setChosen((previous) => (previous.includes(id) ? previous.filter((other) => other !== id) : [...previous, id]));

  return (
    <div className="compare">
      <fieldset className="analysis-controls">
        <legend>Scenarios to compare</legend>
        {scenarios.map((scenario) => (
          <label key={scenario.id} className="check">
            <input type="checkbox" checked={compared.includes(scenario.id)} disabled={scenario.id === baseline} onChange={() => toggle(scenario.id)} />
            {scenario.name}
          </label>
        ))}
        <label className="field">
          Baseline
          <select value={baseline} onChange={(event) => setBaseline(event.target.value)}>
            {scenarios.map((scenario) => <option key={scenario.id} value={scenario.id}>{scenario.name}</option>)}
          </select>
        </label>
      </fieldset>
      {problem && <p className="analysis-problem" role="alert">{problem}</p>}
      {comparison && (
        <>
          <div className="chart-head">
            <h3>Outputs per scenario</h3>
            <label className="field">
              Unit
              <select value={chartUnit} onChange={(event) => setUnit(event.target.value)}>
                {units.map((option) => <option key={option} value={option}>{option === '%' ? 'percent' : option}</option>)}
              </select>
            </label>
          </div>
          <figure className="chart" aria-label={`Outputs in ${axisTitle(chartUnit)} per scenario`}>
            <ResponsiveContainer width="100%" height={Math.max(220, chartData.length * (40 + 14 * comparison.scenarios.length))}>
              <BarChart data={chartData} layout="vertical" margin={{ left: 12, right: 24, top: 8, bottom: 28 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" tickFormatter={(value: number) => axisTick(value, chartUnit, chartFormat)} label={{ value: axisTitle(chartUnit), position: 'insideBottom', offset: -16 }} />
                <YAxis type="category" dataKey="output" width={230} tick={{ fontSize: 12 }} />
                <Tooltip formatter={(value, _, item) => tooltipText(value, item)} />
                <Legend verticalAlign="top" />
                {comparison.scenarios.map((scenario, index) => (
                  <Bar key={scenario.id} dataKey={scenario.id} name={scenario.name} fill={seriesColour(index)} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <div className="table-head">
            <h3>Every output, with the difference from {comparison.scenarios.find((s) => s.id === baseline)?.name}</h3>
            <button type="button" onClick={() => downloadFile('comparison.csv', comparisonToCsv(comparison), CSV_TYPE)}>Download CSV</button>
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Every output per scenario, as a table">
            <table className="analysis-table compare-table">
              <thead>
                <tr>
                  <th scope="col">Output</th>
                  {comparison.scenarios.map((scenario) => (
                    <th scope="col" key={scenario.id}>
                      <button type="button" className="link" title="Open in the editor" onClick={() => onOpenScenario(scenario.id)}>{scenario.name}</button>
                      {scenario.id === baseline && <span className="badge">baseline</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {comparison.outputs.map((output) => (
                  <tr key={output.name}>
                    <th scope="row">{output.label}<span className="unit">{output.unit}</span></th>
                    {comparison.scenarios.map((scenario) => <CompareCell key={scenario.id} row={rowAt(scenario.id, output.name)} isBaseline={scenario.id === baseline} />)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function CompareCell({ row, isBaseline }: { row: ComparisonRow | undefined; isBaseline: boolean }) {
  if (!row || row.value === undefined) return <td className="missing" title="This scenario has no such output">missing</td>;
  const direction = row.delta === null || row.delta === 0 ? '' : row.delta > 0 ? 'up' : 'down';
  return (
    <td data-value={typeof row.value === 'number' ? row.value : undefined}>
      <span className="value">{formatValue(row.value, row.unit, row.format)}</span>
      {!isBaseline && row.delta !== null && (
        <span className={`delta ${direction}`}>
          {row.delta > 0 ? '+' : ''}
          {formatValue(row.delta, row.unit, row.format)}
          {row.deltaShare !== null && ` (${row.deltaShare > 0 ? '+' : ''}${formatPercent(row.deltaShare)})`}
        </span>
      )}
    </td>
  );
}
