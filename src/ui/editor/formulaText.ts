/**
 * What the formula helpers do to the text being typed, with no page in sight: where a reference may
 * be pointed in, writing a pointed reference, F4's cycle of `$` anchors, the name being typed (for
 * autocomplete) and the call the caret is in (for the signature tooltip).
 */
import { formatLocalAddress, sheetReference } from '../../model/address';
import { rectOf, type Position } from '../../shared/cellRange';
import { formulaTokens, isFormula, type FormulaToken, type ReferenceEnd, type ReferenceToken } from './formulaTokens';

/** Tokens after which a reference may be written: the `=`, an operator, `(` and `,`. */
const LEADS_TO_REFERENCE: ReadonlySet<FormulaToken['kind']> = new Set(['operator', 'open', 'comma']);

/** The last token before `caret` that is not a space. */
function tokenBefore(tokens: readonly FormulaToken[], caret: number): FormulaToken | undefined {
  let found: FormulaToken | undefined;
  for (const token of tokens) {
    if (token.start >= caret) break;
    if (token.kind !== 'space') found = token;
  }
  return found;
}

function tokenAfter(tokens: readonly FormulaToken[], caret: number): FormulaToken | undefined {
  return tokens.find((token) => token.start >= caret && token.kind !== 'space');
}

/** Whether `caret` is a place in a formula where a reference can go: after `=`, an operator, `(` or `,`, and not inside a word. */
export function isReferencePoint(text: string, caret: number): boolean {
  if (!isFormula(text) || caret < 1) return false;
  const tokens = formulaTokens(text);
  const inside = tokens.find((token) => token.start < caret && token.end > caret);
  if (inside && inside.kind !== 'space') return false;
  const before = tokenBefore(tokens, caret);
  if (!before || !LEADS_TO_REFERENCE.has(before.kind) || before.text === '%') return false;
  const after = tokenAfter(tokens, caret);
  return !after || after.start > caret || !['reference', 'name', 'function', 'number', 'string', 'error'].includes(after.kind);
}

/** A pointed reference as written: `B2`, `B2:D5`, with the sheet's name before it when it is another sheet's. */
export function pointedReference(anchor: Position, head: Position, sheet: string | undefined): string {
  const rect = rectOf(anchor, head);
  const start = formatLocalAddress(rect.top, rect.left);
  const cells = rect.top === rect.bottom && rect.left === rect.right ? start : `${start}:${formatLocalAddress(rect.bottom, rect.right)}`;
  return sheet === undefined ? cells : `${sheetReference(sheet)}!${cells}`;
}

/** The text with `inserted` in place of characters `start` to `end`, and where the caret goes (after it). */
export function splice(text: string, start: number, end: number, inserted: string): { text: string; caret: number } {
  return { text: `${text.slice(0, start)}${inserted}${text.slice(end)}`, caret: start + inserted.length };
}

/** The reference the caret is in or just after (F4's target). */
export function referenceAtCaret(text: string, caret: number): ReferenceToken | undefined {
  if (!isFormula(text)) return undefined;
  const references = formulaTokens(text).filter((token): token is ReferenceToken => token.kind === 'reference');
  return references.find((token) => caret > token.start && caret <= token.end) ?? references.find((token) => caret === token.start);
}

/** Excel's F4 order: A1, $A$1, A$1, $A1, then A1 again. */
const ANCHOR_CYCLE: readonly [boolean, boolean][] = [
  [false, false],
  [true, true],
  [false, true],
  [true, false],
];

function anchorStep(end: ReferenceEnd): number {
  return ANCHOR_CYCLE.findIndex(([col, row]) => col === end.colAbsolute && row === end.rowAbsolute);
}

function writeEnd(end: ReferenceEnd, [colAbsolute, rowAbsolute]: readonly [boolean, boolean]): string {
  const [letters = '', digits = ''] = /^([A-Z]+)(\d+)$/.exec(formatLocalAddress(end.row, end.col))?.slice(1) ?? [];
  return `${colAbsolute ? '$' : ''}${letters}${rowAbsolute ? '$' : ''}${digits}`;
}

