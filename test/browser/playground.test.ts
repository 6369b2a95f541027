// The playground in Chromium: a scenario starts a thread, the bot answers, and the workflow graph
// lights up the path the conversation takes — paused at the human gate, then, once another reviewer
// approves, through Issue Refund to the end without a reload. Also: the other branches, typing as the
// customer, the tab's thread list across a reload, and a larger flow drawn without overlaps.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { demoConfigPath, parseConfig } from '../../src/config/load-config.ts';
import { defineTool } from '../../src/tools/tool.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dashboardSession } from './support/dashboard-session.ts';
import { openSignedIn, screenshot } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';

type NodeState = 'idle' | 'passed' | 'waiting' | 'running' | 'failed';

const graphNode = (page: Page, id: string, state?: NodeState) => page.locator(`.workflow-graph [data-node="${id}"]${state ? `[data-state="${state}"]` : ''}`);
const graphEdge = (page: Page, from: string, to: string) => page.locator(`.workflow-graph .graph-edge[data-from="${from}"][data-to="${to}"]`);
const chatMessage = (page: Page, role: string, text: RegExp) => page.locator(`.chat-message[data-role="${role}"]`, { hasText: text });
const pathTaken = (page: Page) => page.locator('.path-steps li').allTextContents();

async function stateOf(page: Page, id: string): Promise<string | null> {
  return graphNode(page, id).getAttribute('data-state');
}

async function edgeState(page: Page, from: string, to: string): Promise<string | null> {
  return graphEdge(page, from, to).getAttribute('data-state');
}

