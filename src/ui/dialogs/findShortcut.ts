/** Which bar Ctrl+F (find) or Ctrl+H (replace) asks for, if the key is one of them and no modal dialog is open. */
export type FindMode = 'find' | 'replace';

export function findShortcut(event: KeyboardEvent): FindMode | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  const key = event.key.toLowerCase();
  if ((key !== 'f' && key !== 'h') || document.querySelector('dialog[open]')) return null;
  return key === 'h' ? 'replace' : 'find';
}
