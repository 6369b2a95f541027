import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiApp, type ApiApp } from '../support/api-app.ts';
import { ChatResultSchema, HumanTaskSchema, ResolveResultSchema } from '../../src/api/schemas.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

type Json = Record<string, unknown>;

for (const dialect of await dialectsUnderTest()) {
  describe(`HTTP API: human tasks (${dialect})`, () => {
    let t: TestSwitchboard;
    let app: ApiApp;
    before(async () => {
      t = await testSwitchboard(dialect);
      app = await apiApp(t.sb);
    });
    after(() => t.close());

    const call = async (method: string, path: string, body?: unknown) => {
      const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await app.request(path, init);
      return { status: response.status, body: (await response.json()) as Json };
    };

    it('lists pending approvals, lets one reviewer claim, and resumes the run on resolve', async () => {
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'refund $30.00 for ORD-1002' })).body);
      const inbox = await call('GET', '/api/projects/default/human-tasks?status=pending');
      const tasks = (inbox.body['tasks'] as unknown[]).map((task) => HumanTaskSchema.parse(task));
      const task = tasks.find((candidate) => candidate.id === paused.task_id);
      assert.ok(task);
      assert.equal(task.type, 'approval');
      assert.deepEqual(task.tool_call, { tool: 'issue_refund', args: { amount_cents: 3000, currency: 'USD', order_id: 'ORD-1002', reason: 'refund $30.00 for ORD-1002' } });

      const claimed = await call('POST', `/api/projects/default/human-tasks/${task.id}/claim`, { userId: 'alice' });
      assert.equal(claimed.status, 200);
      assert.equal(claimed.body['claimed_by'], 'alice');
      const second = await call('POST', `/api/projects/default/human-tasks/${task.id}/claim`, { userId: 'bob' });
      assert.deepEqual([second.status, (second.body['error'] as Json)['code']], [409, 'already_claimed']);

      const resolved = await call('POST', `/api/projects/default/human-tasks/${task.id}/resolve`, { respondedBy: 'alice', decision: 'approved', fields: {}, notes: 'verified the order' });
      assert.equal(resolved.status, 200);
      const result = ResolveResultSchema.parse(resolved.body);
      assert.equal(result.task.status, 'completed');
      assert.equal(result.run?.status, 'DONE');
      assert.equal(result.run?.action_result, 'Refund issued: $30.00');
    });

    it('approves with edited arguments, and the tool runs with the edited ones', async () => {
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'refund $90.00 for ORD-1002' })).body);
      const resolved = ResolveResultSchema.parse((await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { respondedBy: 'carol', decision: 'approved', fields: { args: { amount_cents: 4500 } } })).body);
      assert.equal(resolved.run?.action_result, 'Refund issued: $45.00');
      assert.deepEqual(resolved.task.tool_call?.args['amount_cents'], 9000);
      assert.deepEqual(resolved.task.tool_call?.approvedArgs?.['amount_cents'], 4500);
    });

    it('rejects an unknown decision and unknown tasks with stable codes', async () => {
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'refund $33.00' })).body);
      const bad = await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { respondedBy: 'x', decision: 'maybe' });
      assert.deepEqual([bad.status, (bad.body['error'] as Json)['code']], [400, 'invalid_request']);
      const missingField = await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { respondedBy: 'x' });
      assert.deepEqual([missingField.status, (missingField.body['error'] as Json)['code']], [400, 'invalid_request']);
      const unknown = await call('POST', '/api/projects/default/human-tasks/nope/claim', { userId: 'x' });
      assert.deepEqual([unknown.status, (unknown.body['error'] as Json)['code']], [404, 'task_not_found']);
      const still = HumanTaskSchema.parse((await call('GET', `/api/projects/default/human-tasks/${paused.task_id}`)).body);
      assert.equal(still.status, 'pending');
    });

    it('publishes an OpenAPI document, a docs page and health checks', async () => {
      const doc = await call('GET', '/openapi.json');
      const paths = doc.body['paths'] as Json;
      for (const path of ['/chat', '/api/projects/{projectId}/tickets', '/api/projects/{projectId}/tickets/{ticketId}', '/api/projects/{projectId}/human-tasks', '/api/projects/{projectId}/human-tasks/{taskId}/claim', '/api/projects/{projectId}/human-tasks/{taskId}/resolve']) {
        assert.ok(path in paths, `OpenAPI documents ${path}`);
      }
      const docs = await app.request('/docs');
      assert.equal(docs.status, 200);
      assert.match(await docs.text(), /\/chat/);
      assert.deepEqual((await call('GET', '/healthz')).body, { status: 'ok' });
      assert.equal((await call('GET', '/readyz')).body['status'], 'ready');
      const unknownRoute = await call('GET', '/nope');
      assert.deepEqual([unknownRoute.status, (unknownRoute.body['error'] as Json)['code']], [404, 'not_found']);
    });
  });
}
