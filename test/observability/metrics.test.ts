// Prometheus metrics at /metrics, parsed from the text format: a refund that pauses for a reviewer and
// is approved moves the run, step, tool, token, inbox and outbox metrics as the store says it should;
// the claimable queue and model errors are counted; and only the token's holder, or a caller on this
// machine when no token is set, may scrape.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { SwitchboardApp } from '../../src/api/auth/app-env.ts';
import { startHttpServer } from '../../src/api/serve.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { SwitchboardError } from '../../src/domain/errors.ts';
import { PermanentDeliveryError, type OutboxSink } from '../../src/engine/outbox.ts';
import type { WorkflowState } from '../../src/engine/graph.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { resolveCall, scriptAgent } from '../support/agent-script.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith, switchboardWithModel } from '../support/model-switchboard.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const workflowName = 'support-triage';
const refundArgs = { amount_cents: 12999, currency: 'USD', order_id: 'ORD-1002', reason: 'charged twice' };
const scrapeToken = 'scrape-secret-7f3a';

// ---------------------------------------------------------------------------------------------------
// The text format: `name{label="value",…} number` per line, comments starting with #.

type Labels = Record<string, string>;

class Samples {
  readonly #values = new Map<string, number>();

  constructor(text: string) {
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `a sample line: ${line}`);
      const [, name = '', labels = '', value = ''] = match;
      this.#values.set(Samples.key(name, parseLabels(labels)), Number(value));
    }
  }

  /** The sample's value, or undefined when the series is absent. */
  get(name: string, labels: Labels = {}): number | undefined {
    return this.#values.get(Samples.key(name, labels));
  }

  /** The sum over every series of `name` whose labels include `labels`. */
  sum(name: string, labels: Labels = {}): number {
    let total = 0;
    for (const [key, value] of this.#values) {
      const [sampleName, sampleLabels] = JSON.parse(key) as [string, [string, string][]];
      const all = new Map(sampleLabels);
      if (sampleName === name && Object.entries(labels).every(([label, wanted]) => all.get(label) === wanted)) total += value;
    }
    return total;
  }

  has(name: string): boolean {
    return [...this.#values.keys()].some((key) => (JSON.parse(key) as [string])[0] === name);
  }

  static key(name: string, labels: Labels): string {
    return JSON.stringify([name, Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))]);
  }
}

function parseLabels(text: string): Labels {
  return Object.fromEntries([...text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, name = '', value = '']) => [name, value.replace(/\\(.)/g, '$1')]));
}

// ---------------------------------------------------------------------------------------------------

