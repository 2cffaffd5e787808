/** The cell being edited, and its commit: what was typed goes to the engine, and the selection moves on as Enter or Tab would. */
import { rectSize, type Position, type Rect } from '../../shared/cellRange';
import type { Update, WindowRequest } from '../../shared/messages';
import type { EngineClient } from '../engineClient';
import { entryText, parseEntry } from './entry';
import { allCellsOf, type Direction } from './selection';
import type { Subscriptions } from './subscriptions';
import type { Viewport } from './viewport';

export interface EditState {
  sheet: string;
  row: number;
  col: number;
  text: string;
  /** "enter": typed over the cell, arrows commit and move; "edit": F2 or double-click, arrows move the caret. */
  mode: 'enter' | 'edit';
  origin: 'cell' | 'bar';
  /** The cell's text when editing began, to tell whether anything changed. */
  initial: string;
  /** The reference point mode wrote last (pointing.ts); live while the text is as it left it. */
  pointed?: PointedReference;
}

/** A reference written by pointing: where it is in the text, the cells from anchor to head, and the sheet they are on. */
export interface PointedReference {
  text: string;
  start: number;
  end: number;
  anchor: Position;
  head: Position;
  sheet: string;
}

/** Where the selection goes once an entry is written. */
export type Move = Direction | 'none';

/** What a commit uses of the editor, named here so this file need not import editor.ts, which imports it. */
interface EntryTarget {
  editing: EditState | null;
  readonly docId: string | undefined;
  readonly sheet: string;
  readonly range: Rect;
  readonly subscriptions: Subscriptions;
  readonly viewport: Viewport;
  request(): WindowRequest;
  engineCall<T>(call: (engine: EngineClient) => Promise<T>): Promise<T>;
  advance(direction: Direction): void;
  switchSheet(sheet: string, active?: Position): Promise<void>;
  focusActive(polite?: boolean): void;
  select(active: Position): void;
  showEdit(update: Update, options?: { select?: boolean }): void;
}

/** Writes what was typed (an unchanged entry writes nothing), then moves as Enter or Tab would. */
export async function commitEntry(editor: EntryTarget, move: Move, options: { fillSelection?: boolean; polite?: boolean } = {}): Promise<void> {
  const editing = editor.editing;
  const docId = editor.docId;
  if (!editing || !docId) return;
  if (editing.sheet !== editor.sheet) {
    // A formula that pointed at another sheet is written to its own cell, and the move starts there.
    editor.editing = null;
    void editor.switchSheet(editing.sheet, { row: editing.row, col: editing.col });
  }
  editor.subscriptions.release();
  const content = parseEntry(editing.text);
  const range = editor.range;
  const fill = options.fillSelection && rectSize(range) > 1 && rectSize(range) <= 100_000;
  const changed = editing.text !== editing.initial || fill;
  const writes = fill
    ? allCellsOf(range).map(({ row, col }) => ({ sheet: editing.sheet, row, col, content }))
    : [{ sheet: editing.sheet, row: editing.row, col: editing.col, content }];
  // Asked before the page changes anything, so the engine works while the page does.
  const answer = changed ? editor.engineCall((engine) => engine.setCells(docId, writes, editor.request())) : undefined;
  // An entry typed in the cell and left with a key: its editor stays drawn until the answer (see Subscriptions.held).
  if (answer && editing.origin === 'cell' && move !== 'none' && !fill) editor.subscriptions.hold();
  editor.editing = null;
  editor.subscriptions.emit('editing');
  if (move !== 'none' && !fill) editor.advance(move);
  else editor.focusActive(options.polite ?? false);
  editor.subscriptions.stopCollecting();
  if (!answer) return;
  try {
    const update = await answer;
    editor.showEdit(update, { select: false });
    if (update.problem && !fill) reopenRefused(editor, editing, docId);
  } finally {
    editor.subscriptions.release();
  }
}

/**
 * An entry the engine refused (the reason is on the notice) comes back to its cell as it was typed, so
 * a long formula is mended rather than typed again; unless the person is already typing elsewhere, or
 * the cell holds the entry after all (an edit that failed inside the engine but was kept).
 */
function reopenRefused(editor: EntryTarget, entry: EditState, docId: string): void {
  if (editor.editing || editor.docId !== docId || editor.sheet !== entry.sheet) return;
  const held = editor.viewport.contentAt(entry.row, entry.col);
  if (held !== undefined && entryText(held) === entry.text) return;
  editor.select({ row: entry.row, col: entry.col });
  editor.editing = { ...entry, mode: 'edit' };
  editor.subscriptions.emit('editing');
  editor.focusActive();
}
