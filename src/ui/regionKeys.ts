/** F6 and Shift+F6: the keyboard's way between the page's landmarks (top bar, sheet, scenario panel), as in Excel. */
import { useEffect } from 'react';

/** Landmarks by element and by role; only the outermost of nested ones count (the scenario menu's nav is part of the top bar). */
const LANDMARKS = 'header, main, aside, [role="banner"], [role="main"], [role="complementary"], [role="region"][aria-label]';
const TABBABLE = 'a[href], button:not(:disabled), input:not(:disabled):not([type="hidden"]), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])';

function shown(element: Element): boolean {
  return element.getClientRects().length > 0;
}

/** The page's landmarks in reading order, outermost only, that are on screen and hold something to focus. */
function pageRegions(root: ParentNode = document): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>(LANDMARKS)];
  return all.filter((region) => !all.some((other) => other !== region && other.contains(region)) && shown(region) && firstTabbable(region) !== undefined);
}

function firstTabbable(region: HTMLElement): HTMLElement | undefined {
  return [...region.querySelectorAll<HTMLElement>(TABBABLE)].find((element) => shown(element) && !element.closest('[hidden], [inert]'));
}

/** Moves the focus to the next (or previous) landmark: the sheet's active cell through `focusGrid`, elsewhere the first thing to focus. */
function focusNextRegion(step: 1 | -1, focusGrid: () => void): boolean {
  const regions = pageRegions();
  if (regions.length === 0) return false;
  const active = document.activeElement;
  const at = regions.findIndex((region) => active instanceof Node && region.contains(active));
  const next = regions[at === -1 ? (step === 1 ? 0 : regions.length - 1) : (at + step + regions.length) % regions.length];
  if (!next) return false;
  if (next.querySelector('[role="grid"]')) focusGrid();
  else firstTabbable(next)?.focus();
  return true;
}

/**
 * The grid keeps Tab for moving between cells, as a spreadsheet must, so Tab alone never leaves it: F6 and
 * Shift+F6 (Ctrl with them too, where the browser takes plain F6) are the way out, and back in.
 * A modal dialog keeps the focus to itself, so they do nothing while one is open.
 */
export function useRegionKeys(focusGrid: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F6' || event.altKey || event.metaKey) return;
      if (document.querySelector('dialog[open]')) return;
      if (focusNextRegion(event.shiftKey ? -1 : 1, focusGrid)) event.preventDefault();
    };
    // Capture: the grid and the cell editor stop the keys they are given from going further.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [focusGrid]);
}
