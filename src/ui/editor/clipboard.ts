/** Copy, cut and paste: the copied block is kept by the page too, so a paste back into it, in this scenario or another, brings formulas and number formats, not only values. */
import type { CellContent, CellValue } from '../../model';
import { rectCols, rectRows, type Rect } from '../../shared/cellRange';
import type { PasteSource } from '../../shared/messages';
import { MAX_PASTE_CELLS, MAX_PASTE_CHARS, parseTsv, pasteTextTooLong, pasteTooManyCells, toTsv } from '../../shared/tsv';
import type { EngineClient } from '../engineClient';
import { parseEntry } from './entry';
import type { Subscriptions } from './subscriptions';
import type { Viewport } from './viewport';

/** Where the copied block came from, which the grid marks with a marching border. */
export interface CopyMark {
  sheet: string;
  rect: Rect;
  cut: boolean;
}

interface Clipboard extends CopyMark {
  tsv: string;
  rows: CellContent[][];
  /** Each copied cell's number format code (null: General), shaped as `rows`. */
  formats: (string | null)[][];
  docId: string;
}

let clipboard: Clipboard | undefined;

/** What copy and paste use of the editor, named here so this file need not import editor.ts, which imports it. */
export interface ClipboardTarget {
  readonly docId: string | undefined;
  readonly sheet: string;
  readonly range: Rect;
  copyMark: CopyMark | null;
  readonly viewport: Viewport;
  readonly subscriptions: Subscriptions;
  wholeRows(): boolean;
  wholeColumns(): boolean;
  engineCall<T>(call: (engine: EngineClient) => Promise<T>): Promise<T>;
  setNotice(notice: { kind: 'problem' | 'info'; text: string }): void;
}

/** The mark a scenario shows as it opens: the copied block, when it came from this scenario. */
export function copyMarkIn(docId: string): CopyMark | null {
  return clipboard && clipboard.docId === docId ? { sheet: clipboard.sheet, rect: clipboard.rect, cut: clipboard.cut } : null;
}

/** Escape: the copied block is forgotten, and its mark goes. */
export function forgetCopy(editor: Pick<ClipboardTarget, 'copyMark' | 'subscriptions'>): void {
  if (!editor.copyMark) return;
  editor.copyMark = null;
  clipboard = undefined;
  editor.subscriptions.emit('selection');
}

/**
 * The copy and cut events: the selection as tab-separated values at full precision, which Excel and
 * Google Sheets read; the formulas are kept too, for a paste back into this page.
 */
export function copySelection(editor: ClipboardTarget, event: ClipboardEvent, cut: boolean): void {
  const docId = editor.docId;
  if (!docId) return;
  const range = clipRange(editor);
  const rows = rectRows(range);
  const cols = rectCols(range);
  const values: CellValue[][] = [];
  const contents: CellContent[][] = [];
  const formats: (string | null)[][] = [];
  let complete = true;
  for (let r = 0; r < rows && complete; r += 1) {
    const valueRow: CellValue[] = [];
    const contentRow: CellContent[] = [];
    const formatRow: (string | null)[] = [];
    for (let c = 0; c < cols; c += 1) {
      const value = editor.viewport.valueAt(range.top + r, range.left + c);
      const content = editor.viewport.contentAt(range.top + r, range.left + c);
      if (value === undefined || content === undefined) {
        complete = false;
        break;
      }
      valueRow.push(value);
      contentRow.push(content);
      formatRow.push(editor.viewport.formatAt(range.top + r, range.left + c) ?? null);
    }
    values.push(valueRow);
    contents.push(contentRow);
    formats.push(formatRow);
  }
  event.preventDefault();
  const sheet = editor.sheet;
  const remember = (tsv: string, block: CellContent[][], codes: (string | null)[][]) => {
    clipboard = { tsv, rows: block, formats: codes, docId, sheet, rect: range, cut };
    editor.copyMark = { sheet, rect: range, cut };
    editor.subscriptions.emit('selection');
  };
  if (complete) {
    const tsv = toTsv(values);
    event.clipboardData?.setData('text/plain', tsv);
    remember(tsv, contents, formats);
    return;
  }
  // Part of the range is not on the page: ask the worker, then use the asynchronous clipboard.
  void editor.engineCall((engine) => engine.copyRange(docId, sheet, range)).then(async (copied) => {
    const tsv = toTsv(copied.values);
    remember(tsv, copied.contents, copied.formats);
    try {
      await navigator.clipboard.writeText(tsv);
    } catch {
      editor.setNotice({ kind: 'problem', text: 'The browser did not let the page write to the clipboard.' });
    }
  });
}

/** The selection cut to the filled part of the sheet, so Ctrl+A, Ctrl+C copies the data, not a million empty rows. */
function clipRange(editor: ClipboardTarget): Rect {
  const range = editor.range;
  const size = editor.viewport.sheetSize();
  if (!editor.wholeRows() && !editor.wholeColumns()) return range;
  return { top: range.top, left: range.left, bottom: Math.max(range.top, Math.min(range.bottom, size.rows - 1)), right: Math.max(range.left, Math.min(range.right, size.cols - 1)) };
}

/**
 * What the paste event's text pastes where: a block copied here pastes its formulas; text from elsewhere
 * is read as typed entries. Undefined when there is nothing to paste, or too much (the notice says so).
 */
export function pasteRequest(editor: ClipboardTarget, text: string): { target: Rect; source: PasteSource } | undefined {
  if (!editor.docId || text === '') return undefined;
  const copied = clipboard;
  let source: PasteSource;
  if (copied && copied.tsv === text) {
    source = { kind: 'cells', rows: copied.rows, formats: copied.formats, from: { sheet: copied.sheet, row: copied.rect.top, col: copied.rect.left }, cut: copied.cut, docId: copied.docId };
    if (copied.cut) {
      clipboard = undefined;
      editor.copyMark = null;
    }
  } else {
    // Refused before the text is read through, so a huge clipboard neither holds up the page nor touches the sheet.
    const rows = text.length > MAX_PASTE_CHARS ? undefined : parseTsv(text, MAX_PASTE_CELLS);
    if (!rows) {
      editor.setNotice({ kind: 'problem', text: text.length > MAX_PASTE_CHARS ? pasteTextTooLong(text.length) : pasteTooManyCells() });
      return undefined;
    }
    source = { kind: 'text', rows: rows.map((row) => row.map(parseEntry)) };
  }
  const range = editor.range;
  const target = editor.wholeRows() || editor.wholeColumns() ? { top: range.top, left: range.left, bottom: range.top, right: range.left } : range;
  return { target, source };
}

/** For the context menu, where no clipboard event happens: the asynchronous clipboard API. */
export async function pasteFromSystem(editor: Pick<ClipboardTarget, 'setNotice'> & { paste(text: string): Promise<void> }): Promise<void> {
  try {
    await editor.paste(await navigator.clipboard.readText());
  } catch {
    editor.setNotice({ kind: 'info', text: 'To paste, press Ctrl+V (⌘V on a Mac): the browser keeps its clipboard from menus.' });
  }
}

export function copyToSystem(editor: ClipboardTarget, cut: boolean): void {
  const data = new DataTransfer();
  const event = new ClipboardEvent(cut ? 'cut' : 'copy', { clipboardData: data });
  copySelection(editor, event, cut);
  const text = data.getData('text/plain');
  if (text !== '') void navigator.clipboard.writeText(text).catch(() => editor.setNotice({ kind: 'info', text: 'To copy, press Ctrl+C (⌘C on a Mac).' }));
}
