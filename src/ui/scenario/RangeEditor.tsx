/** "Edit range" (or "Add range") beside an input: the button, and in its place the range form, whose code loads the first time it opens. */
import { lazy, Suspense, useState } from 'react';
import type { RangeFormProps } from './RangeForm';

const RangeForm = lazy(() => import('./RangeForm'));

/** "Edit range" (or "Add range"), opening the form in place. */
export function RangeEditor({ editor, name, label, unit, range }: RangeFormProps) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button button-small edit-range" aria-label={`${range ? 'Edit range' : 'Add range'} of ${label}`} onClick={() => setOpen(true)}>
        {range ? 'Edit range' : 'Add range'}
      </button>
    );
  }
  return (
    <Suspense fallback={null}>
      <RangeForm editor={editor} name={name} label={label} unit={unit} range={range} onClose={() => setOpen(false)} />
    </Suspense>
  );
}
