/** The top bar's actions: open, import, save as, download and export, and whether the work is stored. */
import { useEffect, useRef, useState } from 'react';
import { transfer } from 'comlink';
import { CSV_TYPE, XLSX_TYPE, downloadFile } from './download';
import type { DownloadFile, ScenarioEntry } from '../shared/messages';
import { FilePicker } from './dialogs/FilePicker';
import { Popover } from './dialogs/Popover';
import { useEditor, useEditorValue } from './editor/useEditor';
import { messageOf } from '../shared/errors';
import { isSharedDoc } from '../shared/sharing';
import { isVersionDoc } from '../shared/versions';
import { useCopyLink } from './sharing/useCopyLink';

interface Props {
  current: ScenarioEntry | undefined;
  onProblems: (problems: { title: string; problems: string[] } | undefined) => void;
  /** What the page is waiting for (a file being read and built), or undefined. */
  onBusy: (text: string | undefined) => void;
  onOpened: (docId: string) => void;
  onImportCsv: () => void;
  /** A CSV dropped on the page: imported into a sheet rather than opened as a scenario. */
  onDropCsv: (file: File) => void;
  onSaveAs: () => void;
  /** Opens the History panel: the scenario's versions. */
  onHistory: () => void;
  onRevert: () => void;
  onDelete: () => void;
}

/** Keeping and sharing the work: open a scenario file, save as, download the scenario, export CSVs; and whether it is stored. */
export function TopActions({ current, onProblems, onBusy, onOpened, onImportCsv, onDropCsv, onSaveAs, onHistory, onRevert, onDelete }: Props) {
  const editor = useEditor();
  const docId = useEditorValue('doc', (e) => e.docId);
  const sheet = useEditorValue('doc', (e) => e.sheet);
  const edited = useEditorValue('doc', (e) => e.state?.edited ?? false);
  const kind = useEditorValue('doc', (e) => e.info?.kind);
  const fileInput = useRef<HTMLInputElement>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [moreOpen, setMoreOpen] = useState(false);
  const [bom, setBom] = useState(false);
  const copyLink = useCopyLink();

  const openFile = async (file: File) => {
    onBusy(`Reading ${file.name}…`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await editor
      .engineCall((engine) => engine.openFile(transfer(bytes, [bytes.buffer]), file.name))
      .catch((error: unknown) => ({ ok: false as const, problems: [messageOf(error)] }))
      .finally(() => onBusy(undefined));
    if (result.ok) {
      onProblems(undefined);
      onOpened(result.docId);
    } else {
      onProblems({ title: `${file.name} could not be opened`, problems: result.problems });
    }
  };

  // A scenario file dropped anywhere on the page opens too.
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      if (/\.(csv|tsv|txt)$/i.test(file.name)) {
        if (docId) onDropCsv(file);
      } else {
        void openFile(file);
      }
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  });

  const save = async (make: (id: string) => Promise<DownloadFile>, type: string) => {
    setExportOpen(false);
    if (!docId) return;
    if (editor.editing) await editor.commit('none', { polite: true });
    try {
      const file = await make(docId);
      downloadFile(file.fileName, file.text, type);
    } catch (error) {
      editor.setNotice({ kind: 'problem', text: messageOf(error) });
    }
  };

  const saveWorkbook = async () => {
    setExportOpen(false);
    if (!docId) return;
    if (editor.editing) await editor.commit('none', { polite: true });
    try {
      const file = await editor.engineCall((engine) => engine.exportXlsx(docId));
      downloadFile(file.fileName, new Uint8Array(file.bytes), XLSX_TYPE);
    } catch (error) {
      editor.setNotice({ kind: 'problem', text: messageOf(error) });
    }
  };

  return (
    <div className="top-actions">
      <SaveStatus />
      <FilePicker inputRef={fileInput} accept=".json,application/json" label="Scenario file to open" testId="open-file-input" onFile={(file) => void openFile(file)} />
      <button type="button" className="button" onClick={() => fileInput.current?.click()} title="Open a scenario file (.json), as the CLI reads them">
        Open <span className="wide-label">scenario </span>file
      </button>
      <button type="button" className="button" disabled={!docId} onClick={onImportCsv} title="Read a CSV or tab-separated file into a sheet of this scenario">
        Import CSV…
      </button>
      <button type="button" className="button" disabled={!docId} onClick={onSaveAs} title="Keep this scenario under a new name, in this browser">
        Save as…
      </button>
      <button type="button" className="button" disabled={!docId} onClick={() => void save((id) => editor.engineCall((engine) => engine.downloadScenario(id)), 'application/json')} title="Save the scenario as a JSON file, in the same format as scenarios/">
        Download<span className="wide-label"> scenario</span>
      </button>
      <Popover open={exportOpen} onOpenChange={setExportOpen} label="Export" buttonClass="button button-primary" disabled={!docId}>
        <div className="export-menu" role="group" aria-label="Export">
          <button type="button" className="menu-item" onClick={() => void save((id) => editor.engineCall((engine) => engine.exportSheetCsv(id, sheet, bom)), CSV_TYPE)}>
            <strong>This sheet</strong>
            <span>“{sheet}”, its values at full precision</span>
          </button>
          <button type="button" className="menu-item" onClick={() => void save((id) => editor.engineCall((engine) => engine.exportCellsCsv(id, bom)), CSV_TYPE)}>
            <strong>Every sheet, one long CSV</strong>
            <span>scenario, sheet, cell, formula, value</span>
          </button>
          <button type="button" className="menu-item" onClick={() => void save((id) => editor.engineCall((engine) => engine.exportOutputsCsv(id, bom)), CSV_TYPE)}>
            <strong>The outputs</strong>
            <span>scenario, output, label, unit, value</span>
          </button>
          <button type="button" className="menu-item" onClick={() => void saveWorkbook()}>
            <strong>Download Excel workbook</strong>
            <span>every sheet with live formulas, the inputs as names, a Sources sheet</span>
          </button>
          <label className="menu-check">
            <input type="checkbox" checked={bom} onChange={(event) => setBom(event.target.checked)} />
            Byte order mark, so Excel reads Japanese text
          </label>
        </div>
      </Popover>
      <Popover open={moreOpen} onOpenChange={setMoreOpen} label="More" buttonClass="button" disabled={!docId}>
        <div className="export-menu">
          <button
            type="button"
            className="menu-item"
            onClick={() => {
              setMoreOpen(false);
              void copyLink.copy();
            }}
          >
            <strong>Copy link</strong>
            <span>The scenario as it stands, in a link anyone with this page can open</span>
          </button>
          {!isSharedDoc(docId) && (
            <button
              type="button"
              className="menu-item"
              onClick={() => {
                setMoreOpen(false);
                onHistory();
              }}
            >
              <strong>Version history…</strong>
              <span>Earlier versions: open, compare, restore; save one under a name</span>
            </button>
          )}
          {isVersionDoc(docId) ? null : kind === 'preset' ? (
            <button
              type="button"
              className="menu-item"
              disabled={!edited && !current?.edited}
              onClick={() => {
                setMoreOpen(false);
                onRevert();
              }}
            >
              <strong>Revert to preset…</strong>
              <span>Throw away every change to this preset</span>
            </button>
          ) : isSharedDoc(docId) ? null : (
            <button
              type="button"
              className="menu-item danger"
              onClick={() => {
                setMoreOpen(false);
                onDelete();
              }}
            >
              <strong>Delete this scenario…</strong>
              <span>Remove it from this browser</span>
            </button>
          )}
        </div>
      </Popover>
      {copyLink.element}
    </div>
  );
}

