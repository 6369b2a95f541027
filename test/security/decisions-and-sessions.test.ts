// Customers versus reviewers: a customer's chat needs no credential but can never decide anything;
// a decision needs a reviewer, who may not approve what they asked for, nor above their limit. People
// sign in with a password into an httpOnly session whose changes need the CSRF header.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { ChatResultSchema } from '../../src/api/schemas.ts';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys.ts';
import { createUser } from '../../src/auth/users.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import type { Role } from '../../src/domain/roles.ts';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

type Json = Record<string, unknown>;
const projectId = 'default';

async function open(t: TestContext, dialect: Parameters<typeof switchboardForTest>[1], clock = new ManualClock('2026-03-02T10:00:00.000Z')) {
  // Reviewers approve up to $40.00; admins have no limit.
  const sb = await switchboardForTest(t, dialect, { clock, config: demoConfigWith((text) => `${text}\napproval_limits:\n  reviewer: 4000\n`) });
  const app = createHttpApp(sb);
  const keyFor = async (role: Role, name: string = role) => (await createApiKey(sb.identity, { projectId, name, role, createdBy: 'test' })).key;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await app.request(path, init);
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Json, headers: response.headers };
  };
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  return { sb, app, clock, keyFor, call, bearer };
}

async function refundCount(sb: Switchboard): Promise<number> {
  return Number((await sb.db.kysely.selectFrom('demo_refunds').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

async function refusals(sb: Switchboard) {
  return sb.db.kysely.selectFrom('audit_log').select(['actor', 'subject_id', 'data']).where('action', '=', 'human_task.decision_refused').orderBy('seq').execute();
}

const errorOf = (response: { body: Json }) => response.body['error'] as { code: string; message: string; details?: Json };

for (const dialect of await dialectsUnderTest()) {
  describe(`decisions need a reviewer (${dialect})`, () => {
    it('lets a customer chat without credentials but never approve, not even their own refund', async (t) => {
      const { sb, call } = await open(t, dialect);
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'I want a refund of $42.50' })).body);
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      const approve = await call('POST', '/chat', { thread_id: paused.thread_id, approval: true });
      assert.deepEqual([approve.status, errorOf(approve).code], [401, 'unauthorized']);
      const viaInbox = await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { decision: 'approved' });
      assert.equal(viaInbox.status, 401);
      const thread = await call('GET', `/chat/${paused.thread_id}`);
      assert.equal(thread.body['status'], 'PAUSED_FOR_APPROVAL', 'the customer can still read their own thread');
      assert.equal(await refundCount(sb), 0);
    });

    it('refuses an agent the approval and writes the refusal to the audit log', async (t) => {
      const { sb, call, keyFor, bearer } = await open(t, dialect);
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'I want a refund of $30.00' })).body);
      const agent = await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { decision: 'approved' }, bearer(await keyFor('agent', 'helpdesk')));
      assert.deepEqual([agent.status, errorOf(agent).details?.['permission']], [403, 'tasks.decide']);
      const [refusal] = await refusals(sb);
      assert.deepEqual([refusal?.actor, refusal?.subject_id], ['key:helpdesk', paused.task_id]);
      const reviewer = await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { decision: 'approved' }, bearer(await keyFor('reviewer')));
      assert.equal(reviewer.status, 200);
      assert.equal(await refundCount(sb), 1);
    });

    it('does not let a reviewer approve what they asked for themselves', async (t) => {
      const { sb, call, keyFor, bearer } = await open(t, dialect);
      const mine = await keyFor('reviewer', 'sam');
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'I want a refund of $30.00' }, bearer(mine))).body);
      const task = await sb.tasks.get(projectId, paused.task_id ?? '');
      assert.equal(task.requested_by, 'key:sam');
      const self = await call('POST', '/chat', { thread_id: paused.thread_id, approval: true }, bearer(mine));
      assert.deepEqual([self.status, errorOf(self).details?.['rule']], [403, 'self_approval']);
      const other = await call('POST', '/chat', { thread_id: paused.thread_id, approval: true }, bearer(await keyFor('reviewer', 'kim')));
      assert.equal(other.status, 200);
      assert.equal(ChatResultSchema.parse(other.body).status, 'DONE');
    });

    it('holds a reviewer to the configured limit, and lets them reject or approve a lower amount', async (t) => {
      const { sb, call, keyFor, bearer } = await open(t, dialect);
      const reviewer = bearer(await keyFor('reviewer'));
      const first = ChatResultSchema.parse((await call('POST', '/chat', { message: 'I want a refund of $42.50' })).body);
      const above = await call('POST', `/api/projects/default/human-tasks/${first.task_id}/resolve`, { decision: 'approved' }, reviewer);
      assert.deepEqual([above.status, errorOf(above).details?.['rule']], [403, 'approval_limit']);
      assert.match(errorOf(above).message, /\$42\.50 is above the reviewer limit of \$40\.00/);
      const edited = await call('POST', `/api/projects/default/human-tasks/${first.task_id}/resolve`, { decision: 'approved', fields: { args: { amount_cents: 4000 } } }, reviewer);
      assert.equal(edited.status, 200, JSON.stringify(edited.body));

      const second = ChatResultSchema.parse((await call('POST', '/chat', { message: 'I want a refund of $99.00' })).body);
      const rejected = await call('POST', `/api/projects/default/human-tasks/${second.task_id}/resolve`, { decision: 'rejected', notes: 'no' }, reviewer);
      assert.equal(rejected.status, 200);
      const third = ChatResultSchema.parse((await call('POST', '/chat', { message: 'I want a refund of $99.00' })).body);
      const admin = await call('POST', `/api/projects/default/human-tasks/${third.task_id}/resolve`, { decision: 'approved' }, bearer(await keyFor('admin')));
      assert.equal(admin.status, 200);
      assert.equal((await refusals(sb)).length, 1, 'the refused approval is audited');
    });

    it('records a signed-in person as themselves: they cannot decide in another name', async (t) => {
      const { sb, call } = await open(t, dialect);
      await createUser(sb.identity, { email: 'rita@example.com', role: 'reviewer', projectId, password: 'correct horse battery' });
      const login = await call('POST', '/auth/login', { email: 'rita@example.com', password: 'correct horse battery' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(/,(?=\s*sb_)/).map((part) => part.split(';')[0]).join('; ');
      const csrf = String(login.body['csrf_token']);
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'I want a refund of $30.00' })).body);
      const impersonating = await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { decision: 'approved', respondedBy: 'boss@example.com' }, { cookie, 'x-csrf-token': csrf });
      assert.equal(impersonating.status, 403);
      const asSelf = await call('POST', `/api/projects/default/human-tasks/${paused.task_id}/resolve`, { decision: 'approved' }, { cookie, 'x-csrf-token': csrf });
      assert.equal(asSelf.status, 200);
      assert.equal((await sb.tasks.get(projectId, paused.task_id ?? '')).responded_by, 'rita@example.com');
    });
  });

  describe(`sessions and keys (${dialect})`, () => {
    it('signs in with a password into an httpOnly SameSite cookie; changes need the CSRF header', async (t) => {
      const { sb, call } = await open(t, dialect);
      await createUser(sb.identity, { email: 'Vic@Example.com', role: 'viewer', projectId, password: 'a long enough password' });
      const stored = await sb.db.kysely.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
      assert.match(stored.password_hash ?? '', /^scrypt\$32768\$8\$1\$/);
      assert.ok(!(stored.password_hash ?? '').includes('a long enough password'));

      const login = await call('POST', '/auth/login', { email: 'vic@example.com', password: 'a long enough password' });
      assert.equal(login.status, 200);
      const setCookie = login.headers.get('set-cookie') ?? '';
      assert.match(setCookie, /sb_session=[^;]+;.*HttpOnly/i);
      assert.match(setCookie, /SameSite=Strict/i);
      const cookie = setCookie.split(/,(?=\s*sb_)/).map((part) => part.split(';')[0]).join('; ');
      assert.equal((await call('GET', '/api/projects/default/tickets', undefined, { cookie })).status, 200);
      const me = await call('GET', '/auth/me', undefined, { cookie });
      assert.deepEqual([me.body['name'], me.body['roles']], ['vic@example.com', { default: 'viewer' }]);
      assert.deepEqual(me.body['permissions'], { default: ['tickets.read', 'tasks.read'] }, 'what a viewer may do, as the routes check it');
      assert.deepEqual(login.body['permissions'], me.body['permissions']);
      const noCsrf = await call('POST', '/api/projects/default/human-tasks', { type: 'review', title: 't', reason: 'r' }, { cookie });
      assert.deepEqual([noCsrf.status, errorOf(noCsrf).details?.['permission']], [403, 'csrf']);
      const withCsrf = await call('POST', '/api/projects/default/human-tasks', { type: 'review', title: 't', reason: 'r' }, { cookie, 'x-csrf-token': String(login.body['csrf_token']) });
      assert.deepEqual([withCsrf.status, errorOf(withCsrf).details?.['permission']], [403, 'tasks.create'], 'a viewer, past the CSRF check, still lacks the permission');

      await call('POST', '/auth/logout', undefined, { cookie, 'x-csrf-token': String(login.body['csrf_token']) });
      assert.equal((await call('GET', '/api/projects/default/tickets', undefined, { cookie })).status, 401, 'a signed-out session is dead');
    });

    it('answers a wrong password and an unknown email alike, and ends sessions when they expire', async (t) => {
      const { sb, call, clock } = await open(t, dialect);
      await createUser(sb.identity, { email: 'ed@example.com', role: 'reviewer', projectId, password: 'the right password' });
      const wrong = await call('POST', '/auth/login', { email: 'ed@example.com', password: 'the wrong password' });
      const unknown = await call('POST', '/auth/login', { email: 'nobody@example.com', password: 'the right password' });
      assert.deepEqual([wrong.status, wrong.body], [401, { error: { code: 'unauthorized', message: 'Invalid credentials.' } }]);
      assert.deepEqual([unknown.status, unknown.body], [wrong.status, wrong.body]);

      const login = await call('POST', '/auth/login', { email: 'ed@example.com', password: 'the right password' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(/,(?=\s*sb_)/).map((part) => part.split(';')[0]).join('; ');
      assert.equal((await call('GET', '/auth/me', undefined, { cookie })).status, 200);
      clock.advance(13 * 60 * 60_000);
      assert.equal((await call('GET', '/auth/me', undefined, { cookie })).status, 401);
    });

    it('stores API keys hashed, shows them once, and refuses a revoked one at once', async (t) => {
      const { sb, call, bearer } = await open(t, dialect);
      const created = await createApiKey(sb.identity, { projectId, name: 'ci', role: 'viewer', createdBy: 'test' });
      const row = await sb.db.kysely.selectFrom('api_keys').selectAll().where('id', '=', created.view.id).executeTakeFirstOrThrow();
      assert.notEqual(row.key_hash, created.key);
      assert.ok(!JSON.stringify(row).includes(created.key), 'the key itself is nowhere in the row');
      assert.equal((await call('GET', '/api/projects/default/tickets', undefined, bearer(created.key))).status, 200);
      await revokeApiKey(sb.identity, projectId, created.view.id);
      assert.equal((await call('GET', '/api/projects/default/tickets', undefined, bearer(created.key))).status, 401);
    });

    it('lets an admin create keys and people over the API, each secret in one answer only', async (t) => {
      const { call, keyFor, bearer } = await open(t, dialect);
      const admin = bearer(await keyFor('admin'));
      const made = await call('POST', '/api/projects/default/api-keys', { name: 'zapier', role: 'agent' }, admin);
      assert.equal(made.status, 201);
      assert.match(String(made.body['key']), /^sbk_/);
      const listed = await call('GET', '/api/projects/default/api-keys', undefined, admin);
      assert.ok(!JSON.stringify(listed.body).includes(String(made.body['key'])));
      const person = await call('POST', '/api/projects/default/users', { email: 'new@example.com', role: 'reviewer' }, admin);
      assert.equal(person.status, 201);
      assert.equal(String(person.body['password']).length >= 12, true);
      const login = await call('POST', '/auth/login', { email: 'new@example.com', password: String(person.body['password']) });
      assert.equal(login.status, 200);
    });
  });
}
