/**
 * The find bar's place on the sheet view: its code loads at the first Ctrl+F or Ctrl+H, which it then opens
 * in that mode. Until the code is here, a stand-in with the same Find field takes the keyboard, so what is
 * typed straight after Ctrl+F is kept for the bar (and Enter searches once it arrives), never typed into a cell.
 */
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useEditor } from '../editor/useEditor';
import { FindForm } from './FindForm';
import { findShortcut, type FindMode } from './findShortcut';

const FindReplace = lazy(() => import('./FindReplace').then((module) => ({ default: module.FindReplace })));

export function FindLauncher() {
  const editor = useEditor();
  const [first, setFirst] = useState<FindMode | null>(null);
  const [early, setEarly] = useState<{ text: string; step: 1 | -1 | null }>({ text: '', step: null });

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

  if (!first) return null;
  const standIn = (
    <StandIn
      mode={first}
      text={early.text}
      onText={(text) => setEarly({ text, step: null })}
      onStep={(step) => setEarly((now) => ({ ...now, step }))}
      onClose={() => {
        setFirst(null);
        setEarly({ text: '', step: null });
        editor.focusActive();
      }}
    />
  );
  return (
    <Suspense fallback={standIn}>
      <FindReplace initialMode={first} initialText={early.text} initialStep={early.step} />
    </Suspense>
  );
}

interface StandInProps {
  mode: FindMode;
  text: string;
  onText: (text: string) => void;
  onStep: (step: 1 | -1) => void;
  onClose: () => void;
}

/** The bar's first row while its code loads: it takes the keys at once (Ctrl+F then typing is one gesture), busy until the bar replaces it. */
function StandIn({ mode, text, onText, onStep, onClose }: StandInProps) {
  const field = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => field.current?.focus(), []);
  return <FindForm label={mode === 'replace' ? 'Find and replace' : 'Find'} busy fieldRef={field} text={text} onText={onText} onStep={onStep} onClose={onClose} />;
}
