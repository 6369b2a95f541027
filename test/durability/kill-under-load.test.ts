// The kill test at CI size on both databases: tickets and refund decisions through the API while a
// random Switchboard process is SIGKILLed every one to two seconds. The full size is `npm run kill-test`.
import { describe, it } from 'node:test';
import { dialectsUnderTest } from '../support/dialects.ts';
import { runKillTest } from './kill-under-load.ts';

const dialects = await dialectsUnderTest();

describe('durability: random processes SIGKILLed under load', () => {
  for (const dialect of dialects) {
    // Generous: on a loaded machine a timed-out run would go on in the background and kill the next one's processes.
    it(`on ${dialect}: one outcome per ticket, approved refunds paid once, rejected never, no event lost, a repeat only under its own id`, { timeout: 360_000 }, async (t) => {
      // Three client lanes stretch the load over several kills; the full run uses eight.
      const figures = await runKillTest({ dialect, tickets: 120, refunds: 36, minKills: 5, workers: 4, concurrency: 3, log: (line) => t.diagnostic(line) });
      t.diagnostic(JSON.stringify(figures));
    });
  }
});
