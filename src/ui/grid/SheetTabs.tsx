/** The sheet tabs below the grid. */
import { useLayoutEffect, useRef, useState } from 'react';
import type { MenuItem } from '../dialogs/ContextMenu';
import { pointAtSheet, pointsAtSheets } from '../editor/pointing';
import { useEditor, useEditorValue } from '../editor/useEditor';

interface Props {
  onMenu: (x: number, y: number, items: MenuItem[]) => void;
  onDelete: (sheet: string) => void;
  onImportCsv: () => void;
}

/** The sheet tabs along the bottom, as in a spreadsheet: click to switch, double-click to rename, drag to reorder, right-click for more. */
export function SheetTabs({ onMenu, onDelete, onImportCsv }: Props) {
  const editor = useEditor();
  const sheetInfos = useEditorValue('doc', (e) => e.state?.sheets);
  const current = useEditorValue('doc', (e) => e.sheet);
  const [renaming, setRenaming] = useState<{ sheet: string; text: string; problem?: string }>();
  const [dragged, setDragged] = useState<string>();
  const [dropAt, setDropAt] = useState<number>();
  const sheets = sheetInfos?.map((sheet) => sheet.name) ?? [];
  // The name being edited lies over its tab rather than in its place: a tablist may hold tabs only.
  const list = useRef<HTMLDivElement>(null);
  const [renameLeft, setRenameLeft] = useState(0);
  const renamedSheet = renaming?.sheet;
  useLayoutEffect(() => {
    if (renamedSheet === undefined) return;
    const tab = list.current?.querySelector(`[data-sheet="${CSS.escape(renamedSheet)}"]`);
    const frame = list.current?.parentElement;
    if (tab && frame) setRenameLeft(tab.getBoundingClientRect().left - frame.getBoundingClientRect().left);
  }, [renamedSheet]);

  const commitRename = async () => {
    if (!renaming) return;
    if (renaming.text.trim() === renaming.sheet) {
      setRenaming(undefined);
      editor.focusActive();
      return;
    }
    const update = await editor.renameSheet(renaming.sheet, renaming.text);
    if (update?.problem) {
      editor.setNotice(null);
      setRenaming({ ...renaming, problem: update.problem });
    } else {
      setRenaming(undefined);
    }
  };

  const menuFor = (sheet: string, index: number): MenuItem[] => [
    { label: 'Rename…', onSelect: () => setRenaming({ sheet, text: sheet }) },
    { label: 'Insert sheet', onSelect: () => void editor.addSheet() },
    { label: 'Import CSV…', onSelect: onImportCsv },
    { label: 'Move left', disabled: index === 0, onSelect: () => void editor.moveSheet(sheet, index - 1) },
    { label: 'Move right', disabled: index === sheets.length - 1, onSelect: () => void editor.moveSheet(sheet, index + 1) },
    { label: 'Delete…', disabled: sheets.length < 2, danger: true, onSelect: () => onDelete(sheet) },
  ];

  return (
    <div className="sheet-tabs">
      <button type="button" className="tab-add" title="Add a sheet" aria-label="Add sheet" onClick={() => void editor.addSheet()}>
        +
      </button>
      <div ref={list} role="tablist" aria-label="Sheets" className="tab-list" onDragLeave={() => setDropAt(undefined)}>
        {sheets.map((sheet, index) => (
            <button
              key={sheet}
              type="button"
              role="tab"
              className={`tab${dropAt === index ? ' drop-before' : ''}${dropAt === index + 1 && index === sheets.length - 1 ? ' drop-after' : ''}${sheet === renamedSheet ? ' is-renamed' : ''}`}
              aria-selected={sheet === current}
              // One Tab stop for the row of tabs, the sheet shown; the arrows go from tab to tab, as ARIA's tabs pattern has it.
              tabIndex={sheet === current ? 0 : -1}
              data-sheet={sheet}
              draggable
              title="Double-click to rename; drag to move; right-click for more"
              onMouseDown={(event) => {
                // While a formula points, the tab is a place to point at: the formula keeps the keyboard.
                if (pointsAtSheets(editor)) event.preventDefault();
              }}
              onClick={() => {
                if (!pointAtSheet(editor, sheet)) void editor.switchSheet(sheet);
              }}
              onDoubleClick={() => setRenaming({ sheet, text: sheet })}
              onContextMenu={(event) => {
                event.preventDefault();
                onMenu(event.clientX, event.clientY, menuFor(sheet, index));
              }}
              onKeyDown={(event) => {
                if (event.key === 'F2') setRenaming({ sheet, text: sheet });
                if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                  const next = sheets[index + (event.key === 'ArrowRight' ? 1 : -1)];
                  if (next !== undefined) {
                    void editor.switchSheet(next);
                    (event.currentTarget.parentElement?.querySelector(`[data-sheet="${CSS.escape(next)}"]`) as HTMLElement | null)?.focus();
                  }
                }
              }}
              onDragStart={(event) => {
                setDragged(sheet);
                event.dataTransfer.effectAllowed = 'move';
                event.dataTransfer.setData('text/x-tradesheet-sheet', sheet);
              }}
              onDragEnd={() => {
                setDragged(undefined);
                setDropAt(undefined);
              }}
              onDragOver={(event) => {
                if (dragged === undefined) return;
                event.preventDefault();
                const box = event.currentTarget.getBoundingClientRect();
                setDropAt(event.clientX < box.left + box.width / 2 ? index : index + 1);
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragged === undefined || dropAt === undefined) return;
                const from = sheets.indexOf(dragged);
                const to = dropAt > from ? dropAt - 1 : dropAt;
                if (to !== from) void editor.moveSheet(dragged, to);
                setDragged(undefined);
                setDropAt(undefined);
              }}
            >
              {sheet}
            </button>
        ))}
      </div>
      {renaming && (
        <span className="tab tab-renaming" style={{ left: renameLeft }}>
          <input
            autoFocus
            aria-label={`New name for sheet ${renaming.sheet}`}
            aria-invalid={renaming.problem ? true : undefined}
            value={renaming.text}
            size={Math.max(6, renaming.text.length + 1)}
            onFocus={(event) => event.target.select()}
            onChange={(event) => setRenaming({ sheet: renaming.sheet, text: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void commitRename();
              if (event.key === 'Escape') {
                setRenaming(undefined);
                editor.focusActive();
              }
            }}
            onBlur={() => void commitRename()}
          />
          {renaming.problem && (
            <span className="tab-problem" role="alert">
              {renaming.problem}
            </span>
          )}
        </span>
      )}
    </div>
  );
}
