// The threads started from this browser tab, newest first, kept in sessionStorage so that a reload
// keeps them (a thread id is the customer's key to the conversation; it never leaves the tab).
import { useCallback, useState } from 'react';

export interface PlaygroundThread {
  threadId: string;
  /** The ticket number, e.g. TKT-1001. */
  ticket: string;
  workflow: string;
  /** The first message, as the list shows it. */
  title: string;
  startedAt: string;
}

const storageKey = 'switchboard.playground.threads';
const kept = 50;

export function useThreadList(): [readonly PlaygroundThread[], (thread: PlaygroundThread) => void] {
  const [threads, setThreads] = useState<readonly PlaygroundThread[]>(readThreads);
  const add = useCallback((thread: PlaygroundThread) => {
    setThreads((current) => {
      const next = [thread, ...current.filter((t) => t.threadId !== thread.threadId)].slice(0, kept);
      writeThreads(next);
      return next;
    });
  }, []);
  return [threads, add];
}

function readThreads(): PlaygroundThread[] {
  try {
    const parsed: unknown = JSON.parse(window.sessionStorage.getItem(storageKey) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isThread) : [];
  } catch {
    return [];
  }
}

function writeThreads(threads: readonly PlaygroundThread[]): void {
  try {
    window.sessionStorage.setItem(storageKey, JSON.stringify(threads));
  } catch {
    // Storage full or disabled: the list lasts as long as the page.
  }
}

function isThread(value: unknown): value is PlaygroundThread {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return ['threadId', 'ticket', 'workflow', 'title', 'startedAt'].every((name) => typeof fields[name] === 'string');
}
