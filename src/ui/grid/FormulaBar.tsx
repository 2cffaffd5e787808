/** The name box and formula bar above the grid; the bar's field is a FormulaField, with autocomplete and point mode. */
import { useState } from 'react';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { FormulaField } from './FormulaField';

/** The name box (the active cell's address, or type one to go there) and the formula of the active cell, editable. */
export function FormulaBar() {
  const editor = useEditor();
  const address = useEditorValue('selection', (e) => e.nameBoxText());
  const text = useEditorValue('editing', (e) => e.barText());
  const sheet = useEditorValue('doc', (e) => e.sheet);
  const editing = useEditorValue('editing', (e) => e.editing !== null);
  const [draft, setDraft] = useState<string>();

  return (
    <div className="formula-bar">
      <input
        className="name-box"
        aria-label="Name box"
        title="The active cell. Type an address (B7, Autos!B7) or an input's name and press Enter to go there."
        value={draft ?? address}
        spellCheck={false}
        onFocus={(event) => {
          setDraft(address);
          event.target.select();
        }}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => setDraft(undefined)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            if (draft !== undefined && !editor.goTo(draft)) editor.setNotice({ kind: 'problem', text: `“${draft}” is not a cell address or the name of an input or output.` });
            setDraft(undefined);
            editor.focusActive();
          } else if (event.key === 'Escape') {
            setDraft(undefined);
            editor.focusActive();
          }
        }}
      />
      <span className="fx" aria-hidden="true">
        fx
      </span>
      <FormulaField
        origin="bar"
        editing={editing}
        className="formula-input"
        aria-label="Formula"
        title={`The active cell's formula or value on ${sheet}, at full precision`}
        value={text}
        onFocus={() => {
          if (editor.editing) editor.moveEditTo('bar');
          else editor.startEdit('edit', 'bar');
        }}
        onText={(typed) => editor.setEditText(typed, 'bar')}
        onKey={(event) => {
          if (editor.editKey(event.nativeEvent, 'bar')) event.preventDefault();
        }}
        onBlur={(event) => {
          const next = event.relatedTarget as HTMLElement | null;
          if (next?.classList.contains('cell-editor')) return;
          if (document.hasFocus() && editor.editing?.origin === 'bar') {
            // Clicking a cell commits too, but the grid does that itself before it moves the selection.
            if (!next?.closest('.grid-host')) void editor.commit('none', { polite: true });
          }
        }}
      />
    </div>
  );
}
