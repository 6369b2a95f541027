// Every route of the HTTP app against every role: the expected rule of each route is written here, so a
// route added without one fails this test, and each role gets exactly the answer its permissions allow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { SwitchboardApp } from '../../src/api/auth/app-env.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { roleAllows, roles, type Permission, type Role } from '../../src/domain/roles.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

/**
 * `public`: anyone; `customer`: open to customers without credentials; `signed`: a chat's callback,
 * which ignores credentials and wants the chat's signature (401 without it, 404 while the chat is not
 * configured); `metrics`: Prometheus scrapes, served to the metrics token or to loopback callers only,
 * whatever credentials come along (this in-process app has no client address, so it is refused with
 * 403); otherwise the permission needed.
 */
type Rule = 'public' | 'customer' | 'signed' | 'metrics' | Permission;

const expectedRules: Record<string, Rule> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'metrics',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /': 'public',
  'GET /login': 'public',
  'GET /inbox': 'public',
  'GET /tasks/:taskId': 'public',
  'GET /tickets': 'public',
  'GET /tickets/:ticketId': 'public',
  'GET /playground': 'public',
  'GET /config': 'public',
  'GET /numbers': 'public',
  'GET /approvals': 'public',
  'GET /replay': 'public',
  'GET /assets/:name': 'public',
  'GET /actions/:token': 'public',
  'POST /actions/:token': 'public',
  'POST /hooks/slack/interactions': 'signed',
  'POST /hooks/discord/interactions': 'signed',
  'POST /hooks/telegram': 'signed',
  'POST /auth/login': 'public',
  'POST /auth/logout': 'public',
  'GET /auth/me': 'public',
  'POST /chat': 'customer',
  'GET /chat/:threadId': 'customer',
  'POST /chat/:threadId/handoff': 'customer',
  'GET /api/projects/:projectId/tickets': 'tickets.read',
  'GET /api/projects/:projectId/tickets/:ticketId': 'tickets.read',
  'POST /api/projects/:projectId/tickets/:ticketId/messages': 'tickets.reply',
  'PUT /api/projects/:projectId/tickets/:ticketId/assignee': 'tickets.assign',
  'POST /api/projects/:projectId/human-tasks': 'tasks.create',
  'GET /api/projects/:projectId/human-tasks': 'tasks.read',
  'GET /api/projects/:projectId/events': 'tasks.read',
  'GET /api/projects/:projectId/human-tasks/:taskId': 'tasks.read',
  'POST /api/projects/:projectId/human-tasks/:taskId/claim': 'tasks.claim',
  'POST /api/projects/:projectId/human-tasks/:taskId/assign': 'tasks.assign',
  'POST /api/projects/:projectId/human-tasks/:taskId/cancel': 'tasks.cancel',
  'POST /api/projects/:projectId/human-tasks/:taskId/resolve': 'tasks.resolve',
  'POST /api/projects/:projectId/respond/:ref': 'tasks.decide',
  'GET /api/projects/:projectId/api-keys': 'apikeys.manage',
  'POST /api/projects/:projectId/api-keys': 'apikeys.manage',
  'POST /api/projects/:projectId/api-keys/:keyId/revoke': 'apikeys.manage',
  'GET /api/projects/:projectId/users': 'users.manage',
  'GET /api/projects/:projectId/outbox': 'outbox.manage',
  'POST /api/projects/:projectId/outbox/:deliveryId/redeliver': 'outbox.manage',
  'POST /api/projects/:projectId/outbox/redeliver-dead': 'outbox.manage',
  'POST /api/projects/:projectId/users': 'users.manage',
  'GET /api/projects/:projectId/webhooks': 'webhooks.manage',
  'POST /api/projects/:projectId/webhooks/:name/enable': 'webhooks.manage',
  'GET /api/projects/:projectId/workflows': 'tickets.read',
  'GET /api/projects/:projectId/workflows/:name/graph': 'tickets.read',
  'GET /api/projects/:projectId/runs/:runId/path': 'tickets.read',
  'GET /api/projects/:projectId/config': 'tickets.read',
  'GET /api/projects/:projectId/classifier/calibration': 'tickets.read',
  'GET /api/projects/:projectId/stats': 'tickets.read',
  'POST /api/projects/:projectId/replay': 'replay.run',
  'GET /api/projects/:projectId/approval-analytics': 'tasks.read',
};

