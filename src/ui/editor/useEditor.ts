/** React's view of the Editor: one topic per subscription, and a snapshot that only changes when what it reads does. */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { Editor } from './editor';
import type { Topic } from './subscriptions';

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor needs an EditorContext provider');
  return editor;
}

/** `read` must return a primitive or an object the editor keeps until it changes; `topics` is one topic or a few. */
export function useEditorSnapshot<T>(editor: Editor, topics: Topic | `${Topic}+${Topic}`, read: (editor: Editor) => T): T {
  const subscribe = useCallback(
    (listener: () => void) => {
      const stops = topics.split('+').map((topic) => editor.subscribe(topic as Topic, listener));
      return () => stops.forEach((stop) => stop());
    },
    [editor, topics],
  );
  return useSyncExternalStore(subscribe, () => read(editor));
}

export function useEditorValue<T>(topics: Topic | `${Topic}+${Topic}`, read: (editor: Editor) => T): T {
  return useEditorSnapshot(useEditor(), topics, read);
}
