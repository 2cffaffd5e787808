/** "Import CSV…": the hidden file picker, and the Import CSV dialog, whose code loads the first time a file is picked. */
import { lazy, Suspense, useCallback, useRef, useState, type ReactNode } from 'react';
import type { Editor } from '../editor/editor';
import { FilePicker } from './FilePicker';

const ImportCsvDialog = lazy(() => import('./ImportCsvDialog'));

interface Picked {
  file: File;
  /** The sheet shown when the import began: what "replace" replaces. */
  sheet: string;
  serial: number;
}

/**
 * "Import CSV…" for the menus: `choose` opens the file picker, `importFile` takes a file already in hand
 * (one dropped on the page); `element` holds the picker and the dialog, for the page to render once.
 */
export function useCsvImport(editor: Editor): { choose: () => void; importFile: (file: File) => void; element: ReactNode } {
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked>();
  const serial = useRef(0);
  const importFile = useCallback(
    (file: File) => {
      serial.current += 1;
      setPicked({ file, sheet: editor.sheet, serial: serial.current });
    },
    [editor],
  );
  const choose = useCallback(() => input.current?.click(), []);
  const element = (
    <>
      <FilePicker inputRef={input} accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" label="CSV file to import" testId="import-csv-input" onFile={importFile} />
      {picked && (
        <Suspense fallback={null}>
        <ImportCsvDialog
          key={picked.serial}
          file={picked.file}
          sheet={picked.sheet}
          onClose={() => {
            setPicked(undefined);
            editor.focusActive();
          }}
        />
        </Suspense>
      )}
    </>
  );
  return { choose, importFile, element };
}