/** F4: the reference at the caret with its anchors one step further round; both ends of a range move together. */
export function cycleAnchors(text: string, caret: number): { text: string; caret: number } | undefined {
  const reference = referenceAtCaret(text, caret);
  if (!reference) return undefined;
  if (reference.whole) {
    // Whole columns or rows have one anchor each end: F4 turns it on and off.
    const anchored = reference.whole === 'columns' ? !reference.first.colAbsolute : !reference.first.rowAbsolute;
    const lines = reference.text.slice(reference.cellStart - reference.start).replaceAll('$', '').split(':');
    return splice(text, reference.cellStart, reference.end, lines.map((line) => `${anchored ? '$' : ''}${line.toUpperCase()}`).join(':'));
  }
  const next = ANCHOR_CYCLE[(anchorStep(reference.first) + 1) % ANCHOR_CYCLE.length] ?? [false, false];
  const cells = reference.last ? `${writeEnd(reference.first, next)}:${writeEnd(reference.last, next)}` : writeEnd(reference.first, next);
  return splice(text, reference.cellStart, reference.end, cells);
}

/** The name being typed at the caret where a function or name can go: its text and where it starts. */
export function nameAtCaret(text: string, caret: number): { prefix: string; start: number } | undefined {
  if (!isFormula(text)) return undefined;
  const tokens = formulaTokens(text);
  const word = tokens.find((token) => token.start < caret && token.end >= caret);
  if (!word || word.end !== caret || !['name', 'reference', 'function'].includes(word.kind)) return undefined;
  if (word.kind === 'reference' && (word.sheet !== undefined || word.text.includes('$') || word.text.includes(':'))) return undefined;
  const next = text.charAt(caret);
  if (next === '(') return undefined;
  const before = tokenBefore(tokens, word.start);
  if (!before || !LEADS_TO_REFERENCE.has(before.kind) || before.text === ':' || before.text === '%') return undefined;
  return { prefix: word.text, start: word.start };
}

/** The innermost function call the caret is inside, and which of its arguments (from 0) the caret is in. */
export function callAtCaret(text: string, caret: number): { name: string; argument: number } | undefined {
  if (!isFormula(text)) return undefined;
  const calls: { name: string | undefined; argument: number }[] = [];
  let pending: string | undefined;
  for (const token of formulaTokens(text)) {
    if (token.start >= caret) break;
    // A string still open at the caret is text being typed: its commas and brackets count for nothing.
    if (token.kind === 'function') pending = token.text.toUpperCase();
    else if (token.kind === 'open') {
      calls.push({ name: pending, argument: 0 });
      pending = undefined;
    } else if (token.kind !== 'space') pending = undefined;
    if (token.kind === 'comma') {
      const top = calls.at(-1);
      if (top) top.argument += 1;
    } else if (token.kind === 'close') calls.pop();
  }
  for (let index = calls.length - 1; index >= 0; index -= 1) {
    const call = calls[index];
    if (call?.name !== undefined) return { name: call.name, argument: call.argument };
  }
  return undefined;
}

/**
 * Which of a signature's arguments the caret's argument is. Past the listed ones it is one of the group
 * that repeats before `...` (`[criteria_range2], [criteria2]` in SUMIFS), taken round in turn.
 */
export function markedArgument(args: readonly string[], argument: number): number {
  const repeat = args.indexOf('...');
  if (repeat < 0) return argument < args.length ? argument : -1;
  let groupStart = repeat;
  while (groupStart > 0 && /2\]$/.test(args[groupStart - 1] ?? '')) groupStart -= 1;
  if (groupStart === repeat) groupStart = Math.max(0, repeat - 1);
  if (argument < groupStart) return argument;
  return groupStart + ((argument - groupStart) % (repeat - groupStart));
}
