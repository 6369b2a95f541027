// Text someone is typing (a reason, edited arguments) kept in sessionStorage as they type: it survives
// a reload, a sign-in after the session expired, and a server that went away; cleared once sent.
import { useCallback, useState } from 'react';

const draftPrefix = 'switchboard.draft.';

export function useDraft(key: string, initial = ''): [string, (value: string) => void, () => void] {
  const storageKey = `${draftPrefix}${key}`;
  const [value, setValue] = useState(() => readDraft(storageKey) ?? initial);
  const update = useCallback(
    (next: string) => {
      setValue(next);
      writeDraft(storageKey, next === initial ? null : next);
    },
    [storageKey, initial],
  );
  const clear = useCallback(() => {
    setValue(initial);
    writeDraft(storageKey, null);
  }, [storageKey, initial]);
  return [value, update, clear];
}

function readDraft(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeDraft(key: string, value: string | null): void {
  try {
    if (value === null) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the text stays in the page, it just won't survive a reload.
  }
}

/** On signing out: the next person in this tab does not inherit half-typed text. */
export function clearDrafts(): void {
  try {
    const keys = Array.from({ length: window.sessionStorage.length }, (_, i) => window.sessionStorage.key(i)).filter((key) => key?.startsWith(draftPrefix));
    for (const key of keys) if (key) window.sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: there is nothing to clear.
  }
}
