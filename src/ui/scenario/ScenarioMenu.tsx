/** The top bar's scenario picker. */
import { useState } from 'react';
import type { ScenarioEntry } from '../../shared/messages';
import { Popover } from '../dialogs/Popover';
import { useEditorValue } from '../editor/useEditor';
import { routeHash } from '../hashRoute';

interface Props {
  scenarios: readonly ScenarioEntry[];
  currentId: string | undefined;
}

/** The scenario picker: the presets, each under the one it extends, then the user's own scenarios. */
export function ScenarioMenu({ scenarios, currentId }: Props) {
  const [open, setOpen] = useState(false);
  const current = scenarios.find((entry) => entry.docId === currentId);
  // A scenario opened from a link is in no list until it is kept: its own name still says what is open.
  const openName = useEditorValue('doc', (e) => (e.docId === currentId ? e.info?.name : undefined));
  const presets = scenarios.filter((entry) => entry.kind === 'preset');
  const mine = scenarios.filter((entry) => entry.kind === 'user');
  const item = (entry: ScenarioEntry) => {
    const invalid = entry.problems.length > 0;
    const depth = entry.kind === 'preset' ? Math.max(0, entry.chain.length - 1) : 0;
    return (
      <li key={entry.docId} style={{ paddingInlineStart: `${depth * 0.9}rem` }}>
        <a
          href={routeHash(entry.docId)}
          aria-current={entry.docId === currentId ? 'page' : undefined}
          className={invalid ? 'invalid' : undefined}
          data-doc-id={entry.docId}
          title={invalid ? entry.problems.join('\n') : entry.description}
          onClick={() => setOpen(false)}
        >
          <span className="scenario-name">{entry.name}</span>
          {invalid && <span className="badge badge-error">Invalid file</span>}
          {entry.edited && (
            <span className="badge badge-edited" title="You changed this preset; the changes are kept in this browser">
              edited
            </span>
          )}
        </a>
      </li>
    );
  };
  return (
    <nav className="scenario-menu" aria-label="Scenarios">
      <Popover
        open={open}
        onOpenChange={setOpen}
        buttonClass="scenario-button"
        buttonTitle="Pick a scenario"
        label={
          <>
            <span className="scenario-button-label">Scenario</span>
            <span className="scenario-button-name">{current?.name ?? openName ?? 'Choose a scenario'}</span>
            {current?.edited && <span className="dot-edited" aria-label="edited" />}
          </>
        }
      >
        <div className="scenario-list">
          <h2 className="menu-heading">Presets</h2>
          <ul>{presets.map(item)}</ul>
          <h2 className="menu-heading">My scenarios</h2>
          {mine.length === 0 ? <p className="muted menu-note">Edit a preset and use “Save as”, or open a scenario file.</p> : <ul>{mine.map(item)}</ul>}
        </div>
      </Popover>
    </nav>
  );
}
