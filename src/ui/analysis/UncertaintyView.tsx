/** The Uncertainty tab: a Monte Carlo simulation of the open scenario over its inputs' ranges, kept live as the scenario is edited. */
import { useEffect, useMemo, useState } from 'react';
import type { SimulatedOutput, ThresholdProbability } from '../../model/analysis/simulation';
import { simulationDrawsToCsv, simulationSummaryToCsv } from '../../io/csv';
import type { AnalysisClient } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';
import { CSV_TYPE, downloadFile } from '../download';
import { useEditorValue } from '../editor/useEditor';
import { formatNumber, formatValue } from '../formatValue';
import { formatPercent } from '../../shared/numberFormat';
import { EvaluationNote } from './EvaluationNote';
import { parseTypedNumber } from './numberField';
import { Histogram, RangeTornado, VarianceShares } from './SimulationCharts';
import { useSimulation, type FinishedSimulation, type SimulationSettings } from './useSimulation';
import { TornadoTable } from './TornadoTable';

const RUN_ID = 'uncertainty';
/** The page holds every draw of every input and output: 200,000 draws of the baseline are some 40 MB. The CLI goes to 1,000,000. */
const PAGE_MAX_SAMPLES = 200_000;
/** The progress bar shows only for a run still going after this long. */
const PROGRESS_AFTER_MS = 300;

interface Props {
  analysis: AnalysisClient;
  scenarioId: string;
}

function settingsOf(samples: string, seed: string, sampling: SimulationSettings['sampling']): SimulationSettings | string {
  const count = Number(samples.replaceAll(',', '').trim());
  if (!Number.isInteger(count) || count < 2 || count > PAGE_MAX_SAMPLES) return `Draws must be a whole number from 2 to ${formatNumber(PAGE_MAX_SAMPLES)} (npm run simulate goes to 1,000,000).`;
  const seedNumber = Number(seed.trim());
  if (seed.trim() === '' || !Number.isSafeInteger(seedNumber)) return 'The seed must be a whole number.';
  return { samples: count, seed: seedNumber, sampling };
}

export function UncertaintyView({ analysis, scenarioId }: Props) {
  const revision = useEditorValue('doc', (e) => e.state?.revision ?? -1);
  const definitions = useEditorValue('doc', (e) => e.info?.inputs);
  const ranged = useMemo(() => (definitions ?? []).filter((input) => input.range !== undefined).length, [definitions]);
  const [samplesText, setSamplesText] = useState('10,000');
  const [seedText, setSeedText] = useState('1');
  const [sampling, setSampling] = useState<SimulationSettings['sampling']>('lhs');
  const parsed = useMemo(() => settingsOf(samplesText, seedText, sampling), [samplesText, seedText, sampling]);
  const [settings, setSettings] = useState<SimulationSettings>({ samples: 10_000, seed: 1, sampling: 'lhs' });
  useEffect(() => {
    if (typeof parsed !== 'string') setSettings(parsed);
  }, [parsed]);

  const live = useSimulation(analysis, scenarioId, revision, settings, { runId: RUN_ID, enabled: ranged > 0, delay: 150, rangedInputs: ranged });
  const [showProgress, setShowProgress] = useState(false);
  useEffect(() => {
    if (!live.running) return setShowProgress(false);
    const timer = setTimeout(() => setShowProgress(true), PROGRESS_AFTER_MS);
    return () => clearTimeout(timer);
  }, [live.running]);

  if (definitions && ranged === 0) {
    return (
      <div className="uncertainty" data-state="no-ranges">
        <p className="analysis-note" role="note">
          None of this scenario’s inputs has a range, so there is nothing to draw. Give an input a range with <strong>Add range</strong> in the inputs panel, or in the scenario file: <strong>Download scenario</strong>, add{' '}
          <code>"range": {'{'} "low": 24000, "high": 33000, "source": {'{'} "assumption": "why" {'}'} {'}'}</code> to an input (optionally with{' '}
          <code>"distribution"</code>: normal, lognormal, uniform, triangular or pert), and open the file again with <strong>Open scenario file</strong>. For normal and
          lognormal, low and high are the 5th and 95th percentiles; for uniform, triangular and PERT, the bounds, with the input’s value as the mode. The README’s
          “Scenario files” says more.
        </p>
      </div>
    );
  }

  const { answer } = live;
  return (
    <div className="uncertainty" data-state={live.running ? 'running' : answer ? 'done' : 'idle'}>
      <p className="muted">
        Monte Carlo over the inputs’ ranges of <strong>{answer?.scenario ?? scenarioId}</strong> as it stands in the editor, edits included: every ranged input drawn at once,
        the others at their values. It runs again after each edit.
      </p>
      <div className="analysis-controls">
        <label className="field">Draws<input value={samplesText} onChange={(event) => setSamplesText(event.target.value)} inputMode="numeric" aria-label="Draws" /></label>
        <label className="field">Seed<input value={seedText} onChange={(event) => setSeedText(event.target.value)} inputMode="numeric" aria-label="Seed" /></label>
        <label className="field">
          Sampling
          <select value={sampling} onChange={(event) => setSampling(event.target.value === 'random' ? 'random' : 'lhs')} aria-label="Sampling">
            <option value="lhs">Latin hypercube</option>
            <option value="random">Random</option>
          </select>
        </label>
        {showProgress && live.running && <RunProgress progress={live.progress} onCancel={live.cancel} />}
      </div>
      {typeof parsed === 'string' && <p className="analysis-problem" role="alert">{parsed}</p>}
      {live.cancelled && <p className="analysis-note" role="status">Cancelled: {answer ? 'the figures below are from the run before.' : 'nothing was drawn.'}</p>}
      {live.problem && <p className="analysis-problem" role="alert">{live.problem}</p>}
      {answer && <SimulationResults analysis={analysis} answer={answer} stale={live.running} />}
      {!answer && !live.problem && !live.cancelled && <p className="loading">Drawing…</p>}
    </div>
  );
}