function routesOf(app: SwitchboardApp): string[] {
  return [...new Set(app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`))];
}

function concrete(path: string): string {
  return path.replace(':projectId', 'default').replace(/:[A-Za-z]+/g, 'nothing-here');
}

/** An event stream never ends by itself: its answer is the status, and the stream is closed. */
async function bodyOf(response: Response): Promise<unknown> {
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) return response.body?.cancel().then(() => null);
  return response.json().catch(() => null);
}

describe('route permissions', () => {
  let env: TestSwitchboard;
  let app: SwitchboardApp;
  const keys = new Map<Role, string>();
  before(async () => {
    env = await testSwitchboard('sqlite');
    app = createHttpApp(env.sb);
    for (const role of roles) keys.set(role, (await createApiKey(env.sb.identity, { projectId: 'default', name: role, role, createdBy: 'test' })).key);
  });
  after(() => env.close());

  const call = (route: string, key: string | null) => {
    const [method = 'GET', path = '/'] = route.split(' ');
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
    return app.request(concrete(path), method === 'GET' ? { headers } : { method, headers, body: '{}' });
  };

  it('has a written rule for every route the app serves, and no rule for a route it does not', () => {
    const served = routesOf(app).sort();
    assert.deepEqual(served.filter((route) => !(route in expectedRules)), [], 'routes without a rule in this test');
    assert.deepEqual(Object.keys(expectedRules).filter((route) => !served.includes(route)), [], 'rules for routes that do not exist');
  });

  it('answers 401 to a caller without credentials on every staff route', async () => {
    for (const [route, rule] of Object.entries(expectedRules)) {
      const response = await call(route, null);
      if (rule === 'signed') assert.ok([401, 404].includes(response.status), `${route} answered ${response.status}`);
      else if (rule === 'metrics') assert.equal(response.status, 403, route);
      else if (rule === 'public' || rule === 'customer') assert.notEqual(response.status, 403, route);
      else assert.equal(response.status, 401, route);
      if (rule === 'customer') assert.notEqual(response.status, 401, `${route} is open to customers`);
    }
  });

  it('gives each role exactly what its permissions allow: 403 naming the permission otherwise', async () => {
    for (const role of roles) {
      for (const [route, rule] of Object.entries(expectedRules)) {
        const response = await call(route, keys.get(role) ?? null);
        const body = (await bodyOf(response)) as { error?: { code: string; details?: { permission?: string } } } | null;
        const where = `${role} → ${route}`;
        if (rule === 'metrics') {
          assert.deepEqual([response.status, body?.error?.code, body?.error?.details?.permission], [403, 'forbidden', 'metrics'], `${where}: a staff key is no metrics token`);
          continue;
        }
        if (rule === 'signed') {
          assert.ok([401, 404].includes(response.status), `${where} answered ${response.status}: a key is no signature`);
          continue;
        }
        assert.notEqual(response.status, 401, where);
        assert.ok(response.status < 500, `${where} answered ${response.status}`);
        if (rule === 'public' || rule === 'customer' || roleAllows(role, rule)) {
          assert.notEqual(response.status, 403, where);
        } else {
          assert.equal(response.status, 403, where);
          assert.deepEqual([body?.error?.code, body?.error?.details?.permission], ['forbidden', rule], where);
        }
      }
    }
  });

  it('refuses an unknown or revoked key with the same 401 as a wrong password', async () => {
    const unknown = await call('GET /api/projects/:projectId/tickets', 'sbk_not-a-key');
    const garbage = await call('GET /api/projects/:projectId/tickets', 'nonsense');
    for (const response of [unknown, garbage]) {
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), { error: { code: 'unauthorized', message: 'Invalid credentials.' } });
    }
  });
});
