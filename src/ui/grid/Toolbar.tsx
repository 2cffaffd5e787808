/** The bar above the grid: undo, redo, rows and columns, number formats, and the list of changes from the preset. */
import { useRef, useState } from 'react';
import { formatLocalAddress } from '../../model/address';
import { entryText } from '../editor/entry';
import { Popover } from '../dialogs/Popover';
import { FormatMenu } from './FormatMenu';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { useRovingToolbar } from '../rovingToolbar';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = mac ? '⌘' : 'Ctrl+';

/** Undo and redo, rows and columns, the selection's number format, and what changed from the preset. */
export function Toolbar() {
  const editor = useEditor();
  const canUndo = useEditorValue('doc', (e) => e.state?.canUndo ?? false);
  const canRedo = useEditorValue('doc', (e) => e.state?.canRedo ?? false);
  const count = useEditorValue('doc', (e) => e.state?.changeCount ?? 0);
  const changes = useEditorValue('doc', (e) => e.state?.changes);
  // Joined into one string, so the snapshot stays equal while the same inputs' ranges differ.
  const rangeNames = useEditorValue('doc', (e) => e.state?.inputs.filter((input) => input.rangeChanged).map((input) => input.name).join('\u0000') ?? '');
  const changedRanges = rangeNames === '' ? [] : rangeNames.split('\u0000');
  const formatsChanged = useEditorValue('doc', (e) => e.state?.formatsChanged ?? false);
  const label = changesLabel(count, changedRanges.length, formatsChanged);
  const anyChange = count + changedRanges.length > 0 || formatsChanged;
  const baseName = useEditorValue('doc', (e) => e.info?.baseName ?? 'the preset');
  const hasChanges = useEditorValue('selection+cells', (e) => e.selectionHasChanges());
  const [changesOpen, setChangesOpen] = useState(false);
  const toolbar = useRef<HTMLDivElement>(null);
  useRovingToolbar(toolbar);

  return (
    <div className="toolbar" role="toolbar" aria-label="Editing" ref={toolbar}>
      <div className="tool-group">
        <button type="button" className="tool" disabled={!canUndo} onClick={() => void editor.undo()} title={`Undo (${mod}Z)`} aria-label="Undo">
          <Icon path="M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
        </button>
        <button type="button" className="tool" disabled={!canRedo} onClick={() => void editor.redo()} title={`Redo (${mod}Y)`} aria-label="Redo">
          <Icon path="m15 14 5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13" />
        </button>
      </div>
      <div className="tool-group" aria-label="Rows and columns">
        <button type="button" className="tool tool-text" onClick={() => void editor.insertRows('above')} title={`Insert rows above the selection (${mod}Shift+=)`}>
          Insert row
        </button>
        <button type="button" className="tool tool-text" onClick={() => void editor.deleteRows()} title={`Delete the selected rows (${mod}−)`}>
          Delete row
        </button>
        <button type="button" className="tool tool-text" onClick={() => void editor.insertColumns('left')} title="Insert columns left of the selection">
          Insert column
        </button>
        <button type="button" className="tool tool-text" onClick={() => void editor.deleteColumns()} title="Delete the selected columns">
          Delete column
        </button>
      </div>
      <div className="tool-group" aria-label="Number format">
        <FormatMenu />
      </div>
      <div className="tool-group tool-changes">
        <button type="button" className="tool tool-text" disabled={!hasChanges} onClick={() => void editor.resetSelection()} title={`Put back what ${baseName} has in the selected cells`}>
          Reset to preset
        </button>
        <Popover
          open={changesOpen}
          onOpenChange={setChangesOpen}
          label={label}
          buttonClass={`tool tool-text changes-button${anyChange ? ' has-changes' : ''}`}
          disabled={!anyChange}
          align="end"
        >
          <div className="changes-panel">
            <header>
              <strong>Changed from {baseName}</strong>
              <button
                type="button"
                className="button button-danger-quiet"
                onClick={() => {
                  setChangesOpen(false);
                  void editor.resetAll();
                }}
              >
                Reset all
              </button>
            </header>
            <ul>
              {changesOpen && formatsChanged && (
                <li data-change-formats>
                  <span className="change-where">Number formats</span>
                </li>
              )}
              {changesOpen && changedRanges.map((name) => (
                <li key={`range:${name}`} data-change-range={name}>
                  <span className="change-where">Range of {name}</span>
                </li>
              ))}
              {changesOpen && changes?.map((change) => (
                <li key={`${change.sheet}!${change.row}:${change.col}`} data-change={`${change.sheet}!${formatLocalAddress(change.row, change.col)}`}>
                  <button
                    type="button"
                    className="change-where"
                    onClick={() => {
                      setChangesOpen(false);
                      void editor.switchSheet(change.sheet, { row: change.row, col: change.col }).then(() => editor.moveTo({ row: change.row, col: change.col }));
                    }}
                  >
                    {change.sheet}!{formatLocalAddress(change.row, change.col)}
                  </button>
                  <span className="change-texts">
                    <ins title={change.after === null ? undefined : entryText(change.after)}>{change.after === null ? '(empty)' : entryText(change.after)}</ins>
                    <del title={change.before === null ? undefined : entryText(change.before)}>
                      <span className="visually-hidden">was </span>
                      {change.before === null ? '(empty)' : entryText(change.before)}
                    </del>
                  </span>
                  <button type="button" className="button button-small" onClick={() => void editor.resetCell(change.sheet, change.row, change.col)}>
                    Reset
                  </button>
                </li>
              ))}
            </ul>
            {changes && count > changes.length && <p className="muted">and {(count - changes.length).toLocaleString('en-US')} more</p>}
          </div>
        </Popover>
      </div>
    </div>
  );
}

/** "2 changed cells", "1 changed range", "formats changed", some of them, or "No changes". */
function changesLabel(cells: number, ranges: number, formats: boolean): string {
  const parts = [
    ...(cells > 0 ? [`${cells.toLocaleString('en-US')} changed cell${cells === 1 ? '' : 's'}`] : []),
    ...(ranges > 0 ? [`${ranges} changed range${ranges === 1 ? '' : 's'}`] : []),
    ...(formats ? ['formats changed'] : []),
  ];
  const text = parts.join(', ');
  return text === '' ? 'No changes' : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

export function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={path} />
    </svg>
  );
}
