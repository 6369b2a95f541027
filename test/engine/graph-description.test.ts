// Drawing a workflow from its declared graph, and reading the path a run took from its steps: a pause
// and its resumption are one visit, while a node that routes to itself is visited again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeWorkflow } from '../../src/engine/graph-description.ts';
import { END, type NodeOutcome, type WorkflowState } from '../../src/engine/graph.ts';
import { runPath, type PathStep } from '../../src/engine/run-path.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { flowWorkflow } from '../../src/flows/compile-flow.ts';
import { parseFlow } from '../../src/flows/load-flow.ts';

const next = (): Promise<NodeOutcome<WorkflowState>> => Promise.resolve({ kind: 'next', record: { layer: 'system', source: 'test', decision: 'ok' } });
const flowFile = fileURLToPath(new URL('../../config/flows/refund-with-handoff.json', import.meta.url));

const step = (seq: number, node: string, wait: PathStep['wait'] = null, status: PathStep['status'] = 'succeeded'): PathStep => ({ seq, node, status, wait, decision: `d${seq}` });

describe('describing a workflow', () => {
  it('draws a code-first workflow without labels as plain steps, with start, end and ranks', () => {
    const graph = describeWorkflow(
      workflow<WorkflowState>('plain')
        .node('a', { run: next })
        .node('b', { run: next })
        .node('c', { run: next })
        .route('a', () => 'x', { x: 'b', y: 'c', z: 'c' })
        .edge('b', 'c')
        .build(() => ({})),
    );
    assert.deepEqual(graph.nodes.map((n) => [n.id, n.label, n.kind, n.rank]), [
      ['__start__', 'START', 'start', 0],
      ['a', 'a', 'step', 1],
      ['b', 'b', 'step', 2],
      ['c', 'c', 'step', 2],
      ['__end__', 'END', 'end', 3],
    ]);
    assert.deepEqual(graph.edges, [
      { from: '__start__', to: 'a', label: null },
      { from: 'a', to: 'b', label: 'x' },
      { from: 'a', to: 'c', label: 'y, z' },
      { from: 'b', to: 'c', label: null },
      { from: 'c', to: '__end__', label: null },
    ]);
  });

  it('adds the engine escalation node, without edges, when escalation is configured', () => {
    const graph = describeWorkflow(workflow<WorkflowState>('one').node('a', { run: next }).build(() => ({})), { escalation: true });
    assert.deepEqual(graph.nodes.at(-1), { id: '__escalation__', label: 'Escalation', kind: 'human', layer: 'human', rank: null });
    assert.ok(!graph.edges.some((edge) => edge.from === '__escalation__' || edge.to === '__escalation__'));
  });

  it('draws seed 003 flow JSON with its own nodes and edges, and each unconnected handle ending the run', () => {
    const text = readFileSync(flowFile, 'utf8');
    const document = JSON.parse(text) as { nodes: { id: string; type: string }[]; edges: { source: string; target: string; sourceHandle?: string }[] };
    const graph = describeWorkflow(flowWorkflow(parseFlow('refund-with-handoff', text, 'refund-with-handoff.json'), { botName: 'Bot', supportEmail: 'support@example.com', newCode: () => '123456' }));
    assert.deepEqual(graph.nodes.map((n) => n.id), ['__start__', ...document.nodes.map((n) => n.id), '__end__']);
    for (const edge of document.edges) {
      assert.ok(graph.edges.some((e) => e.from === edge.source && e.to === edge.target && e.label === (edge.sourceHandle ?? null)), `${edge.source} → ${edge.target}`);
    }
    const drawn = graph.edges.filter((e) => e.from !== '__start__' && e.to !== END).map((e) => `${e.from}>${e.to}`);
    assert.deepEqual(drawn.sort(), document.edges.map((e) => `${e.source}>${e.target}`).sort(), 'no edge the file does not have');
    assert.ok(graph.edges.some((e) => e.from === 'auth' && e.to === END && e.label === 'failed'), 'a failed verification ends the run');
    assert.ok(graph.edges.some((e) => e.from === 'lookup' && e.to === END && e.label === 'rejected, error'));
    const kinds = Object.fromEntries(graph.nodes.map((n) => [n.id, n.kind]));
    assert.deepEqual([kinds['t1'], kinds['auth'], kinds['lookup'], kinds['check'], kinds['handoff'], kinds['msg_auto']], ['trigger', 'gate', 'tool', 'branch', 'human', 'reply']);
    assert.equal(graph.nodes.find((n) => n.id === 'lookup')?.label, 'lookup (orders__get_order)');
  });
});

