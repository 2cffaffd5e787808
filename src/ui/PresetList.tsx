import type { PresetSummary } from './engine';
import { routeHash } from './useHashRoute';

interface Props {
  presets: readonly PresetSummary[];
  selectedId: string | undefined;
}

/** The scenario picker: each preset under the one it extends; files that do not load are listed, marked. */
export function PresetList({ presets, selectedId }: Props) {
  const parentOf = (preset: PresetSummary) => preset.chain[1]?.id;
  const known = new Set(presets.map((preset) => preset.id));
  const roots = presets.filter((preset) => {
    const parent = parentOf(preset);
    return parent === undefined || !known.has(parent);
  });
  const childrenOf = (id: string) => presets.filter((preset) => parentOf(preset) === id);

  const item = (preset: PresetSummary, depth: number) => {
    const children = childrenOf(preset.id);
    const invalid = preset.problems.length > 0;
    return (
      <li key={preset.file}>
        <a
          href={routeHash(preset.id)}
          aria-current={preset.id === selectedId ? 'page' : undefined}
          className={invalid ? 'invalid' : undefined}
          data-preset-id={preset.id}
          data-preset-file={preset.file}
        >
          <span className="preset-name">{preset.name}</span>
          {invalid && <span className="badge badge-error">Invalid file</span>}
          {!invalid && depth === 0 && children.length > 0 && <span className="preset-meta">the scenario the others extend</span>}
        </a>
        {children.length > 0 && (
          <ul className="preset-children" aria-label={`Presets extending ${preset.name}`}>
            {children.map((child) => item(child, depth + 1))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <nav className="preset-list" aria-labelledby="preset-list-title">
      <h2 id="preset-list-title" className="section-label">Scenarios</h2>
      {presets.length === 0 ? <p className="muted">No preset files in scenarios/.</p> : <ul>{roots.map((root) => item(root, 0))}</ul>}
    </nav>
  );
}
