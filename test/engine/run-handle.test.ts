// The TypeScript API (seed 002's handle): start a run, stream its steps, decide its approval, await
// its result — from the handle that started it or from one rebuilt by id.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent, RunHandle } from '../../src/app/run-handle.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const refundMessage = 'I want a refund of $42.50';
const proposedArgs = { amount_cents: 4250, currency: 'USD', order_id: null, reason: refundMessage };

for (const dialect of await dialectsUnderTest()) {
  describe(`run handle (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect);

    it('streams the steps and a waiting event naming the proposed tool call', async (t) => {
      const sb = await open(t);
      const handle = await sb.start({ message: refundMessage });
      const events = await eventsUntilWaiting(handle);

      assert.deepEqual(events.map(describeEvent), ['step 1 classify', 'step 2 human_gate', 'waiting approval']);
      const waiting = events.at(-1);
      assert.equal(waiting?.type, 'waiting');
      if (waiting?.type !== 'waiting') return;
      assert.equal(waiting.toolName, 'issue_refund');
      assert.deepEqual(waiting.args, proposedArgs);
      const status = await handle.status();
      assert.deepEqual(waiting.waitingFor, status.waitingFor);
    });

    it('rejects through the handle and resolves to a completed run with the denial', async (t) => {
      const sb = await open(t);
      const handle = await sb.start({ message: refundMessage });
      await handle.reject('reason');
      const result = await handle.result();
      assert.equal(result.status, 'completed');
      assert.equal(result.actionResult, 'Refund denied: reason');
      assert.equal(result.waitingFor, null);
      const refunds = await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute();
      assert.equal(refunds.length, 0);
    });

    it('keeps a live stream going through the decision to the completed event', async (t) => {
      const sb = await open(t);
      const handle = await sb.start({ message: refundMessage });
      const stream = handle.stream();
      const before: RunEvent[] = [];
      for (let next = await stream.next(); !next.done; next = await stream.next()) {
        before.push(next.value);
        if (next.value.type === 'waiting') break;
      }
      assert.deepEqual(before.map(describeEvent), ['step 1 classify', 'step 2 human_gate', 'waiting approval']);

      await handle.approve({ by: 'alice' });
      const after = await collect(stream);
      assert.deepEqual(after.map(describeEvent), ['step 3 human_gate', 'step 4 issue_refund', 'completed']);
      const done = after.at(-1);
      assert.equal(done?.type === 'completed' ? done.snapshot.actionResult : null, 'Refund issued: $42.50');
    });

    it('replays every step of a finished run from the start', async (t) => {
      const sb = await open(t);
      const handle = await sb.start({ message: refundMessage });
      await handle.reject('reason');
      const replay = await collect(handle.stream());
      assert.deepEqual(replay.map(describeEvent), ['step 1 classify', 'step 2 human_gate', 'step 3 human_gate', 'step 4 refund_denied', 'completed']);
      const gate = replay[2];
      assert.equal(gate?.type === 'step' ? gate.decision : null, 'rejected');
    });

    it('works the same from a handle rebuilt by run id', async (t) => {
      const sb = await open(t);
      const started = await sb.start({ message: refundMessage });
      const rebuilt = sb.handle(started.id);
      assert.equal(rebuilt.id, started.id);

      const events = await eventsUntilWaiting(rebuilt);
      const waiting = events.at(-1);
      assert.equal(waiting?.type === 'waiting' ? waiting.toolName : null, 'issue_refund');
      await rebuilt.reject('reason');
      const result = await rebuilt.result();
      assert.equal(result.status, 'completed');
      assert.equal(result.actionResult, 'Refund denied: reason');
      assert.deepEqual(await started.status(), result, 'both handles see the same run');
    });

    it('refuses a second decision through the handle with not_awaiting_approval', async (t) => {
      const sb = await open(t);
      const handle = await sb.start({ message: refundMessage });
      await handle.approve();
      await assert.rejects(handle.reject('changed my mind'), (error) => isSwitchboardError(error) && error.code === 'not_awaiting_approval');
      assert.equal((await handle.result()).actionResult, 'Refund issued: $42.50');
    });

    it('reports run_not_found for a handle on an unknown run', async (t) => {
      const sb = await open(t);
      await assert.rejects(sb.handle('no-such-run').status(), (error) => isSwitchboardError(error) && error.code === 'run_not_found');
    });
  });
}

async function eventsUntilWaiting(handle: RunHandle): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of handle.stream()) {
    events.push(event);
    if (event.type === 'waiting' || event.type === 'completed' || event.type === 'failed') break;
  }
  return events;
}

async function collect(stream: AsyncGenerator<RunEvent>): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for (let next = await stream.next(); !next.done; next = await stream.next()) events.push(next.value);
  return events;
}

function describeEvent(event: RunEvent): string {
  switch (event.type) {
    case 'step':
      return `step ${event.seq} ${event.node}`;
    case 'waiting':
      return `waiting ${event.waitingFor.kind}`;
    default:
      return event.type;
  }
}
