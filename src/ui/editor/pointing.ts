/**
 * Point mode, as in Excel: while a formula is typed, at a place where a reference can go, the arrow keys,
 * a click or a drag on the grid and a click on another sheet's tab write a reference into the formula
 * (Shift widens it to a range), and F4 cycles the `$` anchors of the reference at the caret.
 */
import { flushSync } from 'react-dom';
import type { Position } from '../../shared/cellRange';
import type { DocState } from '../../shared/messages';
import type { EditState, PointedReference } from './editing';
import { cycleAnchors, isReferencePoint, pointedReference, splice } from './formulaText';
import { isFormula } from './formulaTokens';
import { clampPosition } from './selection';
import type { Subscriptions } from './subscriptions';

/** What pointing uses of the editor, named here so this file need not import editor.ts. */
export interface PointTarget {
  editing: EditState | null;
  readonly sheet: string;
  readonly state: DocState | undefined;
  readonly selection: { readonly active: Position };
  readonly subscriptions: Subscriptions;
  setEditText(text: string, origin: 'cell' | 'bar'): void;
  moveEditTo(origin: 'cell' | 'bar'): void;
  switchSheet(sheet: string, active?: Position, options?: { keepEditing?: boolean }): Promise<void>;
}

const ARROWS: Readonly<Record<string, Position>> = { ArrowUp: { row: -1, col: 0 }, ArrowDown: { row: 1, col: 0 }, ArrowLeft: { row: 0, col: -1 }, ArrowRight: { row: 0, col: 1 } };

/** The field a formula is being typed in: the cell's editor or the formula bar. */
export function editingField(): HTMLInputElement | undefined {
  const focused = document.activeElement;
  return focused instanceof HTMLInputElement && (focused.classList.contains('cell-editor') || focused.classList.contains('formula-input')) ? focused : undefined;
}

function originOf(field: HTMLInputElement): 'cell' | 'bar' {
  return field.classList.contains('formula-input') ? 'bar' : 'cell';
}

/** The live pointed reference, when the caret stands at its end, nothing was typed since and its sheet is the one shown. */
function livePoint(editor: PointTarget, field: HTMLInputElement): PointedReference | undefined {
  const editing = editor.editing;
  const point = editing?.pointed;
  if (!point || !editing || editing.text !== point.text || point.sheet !== editor.sheet || field.selectionStart !== point.end || field.selectionEnd !== point.end) return undefined;
  return point;
}

/** Writes the text and puts the caret, before the browser handles anything else. */
function writeText(editor: PointTarget, field: HTMLInputElement, text: string, caret: number): void {
  flushSync(() => editor.setEditText(text, originOf(field)));
  field.setSelectionRange(caret, caret);
}

/** Writes a reference to the cells from anchor to head on the sheet shown, in place of characters start to end. */
function writeReference(editor: PointTarget, field: HTMLInputElement, place: { start: number; end: number }, anchor: Position, head: Position): void {
  const editing = editor.editing;
  if (!editing) return;
  const reference = pointedReference(anchor, head, editor.sheet === editing.sheet ? undefined : editor.sheet);
  const next = splice(editing.text, place.start, place.end, reference);
  writeText(editor, field, next.text, next.caret);
  if (editor.editing) editor.editing = { ...editor.editing, pointed: { text: next.text, start: place.start, end: next.caret, anchor, head, sheet: editor.sheet } };
  editor.subscriptions.grid?.scrollToCell(head.row, head.col);
}

/** Whether a reference may be pointed in now: a live one goes on, or the caret is where a reference can go. */
function mayPoint(editor: PointTarget, field: HTMLInputElement, byKey: boolean): boolean {
  const editing = editor.editing;
  if (!editing || !isFormula(editing.text)) return false;
  if (livePoint(editor, field)) return true;
  // In Edit mode (F2) the arrows move the caret; a click points wherever a reference can go.
  if (byKey && editing.mode !== 'enter') return false;
  const caret = field.selectionStart ?? editing.text.length;
  return caret === field.selectionEnd && isReferencePoint(editing.text, caret);
}

