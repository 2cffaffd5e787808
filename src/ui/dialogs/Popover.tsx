/** A button with a panel that opens under it. */
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  label: ReactNode;
  buttonClass?: string;
  buttonTitle?: string;
  disabled?: boolean;
  align?: 'start' | 'end';
  children: ReactNode;
}

/** A button that opens a panel under it; Escape or a click outside closes it. */
export function Popover({ open, onOpenChange, label, buttonClass, buttonTitle, disabled, align = 'start', children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event.target instanceof Node && ref.current?.contains(event.target)) return;
      onOpenChange(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        onOpenChange(false);
        ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    document.addEventListener('mousedown', close, true);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close, true);
      document.removeEventListener('keydown', escape);
    };
  }, [open, onOpenChange]);
  return (
    <div className="popover" ref={ref}>
      <button
        type="button"
        className={buttonClass}
        title={buttonTitle}
        aria-expanded={open}
        aria-controls={id}
        disabled={disabled}
        onClick={() => onOpenChange(!open)}
      >
        {label}
        <span className="caret" aria-hidden="true" />
      </button>
      {open && (
        <div id={id} className={`popover-panel popover-${align}`}>
          {children}
        </div>
      )}
    </div>
  );
}
