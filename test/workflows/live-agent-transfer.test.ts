// Seed 001's live-agent transfer: availability from the configured people's hours and capacity, the
// handoff assigned to the one who is free, and a callback on a durable timer when nobody is.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';
const agentsYaml = `
live_agents:
  - id: ana
    capacity: 1
    hours: { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00", timezone: Europe/Berlin }
support_email: help@demo-store.example
`;

async function askForHuman(sb: Switchboard) {
  const offered = await sb.chat.postMessage({ projectId, message: 'can I talk to a human please?' });
  return sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'yes' });
}

for (const dialect of await dialectsUnderTest()) {
  describe(`live-agent transfer (${dialect})`, () => {
    const open = (t: TestContext, clock: ManualClock) => switchboardForTest(t, dialect, { clock, config: demoConfigWith((text) => `${text}\n${agentsYaml}`) });

    it('hands the conversation to the person who is working and has room', async (t) => {
      const sb = await open(t, new ManualClock('2026-11-23T09:00:00.000Z')); // Monday 10:00 in Berlin
      const accepted = await askForHuman(sb);
      assert.equal(accepted.status, 'WITH_HUMAN');
      assert.match(accepted.reply ?? '', /An agent is available\. Estimated wait: ~0 minutes/);
      const [task] = await sb.tasks.list(projectId, { type: 'handoff' });
      assert.deepEqual([task?.status, task?.assigned_to], ['assigned', 'ana']);
    });

    it('offers a callback when everyone is busy, and a durable timer creates the callback task at the time agreed', async (t) => {
      const clock = new ManualClock('2026-11-23T09:00:00.000Z');
      const sb = await open(t, clock);
      await askForHuman(sb); // Ana is now at her capacity of one conversation
      const busy = await askForHuman(sb);
      assert.equal(busy.status, 'AWAITING_CUSTOMER');
      assert.match(busy.reply ?? '', /All agents are currently busy\. Would you like a callback\?/);

      const scheduled = await sb.chat.postMessage({ projectId, threadId: busy.thread_id, message: 'yes, call me on +49 30 1234567 tomorrow at 10:00' });
      assert.match(scheduled.reply ?? '', /Callback scheduled\. We will call you at 2026-11-24 10:00 Europe\/Berlin on \+49301234567/);
      assert.equal((await sb.tasks.list(projectId, { type: 'handoff' })).length, 1, 'no callback task before the time');

      clock.advance(25 * 60 * 60_000); // to 10:00 UTC the next day, past the 10:00 Berlin (09:00 UTC) callback
      await sb.worker.tick();
      const callbacks = (await sb.tasks.list(projectId, { type: 'handoff' })).filter((task) => task.title.startsWith('Call back'));
      assert.equal(callbacks.length, 1);
      assert.equal(callbacks[0]?.title, 'Call back +49301234567');
      assert.equal(callbacks[0]?.context['callback_time'], '2026-11-24T09:00:00.000Z', "10:00 as the customer wrote it, in the team's zone");
      assert.equal((await sb.engine.getRun(busy.run_id))?.status, 'completed');
    });

    it('gives the support address outside working hours when the customer wants no callback', async (t) => {
      const sb = await open(t, new ManualClock('2026-11-23T19:30:00.000Z')); // Monday 20:30 in Berlin
      const busy = await askForHuman(sb);
      assert.match(busy.reply ?? '', /All agents are currently busy/);
      const declined = await sb.chat.postMessage({ projectId, threadId: busy.thread_id, message: 'no thanks' });
      assert.equal(declined.reply, 'You can reach us at help@demo-store.example.');
      assert.equal((await sb.tasks.list(projectId, { type: 'handoff' })).length, 0);
    });
  });
}
