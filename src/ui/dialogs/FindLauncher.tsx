/** The find bar's place on the sheet view: its code loads at the first Ctrl+F or Ctrl+H, which it then opens in that mode. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { findShortcut, type FindMode } from './findShortcut';

const FindReplace = lazy(() => import('./FindReplace').then((module) => ({ default: module.FindReplace })));

export function FindLauncher() {
  const [first, setFirst] = useState<FindMode | null>(null);

  useEffect(() => {
    if (first) return;
    const onKey = (event: KeyboardEvent) => {
      const mode = findShortcut(event);
      if (!mode) return;
      event.preventDefault();
      setFirst(mode);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [first]);

  return first ? (
    <Suspense fallback={null}>
      <FindReplace initialMode={first} />
    </Suspense>
  ) : null;
}
