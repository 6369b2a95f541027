// The playground's graph: the default workflow and flows drawn with their nodes and edges, and the
// path every kind of conversation takes, each move of which is an edge of the drawn graph.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { WorkflowGraphs } from '../../src/app/workflow-graphs.ts';
import { apiApp, type ApiApp } from '../support/api-app.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const base = `/api/projects/${projectId}`;

interface Graph {
  nodes: { id: string; label: string; kind: string; layer: string | null; rank: number | null }[];
  edges: { from: string; to: string; label: string | null }[];
}
interface Visit {
  node: string;
  status: string;
  seqs: number[];
  waits: string[];
  decision: string | null;
}
interface RunPath {
  run_id: string;
  status: string;
  waiting_for: { kind: string; task_id: string | null } | null;
  path: Visit[];
}

for (const dialect of await dialectsUnderTest()) {
  describe(`workflow graphs and run paths (${dialect})`, () => {
    let env: TestSwitchboard;
    let sb: Switchboard;
    let app: ApiApp;
    let graph: Graph;

    before(async () => {
      env = await testSwitchboard(dialect);
      sb = env.sb;
      app = await apiApp(sb, { role: 'viewer' });
      graph = (await get('/workflows/support-triage/graph')).body as Graph;
    });
    after(() => env.close());

    async function get(path: string): Promise<{ status: number; body: unknown }> {
      const response = await app.request(`${base}${path}`);
      return { status: response.status, body: await response.json() };
    }

    const pathOf = async (runId: string) => (await get(`/runs/${runId}/path`)).body as RunPath;
    const nodesOf = (path: RunPath) => path.path.map((visit) => visit.node);
    const hasEdge = (from: string, to: string) => graph.edges.some((edge) => edge.from === from && edge.to === to);

    /** Every run of the ticket: each move from one visit to the next is an edge of the drawn graph. */
    async function assertEveryMoveIsAnEdge(threadId: string): Promise<RunPath[]> {
      const ticket = await sb.tickets.detail(projectId, threadId);
      const paths = await Promise.all(ticket.runs.map((run) => pathOf(run.id)));
      for (const path of paths) {
        const nodes = nodesOf(path);
        nodes.slice(1).forEach((to, index) => {
          const from = nodes[index] ?? '';
          assert.ok(hasEdge(from, to), `${from} → ${to} (run path ${nodes.join(' → ')}) is an edge of the graph`);
        });
        const steps = ticket.runs.find((run) => run.id === path.run_id)?.steps.map((step) => step.seq) ?? [];
        assert.deepEqual(path.path.flatMap((visit) => visit.seqs), steps, 'every step belongs to exactly one visit, in order');
      }
      return paths;
    }

    it('lists the built-in workflow as the default', async () => {
      const { status, body } = await get('/workflows');
      assert.equal(status, 200);
      assert.deepEqual(body, { workflows: [{ name: 'support-triage', kind: 'built-in', default: true, source: null }] });
    });

    it('draws the default workflow with seed 004 labels, kinds and routed edges', () => {
      const node = (id: string) => graph.nodes.find((n) => n.id === id);
      assert.deepEqual(node('__start__'), { id: '__start__', label: 'START', kind: 'start', layer: null, rank: 0 });
      assert.deepEqual(node('classify'), { id: 'classify', label: 'Classify', kind: 'triage', layer: 'triage', rank: 1 });
      assert.deepEqual(node('human_gate'), { id: 'human_gate', label: 'Human Gate', kind: 'human', layer: 'human', rank: 2 });
      assert.equal(node('issue_refund')?.kind, 'tool');
      assert.equal(node('specialist')?.kind, 'llm');
      assert.equal(node('__end__')?.kind, 'end');
      assert.equal(node('__escalation__'), undefined, 'the demo configures no escalation');
      for (const [from, to, label] of [
        ['__start__', 'classify', null],
        ['classify', 'human_gate', 'refund'],
        ['classify', 'handle_faq', 'faq'],
        ['human_gate', 'issue_refund', 'approve'],
        ['human_gate', 'refund_denied', 'deny'],
        ['offer_handoff', 'classify', 'retriage'],
        ['agent_tool', 'agent_tool', 'tool'],
        ['issue_refund', '__end__', null],
      ] as const) {
        assert.ok(graph.edges.some((edge) => edge.from === from && edge.to === to && edge.label === label), `edge ${from} → ${to} (${label})`);
      }
      const ids = new Set(graph.nodes.map((n) => n.id));
      for (const edge of graph.edges) assert.ok(ids.has(edge.from) && ids.has(edge.to), `${edge.from} → ${edge.to} joins drawn nodes`);
    });

    it('a refund pauses at the human gate and, approved, goes on to issue it', async () => {
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      const waiting = await pathOf(paused.run_id);
      assert.deepEqual(nodesOf(waiting), ['__start__', 'classify', 'human_gate']);
      assert.deepEqual(waiting.path.at(-1), { node: 'human_gate', status: 'waiting', seqs: [2], waits: ['approval'], decision: 'approval_required' });
      assert.deepEqual(waiting.waiting_for, { kind: 'approval', task_id: paused.task_id });
      await sb.tasks.resolve(projectId, paused.task_id ?? '', { respondedBy: 'rita', decision: 'approved' });
      const done = await pathOf(paused.run_id);
      assert.deepEqual(nodesOf(done), ['__start__', 'classify', 'human_gate', 'issue_refund', '__end__']);
      assert.deepEqual(done.path[2], { node: 'human_gate', status: 'passed', seqs: [2, 3], waits: ['approval'], decision: 'approved' });
      assert.equal(done.status, 'completed');
      assert.equal(done.waiting_for, null);
      await assertEveryMoveIsAnEdge(paused.thread_id);
    });

    it('a rejected refund goes from the gate to the denial', async () => {
      const paused = await sb.chat.postMessage({ projectId, message: 'Please refund 59.99 USD for ORD-1002' });
      await sb.tasks.resolve(projectId, paused.task_id ?? '', { respondedBy: 'rita', decision: 'rejected', notes: 'already refunded' });
      const [path] = await assertEveryMoveIsAnEdge(paused.thread_id);
      assert.deepEqual(path && nodesOf(path), ['__start__', 'classify', 'human_gate', 'refund_denied', '__end__']);
    });

    it('an FAQ is answered straight from triage', async () => {
      const answered = await sb.chat.postMessage({ projectId, message: 'How long does shipping take?' });
      assert.equal(answered.status, 'DONE');
      const [path] = await assertEveryMoveIsAnEdge(answered.thread_id);
      assert.deepEqual(path && nodesOf(path), ['__start__', 'classify', 'handle_faq', '__end__']);
    });

    it('an order status question looks the order up', async () => {
      const answered = await sb.chat.postMessage({ projectId, message: 'Where is my order ORD-1001?' });
      const [path] = await assertEveryMoveIsAnEdge(answered.thread_id);
      assert.deepEqual(path && nodesOf(path), ['__start__', 'classify', 'order_status', '__end__']);
    });

    it('an order status question without an order id waits for the customer, then resumes the same visit', async () => {
      const asked = await sb.chat.postMessage({ projectId, message: 'Where is my order?' });
      assert.equal(asked.status, 'AWAITING_CUSTOMER');
      assert.deepEqual((await pathOf(asked.run_id)).path.at(-1), { node: 'order_status', status: 'waiting', seqs: [2], waits: ['customer'], decision: 'ask_customer' });
      await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: 'It is ORD-1003' });
      const [path] = await assertEveryMoveIsAnEdge(asked.thread_id);
      assert.deepEqual(path && nodesOf(path), ['__start__', 'classify', 'order_status', '__end__']);
    });

    it('a handoff waits for the customer at the offer and ends with a person', async () => {
      const offered = await sb.chat.postMessage({ projectId, message: 'can I talk to human?' });
      assert.deepEqual((await pathOf(offered.run_id)).waiting_for, { kind: 'customer', task_id: null });
      const accepted = await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'yes please' });
      assert.equal(accepted.status, 'WITH_HUMAN');
      const [path] = await assertEveryMoveIsAnEdge(offered.thread_id);
      assert.deepEqual(path && nodesOf(path), ['__start__', 'classify', 'offer_handoff', '__end__']);
      assert.deepEqual(path?.path[2]?.waits, ['customer']);
    });

    it('a new request in answer to the offer goes back to triage along the retriage edge', async () => {
      const offered = await sb.chat.postMessage({ projectId, message: 'can I talk to human?' });
      await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'Actually, how long does shipping take?' });
      const [path] = await assertEveryMoveIsAnEdge(offered.thread_id);
      assert.deepEqual(path && nodesOf(path), ['__start__', 'classify', 'offer_handoff', 'classify', 'handle_faq', '__end__']);
    });

    it('answers 404 for an unknown workflow, an unknown run and a run of another project', async () => {
      const unknown = await get('/workflows/nope/graph');
      assert.equal(unknown.status, 404);
      assert.equal((unknown.body as { error: { code: string } }).error.code, 'not_found');
      const noRun = await get('/runs/01NOPE/path');
      assert.equal(noRun.status, 404);
      assert.equal((noRun.body as { error: { code: string } }).error.code, 'run_not_found');
      const run = await sb.chat.postMessage({ projectId, message: 'How long does shipping take?' });
      const graphs = new WorkflowGraphs({ db: sb.db, workflows: sb.workflows, config: sb.config });
      await assert.rejects(graphs.path('other', run.run_id), { code: 'run_not_found' }, 'a run is found only in its own project');
    });
  });
}
