/**
 * Which rows of a session's sheets changed since its work was last stored: a save writes the blocks of
 * rows that hold them (storage/blocks.ts) and takes the marks; a save that fails puts them back.
 */
import type { HistoryEntry } from './history';

/** What changed since the last stored write, as a save takes it. */
export interface UnsavedMarks {
  /** Rows, columns or sheets changed: every sheet is written whole, and the preset's copy beside them. */
  structure: boolean;
  /** Sheets whose every row may have changed (a sheet imported in place, formulas re-pointed by a cut and paste). */
  wholeSheets: Set<string>;
  /** Rows written, by sheet. */
  rows: Map<string, Set<number>>;
}

export function noMarks(): UnsavedMarks {
  return { structure: false, wholeSheets: new Set(), rows: new Map() };
}

export class UnsavedRows {
  private marks = noMarks();

  cells(cells: readonly { sheet: string; row: number }[]): void {
    for (const { sheet, row } of cells) {
      let rows = this.marks.rows.get(sheet);
      if (!rows) this.marks.rows.set(sheet, (rows = new Set()));
      rows.add(row);
    }
  }

  sheet(name: string): void {
    this.marks.wholeSheets.add(name);
  }

  structure(): void {
    this.marks.structure = true;
  }

  /** What an undo step changed, when it was taken, undone or redone; `sheets` are the workbook's sheets now. */
  step(entry: HistoryEntry | undefined, sheets: readonly string[]): void {
    switch (entry?.kind) {
      case 'cells':
        this.cells(entry.cells);
        return;
      // Input ranges, number formats and tab order are stored beside the sheets, at every save.
      case 'ranges':
      case 'formats':
      case 'order':
        return;
      case 'sheet':
        this.sheet(entry.select.sheet);
        return;
      // Formulas anywhere may now refer elsewhere; the preset's copy is not touched.
      case 'moved':
        for (const sheet of sheets) this.sheet(sheet);
        return;
      default:
        this.structure();
    }
  }

  /** The marks so far, for a save to write; from now on only later edits are marked. */
  take(): UnsavedMarks {
    const taken = this.marks;
    this.marks = noMarks();
    return taken;
  }

  /** Marks a save took and could not store: they go with the next save, beside the edits made since. */
  restore(taken: UnsavedMarks): void {
    if (taken.structure) this.marks.structure = true;
    for (const sheet of taken.wholeSheets) this.marks.wholeSheets.add(sheet);
    for (const [sheet, rows] of taken.rows) this.cells([...rows].map((row) => ({ sheet, row })));
  }

  /** Marks a save would take now, unchanged: to size what it would write. */
  peek(): Readonly<UnsavedMarks> {
    return this.marks;
  }
}
