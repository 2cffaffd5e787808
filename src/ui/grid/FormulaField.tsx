/**
 * The field a cell's content is typed in, in the cell and in the formula bar alike: a formula's
 * references coloured as the range finder outlines them, the autocomplete list of functions and named
 * cells, the signature of the call the caret is in, and point mode's keys.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type InputHTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal, flushSync } from 'react-dom';
import type { FunctionInfo } from '../../model/workbook/functionCatalogue';
import { loadCatalogue, signatureAt, suggestionsFor, type NamedCell, type Signature, type Suggestion } from '../editor/autocomplete';
import { nameAtCaret, splice } from '../editor/formulaText';
import { formulaReferences, formulaTokens, referenceColours } from '../editor/formulaTokens';
import { noteTyped, pointKey } from '../editor/pointing';
import { useEditor, useEditorValue } from '../editor/useEditor';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onKeyDown' | 'ref'> {
  origin: 'cell' | 'bar';
  value: string;
  /** Whether the text is being edited: only then are references coloured and the helpers at work. */
  editing: boolean;
  /** What was typed; the field has already moved its caret. */
  onText: (text: string) => void;
  /** A key the field's helpers did not use. */
  onKey: (event: KeyboardEvent<HTMLInputElement>) => void;
  inputRef?: (input: HTMLInputElement | null) => void;
}