function SaveStatus() {
  const status = useEditorValue('doc', (e) => e.saveStatus);
  const kind = useEditorValue('doc', (e) => e.info?.kind);
  const edited = useEditorValue('doc', (e) => e.state?.edited ?? false);
  const shared = useEditorValue('doc', (e) => isSharedDoc(e.docId));
  const version = useEditorValue('doc', (e) => isVersionDoc(e.docId));
  const saved = (
    <>
      Saved<span className="wide-label"> in this browser</span>
    </>
  );
  const text = version ? 'Read-only' : shared ? 'Not kept' : status === 'saving' ? 'Saving…' : kind === 'preset' && !edited ? 'Unchanged' : saved;
  return (
    // The slot keeps the width of the longest text, laid unseen under the one shown: every edit turns the
    // status to "Saving…" and back, and the scenario's name and the buttons beside it would move each time.
    <span className="save-status-slot">
      <span className="save-status-widest" aria-hidden="true">
        ✓ {saved}
      </span>
      {typeof status === 'object' ? (
        <span className="save-status is-problem" role="alert" data-status="problem" title={status.problem}>
          Not saved
        </span>
      ) : (
        <span
          className={`save-status${version ? ' is-read-only' : shared ? ' is-unkept' : status === 'saving' ? ' is-saving' : ''}`}
          data-status={status}
          aria-live="polite"
          title={version ? 'An earlier version, opened to read: edits are refused; Restore in its banner brings it back.' : shared ? 'Opened from a link: nothing of it is stored until you keep it.' : kind === 'preset' && !edited ? 'This preset is as it ships. Edits are kept in this browser as you make them.' : 'Every edit is kept in this browser (IndexedDB) as you make it; a reload brings it back.'}
        >
          {text}
        </span>
      )}
    </span>
  );
}
