// Editing a proposed tool call's arguments as JSON before approving: the text is a draft (kept while
// typed), and approval is possible only while it parses to an object.
import { useState } from 'react';
import type { HumanTask, JsonObject } from '../api/types.ts';
import { useDraft } from '../ui/use-draft.ts';

export type ParsedArgs = { ok: true; value: JsonObject; changed: boolean } | { ok: false; error: string };

export interface ArgsEditor {
  editing: boolean;
  text: string;
  parsed: ParsedArgs;
  setText: (text: string) => void;
  toggle: () => void;
  reset: () => void;
}

export function useArgsEditor(task: HumanTask): ArgsEditor {
  const proposed = JSON.stringify(task.tool_call?.args ?? {}, null, 2);
  const [text, setText, clear] = useDraft(`args:${task.id}`, proposed);
  const [editing, setEditing] = useState(text !== proposed);
  return {
    editing,
    text,
    parsed: parseArgs(text, proposed),
    setText,
    toggle: () => setEditing(!editing),
    reset: () => {
      clear();
      setEditing(false);
    },
  };
}

export function parseArgs(text: string, proposed: string): ParsedArgs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'The arguments must be a JSON object ({ … }).' };
  return { ok: true, value: value as JsonObject, changed: JSON.stringify(value) !== JSON.stringify(JSON.parse(proposed)) };
}
