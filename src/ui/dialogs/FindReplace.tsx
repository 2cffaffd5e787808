/**
 * The find bar (Ctrl+F) and its replace row (Ctrl+H), over the grid's top-right corner as in Google Sheets:
 * the worker searches (a sheet of a million cells never holds up the page), Enter and Shift+Enter move the
 * active cell to the next and previous match, switching sheet when need be, and say "3 of 12"; Replace and
 * Replace all are one undo step each. Focus stays in the bar, so Enter goes on to the next match.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { MAX_FIND_MATCHES, listedMatches, matchAt, type FindQuery, type FindResult, type FoundCell, type ReplaceAnswer } from '../../shared/find';
import { messageOf } from '../../shared/errors';
import type { Editor } from '../editor/editor';
import { useEditor, useEditorValue } from '../editor/useEditor';
import { FindForm } from './FindForm';
import { findShortcut, type FindMode as Mode } from './findShortcut';


/** A search's matches, with what they answer: the query and the scenario's revision when it ran. */
interface Search extends FindResult {
  key: string;
}

const count = (n: number) => n.toLocaleString('en-US');

interface Props {
  /** The bar the key that loaded it asked for (see FindLauncher). */
  initialMode: Mode;
  /** What was typed in the stand-in while this code loaded, and the search Enter (1) or Shift+Enter (-1) asked for there, if any. */
  initialText: string;
  initialStep: 1 | -1 | null;
}

