// How the trace says that a step ran on a version other than the process's current one (a run that
// paused before a deploy and resumed after it). The engine puts the facts in the step's payload.
import type { VersionNote } from '../engine/pinned-definitions.ts';

export function versionNoteOf(output: Readonly<Record<string, unknown>>): VersionNote | null {
  const note = output['definition_version'];
  if (note === null || typeof note !== 'object') return null;
  const { run_version: run, current_version: current, continued_on: on } = note as Record<string, unknown>;
  if (typeof run !== 'string' || (on !== 'pinned' && on !== 'current_code')) return null;
  return { run_version: run, current_version: typeof current === 'string' ? current : null, continued_on: on };
}

export function versionNoteText(note: VersionNote): string {
  const current = note.current_version ?? 'none';
  if (note.continued_on === 'current_code') return `continued on the current code (version ${current}): the code of version ${note.run_version} is no longer here`;
  return `resumed on version ${note.run_version}; current is ${current}`;
}
