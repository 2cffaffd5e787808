/** Two inputs, one down the rows and one across the columns -> one output in each cell (Excel's two-variable data table). */
import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import type { InputValue, TwoInputTable } from '../../model';
import { twoInputTableToCsv } from '../../io/csv';
import { formatValue } from '../formatValue';
import type { AnalysisClient, ScenarioShape } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';
import { CSV_TYPE, downloadFile } from '../download';
import { evenlySpacedFields, typedNumber } from './numberField';
import { EvaluationNote } from './EvaluationNote';

interface Props {
  analysis: AnalysisClient;
  shape: ScenarioShape;
}

interface Axis {
  input: string;
  from: string;
  to: string;
  steps: string;
}

/** Each axis stops here: 100 x 100 cells is already more than a page shows at once. */
const MAX_STEPS = 100;

/** The lightest and the darkest cell of the colour scale: dark text stays readable on both. */
const SCALE_LOW = [244, 248, 253];
const SCALE_HIGH = [143, 184, 224];

function axisOver(input: InputValue | undefined, steps: string): Axis {
  return { input: input?.name ?? '', from: typedNumber(input?.min ?? 0, input?.unit ?? ''), to: typedNumber(input?.max ?? 1, input?.unit ?? ''), steps };
}

function scaleColour(share: number): string {
  const channel = (index: number) => Math.round((SCALE_LOW[index] ?? 0) + ((SCALE_HIGH[index] ?? 0) - (SCALE_LOW[index] ?? 0)) * share);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

export function DataTablePanel({ analysis, shape }: Props) {
  const [rows, setRows] = useState(() => {
    const ranged = shape.inputs.filter((input) => input.min !== undefined && input.max !== undefined);
    return axisOver(ranged[0] ?? shape.inputs[0], '6');
  });
  const [columns, setColumns] = useState(() => {
    const ranged = shape.inputs.filter((input) => input.min !== undefined && input.max !== undefined && input.name !== rows.input);
    return axisOver(ranged[0] ?? shape.inputs.find((input) => input.name !== rows.input), '5');
  });
  const [outputName, setOutputName] = useState(shape.outputs[0]?.name ?? '');
  const [table, setTable] = useState<TwoInputTable>();
  const [problem, setProblem] = useState<string>();

  const run = useCallback(() => {
    const rowRange = evenlySpacedFields(rows.from, rows.to, rows.steps, MAX_STEPS);
    if ('problem' in rowRange) return setProblem(`Rows: ${rowRange.problem}`);
    const columnRange = evenlySpacedFields(columns.from, columns.to, columns.steps, MAX_STEPS);
    if ('problem' in columnRange) return setProblem(`Columns: ${columnRange.problem}`);
    analysis.sweepTwo(shape.id, { input: rows.input, values: rowRange.values }, { input: columns.input, values: columnRange.values }, outputName).then(
      (answer) => (setTable(answer), setProblem(undefined)),
      (error: unknown) => setProblem(messageOf(error)),
    );
  }, [analysis, shape.id, rows, columns, outputName]);

  // Once, on opening, with the defaults: the panel shows what it does before anyone clicks.
  const [firstRun] = useState(() => run);
  useEffect(() => firstRun(), [firstRun]);

  return (
    <section className="panel" aria-labelledby="data-table-title">
      <h3 id="data-table-title">Two-input data table</h3>
      <form className="analysis-controls" onSubmit={(event) => (event.preventDefault(), run())}>
        <AxisFields legend="Rows" axis={rows} otherInput={columns.input} inputs={shape.inputs} onChange={setRows} />
        <AxisFields legend="Columns" axis={columns} otherInput={rows.input} inputs={shape.inputs} onChange={setColumns} />
        <label className="field">
          Output in the cells
          <select value={outputName} onChange={(event) => setOutputName(event.target.value)}>
            {shape.outputs.map((output) => <option key={output.name} value={output.name}>{output.label}</option>)}
          </select>
        </label>
        <button type="submit">Build table</button>
      </form>
      {problem && <p className="analysis-problem" role="alert">{problem}</p>}
      {table && <EvaluationNote evaluation={table.evaluation} />}
      {table && <DataTable table={table} shape={shape} />}
    </section>
  );
}

interface AxisFieldsProps {
  legend: string;
  axis: Axis;
  /** The input on the other axis: one input cannot be on both. */
  otherInput: string;
  inputs: readonly InputValue[];
  onChange: (axis: Axis) => void;
}

function AxisFields({ legend, axis, otherInput, inputs, onChange }: AxisFieldsProps) {
  const chooseInput = (name: string) => onChange(axisOver(inputs.find((input) => input.name === name), axis.steps));
  return (
    <fieldset className="axis-choice">
      <legend>{legend}</legend>
      <label className="field">
        Input
        <select value={axis.input} onChange={(event) => chooseInput(event.target.value)}>
          {inputs.map((input) => (
            <option key={input.name} value={input.name} disabled={input.name === otherInput}>{input.label}</option>
          ))}
        </select>
      </label>
      <label className="field">From<input value={axis.from} onChange={(event) => onChange({ ...axis, from: event.target.value })} inputMode="decimal" /></label>
      <label className="field">To<input value={axis.to} onChange={(event) => onChange({ ...axis, to: event.target.value })} inputMode="decimal" /></label>
      <label className="field">Steps<input value={axis.steps} onChange={(event) => onChange({ ...axis, steps: event.target.value })} inputMode="numeric" /></label>
    </fieldset>
  );
}

function DataTable({ table, shape }: { table: TwoInputTable; shape: ScenarioShape }) {
  const rowInput = shape.inputs.find((input) => input.name === table.rowInput);
  const columnInput = shape.inputs.find((input) => input.name === table.columnInput);
  const output = shape.outputs.find((candidate) => candidate.name === table.output);
  const unit = output?.unit ?? '';
  const numbers = table.cells.flat().filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  const shaded = numbers.length > 0 && high > low;
  const cellStyle = (value: unknown): CSSProperties | undefined =>
    shaded && typeof value === 'number' && Number.isFinite(value) ? { background: scaleColour((value - low) / (high - low)) } : undefined;

  return (
    <>
      <div className="table-head">
        <h4>
          {output?.label ?? table.output} <span className="muted">({unit || 'no unit'})</span>
        </h4>
        <button type="button" onClick={() => downloadFile(`data-table-${table.rowInput}-${table.columnInput}.csv`, twoInputTableToCsv(table), CSV_TYPE)}>
          Download CSV
        </button>
      </div>
      {shaded && (
        <p className="scale-legend muted">
          <span>{formatValue(low, unit)}</span>
          <span className="scale-swatch" aria-hidden="true" style={{ background: `linear-gradient(to right, ${scaleColour(0)}, ${scaleColour(1)})` }} />
          <span>{formatValue(high, unit)}</span>
        </p>
      )}
      <div className="table-scroll short fit" tabIndex={0} role="region" aria-label="Data table">
        <table className="analysis-table data-table">
          <thead>
            <tr>
              <th scope="col" rowSpan={2} className="axis-corner">
                <span className="unit">down the rows</span>
                {rowInput?.label ?? table.rowInput}
                <span className="unit">{rowInput?.unit}</span>
              </th>
              <th scope="colgroup" colSpan={table.columnValues.length} className="axis-title">
                <span className="unit">across the columns</span>
                {columnInput?.label ?? table.columnInput}
                <span className="unit">{columnInput?.unit}</span>
              </th>
            </tr>
            <tr>
              {table.columnValues.map((value, index) => <th scope="col" key={index}>{formatValue(value, columnInput?.unit ?? '')}</th>)}
            </tr>
          </thead>
          <tbody>
            {table.rowValues.map((rowValue, i) => (
              <tr key={i}>
                <th scope="row">{formatValue(rowValue, rowInput?.unit ?? '')}</th>
                {table.columnValues.map((_, j) => {
                  const value = table.cells[i]?.[j] ?? null;
                  return (
                    <td key={j} data-value={typeof value === 'number' ? value : undefined} style={cellStyle(value)}>
                      {formatValue(value, unit)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