/** A scraper on this machine: a real HTTP server bound to loopback. */
async function loopbackScraper(t: TestContext, sb: Switchboard): Promise<() => Promise<Samples>> {
  const server = await startHttpServer(sb, { port: 0, host: '127.0.0.1' });
  t.after(() => server.close());
  return async () => {
    const response = await fetch(`${server.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return new Samples(await response.text());
  };
}

/** An in-process request from the given client address (as the Node server would report its socket). */
function requestFrom(app: SwitchboardApp, remoteAddress: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request('/metrics', { headers }, { incoming: { socket: { remoteAddress } } }));
}

function failingSink(name: string, error: () => Error): OutboxSink {
  return { name, deliver: async () => Promise.reject(error()) };
}

async function stepCountsInStore(sb: Switchboard, runId: string): Promise<Map<string, number>> {
  const rows = await sb.db.kysely.selectFrom('steps').select(['node', 'status']).where('run_id', '=', runId).execute();
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(`${row.node}/${row.status}`, (counts.get(`${row.node}/${row.status}`) ?? 0) + 1);
  return counts;
}

async function assertStepHistogramMatchesStore(samples: Samples, sb: Switchboard, runId: string): Promise<void> {
  const inStore = await stepCountsInStore(sb, runId);
  assert.ok(inStore.size > 0);
  for (const [key, count] of inStore) {
    const [node = '', outcome = ''] = key.split('/');
    assert.equal(samples.get('switchboard_step_duration_seconds_count', { workflow: workflowName, node, outcome }), count, `steps of ${key}`);
  }
  assert.equal(samples.sum('switchboard_step_duration_seconds_count'), [...inStore.values()].reduce((a, b) => a + b, 0), 'no step counted twice or missed');
}

async function assertTokensMatchStore(samples: Samples, sb: Switchboard): Promise<void> {
  const used = await sb.db.kysely.selectFrom('steps').select((eb) => [eb.fn.sum<number | string>('tokens_in').as('input'), eb.fn.sum<number | string>('tokens_out').as('output')]).executeTakeFirstOrThrow();
  assert.equal(samples.get('switchboard_model_tokens_total', { model: 'compatible/test-model', kind: 'input' }), Number(used.input));
  assert.equal(samples.get('switchboard_model_tokens_total', { model: 'compatible/test-model', kind: 'output' }), Number(used.output));
}

async function outboxEvents(sb: Switchboard): Promise<number> {
  return (await sb.db.kysely.selectFrom('outbox').select('id').execute()).length;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`metrics (${dialect})`, () => {
    it('follow a refund that pauses for a reviewer and is approved', async (t) => {
      const clock = new ManualClock('2026-03-02T09:00:00.000Z');
      const sinks = [failingSink('flaky', () => new Error('connection refused')), failingSink('gone', () => new PermanentDeliveryError('410 Gone'))];
      const { sb, fake } = await switchboardWithModel(t, dialect, { clock, sinks });
      fake.respondWith(
        scriptAgent({
          triage: { label: 'refund', confidence: 0.9, reasoning_summary: 'refund request' },
          turns: [
            { text: 'Let me check the order.', toolCalls: [{ name: 'lookup_order', args: { order_id: 'ORD-1002' } }], usage: { promptTokens: 120, completionTokens: 20 } },
            { toolCalls: [{ name: 'issue_refund', args: refundArgs }] },
            { toolCalls: [resolveCall('Your refund of $129.99 has been issued.', { action: 'refunded $129.99' })] },
          ],
        }),
      );
      const scrape = await loopbackScraper(t, sb);

      const idle = await scrape();
      for (const status of ['queued', 'running', 'waiting']) assert.equal(idle.get('switchboard_runs', { project: projectId, workflow: workflowName, status }), 0);
      assert.equal(idle.get('switchboard_queue_depth'), 0);
      assert.equal(idle.sum('switchboard_inbox_open_tasks'), 0);
      assert.equal(idle.has('switchboard_tool_calls_total'), false);
      assert.ok(idle.has('process_cpu_user_seconds_total') && idle.has('nodejs_heap_size_used_bytes'), 'the process metrics are there');

      const paused = await sb.chat.postMessage({ projectId, message: 'I was charged twice for order ORD-1002. Please refund $129.99 to sara@example.com' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      await sb.dispatcher.dispatchBatch();
      clock.advance(90_000);
      const waiting = await scrape();
      assert.equal(waiting.get('switchboard_runs', { project: projectId, workflow: workflowName, status: 'waiting' }), 1);
      assert.equal(waiting.get('switchboard_runs', { project: projectId, workflow: workflowName, status: 'running' }), 0);
      assert.equal(waiting.has('switchboard_runs_finished_total'), false);
      const task = await sb.tasks.get(projectId, paused.task_id ?? '');
      assert.equal(waiting.get('switchboard_inbox_open_tasks', { project: projectId, priority: task.priority }), 1);
      assert.equal(waiting.sum('switchboard_inbox_open_tasks'), 1);
      assert.equal(waiting.get('switchboard_inbox_oldest_open_task_age_seconds', { project: projectId }), 90);
      assert.equal(waiting.get('switchboard_tool_calls_total', { tool: 'lookup_order', outcome: 'succeeded' }), 1);
      assert.equal(waiting.get('switchboard_tool_calls_total', { tool: 'issue_refund', outcome: 'succeeded' }), undefined, 'nothing is refunded before the decision');
      assert.ok((waiting.get('switchboard_model_tokens_total', { model: 'compatible/test-model', kind: 'input' }) ?? 0) >= 120);
      await assertTokensMatchStore(waiting, sb);
      await assertStepHistogramMatchesStore(waiting, sb, paused.run_id);
      const eventsSoFar = await outboxEvents(sb);
      assert.equal(waiting.get('switchboard_outbox_deliveries', { destination: 'flaky', status: 'pending' }), eventsSoFar);
      assert.equal(waiting.get('switchboard_outbox_deliveries', { destination: 'gone', status: 'dead' }), eventsSoFar);
      assert.equal(waiting.get('switchboard_outbox_deliveries', { destination: 'gone', status: 'pending' }), 0);
      assert.equal(waiting.get('switchboard_outbox_oldest_pending_age_seconds', { destination: 'flaky' }), 90);
      assert.equal(waiting.get('switchboard_outbox_oldest_pending_age_seconds', { destination: 'gone' }), 0, 'a dead letter is no lag');

      const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
      assert.equal(done.status, 'DONE');
      await sb.dispatcher.dispatchBatch();
      clock.advance(30_000);
      const finished = await scrape();
      assert.equal(finished.get('switchboard_runs', { project: projectId, workflow: workflowName, status: 'waiting' }), 0);
      assert.equal(finished.get('switchboard_runs_finished_total', { project: projectId, workflow: workflowName, status: 'completed' }), 1);
      assert.equal(finished.sum('switchboard_inbox_open_tasks'), 0);
      assert.equal(finished.get('switchboard_inbox_oldest_open_task_age_seconds', { project: projectId }), 0);
      assert.equal(finished.get('switchboard_tool_calls_total', { tool: 'issue_refund', outcome: 'succeeded' }), 1);
      assert.equal(finished.get('switchboard_tool_calls_total', { tool: 'lookup_order', outcome: 'succeeded' }), 1, 'a counter counts each execution once');
      await assertTokensMatchStore(finished, sb);
      await assertStepHistogramMatchesStore(finished, sb, paused.run_id);
      const allEvents = await outboxEvents(sb);
      assert.ok(allEvents > eventsSoFar, 'the decision and the finished run were announced');
      assert.equal(finished.get('switchboard_outbox_deliveries', { destination: 'flaky', status: 'pending' }), allEvents);
      assert.equal(finished.get('switchboard_outbox_deliveries', { destination: 'gone', status: 'dead' }), allEvents);
      assert.equal(finished.get('switchboard_outbox_oldest_pending_age_seconds', { destination: 'flaky' }), 120, 'the oldest pending delivery is still the first');
    });

    it('count the runs a worker could claim: a retry once its backoff passed, and a run whose lease ran out', async (t) => {
      const clock = new ManualClock('2026-03-02T09:00:00.000Z');
      const flaky = workflow<WorkflowState>('flaky')
        .node('call_out', {
          run: async () => {
            throw new SwitchboardError('timeout', 'the upstream service timed out');
          },
        })
        .build(() => ({}));
      const sb = await switchboardForTest(t, dialect, { clock, workflows: [flaky] });
      const scrape = await loopbackScraper(t, sb);
      const faq = await sb.chat.postMessage({ projectId, message: 'How long does shipping take?' });
      const { id: ticketId } = await sb.tickets.find(projectId, faq.thread_id);
      const leased = async () => (await sb.engine.createRun(sb.db.kysely, { projectId, ticketId, workflow: 'flaky', state: {} })).id;

      const retried = await leased();
      assert.equal((await sb.engine.drive(retried))?.status, 'queued', 'the failed step is retried after a backoff');
      await leased();
      const notYet = await scrape();
      assert.equal(notYet.get('switchboard_runs', { project: projectId, workflow: 'flaky', status: 'queued' }), 1);
      assert.equal(notYet.get('switchboard_runs', { project: projectId, workflow: 'flaky', status: 'running' }), 1);
      assert.equal(notYet.get('switchboard_queue_depth'), 0, 'the retry waits for its backoff and the other run is leased');

      clock.advance(1_000);
      assert.equal((await scrape()).get('switchboard_queue_depth'), 1, 'the retry is due');
      clock.advance(30_000);
      assert.equal((await scrape()).get('switchboard_queue_depth'), 2, 'the run whose worker went quiet can be claimed');
    });

    it('count failed model calls by model and error code', async (t) => {
      const { sb, fake } = await switchboardWithModel(t, dialect);
      fake.respondWith(() => ({ status: 500, body: { error: { message: 'overloaded' } } }));
      const scrape = await loopbackScraper(t, sb);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50 for ORD-1001' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL', 'the offline path takes over');
      const samples = await scrape();
      const errors = samples.get('switchboard_model_errors_total', { model: 'compatible/test-model', code: 'model_unavailable' }) ?? 0;
      assert.ok(errors >= 1);
      assert.equal(errors * 2, fake.requests.length, 'one error per call, each tried twice (max_retries: 1)');
      assert.equal(samples.sum('switchboard_model_tokens_total'), 0);
    });

    describe('access', () => {
      it('with a token, serves only the scraper that sends it, whoever else asks and from wherever', async (t) => {
        const config = demoConfigWith((text) => `${text}\nmetrics:\n  token: \${METRICS_TOKEN}\n`);
        const sb = await switchboardForTest(t, dialect, { config, env: { METRICS_TOKEN: scrapeToken } });
        const app = createHttpApp(sb);
        const { key } = await createApiKey(sb.identity, { projectId, name: 'admin', role: 'admin', createdBy: 'test' });
        const server = await startHttpServer(sb, { port: 0, host: '127.0.0.1' });
        t.after(() => server.close());

        const refusals = [
          await requestFrom(app, '203.0.113.7'),
          await requestFrom(app, '203.0.113.7', { authorization: 'Bearer not-the-token' }),
          await requestFrom(app, '203.0.113.7', { authorization: `Bearer ${key}` }),
          await fetch(`${server.url}/metrics`),
        ];
        for (const response of refusals) {
          assert.equal(response.status, 401);
          assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
        }

        const accepted = await requestFrom(app, '203.0.113.7', { authorization: `Bearer ${scrapeToken}` });
        assert.equal(accepted.status, 200);
        const samples = new Samples(await accepted.text());
        assert.equal(samples.get('switchboard_queue_depth'), 0);
        const overHttp = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${scrapeToken}` } });
        assert.equal(overHttp.status, 200);
        assert.ok(new Samples(await overHttp.text()).has('switchboard_runs'));
      });

      it('without a token, serves loopback callers only', async (t) => {
        const sb = await switchboardForTest(t, dialect);
        const app = createHttpApp(sb);
        const { key } = await createApiKey(sb.identity, { projectId, name: 'admin', role: 'admin', createdBy: 'test' });
        const callers: Record<string, string>[] = [{}, { authorization: `Bearer ${key}` }];
        for (const address of ['203.0.113.7', '10.0.0.5', '::2']) {
          for (const headers of callers) {
            const response = await requestFrom(app, address, headers);
            assert.equal(response.status, 403, address);
            assert.deepEqual(((await response.json()) as { error: { code: string; details: unknown } }).error.details, { permission: 'metrics' });
          }
        }
        for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) assert.equal((await requestFrom(app, address)).status, 200, address);
        const scrape = await loopbackScraper(t, sb);
        assert.equal((await scrape()).get('switchboard_queue_depth'), 0);
      });

      it('answers 404 when metrics are switched off, and will not start with a token variable that is not set', async (t) => {
        const off = await switchboardForTest(t, dialect, { config: demoConfigWith((text) => `${text}\nmetrics:\n  enabled: false\n`) });
        const response = await requestFrom(createHttpApp(off), '127.0.0.1');
        assert.equal(response.status, 404);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');

        const config = demoConfigWith((text) => `${text}\nmetrics:\n  token: \${METRICS_TOKEN}\n`);
        await assert.rejects(testSwitchboard(dialect, { config, env: {} }), (error: unknown) => error instanceof SwitchboardError && error.code === 'invalid_config' && /metrics\.token.*METRICS_TOKEN/.test(error.message));
      });
    });
  });
}
