/**
 * The find bar's frame and first row (the Find field, Previous, Next, Close) with its keys: Enter finds the
 * next match, Shift+Enter the previous, Escape closes. Shared by the bar and the stand-in FindLauncher shows
 * while the bar's code loads, so what is typed in between lands in the same field, not in a cell.
 */
import type { ReactNode, RefObject } from 'react';

interface Props {
  label: string;
  busy: boolean;
  /** The grid's top edge, or its bottom edge when the bar would hide the match at the top. */
  placement?: 'top' | 'bottom';
  formRef?: RefObject<HTMLFormElement | null>;
  fieldRef: RefObject<HTMLInputElement | null>;
  text: string;
  onText: (text: string) => void;
  /** Next (1) or previous (-1) match. */
  onStep: (step: 1 | -1) => void;
  onClose: () => void;
  children?: ReactNode;
}

export function FindForm({ label, busy, placement = 'top', formRef, fieldRef, text, onText, onStep, onClose, children }: Props) {
  return (
    <form
      ref={formRef}
      className={placement === 'bottom' ? 'find-bar find-bar-bottom' : 'find-bar'}
      role="search"
      aria-label={label}
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        onStep(1);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        } else if (event.key === 'Enter' && event.shiftKey && event.target instanceof HTMLInputElement && event.target.type !== 'checkbox') {
          event.preventDefault();
          onStep(-1);
        }
      }}
    >
      <div className="find-row">
        <label className="find-field">
          <span>Find</span>
          <input ref={fieldRef} type="text" value={text} spellCheck={false} autoComplete="off" onChange={(event) => onText(event.target.value)} />
        </label>
        <button type="button" className="button button-small" onClick={() => onStep(-1)} title="Previous match (Shift+Enter)">
          Previous
        </button>
        <button type="submit" className="button button-small button-primary" title="Next match (Enter)">
          Next
        </button>
        <button type="button" className="button button-small" onClick={onClose} title="Close (Escape)">
          Close
        </button>
      </div>
      {children}
    </form>
  );
}
