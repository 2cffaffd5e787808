/**
 * Excel's range finder: while a formula is edited, each cell or range it refers to on the sheet shown is
 * outlined in the grid, in the colour its reference has in the text.
 */
import { useEffect, useState, type RefObject } from 'react';
import { formulaReferences, referenceColours } from '../editor/formulaTokens';
import { useEditor, useEditorValue } from '../editor/useEditor';

interface Props {
  host: RefObject<HTMLDivElement | null>;
  rowHeight: number;
  rowHeaderWidth: number;
}

export function RangeFinder({ host, rowHeight, rowHeaderWidth }: Props) {
  const editor = useEditor();
  const text = useEditorValue('editing', (e) => e.editing?.text);
  const formulaSheet = useEditorValue('editing', (e) => e.editing?.sheet);
  const sheet = useEditorValue('doc', (e) => e.sheet);
  useEditorValue('cells', (e) => e.widths.get(e.sheet));
  const [, setScrolled] = useState(0);

  // The outlines move with the grid: a scroll anywhere in the host (the grid scrolls, not the host) draws them again.
  useEffect(() => {
    const element = host.current;
    if (!element || text === undefined) return;
    const redraw = () => setScrolled((count) => count + 1);
    element.addEventListener('scroll', redraw, { capture: true, passive: true });
    return () => element.removeEventListener('scroll', redraw, { capture: true });
  }, [host, text]);

  const grid = host.current?.querySelector<HTMLElement>('.rdg');
  if (text === undefined || formulaSheet === undefined || !grid) return null;
  const references = formulaReferences(text);
  const colours = referenceColours(references);
  const shown = references.map((reference, index) => ({ reference, colour: colours[index] ?? 0 })).filter(({ reference }) => (reference.sheet ?? formulaSheet).toLowerCase() === sheet.toLowerCase());
  if (shown.length === 0) return null;
  const width = (col: number) => editor.widths.get(sheet)?.get(col) ?? editor.columnWidth(col);
  const xOf = (col: number) => {
    let x = 0;
    for (let index = 0; index < col; index += 1) x += width(index);
    return x;
  };
  return (
    <div
      className="range-finder"
      aria-hidden="true"
      style={{ top: grid.offsetTop + rowHeight, left: grid.offsetLeft + rowHeaderWidth, width: Math.max(0, grid.clientWidth - rowHeaderWidth), height: Math.max(0, grid.clientHeight - rowHeight) }}
    >
      {shown.map(({ reference, colour }) => {
        const { rect } = reference;
        const left = xOf(rect.left);
        return (
          <div
            key={reference.start}
            className={`range-box ref-box-${colour}`}
            data-range={reference.text}
            style={{
              top: rect.top * rowHeight - grid.scrollTop,
              left: left - grid.scrollLeft,
              height: (rect.bottom - rect.top + 1) * rowHeight,
              width: xOf(rect.right + 1) - left,
            }}
          />
        );
      })}
    </div>
  );
}
