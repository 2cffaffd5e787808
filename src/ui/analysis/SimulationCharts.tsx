/** The Uncertainty tab's charts: an output's histogram with P5, P50 and P95 marked, each input's share of its variance, and the P10–P90 tornado. */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SimulatedInput, SimulatedOutput } from '../../model/analysis/simulation';
import { useEditorValue } from '../editor/useEditor';
import { formatNumber, formatValue } from '../formatValue';
import { formatPercent } from '../../shared/numberFormat';
import { axisTick, axisTitle, seriesColour } from './chartTheme';

/** Blue where the output rises with the input, vermilion where it falls (Okabe-Ito: told apart without red and green). */
const RISES = seriesColour(0);
const FALLS = seriesColour(5);
const MARKS = [
  { key: 'p5', label: 'P5', position: 'insideTopRight' },
  { key: 'p50', label: 'P50', position: 'insideTopLeft' },
  { key: 'p95', label: 'P95', position: 'insideTopLeft' },
] as const;

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/** A percentile's label on the chart: through the output's number format, else short, so three fit across it ("P5 880K"). */
const markText = (value: number, unit: string, format: string | undefined) => (format !== undefined ? formatValue(value, unit, format) : unit === '%' ? formatPercent(value) : compact.format(value));

/** The number format of an output's cell in the scenario being edited, which the Uncertainty tab simulates. */
function useOutputFormat(name: string): string | undefined {
  return useEditorValue('doc', (e) => e.state?.outputs.find((output) => output.name === name)?.format);
}

/** About `count` round ticks (1, 2, 2.5 or 5 times a power of ten apart) and the domain they span, around [low, high]. */
function roundTicks(low: number, high: number, count = 7): { domain: [number, number]; ticks: number[] } {
  const span = high - low;
  if (!(span > 0)) return { domain: [low, high], ticks: [low] };
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw;
  const start = Math.floor(low / step) * step;
  const end = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  // Each tick from its index, rounded to 12 digits and 0 made exact: adding steps of 0.1 gives 0.30000000000000004, and a tick of -1e-17 reads "-0%".
  for (let index = 0; start + index * step <= end + step / 2; index += 1) {
    const tick = start + index * step;
    ticks.push(Math.abs(tick) < step * 1e-9 ? 0 : Number(tick.toPrecision(12)));
  }
  return { domain: [start, end], ticks };
}

