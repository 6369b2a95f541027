// Exists for the crash tests (test/durability): SWITCHBOARD_TEST_HOLD_TOOL=<tool>:before|after freezes
// `serve` / `worker` at that point of a tool call and says so on stdout, so that a test can SIGKILL the
// process exactly between "journalled" and "executed" (before) or "executed" and "result recorded" (after).
import { SwitchboardError } from '../domain/errors.ts';
import type { EffectHooks } from '../engine/effects.ts';

export const holdMarker = 'SWITCHBOARD_TEST_HOLD';

export function crashTestHooks(spec: string | undefined, print: (line: string) => void): EffectHooks | undefined {
  if (!spec) return undefined;
  const [tool, point, ...rest] = spec.split(':');
  if (!tool || (point !== 'before' && point !== 'after') || rest.length > 0) {
    throw new SwitchboardError('invalid_config', `SWITCHBOARD_TEST_HOLD_TOOL must be "<tool>:before" or "<tool>:after", got "${spec}".`);
  }
  const hold = async (name: string, key: string): Promise<void> => {
    if (name !== tool) return;
    print(`${holdMarker} ${name} ${key}`);
    // Never settles: the process stays frozen here until the test kills it.
    return new Promise<void>(() => undefined);
  };
  return point === 'before' ? { beforeToolExecute: hold } : { afterToolExecute: hold };
}
