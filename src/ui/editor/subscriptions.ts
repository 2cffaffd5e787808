/** How the editor tells the page what changed: the listeners of each topic, the grid's imperative handle, and what a cell entry's commit holds back. */

export type Topic = 'doc' | 'cells' | 'selection' | 'editing' | 'focus';

/** The grid's imperative side, which the SheetGrid component provides. */
export interface GridHandle {
  /** Makes the cell the grid's active one (drawn even when scrolled away) and scrolls it into view. */
  showCell(row: number, col: number): void;
  scrollToCell(row: number, col: number): void;
  pageRows(): number;
  /** Where a cell is drawn on screen, or undefined while it is scrolled out of the rows drawn. */
  cellBox(row: number, col: number): DOMRect | undefined;
}

/** How long a committed cell entry's editor may stay drawn while the engine has not answered (see `held`). */
const HELD_AT_MOST_MS = 100;

export class Subscriptions {
  grid: GridHandle | undefined;
  private readonly listeners: Record<Topic, Set<() => void>> = { doc: new Set(), cells: new Set(), selection: new Set(), editing: new Set(), focus: new Set() };
  /**
   * What a cell entry's commit has not drawn yet: its editor stays on the page as it is until the engine
   * answers, and the editor closing, the move and the new values are drawn in one frame. Drawn at the
   * keystroke, the close cost a frame of its own, and Chromium draws that frame before it hands the page
   * the engine's answer, which then came a frame later. Any other change the page is told of draws it too.
   */
  private held: { topics: Set<Topic>; gridCalls: ((grid: GridHandle) => void)[]; collecting: boolean; timer: ReturnType<typeof setTimeout> } | undefined;

  subscribe(topic: Topic, listener: () => void): () => void {
    this.listeners[topic].add(listener);
    return () => this.listeners[topic].delete(listener);
  }

  emit(...topics: Topic[]): void {
    const held = this.held;
    if (held) {
      for (const topic of topics) held.topics.add(topic);
      if (held.collecting) return;
      this.held = undefined;
      clearTimeout(held.timer);
      for (const call of held.gridCalls) if (this.grid) call(this.grid);
      topics = [...held.topics];
    }
    const [first, ...more] = topics;
    if (first === undefined) return;
    if (more.length === 0) {
      for (const listener of this.listeners[first]) listener();
      return;
    }
    // A component listening to several of the topics reads its snapshot once, not once per topic.
    const listeners = new Set<() => void>();
    for (const topic of topics) for (const listener of this.listeners[topic]) listeners.add(listener);
    for (const listener of listeners) listener();
  }

  /** A committed cell entry whose editor is still drawn, waiting for the engine's answer. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Starts holding back what the page is told, until `release` or HELD_AT_MOST_MS; what is told before `stopCollecting` stays held. */
  hold(): void {
    this.held = { topics: new Set(), gridCalls: [], collecting: true, timer: setTimeout(() => this.release(), HELD_AT_MOST_MS) };
  }

  /** From now on, anything the page is told draws what is held too. */
  stopCollecting(): void {
    if (this.held) this.held.collecting = false;
  }

  /** Draws what is held, now. */
  release(): void {
    if (this.held) this.emit();
  }

  /** Calls the grid now, or once what is held is drawn. */
  onGrid(call: (grid: GridHandle) => void): void {
    if (this.held?.collecting) this.held.gridCalls.push(call);
    else if (this.grid) call(this.grid);
  }
}
