// A fresh process for the cold-start part: loads Switchboard, opens the store with the start-up
// rehearsal the serve and worker commands run (ready), then resumes a paused refund thread (the first
// resume after ready) and another one (a warm resume, for contrast). With `--no-rehearsal` it opens
// without the rehearsal, for the comparison.
// Times are from the process's start (`performance.now()` counts from it).
import { enableCompileCache } from 'node:module';
import { argValue, reportResult } from './child-process.ts';
import type { BenchStore } from './engines/refund-engine.ts';

export interface ColdStartSample {
  readyMs: number;
  firstResumeMs: number;
  secondResumeMs: number;
}

// As an application embedding Switchboard would, and as the `switchboard` command does (src/cli/main.ts).
enableCompileCache();
const args = process.argv.slice(2);
const store: BenchStore = argValue(args, 'store') === 'sqlite' ? { kind: 'sqlite', dir: argValue(args, 'dir') } : { kind: 'postgres', url: argValue(args, 'url') };
const [first, second] = argValue(args, 'runs').split(',');
const rehearse = !args.includes('--no-rehearsal');

const { openBenchSwitchboard } = await import('./engines/refund-graph-switchboard.ts');
const sb = await openBenchSwitchboard(store, { rehearse });
const readyMs = performance.now();

async function resumeMs(runId: string | undefined): Promise<number> {
  const start = performance.now();
  const done = await sb.handle(runId ?? '').approve({ by: 'bench' });
  if (done.status !== 'completed') throw new Error(`Run ${runId} ended ${done.status}.`);
  return performance.now() - start;
}

const firstResumeMs = await resumeMs(first);
const secondResumeMs = await resumeMs(second);
await sb.close();
reportResult({ readyMs, firstResumeMs, secondResumeMs } satisfies ColdStartSample);