export function FindReplace({ initialMode, initialText, initialStep }: Props) {
  const editor = useEditor();
  const sheet = useEditorValue('doc', (e) => e.sheet);
  const [mode, setMode] = useState<Mode | null>(initialMode);
  const [text, setText] = useState(initialText);
  const [replacement, setReplacement] = useState('');
  const [lookIn, setLookIn] = useState<FindQuery['lookIn']>('values');
  const [scope, setScope] = useState<FindQuery['scope']>('sheet');
  const [matchCase, setMatchCase] = useState(false);
  const [wholeCell, setWholeCell] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [focusTicket, setFocusTicket] = useState(1);
  const search = useRef<Search | null>(null);
  const findField = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [placement, setPlacement] = useState<'top' | 'bottom'>('top');

  // Ctrl+F and Ctrl+H from anywhere on the sheet view but a cell being typed in or a modal dialog.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const asked = findShortcut(event);
      if (!asked) return;
      event.preventDefault();
      setMode(asked);
      setFocusTicket((ticket) => ticket + 1);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Before the browser paints, so no key falls between the stand-in and this field. What the stand-in
  // took is being typed: the caret goes after it rather than selecting it for the next key to replace.
  useLayoutEffect(() => {
    const field = findField.current;
    if (!field) return;
    field.focus();
    if (focusTicket === 1 && initialText !== '') field.setSelectionRange(initialText.length, initialText.length);
    else field.select();
  }, [focusTicket, initialText]);

  const query = (): FindQuery => ({ text, lookIn, scope, sheet, matchCase, wholeCell });
  /** What a search's matches answer: the query, in this scenario as it stands now. */
  const searchKey = (docId: string) => JSON.stringify([docId, editor.state?.revision, query()]);

  /** The matches of the query as it stands, searched again when it or the scenario changed since. */
  const matches = async (docId: string): Promise<Search> => {
    const asked = query();
    const key = searchKey(docId);
    if (search.current?.key === key) return search.current;
    const found = await editor.engineCall((engine) => engine.find(docId, asked));
    search.current = { key, ...found };
    return search.current;
  };

  const go = async (step: 1 | -1): Promise<void> => {
    const docId = editor.docId;
    if (!docId) return;
    if (text === '') {
      setStatus('Type what to find.');
      return;
    }
    setBusy(true);
    try {
      const found = await matches(docId);
      const index = nextIndex(editor, found, step);
      const cell = matchAt(found, index);
      if (!cell) {
        setStatus('No cells match.');
        return;
      }
      // Said as the active cell moves, not after the scroll that follows: a screen reader hears both together.
      const listed = found.total > listedMatches(found) ? ` (Next and Previous walk the first ${count(MAX_FIND_MATCHES)})` : '';
      setStatus(`${count(index + 1)} of ${count(found.total)}${listed}`);
      await showMatch(editor, cell);
      // The bar lies over the grid's top rows: over a match there, it moves to the grid's other edge.
      if (hidesActiveCell(form.current, editor)) setPlacement((now) => (now === 'top' ? 'bottom' : 'top'));
    } catch (error) {
      setStatus(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const replace = async (which: 'current' | 'all'): Promise<void> => {
    const docId = editor.docId;
    if (!docId || text === '') {
      setStatus('Type what to find.');
      return;
    }
    const current = search.current?.key === searchKey(docId) ? matchAtActive(editor, search.current) : undefined;
    if (which === 'current' && !current) {
      // As in Excel, Replace before any match is shown finds the first one.
      await go(1);
      return;
    }
    setBusy(true);
    try {
      const cells = which === 'all' ? 'all' : current ? [current] : [];
      const done = await editor.engineCall((engine) => engine.replace(docId, query(), replacement, cells, editor.request()));
      editor.showEdit(done.update, { select: false });
      search.current = null;
      setStatus(done.update.problem ?? replacedText(done, which));
      if (which === 'current' && !done.update.problem) {
        const found = await matches(docId);
        const cell = matchAt(found, nextIndex(editor, found, 1));
        if (cell) await showMatch(editor, cell);
      }
    } catch (error) {
      setStatus(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setMode(null);
    setStatus('');
    search.current = null;
    editor.focusActive();
  };

  // The search asked for in the stand-in, once, as the bar arrives.
  const askedEarly = useRef(initialStep);
  useEffect(() => {
    const step = askedEarly.current;
    askedEarly.current = null;
    if (step !== null) void go(step);
    // Only at mount: later searches come from the bar itself.
  }, []);

  if (mode === null) return null;

  return (
    <FindForm label={mode === 'replace' ? 'Find and replace' : 'Find'} busy={busy} placement={placement} formRef={form} fieldRef={findField} text={text} onText={setText} onStep={(step) => void go(step)} onClose={close}>
      {mode === 'replace' ? (
        <div className="find-row">
          <label className="find-field">
            <span>Replace with</span>
            <input type="text" value={replacement} spellCheck={false} autoComplete="off" onChange={(event) => setReplacement(event.target.value)} />
          </label>
          <button type="button" className="button button-small" onClick={() => void replace('current')} title="Replace in this match, then find the next">
            Replace
          </button>
          <button type="button" className="button button-small" onClick={() => void replace('all')} title="Replace in every match, as one undo step">
            Replace all
          </button>
        </div>
      ) : null}
      <div className="find-row find-options">
        <label>
          <span>Look in</span>
          <select value={lookIn} onChange={(event) => setLookIn(event.target.value === 'formulas' ? 'formulas' : 'values')}>
            <option value="values">Values</option>
            <option value="formulas">Formulas</option>
          </select>
        </label>
        <label>
          <span>Search</span>
          <select value={scope} onChange={(event) => setScope(event.target.value === 'all' ? 'all' : 'sheet')}>
            <option value="sheet">This sheet</option>
            <option value="all">All sheets</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={matchCase} onChange={(event) => setMatchCase(event.target.checked)} />
          Match case
        </label>
        <label>
          <input type="checkbox" checked={wholeCell} onChange={(event) => setWholeCell(event.target.checked)} />
          Match entire cell
        </label>
        {mode === 'find' ? (
          <button type="button" className="button button-small" onClick={() => setMode('replace')} title="Replace (Ctrl+H)">
            Replace…
          </button>
        ) : null}
      </div>
      <p className="find-status" role="status">
        {status}
      </p>
    </FindForm>
  );
}

/**
 * The index of the match after (or before) the active cell in reading order, round the end: sheets in tab
 * order, then rows, then columns; -1 when there is none.
 */
function nextIndex(editor: Editor, found: FindResult, step: 1 | -1): number {
  const listed = listedMatches(found);
  if (listed === 0) return -1;
  const { row, col } = editor.selection.active;
  const order = new Map((editor.state?.sheets ?? []).map((sheet, index) => [sheet.name, index]));
  const here = [order.get(editor.sheet) ?? 0, row, col];
  const compare = (index: number) => {
    const cell = matchAt(found, index);
    const there = [order.get(cell?.sheet ?? '') ?? 0, cell?.row ?? 0, cell?.col ?? 0];
    for (let part = 0; part < 3; part += 1) if (there[part] !== here[part]) return (there[part] ?? 0) - (here[part] ?? 0);
    return 0;
  };
  if (step === 1) {
    for (let index = 0; index < listed; index += 1) if (compare(index) > 0) return index;
    return 0;
  }
  for (let index = listed - 1; index >= 0; index -= 1) if (compare(index) < 0) return index;
  return listed - 1;
}

/** What a replacement did, in words. */
function replacedText({ replaced, formulasLeft, formattedLeft }: Omit<ReplaceAnswer, 'update'>, which: 'current' | 'all'): string {
  const formulas = formulasLeft === 0 ? '' : ` ${count(formulasLeft)} formula${formulasLeft === 1 ? '' : 's'} showing it ${formulasLeft === 1 ? 'was' : 'were'} left alone: look in formulas to change ${formulasLeft === 1 ? 'it' : 'them'}.`;
  const formatted = formattedLeft === 0 ? '' : ` ${count(formattedLeft)} cell${formattedLeft === 1 ? '' : 's'} showing it through ${formattedLeft === 1 ? 'its' : 'their'} number format ${formattedLeft === 1 ? 'was' : 'were'} left alone: Format changes how a number shows.`;
  const left = `${formulas}${formatted}`;
  if (replaced === 0) return `${which === 'all' && left === '' ? 'No cells match.' : 'Nothing replaced.'}${left}`;
  return `Replaced ${count(replaced)} cell${replaced === 1 ? '' : 's'}.${left}`;
}

/** The listed match at the active cell, if the active cell is one. */
function matchAtActive(editor: Editor, found: FindResult): FoundCell | undefined {
  const { row, col } = editor.selection.active;
  for (let index = 0; index < listedMatches(found); index += 1) {
    const cell = matchAt(found, index);
    if (cell?.sheet === editor.sheet && cell.row === row && cell.col === col) return cell;
  }
  return undefined;
}

/** Whether the bar covers the active cell, once the grid has drawn it where it scrolled to. */
function hidesActiveCell(bar: HTMLElement | null, editor: Editor): boolean {
  const { row, col } = editor.selection.active;
  const under = editor.subscriptions.grid?.cellBox(row, col);
  if (!bar || !under) return false;
  const over = bar.getBoundingClientRect();
  return over.left < under.right && under.left < over.right && over.top < under.bottom && under.top < over.bottom;
}

/** Makes a match the active cell and scrolls to it, on its sheet, leaving the keyboard in the find bar. */
async function showMatch(editor: Editor, cell: FoundCell): Promise<void> {
  const position = { row: cell.row, col: cell.col };
  if (cell.sheet !== editor.sheet) await editor.switchSheet(cell.sheet, position);
  else editor.select(position);
  // Another sheet's grid is mounted a few frames after the switch: it scrolls to the cell once it is there.
  for (let frame = 0; frame < 60 && editor.sheet === cell.sheet; frame += 1) {
    const grid = editor.subscriptions.grid;
    if (grid && document.querySelector(`.sheet-grid[aria-label="${CSS.escape(`Sheet ${cell.sheet}`)}"]`)) {
      grid.showCell(cell.row, cell.col);
      // Drawn where it scrolled to, so what lies over it can be measured.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
