// Seed 001's ON_ERROR in the engine: a failing tool is retried as configured, then the customer hears
// the configured message and the run is escalated (CONTINUE retries the node) or handed to people.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { z } from 'zod';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import type { WorkflowState } from '../../src/engine/graph.ts';
import { defineTool } from '../../src/tools/tool.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';
import { fromJson } from '../../src/store/json.ts';

const projectId = 'default';

function flakyTool(failures: { left: number }) {
  return defineTool({
    name: 'check_inventory',
    description: 'Ask the warehouse.',
    risk: 'read',
    input: z.object({}),
    execute: () => {
      if (failures.left > 0) {
        failures.left -= 1;
        return Promise.reject(new Error('warehouse API timed out'));
      }
      return Promise.resolve({ in_stock: true });
    },
  });
}

const inventoryFlow = workflow<WorkflowState>('inventory')
  .node('check', {
    run: async (ctx) => {
      const result = await ctx.callTool('check_inventory', {});
      return { kind: 'next', reply: `In stock: ${JSON.stringify(result)}`, record: { layer: 'specialist', source: 'tool', decision: 'answered' } };
    },
  })
  .build((input) => ({ message: input.message }));

const lostFlow = workflow<WorkflowState>('lost')
  .node('start', { run: async () => ({ kind: 'next', record: { layer: 'triage', source: 'test', decision: 'routed' } }) })
  .node('end', { run: async () => ({ kind: 'next', record: { layer: 'triage', source: 'test', decision: 'done' } }) })
  .route('start', () => 'nowhere', { somewhere: 'end' })
  .build((input) => ({ message: input.message }));

const onErrorYaml = (then: string) => `
escalation:
  on_error:
    tool_error: { respond: "Sorry, our warehouse system is slow right now; a colleague will check for you.", retry: 1, then: ${then} }
    routing_failure: { respond: "Let me get a colleague to help with this.", retry: 0, then: escalate }
`;

async function post(sb: Switchboard, workflowName: string) {
  return sb.chat.postMessage({ projectId, message: 'Is the blue lamp in stock?', workflow: workflowName });
}

for (const dialect of await dialectsUnderTest()) {
  describe(`ON_ERROR (${dialect})`, () => {
    const open = (t: TestContext, then: string, failures: { left: number }, clock = new ManualClock()) =>
      switchboardForTest(t, dialect, { clock, tools: [flakyTool(failures)], workflows: [inventoryFlow, lostFlow], config: demoConfigWith((text) => `${text}\n${onErrorYaml(then)}`) });

    it('retries a failing tool as configured, then tells the customer and escalates; CONTINUE runs the node again', async (t) => {
      const failures = { left: 2 };
      const clock = new ManualClock();
      const sb = await open(t, 'escalate', failures, clock);
      const first = await post(sb, 'inventory');
      assert.equal(first.status, 'PROCESSING', 'the first failure is retried later');
      clock.advance(60_000);
      await sb.worker.tick();
      const escalated = await sb.chat.runResult(first.run_id);
      assert.equal(escalated.status, 'WITH_HUMAN');
      assert.equal(escalated.reply, 'Sorry, our warehouse system is slow right now; a colleague will check for you.');
      assert.equal(failures.left, 0, 'one attempt and one retry');
      const [task] = await sb.tasks.list(projectId, { type: 'escalation' });
      assert.match(task?.reason ?? '', /A tool failed at check: .*warehouse API timed out/);

      await sb.tasks.resolve(projectId, task?.id ?? '', { respondedBy: 'ops', decision: 'continue', notes: 'warehouse is back' });
      const done = await sb.chat.runResult(first.run_id);
      assert.equal(done.status, 'DONE');
      assert.equal(done.reply, 'In stock: {"in_stock":true}');
    });

    it('hands the conversation to people when ON_ERROR says HANDOFF', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, 'handoff Live_Agent_Transfer', { left: 5 }, clock);
      const first = await post(sb, 'inventory');
      clock.advance(60_000);
      await sb.worker.tick();
      const result = await sb.chat.runResult(first.run_id);
      assert.equal(result.status, 'WITH_HUMAN');
      const [task] = await sb.tasks.list(projectId, { type: 'handoff' });
      assert.equal(task?.title, 'Hand over to Live_Agent_Transfer after an error');
      assert.equal((await sb.tickets.find(projectId, first.thread_id)).status, 'with_human');
    });

    it('escalates a routing failure at once', async (t) => {
      const sb = await open(t, 'escalate', { left: 0 });
      const result = await post(sb, 'lost');
      assert.equal(result.status, 'WITH_HUMAN');
      assert.equal(result.reply, 'Let me get a colleague to help with this.');
      const [task] = await sb.tasks.list(projectId, { type: 'escalation' });
      assert.match(task?.reason ?? '', /could not route at start: .*"nowhere"/);
      const run = await sb.db.kysely.selectFrom('runs').select('state').where('id', '=', result.run_id).executeTakeFirstOrThrow();
      assert.deepEqual(fromJson<{ session?: unknown }>(run.state, {}).session, { routing_failures: 1 }, 'the session counts the failure for seed 001\'s supervisor trigger');
    });

    it("keeps the engine's own behaviour without ON_ERROR", async (t) => {
      const clock = new ManualClock();
      const sb = await switchboardForTest(t, dialect, { clock, tools: [flakyTool({ left: 1 })], workflows: [inventoryFlow] });
      const first = await post(sb, 'inventory');
      assert.equal(first.status, 'PROCESSING', 'the engine retries with backoff');
      clock.advance(60_000);
      await sb.worker.tick();
      const result = await sb.chat.runResult(first.run_id);
      assert.equal(result.status, 'DONE');
      assert.equal((await sb.tasks.list(projectId)).length, 0, 'no escalation without ON_ERROR');
    });
  });
}
