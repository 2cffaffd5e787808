/** A toolbar as one Tab stop whose buttons the arrow keys move between (WAI-ARIA's toolbar pattern), so Tab passes it in one step. */
import { useLayoutEffect, type RefObject } from 'react';

/** The toolbar's own buttons (`.tool`), not those inside a menu it opens. */
const CONTROL = '.tool';

/**
 * Makes the toolbar's enabled buttons one Tab stop: the last one focused keeps it (the first at the start,
 * or when that one is disabled or gone), Left and Right arrows move round the buttons, Home and End go to
 * the first and last. The buttons belong to several components, so the stop is kept on the DOM they draw.
 */
export function useRovingToolbar(toolbar: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = toolbar.current;
    if (!element) return undefined;
    let current: HTMLElement | undefined;
    const enabled = () => [...element.querySelectorAll<HTMLButtonElement>(CONTROL)].filter((button) => !button.disabled);
    const settle = () => {
      const buttons = enabled();
      if (!current || !buttons.includes(current as HTMLButtonElement)) current = buttons[0];
      for (const button of element.querySelectorAll<HTMLElement>(CONTROL)) button.tabIndex = button === current ? 0 : -1;
    };
    const onFocus = (event: FocusEvent) => {
      if (!(event.target instanceof HTMLElement) || !event.target.matches(CONTROL)) return;
      current = event.target;
      settle();
    };
    const onKey = (event: KeyboardEvent) => {
      if (!(event.target instanceof HTMLElement) || !event.target.matches(CONTROL) || event.altKey || event.ctrlKey || event.metaKey) return;
      const buttons = enabled();
      const at = buttons.indexOf(event.target as HTMLButtonElement);
      const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined || buttons.length === 0) return;
      event.preventDefault();
      buttons[(next + buttons.length) % buttons.length]?.focus();
    };
    settle();
    // A button enabled, disabled, added or removed (Undo once there is something to undo) moves the stop if it must.
    const observer = new MutationObserver(settle);
    observer.observe(element, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    element.addEventListener('focusin', onFocus);
    element.addEventListener('keydown', onKey);
    return () => {
      observer.disconnect();
      element.removeEventListener('focusin', onFocus);
      element.removeEventListener('keydown', onKey);
    };
  }, [toolbar]);
}
