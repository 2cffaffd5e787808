/** The toolbar's Format control: a number format for the selected cells, from a list or as an Excel code, in one undo step. */
import { useState, type FormEvent } from 'react';
import { MAX_COLUMNS, MAX_ROWS } from '../../model/address';
import { PRESET_FORMATS, formatGeneral, formatWithCode } from '../../shared/numberFormat';
import { Popover } from '../dialogs/Popover';
import type { Editor } from '../editor/editor';
import { useEditor, useEditorValue } from '../editor/useEditor';

/** Number, percent, thousands, millions, billions, currency, General, or a code of the person's own for the selection. */
export function FormatMenu() {
  const editor = useEditor();
  const [open, setOpen] = useState(false);
  const active = useEditorValue('selection+cells', (e) => e.viewport.formatAt(e.selection.active.row, e.selection.active.col));
  const activeValue = useEditorValue('selection+cells', (e) => e.activeValue());
  const [custom, setCustom] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const openChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setCustom(active ?? '');
      setProblem(undefined);
    }
  };
  const apply = async (code: string | null) => {
    const refused = await applyFormat(editor, code);
    if (refused) {
      setProblem(refused);
      return;
    }
    setOpen(false);
    // Politely: the worker answered after a moment, and the person may be in another field (the name box) by now.
    editor.focusActive(true);
  };
  const submitCustom = (event: FormEvent) => {
    event.preventDefault();
    if (custom.trim() === '') {
      setProblem('Type a format code, such as #,##0.00 or 0.0%, or choose General.');
      return;
    }
    void apply(custom);
  };
  const sample = typeof activeValue === 'number' ? activeValue : undefined;
  const preview = sample !== undefined && custom.trim() !== '' ? formatWithCode(sample, custom) : undefined;

  return (
    <Popover open={open} onOpenChange={openChange} label="Format" buttonClass="tool tool-text" buttonTitle="Number format of the selected cells">
      <div className="format-menu">
        <div role="group" aria-label="Number formats" className="format-choices">
          <button type="button" className="format-choice" aria-pressed={active === undefined} onClick={() => void apply(null)}>
            <span>General</span>
            <span className="format-sample">{sample === undefined ? 'as typed' : formatGeneral(sample)}</span>
          </button>
          {PRESET_FORMATS.map((choice) => (
            <button type="button" key={choice.id} className="format-choice" aria-pressed={active === choice.code} title={choice.code} onClick={() => void apply(choice.code)}>
              <span>{choice.label}</span>
              <span className="format-sample">{formatWithCode(choice.sample, choice.code)}</span>
            </button>
          ))}
        </div>
        <form className="format-custom" onSubmit={submitCustom}>
          <label className="field">
            Custom format code
            <input
              value={custom}
              onChange={(event) => {
                setCustom(event.target.value);
                setProblem(undefined);
              }}
              spellCheck={false}
              aria-invalid={problem !== undefined}
              aria-describedby="format-custom-note"
              placeholder={'#,##0.00,,," bn"'}
            />
          </label>
          <button type="submit" className="button button-small">
            Apply
          </button>
          <p id="format-custom-note" className={problem ? 'field-problem' : 'muted format-preview'} role={problem ? 'alert' : undefined}>
            {problem ?? (preview === undefined ? 'Excel codes: 0.00, #,##0, 0.0%, $#,##0, #,##0.0,," M"' : `The active cell shows: ${preview}`)}
          </p>
        </form>
      </div>
    </Popover>
  );
}

/**
 * Asks the engine to format the selection; the refusal, if any, in words (a code the engine cannot read).
 * Whole columns or rows selected are formatted to the sheet's last row or column, as in Excel, so cells
 * typed further down later take the format too.
 */
async function applyFormat(editor: Editor, code: string | null): Promise<string | undefined> {
  const docId = editor.docId;
  if (!docId) return undefined;
  const sheet = editor.sheet;
  const rect = { ...editor.range };
  if (editor.wholeColumns()) rect.bottom = MAX_ROWS - 1;
  if (editor.wholeRows()) rect.right = MAX_COLUMNS - 1;
  const update = await editor.engineCall((engine) => engine.setFormat(docId, sheet, rect, code, editor.request()));
  if (update.problem) return update.problem;
  editor.showEdit(update, { select: false });
  return undefined;
}
