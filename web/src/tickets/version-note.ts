// What a step says when it ran on a version other than the server's current one: a run that paused
// before a deploy resumed on the workflow, tools and policies it started with.
import type { Step } from '../api/types.ts';

export function versionNote(step: Step): string | null {
  const note = step.output['definition_version'];
  if (note === null || typeof note !== 'object') return null;
  const { run_version: run, current_version: current, continued_on: on } = note as Record<string, unknown>;
  if (typeof run !== 'string') return null;
  const now = typeof current === 'string' ? current : 'none';
  if (on === 'current_code') return `Continued on the current code (version ${now}): the code of version ${run} is no longer deployed.`;
  return `Resumed on version ${run}; current is ${now}.`;
}