/** An arrow (Shift widens), Ctrl+PageDown or Ctrl+PageUp, or F4 in the cell's editor or the formula bar; true when it was used. */
export function pointKey(editor: PointTarget, event: KeyboardEvent, field: HTMLInputElement): boolean {
  const editing = editor.editing;
  if (!editing || event.altKey) return false;
  if ((event.ctrlKey || event.metaKey) && (event.key === 'PageDown' || event.key === 'PageUp')) {
    // Ctrl+PageDown and Ctrl+PageUp point at the next or previous sheet, as a click on its tab does.
    const names = editor.state?.sheets.map((sheet) => sheet.name) ?? [];
    const next = names[(names.indexOf(editor.sheet) + (event.key === 'PageDown' ? 1 : -1) + names.length) % names.length];
    return next !== undefined && mayPoint(editor, field, false) && pointAtSheet(editor, next);
  }
  if (event.ctrlKey || event.metaKey) return false;
  if (event.key === 'F4') {
    const next = cycleAnchors(editing.text, field.selectionStart ?? editing.text.length);
    if (!next) return false;
    writeText(editor, field, next.text, next.caret);
    return true;
  }
  const step = ARROWS[event.key];
  if (!step || !mayPoint(editor, field, true)) return false;
  const live = livePoint(editor, field);
  const move = (from: Position) => clampPosition({ row: from.row + step.row, col: from.col + step.col });
  if (live) {
    const anchor = event.shiftKey ? live.anchor : move(live.anchor);
    writeReference(editor, field, live, anchor, event.shiftKey ? move(live.head) : anchor);
    return true;
  }
  const caret = field.selectionStart ?? editing.text.length;
  const from = editor.selection.active;
  const target = move(from);
  writeReference(editor, field, { start: caret, end: caret }, event.shiftKey ? from : target, target);
  return true;
}

/** A click (Shift widens) or a drag over a cell while a formula is typed; true when it wrote a reference. */
export function pointAt(editor: PointTarget, cell: Position, extend: boolean): boolean {
  const field = editingField();
  if (!field || !mayPoint(editor, field, false)) return false;
  const live = livePoint(editor, field);
  if (live) {
    writeReference(editor, field, live, extend ? live.anchor : cell, cell);
    return true;
  }
  const caret = field.selectionStart ?? 0;
  writeReference(editor, field, { start: caret, end: caret }, cell, cell);
  return true;
}

/** Follows a drag that began with pointAt: the reference widens to the cell under the pointer. */
export function dragPointing(editor: PointTarget, cellAt: (x: number, y: number) => Position | undefined): void {
  const move = (event: PointerEvent) => {
    const cell = cellAt(event.clientX, event.clientY);
    const live = editor.editing?.pointed;
    if (cell && live && (cell.row !== live.head.row || cell.col !== live.head.col)) pointAt(editor, cell, true);
  };
  const stop = () => {
    document.removeEventListener('pointermove', move);
    document.removeEventListener('pointerup', stop);
  };
  document.addEventListener('pointermove', move);
  document.addEventListener('pointerup', stop);
}

/** Whether a click on a sheet's tab would point at that sheet rather than leave the formula. */
export function pointsAtSheets(editor: PointTarget): boolean {
  const field = editingField();
  return !!field && mayPoint(editor, field, false);
}

/**
 * A click on another sheet's tab while pointing: that sheet is shown, the formula goes on in the formula
 * bar (the cell's editor is on the sheet left behind) and gets a reference to that sheet's first cell,
 * `Sheet!A1`, which the arrows and clicks then move. Committing writes the formula to its own cell.
 */
export function pointAtSheet(editor: PointTarget, sheet: string): boolean {
  const field = editingField();
  const editing = editor.editing;
  if (!field || !editing || !mayPoint(editor, field, false)) return false;
  // The tab of the sheet shown: nothing to point at, and the formula goes on.
  if (sheet === editor.sheet) return true;
  const live = livePoint(editor, field);
  const place = live ?? { start: field.selectionStart ?? editing.text.length, end: field.selectionEnd ?? editing.text.length };
  const bar = document.querySelector<HTMLInputElement>('.formula-input');
  if (!bar) return false;
  if (field !== bar) {
    bar.focus();
    editor.moveEditTo('bar');
  }
  flushSync(() => void editor.switchSheet(sheet, { row: 0, col: 0 }, { keepEditing: true }));
  writeReference(editor, bar, place, { row: 0, col: 0 }, { row: 0, col: 0 });
  return true;
}

/**
 * The formula bar has no Enter mode of its own (a click in it edits, as F2 does), so a character typed
 * there that leaves the caret where a reference can go (an operator, `(`, `,`) lets the arrows point, as
 * they do in a cell typed over; F2 turns them back to moving the caret. In a cell, F2's Edit mode stays
 * until F2 is pressed again, as in Excel.
 */
export function noteTyped(editor: PointTarget, before: string, after: string, caret: number): void {
  const editing = editor.editing;
  if (!editing || editing.origin !== 'bar' || editing.mode === 'enter' || after.length !== before.length + 1 || !/[-+*/^&=<>(,:;]/.test(after.charAt(caret - 1))) return;
  if (!isReferencePoint(after, caret)) return;
  editor.editing = { ...editing, mode: 'enter' };
}