function RunProgress({ progress, onCancel }: { progress: ReturnType<typeof useSimulation>['progress']; onCancel: () => void }) {
  const text = progress?.stage === 'evaluating' ? 'Evaluating the model at every draw…' : `Drawing the inputs… ${formatPercent(progress?.fraction ?? 0)}`;
  return (
    <div className="simulation-progress" role="status">
      <span>{text}</span>
      {progress?.stage === 'drawing' ? <progress aria-label="Simulation progress" max={1} value={progress.fraction} /> : <progress aria-label="Simulation progress" />}
      <button type="button" onClick={onCancel}>Cancel</button>
    </div>
  );
}

function SimulationResults({ analysis, answer, stale }: { analysis: AnalysisClient; answer: FinishedSimulation; stale: boolean }) {
  const { simulation } = answer;
  const [outputName, setOutputName] = useState(simulation.outputs[0]?.name ?? '');
  const output = simulation.outputs.find((candidate) => candidate.name === outputName) ?? simulation.outputs[0];
  if (!output) return <p className="muted">This scenario names no outputs.</p>;
  const summaryCsv = () => downloadFile(`simulation-${answer.scenario}.csv`, simulationSummaryToCsv([{ scenario: answer.scenario, simulation }]), CSV_TYPE);
  const drawsCsv = () => downloadFile(`simulation-draws-${answer.scenario}.csv`, simulationDrawsToCsv([{ scenario: answer.scenario, simulation, inputs: answer.inputs }]), CSV_TYPE);
  const others = answer.inputs.length - simulation.inputs.length;
  return (
    <div className={`simulation-results${stale ? ' is-stale' : ''}`} aria-busy={stale}>
      <div className="table-head">
        <p className="muted">
          {formatNumber(simulation.samples)} draws ({simulation.sampling === 'lhs' ? 'Latin hypercube' : 'random'}, seed {simulation.seed}) of {simulation.inputs.length} ranged inputs
          {others > 0 ? `; ${others} other inputs stay at their values` : ''}.
        </p>
        <span className="download-buttons">
          <button type="button" onClick={summaryCsv}>Download CSV (summary)</button>
          <button type="button" onClick={drawsCsv}>Download CSV (every draw)</button>
        </span>
      </div>
      <EvaluationNote evaluation={simulation.evaluation} />
      <div className="analysis-controls">
        <label className="field">
          Output
          <select value={output.name} onChange={(event) => setOutputName(event.target.value)} aria-label="Output">
            {simulation.outputs.map((candidate) => <option key={candidate.name} value={candidate.name}>{candidate.label}</option>)}
          </select>
        </label>
        <Threshold key={`${output.name}`} analysis={analysis} output={output} answer={answer} />
      </div>
      <section className="panel" aria-labelledby="histogram-title">
        <h3 id="histogram-title">Distribution of {output.label}</h3>
        {output.summary ? <Histogram output={output} /> : <p className="analysis-problem">No draw gave {output.label} a number: every one erred.</p>}
      </section>
      <div className="uncertainty-columns">
        <section className="panel" aria-labelledby="statistics-title">
          <h3 id="statistics-title">Statistics</h3>
          <Statistics output={output} />
        </section>
        <section className="panel" aria-labelledby="shares-title">
          <h3 id="shares-title">Which input drives it: share of the variance</h3>
          <VarianceShares output={output} inputs={simulation.inputs} />
        </section>
      </div>
      <section className="panel" aria-labelledby="range-tornado-title">
        <h3 id="range-tornado-title">Each input from its P10 to its P90, the others at their values</h3>
        <RangeTornado output={output} />
        <TornadoTable bars={output.tornado} unit={output.unit} ends={{ low: 'P10', outputAtLow: 'Output at P10', high: 'P90', outputAtHigh: 'Output at P90' }} />
      </section>
    </div>
  );
}

