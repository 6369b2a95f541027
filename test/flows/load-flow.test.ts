// Seed 003's workflow file loads as written, and a broken one is refused at load with the file, the
// line and the path of each problem.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { parseFlow } from '../../src/flows/load-flow.ts';

const seedPath = fileURLToPath(new URL('../../config/flows/refund-with-handoff.json', import.meta.url));
const seedText = readFileSync(seedPath, 'utf8');

function problemOf(text: string): string {
  try {
    parseFlow('broken', text, 'flows/broken.json');
  } catch (error) {
    assert.ok(isSwitchboardError(error), `expected a SwitchboardError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_config');
    return error.message;
  }
  assert.fail('the flow loaded');
}

describe('loading a visual-builder workflow', () => {
  it('loads seed 003\'s "Complete Refund Workflow with Handoff" as written', () => {
    const document = JSON.parse(seedText) as { nodes: { type: string }[]; edges: unknown[] };
    assert.deepEqual(document.nodes.map((node) => node.type), ['trigger', 'auth_gate', 'mcp_tool', 'logic', 'action', 'mcp_tool', 'mcp_tool', 'send_message', 'send_message', 'send_message']);
    assert.equal(document.edges.length, 9);
    const flow = parseFlow('refund-with-handoff', seedText, 'refund-with-handoff.json');
    assert.equal(flow.start, 't1');
    assert.equal(flow.nodes.size, 10);
    assert.deepEqual(Object.fromEntries(flow.edges.get('check') ?? []), { true: 'handoff', false: 'auto_refund' });
    assert.deepEqual(Object.fromEntries(flow.edges.get('handoff') ?? []), { approved: 'approved_refund', rejected: 'msg_rejected' });
  });

  it('names an unknown node type with its line and path', () => {
    const message = problemOf(seedText.replace('"type": "logic"', '"type": "switch"'));
    assert.match(message, /^flows\/broken\.json:6:\d+ nodes\[3\]\.type: unknown node type/);
  });

  it('names an edge to a missing node', () => {
    const message = problemOf(seedText.replace('"target": "msg_auto"', '"target": "msg_done"'));
    assert.match(message, /^flows\/broken\.json:23:\d+ edges\[8\]\.target: edge to "msg_done", which is not a node/);
  });

  it('names an edge from a missing node', () => {
    assert.match(problemOf(seedText.replace('"source": "auto_refund"', '"source": "auto"')), /edges\[8\]\.source: edge from "auto"/);
  });

  it('names an unknown variable in a template, listing the known ones', () => {
    const message = problemOf(seedText.replace('Refund ${{order.total}}', 'Refund ${{ordr.total}}'));
    assert.match(message, /:7:\d+ nodes\[4\]\.data\.reason: unknown variable \{\{ordr\.total\}\}: no node writes "ordr" \(known: .*order/);
  });

  it('names a condition that is not valid CEL', () => {
    assert.match(problemOf(seedText.replace('{{order.total}} > 500', '{{order.total}} >> 500')), /nodes\[3\]\.data\.condition: the condition is not valid CEL/);
  });

  it('refuses a handle the node does not have, saying which it has', () => {
    const message = problemOf(seedText.replace('"sourceHandle": "approved"', '"sourceHandle": "ok"'));
    assert.match(message, /edges\[5\]\.sourceHandle: a action node has no "ok" handle; use "approved" or "rejected"/);
  });

  it('refuses two edges leaving by the same handle', () => {
    assert.match(problemOf(seedText.replace('"sourceHandle": "false"', '"sourceHandle": "true"')), /edges\[4\]: "check" already has an edge for "true"/);
  });

  it('refuses duplicate node ids, a missing trigger and tool arguments that are not JSON', () => {
    assert.match(problemOf(seedText.replace('"id": "msg_auto"', '"id": "msg_approved"')), /nodes\[9\]\.id: node id "msg_approved" is used twice/);
    assert.match(problemOf(seedText.replace('"type": "trigger"', '"type": "send_message"')), /nodes\[0\]\.data\.message/);
    assert.match(problemOf(seedText.replace('"arguments": "{\\"email\\": \\"{{email}}\\"}"', '"arguments": "{email}"')), /nodes\[2\]\.data\.arguments: arguments are not valid JSON/);
  });

  it('reports a file that is not JSON at its line', () => {
    assert.match(problemOf('{ "nodes": [ { "id": "t1", ] }'), /^flows\/broken\.json:1:\d+ /);
  });

  it('reports a YAML alias without its anchor at its line', () => {
    assert.match(problemOf('nodes: *missing\nedges: []\n'), /^flows\/broken\.json:1:8 .*anchor/);
  });

  it('reports every problem count, starting with the first', () => {
    const message = problemOf(seedText.replace('"target": "msg_auto"', '"target": "x"').replace('"target": "msg_approved"', '"target": "y"'));
    assert.match(message, /edges\[7\]\.target.*\(and 1 more problem\)/);
  });
});