describe('the path a run took', () => {
  it('keeps a pause and its resumption as one visit, and ends at __end__ once completed', () => {
    const path = runPath({ status: 'completed', currentNode: null }, [step(1, 'classify'), step(2, 'human_gate', 'approval'), step(3, 'human_gate'), step(4, 'issue_refund')]);
    assert.deepEqual(path, [
      { node: '__start__', status: 'passed', seqs: [], waits: [], decision: null },
      { node: 'classify', status: 'passed', seqs: [1], waits: [], decision: 'd1' },
      { node: 'human_gate', status: 'passed', seqs: [2, 3], waits: ['approval'], decision: 'd3' },
      { node: 'issue_refund', status: 'passed', seqs: [4], waits: [], decision: 'd4' },
      { node: '__end__', status: 'passed', seqs: [], waits: [], decision: null },
    ]);
  });

  it('tells a resumed tool call from the same node running again along its own edge', () => {
    // agent_tool pauses for approval, is resumed (approved), then routes to itself to execute the call.
    const path = runPath({ status: 'completed', currentNode: null }, [step(1, 'specialist'), step(2, 'agent_tool', 'approval'), step(3, 'agent_tool'), step(4, 'agent_tool'), step(5, 'specialist')]);
    assert.deepEqual(path.map((v) => [v.node, v.seqs]), [['__start__', []], ['specialist', [1]], ['agent_tool', [2, 3]], ['agent_tool', [4]], ['specialist', [5]], ['__end__', []]]);
  });

  it('marks where a run waits, runs or failed', () => {
    const waiting = runPath({ status: 'waiting', currentNode: 'offer_handoff' }, [step(1, 'classify'), step(2, 'offer_handoff', 'customer')]);
    assert.deepEqual(waiting.at(-1)?.status, 'waiting');
    const resumed = runPath({ status: 'running', currentNode: 'offer_handoff' }, [step(1, 'classify'), step(2, 'offer_handoff', 'customer')]);
    assert.deepEqual(resumed.map((v) => [v.node, v.status]), [['__start__', 'passed'], ['classify', 'passed'], ['offer_handoff', 'running']]);
    const queued = runPath({ status: 'queued', currentNode: 'human_gate' }, [step(1, 'classify')]);
    assert.deepEqual(queued.at(-1), { node: 'human_gate', status: 'running', seqs: [], waits: [], decision: null });
    const failed = runPath({ status: 'failed', currentNode: null }, [step(1, 'classify'), step(2, 'issue_refund', null, 'failed')]);
    assert.deepEqual(failed.map((v) => [v.node, v.status]), [['__start__', 'passed'], ['classify', 'passed'], ['issue_refund', 'failed']]);
  });

  it('shows an escalation as a pause at the step that triggered it, then a visit to the engine escalation node', () => {
    const waiting = runPath({ status: 'waiting', currentNode: '__escalation__' }, [step(1, 'classify', 'escalation')]);
    assert.deepEqual(waiting.at(-1), { node: 'classify', status: 'waiting', seqs: [1], waits: ['escalation'], decision: 'd1' });
    const continued = runPath({ status: 'completed', currentNode: null }, [step(1, 'classify', 'escalation'), step(2, '__escalation__'), step(3, 'handle_faq')]);
    assert.deepEqual(continued.map((v) => v.node), ['__start__', 'classify', '__escalation__', 'handle_faq', '__end__']);
  });
});