export function FormulaField({ origin, editing, value, onText, onKey, inputRef, className, onFocus, onBlur, ...rest }: Props) {
  const editor = useEditor();
  const info = useEditorValue('doc', (e) => e.info);
  const input = useRef<HTMLInputElement | null>(null);
  // One ref for the field's life: a ref made anew at each render is called again at every re-render, and
  // the cell editor's ref takes the keyboard, which would pull it back from wherever the person went.
  const attach = useCallback(
    (element: HTMLInputElement | null) => {
      input.current = element;
      inputRef?.(element);
    },
    [inputRef],
  );
  const mirror = useRef<HTMLSpanElement>(null);
  const [caret, setCaret] = useState(value.length);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState<string>();
  const [chosen, setChosen] = useState(0);
  const [functions, setFunctions] = useState<readonly FunctionInfo[]>([]);
  const listId = useId();

  // Asked for as the page starts (one message, answered before the scenario's first window), not at the
  // first "=": a worker then busy with the bands' simulation answered late, and Tab pressed straight
  // after "=sum" committed "=sum" instead of inserting SUM(.
  useEffect(() => {
    if (functions.length > 0) return;
    let live = true;
    loadCatalogue((call) => editor.engineCall(call)).then(
      (loaded) => live && setFunctions(loaded),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [editor, functions.length]);

  const named = useMemo<NamedCell[]>(
    () => [...(info?.inputs ?? []).map((entry) => ({ kind: 'input' as const, name: entry.name, label: entry.label })), ...(info?.outputs ?? []).map((entry) => ({ kind: 'output' as const, name: entry.name, label: entry.label }))],
    [info],
  );
  const helping = editing && focused;
  const word = helping ? nameAtCaret(value, caret) : undefined;
  const suggestions = word && dismissed !== value ? suggestionsFor(word.prefix, functions, named) : [];
  const open = suggestions.length > 0;
  const active = Math.min(chosen, suggestions.length - 1);
  const signature = helping && !open ? signatureAt(value, caret, functions) : undefined;
  const references = useMemo(() => (editing ? formulaReferences(value) : []), [editing, value]);

  // The coloured copy of the text lies exactly over the field, scrolled as it is.
  useLayoutEffect(() => {
    const field = input.current;
    const copy = mirror.current;
    if (!field || !copy) return;
    const style = getComputedStyle(field);
    Object.assign(copy.style, {
      top: `${field.offsetTop}px`,
      left: `${field.offsetLeft}px`,
      width: `${field.offsetWidth}px`,
      height: `${field.offsetHeight}px`,
      padding: style.padding,
      borderWidth: style.borderWidth,
      font: style.font,
      letterSpacing: style.letterSpacing,
    });
    copy.scrollLeft = field.scrollLeft;
  });

  const remember = () => {
    const field = input.current;
    if (!field) return;
    setCaret(field.selectionStart ?? field.value.length);
    if (mirror.current) mirror.current.scrollLeft = field.scrollLeft;
  };

  const accept = (suggestion: Suggestion) => {
    const field = input.current;
    if (!field || !word) return;
    const next = splice(value, word.start, caret, suggestion.insert);
    flushSync(() => onText(next.text));
    field.setSelectionRange(next.caret, next.caret);
    setCaret(next.caret);
    setChosen(0);
    // The name is complete: the list stays closed until something more is typed.
    setDismissed(next.text);
  };

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // A key in the cell's editor is never the grid's.
    if (origin === 'cell') event.stopPropagation();
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    if (open && plain) {
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      if (step !== 0) {
        event.preventDefault();
        setChosen((active + step + suggestions.length) % suggestions.length);
        return;
      }
      const suggestion = suggestions[active];
      if ((event.key === 'Tab' || event.key === 'Enter') && !event.shiftKey && suggestion) {
        event.preventDefault();
        accept(suggestion);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(value);
        return;
      }
    }
    const field = input.current;
    if (field && editing && !event.nativeEvent.isComposing && pointKey(editor, event.nativeEvent, field)) {
      event.preventDefault();
      setCaret(field.selectionStart ?? 0);
      return;
    }
    onKey(event);
  };

  return (
    <>
      <input
        {...rest}
        ref={attach}
        className={`${className ?? ''}${references.length > 0 ? ' is-coloured' : ''}`}
        value={value}
        spellCheck={false}
        autoComplete="off"
        role="combobox"
        aria-expanded={open}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        aria-describedby={signature ? `${listId}-signature` : undefined}
        onChange={(event) => {
          const text = event.target.value;
          const at = event.target.selectionStart ?? text.length;
          onText(text);
          noteTyped(editor, value, text, at);
          setCaret(at);
          setChosen(0);
        }}
        onKeyDown={keyDown}
        onSelect={remember}
        onScroll={remember}
        onFocus={(event) => {
          setFocused(true);
          remember();
          onFocus?.(event);
        }}
        onBlur={(event) => {
          setFocused(false);
          onBlur?.(event);
        }}
      />
      {references.length > 0 && (
        <span ref={mirror} className="formula-mirror" aria-hidden="true">
          <ColouredFormula text={value} />
        </span>
      )}
      {open && input.current && (
        <Popup anchor={input.current}>
          <ul id={listId} role="listbox" aria-label="Functions and names" className="autocomplete-list">
            {suggestions.map((suggestion, index) => (
              <li
                key={`${suggestion.kind}:${suggestion.name}`}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={`autocomplete-option${index === active ? ' is-active' : ''}`}
                ref={(element) => {
                  if (element && index === active) element.scrollIntoView({ block: 'nearest' });
                }}
                onMouseDown={(event) => {
                  event.preventDefault();
                  accept(suggestion);
                }}
              >
                <span className="autocomplete-name">{suggestion.name}</span>
                <span className="autocomplete-description">{suggestion.description}</span>
              </li>
            ))}
          </ul>
        </Popup>
      )}
      {signature && input.current && (
        <Popup anchor={input.current} passive>
          <SignatureTip id={`${listId}-signature`} signature={signature} description={functions.find((entry) => entry.name === signature.name)?.description ?? ''} />
        </Popup>
      )}
    </>
  );
}

/** The formula's text with each reference in its range-finder colour. */
function ColouredFormula({ text }: { text: string }) {
  const tokens = formulaTokens(text);
  const references = tokens.filter((token) => token.kind === 'reference');
  const colours = new Map(referenceColours(references).map((colour, index) => [references[index]?.start, colour]));
  return (
    <span className="formula-mirror-text">
      {tokens.map((token) => (token.kind === 'reference' ? <span key={token.start} className={`ref-colour-${colours.get(token.start) ?? 0}`}>{token.text}</span> : token.text))}
    </span>
  );
}

/** `PMT(rate, nper, pv, [fv], [type])` with the argument the caret is in in bold. */
function SignatureTip({ id, signature, description }: { id: string; signature: Signature; description: string }) {
  return (
    <div id={id} className="signature-tip" role="tooltip">
      <span className="signature">
        {signature.name}(
        {signature.args.map((arg, index) => (
          <span key={index}>
            {index > 0 && ', '}
            {index === signature.marked ? <b className="signature-current">{arg}</b> : arg}
          </span>
        ))}
        )
      </span>
      {description && <span className="signature-description">{description}</span>}
    </div>
  );
}

/** The height the list may take below its field (14rem of options and their frame), in pixels. */
const POPUP_ROOM = 240;

/** A box just below the field, drawn over everything (the grid's cells clip what is inside them); a `passive` one lets clicks through to the cells under it. */
function Popup({ anchor, passive = false, children }: { anchor: HTMLElement; passive?: boolean; children: ReactNode }) {
  const box = anchor.getBoundingClientRect();
  // Near the bottom of the window it opens upwards, so the list is never cut off.
  const below = box.bottom + POPUP_ROOM < window.innerHeight;
  const place = below ? { top: `${box.bottom + 2}px` } : { bottom: `${window.innerHeight - box.top + 2}px` };
  return createPortal(
    <div className={`formula-popup${passive ? ' is-passive' : ''}`} style={{ left: `${Math.max(0, box.left)}px`, ...place }}>
      {children}
    </div>,
    // Inside the sheet's landmark, where the field is, so a screen reader finds the list there too.
    anchor.closest('main') ?? document.body,
  );
}
