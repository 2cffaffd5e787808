/** A modal dialog on the browser's <dialog> element. */
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  confirm: string;
  danger: boolean;
  onClose: () => void;
  onConfirm: () => void;
  children: ReactNode;
  /** The dismissing button's label; null leaves only the confirming one. */
  cancel?: string | null;
  confirmDisabled?: boolean;
  /** Added to the dialog's own class, for a wider one. */
  className?: string;
}

/** A modal question: the browser's <dialog>, so focus stays inside and Escape closes it. */
export function Dialog({ title, confirm, danger, onClose, onConfirm, children, cancel = 'Cancel', confirmDisabled = false, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="dialog-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          {cancel !== null && (
            <button type="button" className="button" onClick={onClose}>
              {cancel}
            </button>
          )}
          <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} autoFocus={danger} disabled={confirmDisabled}>
            {confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
