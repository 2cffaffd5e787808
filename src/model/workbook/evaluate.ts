/** Scenarios evaluated whole: once, or one after another on one workbook. */
import type { FullScenario } from '../scenario';
import type { CellValue, OutputValue } from '../values';
import { Workbook } from './workbook';

/**
 * One workbook for scenarios visited in turn: each is reached from the one before by Workbook.switchTo
 * when their shapes allow (presets that extend one another share theirs), or built when not.
 */
export class WorkbookInTurn {
  private current: Workbook | undefined;

  /** The workbook of `scenario`; the one returned before is this one, or destroyed. */
  open(scenario: FullScenario): Workbook {
    if (this.current?.switchTo(scenario)) return this.current;
    this.current?.destroy();
    // Forgotten first: should the build throw, no destroyed workbook is left to switch from next time.
    this.current = undefined;
    this.current = Workbook.open(scenario);
    return this.current;
  }

  destroy(): void {
    this.current?.destroy();
    this.current = undefined;
  }
}

/** Evaluates a scenario once: every sheet's values and the named outputs. */
export function evaluateScenario(scenario: FullScenario): { sheets: Record<string, CellValue[][]>; outputs: OutputValue[] } {
  const workbook = Workbook.open(scenario);
  try {
    const sheets = Object.fromEntries(workbook.sheetNames().map((name) => [name, workbook.sheetValues(name)]));
    return { sheets, outputs: workbook.outputs() };
  } finally {
    workbook.destroy();
  }
}
