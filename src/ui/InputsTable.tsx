import type { ChainLink, PresetInput } from './engine';
import { formatValue } from './formatValue';
import { SourceNote } from './SourceNote';

interface Props {
  inputs: readonly PresetInput[];
  chain: readonly ChainLink[];
}

/** The numbers the scenario rests on, each with its source, and which preset set it. */
export function InputsTable({ inputs, chain }: Props) {
  if (inputs.length === 0) return <p className="muted">This scenario names no inputs.</p>;
  const self = chain[0]?.id;
  const root = chain.at(-1);
  return (
    <div className="table-scroll">
      <table className="inputs-table">
        <thead>
          <tr>
            <th scope="col">Input</th>
            <th scope="col" className="num">Value</th>
            <th scope="col">Unit</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {inputs.map((input) => {
            const setter = input.setBy === null ? undefined : chain.find((link) => link.id === input.setBy);
            const error = typeof input.value === 'object' && input.value !== null ? input.value : undefined;
            return (
              <tr key={input.name} data-input={input.name} className={setter ? 'is-set' : undefined}>
                <th scope="row">
                  <span className="input-label">{input.label}</span>
                  <code className="input-cell">{input.cell}</code>
                </th>
                <td className="num">
                  <span className={error ? 'cell-error' : 'input-value'} title={error?.message}>
                    {formatValue(input.value, input.unit)}
                  </span>
                  {setter && (
                    <span className="badge badge-set" title={`This value is set by the “${setter.name}” preset`}>
                      {setter.id === self ? 'set here' : `set by ${setter.name}`}
                    </span>
                  )}
                </td>
                <td className="unit">{input.unit}</td>
                <td className="source-cell">
                  <SourceNote source={input.source} />
                  {setter && root && (
                    <p className="source-override">
                      This source is for the value in {root.name}; {setter.id === self ? 'this preset' : setter.name} sets{' '}
                      {formatValue(input.value, input.unit)}.
                    </p>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
