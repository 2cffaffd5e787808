/** A hidden file input that a button opens: it hands over the file chosen and clears itself, so the same file can be chosen again. */
import type { RefObject } from 'react';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  accept: string;
  label: string;
  testId: string;
  onFile: (file: File) => void;
}

export function FilePicker({ inputRef, accept, label, testId, onFile }: Props) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={accept}
      hidden
      aria-label={label}
      data-testid={testId}
      onChange={(event) => {
        const file = event.target.files?.[0];
        event.target.value = '';
        if (file) onFile(file);
      }}
    />
  );
}
