// Single-key shortcuts for a page (j, k, a, r …). They stay out of the way while someone types in a
// field, holds a modifier, or has a dialog open.
import { useEffect, useEffectEvent } from 'react';

export type Shortcuts = Partial<Record<string, (event: KeyboardEvent) => void>>;

export function useShortcuts(shortcuts: Shortcuts): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (!isShortcut(event)) return;
    const run = shortcuts[event.key];
    if (!run) return;
    event.preventDefault();
    run(event);
  });
  useEffect(() => {
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

function isShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
  if (document.querySelector('dialog[open]')) return false;
  const target = event.target instanceof HTMLElement ? event.target : null;
  if (!target) return true;
  if (target.isContentEditable || target.closest('input, textarea, select')) return false;
  // Enter on a link or a button is that control's own action.
  return !(event.key === 'Enter' && target.closest('a, button'));
}