describe('the playground', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({}, async (opened) => {
    ({ server, page } = opened);
    await openSignedIn(page, server.reviewer, '/playground');
  });

  it('pauses a refund at the human gate, refuses the requester\'s own approval, and shows another reviewer\'s approval live', async () => {
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await chatMessage(page, 'customer', /I want a refund of \$42\.50 for order ORD-1001/).waitFor();
    await chatMessage(page, 'assistant', /passed your refund request of \$42\.50 to a reviewer/).waitFor();

    await graphNode(page, 'human_gate', 'waiting').waitFor();
    assert.equal(await stateOf(page, '__start__'), 'passed');
    assert.equal(await stateOf(page, 'classify'), 'passed');
    assert.equal(await stateOf(page, 'issue_refund'), 'idle');
    assert.equal(await stateOf(page, '__end__'), 'idle');
    assert.equal(await edgeState(page, '__start__', 'classify'), 'passed');
    assert.equal(await edgeState(page, 'classify', 'human_gate'), 'passed');
    assert.equal(await edgeState(page, 'classify', 'handle_faq'), 'idle');
    assert.equal(await graphNode(page, 'human_gate').getAttribute('aria-label'), 'Human Gate: waiting for approval');
    await graphNode(page, 'human_gate').locator('.node-note', { hasText: 'waiting for approval' }).waitFor();
    assert.deepEqual(await pathTaken(page), ['START', 'Classify', 'Human Gate (waiting for approval)']);

    await page.locator('.thread-status').getByText('Waiting for a reviewer').waitFor();
    const taskLink = page.getByRole('link', { name: 'Open the task in the inbox' });
    const taskId = ((await taskLink.getAttribute('href')) ?? '').replace('/tasks/', '');
    const task = (await (await server.staff(`/api/projects/default/human-tasks/${taskId}`)).json()) as { status: string; requested_by: string | null };
    assert.equal(task.status, 'pending', 'the link names the task the thread waits on');
    assert.equal(task.requested_by, server.reviewer.email, 'a signed-in person\'s chat is recorded as theirs');
    await screenshot(page, 'playground');

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Not decided: You asked for this decision, so someone else must approve it.' }).waitFor();
    assert.equal(await stateOf(page, 'human_gate'), 'waiting', 'the refused approval changed nothing');

    await page.evaluate('window.sameDocument = true');
    const approved = await server.staff(`/api/projects/default/human-tasks/${taskId}/resolve`, { decision: 'approved' });
    assert.equal(approved.status, 200);
    await chatMessage(page, 'assistant', /refund of \$42\.50 has been issued/).waitFor();
    await graphNode(page, '__end__', 'passed').waitFor();
    for (const id of ['__start__', 'classify', 'human_gate', 'issue_refund']) assert.equal(await stateOf(page, id), 'passed', id);
    assert.equal(await stateOf(page, 'refund_denied'), 'idle');
    assert.equal(await edgeState(page, 'human_gate', 'issue_refund'), 'passed');
    assert.equal(await edgeState(page, 'issue_refund', '__end__'), 'passed');
    assert.equal(await edgeState(page, 'human_gate', 'refund_denied'), 'idle');
    assert.deepEqual(await pathTaken(page), ['START', 'Classify', 'Human Gate', 'Issue Refund', 'END']);
    await page.locator('.thread-status[data-status="DONE"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve', exact: true }).count(), 0, 'nothing is left to decide');
    assert.equal(await page.getByRole('alert').filter({ hasText: 'Not decided' }).count(), 0, 'the refusal went with the task it was about');
    assert.equal(await page.evaluate('window.sameDocument'), true, 'the page was not reloaded');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'playground-resumed');
  });

  it('answers an FAQ along the FAQ branch, never reaching the human gate', async () => {
    await page.getByRole('button', { name: 'FAQ', exact: true }).click();
    await chatMessage(page, 'assistant', /Orders ship within 1 business day/).waitFor();
    await graphNode(page, 'handle_faq', 'passed').waitFor();
    await graphNode(page, '__end__', 'passed').waitFor();
    assert.equal(await edgeState(page, 'classify', 'handle_faq'), 'passed');
    assert.equal(await stateOf(page, 'human_gate'), 'idle');
    assert.equal(await edgeState(page, 'classify', 'human_gate'), 'idle');
    assert.equal(await page.locator('.workflow-graph [data-state="waiting"]').count(), 0);
    assert.deepEqual(await pathTaken(page), ['START', 'Classify', 'Handle FAQ', 'END']);
    assert.equal(await chatMessage(page, 'customer', /refund/).count(), 0, 'a scenario starts a thread of its own');
  });

  it('keeps the threads started in this tab across a reload, and shows each one\'s own path', async () => {
    await page.reload();
    const threads = page.getByRole('region', { name: /Threads/ }).getByRole('button');
    await page.getByRole('heading', { name: 'Threads (2)' }).waitFor();
    assert.equal(await threads.count(), 2);
    await graphNode(page, 'handle_faq', 'passed').waitFor();
    await threads.filter({ hasText: 'I want a refund of $42.50' }).click();
    await graphNode(page, 'issue_refund', 'passed').waitFor();
    await chatMessage(page, 'assistant', /refund of \$42\.50 has been issued/).waitFor();
    assert.equal(await stateOf(page, 'handle_faq'), 'idle');
  });

  it('files an issue as a ticket, and offers a person, whom the customer accepts with Enter', async () => {
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await chatMessage(page, 'assistant', /logged this as ticket TKT-\d+/).waitFor();
    await graphNode(page, 'create_ticket', 'passed').waitFor();
    assert.equal(await stateOf(page, 'human_gate'), 'idle');

    await page.getByRole('button', { name: 'Talk to a human', exact: true }).click();
    await chatMessage(page, 'assistant', /A human specialist can take over/).waitFor();
    await graphNode(page, 'offer_handoff', 'waiting').waitFor();
    await graphNode(page, 'offer_handoff').locator('.node-note', { hasText: 'waiting for the customer' }).waitFor();
    await page.locator('.thread-status').getByText('Waiting for the customer').waitFor();

    const box = page.getByLabel('Message as the customer');
    await box.pressSequentially('Yes,');
    await box.press('Shift+Enter');
    await box.pressSequentially('connect me with a person');
    assert.equal(await box.inputValue(), 'Yes,\nconnect me with a person', 'Shift+Enter starts a new line');
    await box.press('Enter');
    await page.locator('.thread-status[data-status="WITH_HUMAN"]').waitFor();
    const said = await page.locator('.chat-message[data-role="customer"] .chat-body').allTextContents();
    assert.deepEqual(said, ['I want to talk to a human', 'Yes,\nconnect me with a person'], 'Shift+Enter sent nothing; Enter sent both lines as one message');
    await graphNode(page, '__end__', 'passed').waitFor();
    assert.equal(await stateOf(page, 'offer_handoff'), 'passed');
    assert.equal(await box.inputValue(), '', 'a sent message leaves the box');
  });
});