const STATISTICS = [
  ['mean', 'Mean'], ['sd', 'Standard deviation'], ['min', 'Min'], ['p5', 'P5'], ['p10', 'P10'], ['p25', 'P25'],
  ['p50', 'P50 (median)'], ['p75', 'P75'], ['p90', 'P90'], ['p95', 'P95'], ['max', 'Max'],
] as const;

function Statistics({ output }: { output: SimulatedOutput }) {
  const { summary, unit } = output;
  return (
    <div className="table-scroll fit" tabIndex={0} role="region" aria-label="Statistics, as a table">
      <table className="analysis-table statistics-table" data-output={output.name}>
        <tbody>
          <tr>
            <th scope="row">Now (every input at its value)</th>
            <td>{formatValue(output.baseValue, unit)}</td>
          </tr>
          {STATISTICS.map(([key, label]) => {
            const value = summary?.[key];
            return (
              <tr key={key} data-stat={key} data-value={value === undefined ? '' : String(value)}>
                <th scope="row">{label}</th>
                <td title={value === undefined ? undefined : String(value)}>{value === undefined || !Number.isFinite(value) ? '—' : formatValue(value, unit)}</td>
              </tr>
            );
          })}
          <tr data-stat="errors" data-value={String(output.errors)}>
            <th scope="row">Draws that erred</th>
            <td className={output.errors > 0 ? 'cell-error' : undefined}>
              {formatNumber(output.errors)} of {formatNumber(output.values.length)}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function Threshold({ analysis, output, answer }: { analysis: AnalysisClient; output: SimulatedOutput; answer: FinishedSimulation }) {
  const { unit } = output;
  // Starts at the output's value now, as the page shows it: how likely is the outcome above or below the point estimate?
  const [text, setText] = useState(() => (typeof output.baseValue === 'number' ? (unit === '%' ? formatPercent(output.baseValue) : formatNumber(output.baseValue)) : ''));
  const [result, setResult] = useState<ThresholdProbability | null>(null);
  const [problem, setProblem] = useState<string>();
  const threshold = parseTypedNumber(text);
  useEffect(() => {
    if (threshold === undefined) return setResult(null);
    let current = true;
    analysis.simulationThreshold(RUN_ID, output.name, threshold).then(
      (answered) => current && (setResult(answered), setProblem(undefined)),
      (error: unknown) => current && setProblem(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [analysis, output.name, threshold, answer]);
  const shown = threshold === undefined ? '' : formatValue(threshold, unit);
  return (
    <div className="threshold" data-output={output.name}>
      <label className="field">Threshold<input value={text} onChange={(event) => setText(event.target.value)} inputMode="decimal" aria-label="Threshold" /></label>
      {text.trim() !== '' && threshold === undefined && <span className="field-problem" role="alert">Type a number{unit === '%' ? ', such as 12.5%' : ''}.</span>}
      {problem && <span className="field-problem" role="alert">{problem}</span>}
      {result && threshold !== undefined && (
        <p className="threshold-answer" data-above={result.above} data-below={result.below}>
          <span>P({output.label} &gt; {shown}) = <strong>{formatPercent(result.above)}</strong></span>
          <span>P(&lt; {shown}) = <strong>{formatPercent(result.below)}</strong></span>
        </p>
      )}
    </div>
  );
}