export function Histogram({ output }: { output: SimulatedOutput }) {
  const { histogram, summary, unit, label } = output;
  const format = useOutputFormat(output.name);
  const { edges, counts } = histogram;
  const total = counts.reduce((sum, count) => sum + count, 0);
  const data = Array.from(counts, (count, bin) => {
    const from = edges[bin] ?? 0;
    const to = edges[bin + 1] ?? from;
    return { mid: (from + to) / 2, from, to, count };
  });
  const low = edges[0] ?? 0;
  const high = edges[edges.length - 1] ?? low;
  const base = typeof output.baseValue === 'number' ? output.baseValue : undefined;
  const scale = roundTicks(low, high);
  return (
    <figure className="chart histogram" aria-label={`Distribution of ${label}`}>
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data} margin={{ left: 12, right: 28, top: 22, bottom: 28 }} barCategoryGap={1}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis type="number" dataKey="mid" domain={scale.domain} ticks={scale.ticks} tickFormatter={(value: number) => axisTick(value, unit, format)}
            label={{ value: `${label} (${axisTitle(unit)})`, position: 'insideBottom', offset: -16 }} />
          <YAxis tickFormatter={(value: number) => formatNumber(value)} label={{ value: 'draws', angle: -90, position: 'insideLeft', offset: 4 }} width={64} />
          <Tooltip
            labelFormatter={(_, payload) => {
              const bin = payload[0]?.payload as (typeof data)[number] | undefined;
              return bin ? `${formatValue(bin.from, unit, format)} to ${formatValue(bin.to, unit, format)}` : '';
            }}
            formatter={(value) => [`${formatNumber(Number(value))} (${formatPercent(Number(value) / Math.max(1, total))})`, 'draws']}
          />
          <Bar dataKey="count" fill={seriesColour(4)} isAnimationActive={false} />
          {base !== undefined && <ReferenceLine x={base} stroke="#6a7588" strokeDasharray="2 3" className="mark-now" label={{ value: 'now', position: 'top', fill: '#3b4656', fontSize: 11 }} />}
          {summary && MARKS.map((mark) => (
            <ReferenceLine key={mark.key} x={summary[mark.key]} stroke="#10233f" strokeWidth={1.5} strokeDasharray={mark.key === 'p50' ? undefined : '5 3'} className={`mark-${mark.key}`}
              label={{ value: `${mark.label} ${markText(summary[mark.key], unit, format)}`, position: mark.position, fill: '#10233f', fontSize: 12 }} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function VarianceShares({ output, inputs }: { output: SimulatedOutput; inputs: readonly SimulatedInput[] }) {
  const labels = new Map(inputs.map((input) => [input.name, input.label]));
  const data = output.sensitivity.map((entry) => ({
    input: labels.get(entry.input) ?? entry.input,
    share: entry.share,
    rho: entry.rankCorrelation,
    text: `${entry.rankCorrelation < 0 ? '−' : '+'} ${formatPercent(entry.share)}`,
  }));
  // An unrelated input's squared rank correlation is about 1/N by chance; as a share, that over the sum of them all.
  const total = output.sensitivity.reduce((sum, entry) => sum + entry.rankCorrelation ** 2, 0);
  const noise = total > 0 ? 1 / output.values.length / total : undefined;
  return (
    <figure className="chart" aria-label={`Share of the variance of ${output.label} by input`}>
      <ResponsiveContainer width="100%" height={Math.max(150, 34 * data.length + 56)}>
        <BarChart data={data} layout="vertical" margin={{ left: 12, right: 64, top: 4, bottom: 24 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={(value: number) => formatPercent(value)}
            label={{ value: 'share of the variance (squared rank correlation)', position: 'insideBottom', offset: -14 }} />
          <YAxis type="category" dataKey="input" width={260} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(_, __, item) => {
            const row = item.payload as (typeof data)[number];
            return [`${formatPercent(row.share)} of the variance; rank correlation ${row.rho.toFixed(3)}`, row.rho < 0 ? 'falls as it rises' : 'rises with it'];
          }} />
          <Bar dataKey="share" isAnimationActive={false} className="share-bar">
            {data.map((row) => <Cell key={row.input} fill={row.rho < 0 ? FALLS : RISES} />)}
            <LabelList dataKey="text" position="right" fontSize={12} fill="#3b4656" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="chart-key">
        <span className="swatch" style={{ background: RISES }} /> + the output rises as the input does
        <span className="swatch" style={{ background: FALLS }} /> − it falls as the input rises
        {noise !== undefined && (
          <span className="chart-key-note">Over {formatNumber(output.values.length)} draws, chance alone gives an input that does not matter a share of about {formatPercent(noise)}: read such shares as 0.</span>
        )}
      </figcaption>
    </figure>
  );
}

export function RangeTornado({ output }: { output: SimulatedOutput }) {
  const { unit } = output;
  const format = useOutputFormat(output.name);
  const moving = output.tornado.filter((bar) => bar.swing > 0);
  const data = moving.map((bar) => {
    const low = typeof bar.outputAtLow === 'number' ? bar.outputAtLow : 0;
    const high = typeof bar.outputAtHigh === 'number' ? bar.outputAtHigh : 0;
    // Coloured by where the input's P90 takes the output: up (blue) or down (vermilion).
    return { input: bar.label, range: [Math.min(low, high), Math.max(low, high)] as [number, number], rises: high >= low };
  });
  const base = typeof output.baseValue === 'number' ? output.baseValue : undefined;
  if (data.length === 0) return <p className="muted">No input moves {output.label} between its P10 and P90.</p>;
  return (
    <figure className="chart" aria-label={`Swing of ${output.label} as each input goes from its P10 to its P90`}>
      <ResponsiveContainer width="100%" height={Math.max(150, 42 * data.length + 70)}>
        <BarChart data={data} layout="vertical" margin={{ left: 12, right: 28, top: 18, bottom: 24 }} barCategoryGap="22%">
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={['auto', 'auto']} tickFormatter={(value: number) => axisTick(value, unit, format)}
            label={{ value: `${output.label} (${axisTitle(unit)})`, position: 'insideBottom', offset: -14 }} />
          <YAxis type="category" dataKey="input" width={260} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((v) => formatValue(Number(v), unit, format)).join(' to ') : String(value))} />
          {base !== undefined && <ReferenceLine x={base} stroke="#333" strokeDasharray="4 2" label={{ value: 'now', position: 'top', fontSize: 11 }} />}
          <Bar dataKey="range" name={output.label} isAnimationActive={false}>
            {data.map((row) => <Cell key={row.input} fill={row.rises ? RISES : FALLS} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="chart-key">
        <span className="swatch" style={{ background: RISES }} /> the input’s P90 gives the higher value
        <span className="swatch" style={{ background: FALLS }} /> its P90 gives the lower one
      </figcaption>
    </figure>
  );
}
