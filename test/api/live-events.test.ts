// GET /api/projects/{projectId}/events: the project's engine events as Server-Sent Events, for the
// dashboard's live updates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHttpServer, type RunningServer } from '../../src/api/serve.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { readSse, type SseFrame } from '../support/sse-stream.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

const eventsPath = '/api/projects/default/events';

describe('live events over Server-Sent Events', () => {
  let env: TestSwitchboard;
  let server: RunningServer;
  let key: string;
  before(async () => {
    env = await testSwitchboard('sqlite');
    server = await startHttpServer(env.sb, { port: 0, host: '127.0.0.1', eventHeartbeatMs: 100 });
    key = (await createApiKey(env.sb.identity, { projectId: 'default', name: 'viewer', role: 'viewer', createdBy: 'test' })).key;
  });
  after(async () => {
    await server.close();
    await env.close();
  });

  const connect = async () => {
    const response = await fetch(`${server.url}${eventsPath}`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const stream = readSse(response);
    await stream.next((frame) => frame.event === 'ready', 'the ready event');
    return stream;
  };
  const json = (frame: SseFrame) => JSON.parse(frame.data) as Record<string, unknown>;

  it('streams the task a customer message creates while a reviewer is connected', async () => {
    const stream = await connect();
    try {
      const chat = await fetch(`${server.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'I want a refund of $42.50' }) });
      const { task_id: taskId } = (await chat.json()) as { task_id: string };
      const frame = await stream.next((f) => f.event === 'task' && json(f)['taskId'] === taskId, `the task event of ${taskId}`);
      assert.deepEqual(json(frame), { type: 'task', taskId, projectId: 'default', status: 'pending' });
    } finally {
      await stream.close();
    }
  });

  it("streams a ticket's new assignee", async () => {
    const stream = await connect();
    try {
      const chat = await fetch(`${server.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Where is my order ORD-1001?' }) });
      const { ticket } = (await chat.json()) as { ticket: string };
      const assigned = await env.sb.ticketAssignments.assign('default', ticket, 'rita@example.com', 'test');
      const frame = await stream.next((f) => f.event === 'ticket', 'the ticket event');
      assert.deepEqual(json(frame), { type: 'ticket', ticketId: assigned.id, projectId: 'default' });
    } finally {
      await stream.close();
    }
  });

  it('forwards only the events of the project asked for', async () => {
    const stream = await connect();
    try {
      env.sb.events.publish({ type: 'task', taskId: 'elsewhere', projectId: 'other', status: 'pending' });
      env.sb.events.publish({ type: 'task', taskId: 'here', projectId: 'default', status: 'pending' });
      const first = await stream.next((f) => f.event !== null, 'the first event');
      assert.equal(json(first)['taskId'], 'here');
    } finally {
      await stream.close();
    }
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const stream = await connect();
    try {
      assert.equal((await stream.next((f) => f.comment !== null, 'a heartbeat')).comment, 'heartbeat');
    } finally {
      await stream.close();
    }
  });

  it('needs a credential', async () => {
    const response = await fetch(`${server.url}${eventsPath}`);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
  });

  it('answers HEAD without opening a stream, which nobody would read and nothing would end', async () => {
    const events = env.sb.events;
    const subscribe = events.subscribe.bind(events);
    let opened = 0;
    events.subscribe = (listener) => {
      opened += 1;
      return subscribe(listener);
    };
    try {
      const response = await fetch(`${server.url}${eventsPath}`, { method: 'HEAD', headers: { authorization: `Bearer ${key}` } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(opened, 0);
    } finally {
      events.subscribe = subscribe;
    }
  });

  it('ends open streams when the server shuts down, so that closing does not wait for them', async () => {
    const own = await startHttpServer(env.sb, { port: 0, host: '127.0.0.1' });
    const response = await fetch(`${own.url}${eventsPath}`, { headers: { authorization: `Bearer ${key}` } });
    const stream = readSse(response);
    await stream.next((frame) => frame.event === 'ready', 'the ready event');
    await own.close();
    await assert.rejects(stream.next(() => false, 'the end of the stream'), /stream ended/);
  });
});