const flowFile = fileURLToPath(new URL('../../config/flows/refund-with-handoff.json', import.meta.url));

/** The demo with its refund flow (its shop tools stood in for by code) and an escalation rule, so the graph has an escalation node. */
function flowServerOptions() {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('flows', { 'refund-with-handoff': flowFile });
  document.set('escalation', { agent: { triggers: [{ WHEN: 'user.frustration_detected == true', REASON: 'A frustrated customer', PRIORITY: 'high' }] } });
  const config = parseConfig(document.toString(), { source: 'playground-flow-test.yaml', baseDir: dirname(demoConfigPath) });
  const tools = ['orders__get_order', 'stripe__create_refund'].map((name) =>
    defineTool({ name, description: `stand-in for ${name}`, risk: 'read', input: z.record(z.string(), z.unknown()), execute: async () => ({}) }),
  );
  return { config, tools };
}

interface Rect {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

describe('the playground with a larger flow', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession(flowServerOptions(), async (opened) => {
    ({ server, page } = opened);
    await openSignedIn(page, server.reviewer, '/playground');
  });

  it('draws every node of a flow apart from the others, the escalation node below the rest, and lights up the flow\'s path', async () => {
    await page.getByLabel('Workflow', { exact: true }).selectOption('refund-with-handoff');
    await page.locator('.workflow-graph[data-workflow="refund-with-handoff"]').waitFor();
    const boxes = await Promise.all((await page.locator('.workflow-graph .graph-node').all()).map((node) => placedBox(node)));
    assert.equal(boxes.length, 13, 'ten flow nodes, start, end and the escalation wait');
    const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.id} × ${b.id}`));
    assert.deepEqual(overlapping, []);
    const escalation = boxes.find((box) => box.id === '__escalation__');
    const lowest = Math.max(...boxes.filter((box) => box.id !== '__escalation__').map((box) => box.y + box.height));
    assert.ok(escalation && escalation.y > lowest, 'the escalation node is drawn apart, below the flow');
    const end = boxes.find((box) => box.id === '__end__');
    assert.ok(end && boxes.every((box) => box.id === '__end__' || box.id === '__escalation__' || box.x < end.x), 'the end comes after every other node');
    assert.deepEqual(await page.evaluate<string[]>(edgesThroughNodes), [], 'a long edge goes round the nodes in its way');
    const label = await page.locator('.workflow-graph [data-node="check"] .node-label').boundingBox();
    assert.ok(label && label.height >= 9, `node labels stay legible (${label?.height ?? 0}px high)`);

    const box = page.getByLabel('Message as the customer');
    await box.fill('I want a refund for order ORD-1001');
    await box.press('Enter');
    await chatMessage(page, 'assistant', /verify it's you/).waitFor();
    await graphNode(page, 'auth', 'waiting').waitFor();
    assert.equal(await stateOf(page, 't1'), 'passed');
    assert.equal(await edgeState(page, 't1', 'auth'), 'passed');
    assert.equal(await stateOf(page, 'lookup'), 'idle');
  });
});

/** Run in the page: every edge that passes through a node other than its own two, by points along its path. */
const edgesThroughNodes = `(() => {
  const svg = document.querySelector('.workflow-graph');
  const nodes = [...svg.querySelectorAll('.graph-node')].map((node) => ({ id: node.getAttribute('data-node'), box: node.querySelector('.node-box').getBBox() }));
  const found = new Set();
  for (const path of svg.querySelectorAll('.graph-edge')) {
    const ends = [path.getAttribute('data-from'), path.getAttribute('data-to')];
    const length = path.getTotalLength();
    for (let i = 1; i < 60; i += 1) {
      const point = path.getPointAtLength((length * i) / 60);
      for (const { id, box } of nodes) {
        const inside = point.x > box.x && point.x < box.x + box.width && point.y > box.y && point.y < box.y + box.height;
        if (inside && !ends.includes(id)) found.add(ends.join(' → ') + ' crosses ' + id);
      }
    }
  }
  return [...found];
})()`;

async function placedBox(node: Locator): Promise<Rect> {
  const box = await node.locator('.node-box').boundingBox();
  assert.ok(box, 'every node is drawn');
  return { id: (await node.getAttribute('data-node')) ?? '', ...box };
}

function overlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
