import type { ChainLink, PresetInput } from './engine';
import { formatValue } from './formatValue';

interface Props {
  inputs: readonly PresetInput[];
  chain: readonly ChainLink[];
}

/** For a preset that extends another: the inputs it sets, from the value it inherited to its own. */
export function ScenarioChanges({ inputs, chain }: Props) {
  const [self, parent] = chain;
  if (!self || !parent) return null;
  const changed = inputs.filter((input) => input.setBy === self.id);
  return (
    <section className="changes" aria-labelledby="changes-title">
      <h2 id="changes-title" className="changes-title">
        Changes from <em>{parent.name}</em>
      </h2>
      {changed.length === 0 ? (
        <p className="muted">None: this preset sets no inputs of its own.</p>
      ) : (
        <ul>
          {changed.map((input) => (
            <li key={input.name} data-change={input.name}>
              <span className="change-label">{input.label}</span>
              <span className="change-values">
                <span className="change-from">{formatValue(input.parentValue, input.unit)}</span>
                <span aria-label="becomes"> → </span>
                <strong>{formatValue(input.value, input.unit)}</strong>
                {input.unit !== '%' && <span className="change-unit"> {input.unit}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
