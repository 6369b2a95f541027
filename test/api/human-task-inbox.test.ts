// The inbox over HTTP (seed 001): creating tasks, filtering, assigning, cancelling, the 409s of a
// closed task, the audit trail of every change, and that a refused request writes nothing.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { apiApp } from '../support/api-app.ts';
import { CancelResultSchema, ChatResultSchema, HumanTaskSchema } from '../../src/api/schemas.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { fromJson } from '../../src/store/json.ts';
import { dialectsUnderTest, type DialectName } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

type Json = Record<string, unknown>;
const tasksPath = '/api/projects/default/human-tasks';
const minute = 60_000;

for (const dialect of await dialectsUnderTest()) {
  describe(`HTTP API: the inbox (${dialect})`, () => {
    it('creates a task whose reason is filled from its variables', async (t) => {
      const { call, clock } = await openInbox(t, dialect);
      const created = await call('POST', tasksPath, {
        type: 'data_entry',
        title: 'Complete customer verification',
        reason: 'Refund of ${{amount}} for {{ order }} needs {{order}} checked',
        variables: { amount: '1250.00', order: 'ORD-9' },
        context: { customerId: 'cust_123' },
        fields: [{ name: 'id_verified', type: 'boolean', label: 'ID verified?', required: true }],
        priority: 'high',
        dueInMinutes: 30,
        createdBy: 'ops',
      });
      assert.equal(created.status, 201);
      const task = HumanTaskSchema.parse(created.body);
      assert.equal(task.reason, 'Refund of $1250.00 for ORD-9 needs ORD-9 checked');
      assert.deepEqual([task.type, task.status, task.priority, task.overdue], ['data_entry', 'pending', 'high', false]);
      assert.equal(task.due_at, new Date(clock.now().getTime() + 30 * minute).toISOString());
      assert.deepEqual(task.fields, [{ name: 'id_verified', type: 'boolean', label: 'ID verified?', required: true }]);
      assert.deepEqual(task.context, { customerId: 'cust_123' });
      assert.deepEqual(HumanTaskSchema.parse((await call('GET', `${tasksPath}/${task.id}`)).body), task);

      const owned = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'review', title: 'Look', reason: 'plain', assignedToTeam: 'finance', dueAt: '2026-01-02T09:00:00+02:00', createdBy: 'ops' })).body);
      assert.deepEqual([owned.status, owned.assigned_team, owned.priority, owned.due_at], ['assigned', 'finance', 'medium', '2026-01-02T07:00:00.000Z']);
    });

    it('refuses a reason naming a variable it was not given, naming it, and writes nothing', async (t) => {
      const { call, sb } = await openInbox(t, dialect);
      const before = await rowsOf(sb);
      const missing = await call('POST', tasksPath, { type: 'approval', title: 'Refund', reason: 'Refund ${{amount}} to {{customer}} on {{order}}', variables: { order: 'ORD-1' }, createdBy: 'ops' });
      assert.deepEqual([missing.status, errorOf(missing).code], [400, 'invalid_request']);
      assert.deepEqual(errorOf(missing).details?.['missing'], ['amount', 'customer']);
      assert.match(errorOf(missing).message, /\{\{amount\}\}, \{\{customer\}\}/);
      const refusals = [
        { type: 'decision', title: 'Pick', reason: 'r', fields: [{ name: 'choice', type: 'select' }], createdBy: 'ops' },
        { type: 'review', title: 'Twice', reason: 'r', fields: [{ name: 'a', type: 'text' }, { name: 'a', type: 'number' }], createdBy: 'ops' },
        { type: 'review', title: 'Due', reason: 'r', dueAt: '2026-01-02T00:00:00Z', dueInMinutes: 5, createdBy: 'ops' },
        { type: 'review', title: 'Owners', reason: 'r', assignedTo: 'bob', assignedToTeam: 'finance', createdBy: 'ops' },
        { type: 'chore', title: 'Unknown type', reason: 'r', createdBy: 'ops' },
      ];
      for (const body of refusals) {
        const refused = await call('POST', tasksPath, body);
        assert.deepEqual([refused.status, errorOf(refused).code], [400, 'invalid_request'], body.title);
      }
      const noTicket = await call('POST', tasksPath, { type: 'review', title: 'Orphan', reason: 'r', ticketId: 'no-such-ticket', createdBy: 'ops' });
      assert.deepEqual([noTicket.status, errorOf(noTicket).code], [404, 'ticket_not_found']);
      assert.deepEqual(await rowsOf(sb), before);
    });

    it('filters the inbox by status, type, priority, assignee, team and overdue, by priority then due time', async (t) => {
      const { call, clock } = await openInbox(t, dialect);
      const create = async (body: Json) => HumanTaskSchema.parse((await call('POST', tasksPath, { reason: 'r', createdBy: 'ops', ...body })).body).id;
      const soon = await create({ type: 'review', title: 'soon', priority: 'high', dueInMinutes: 10 });
      const later = await create({ type: 'review', title: 'later', priority: 'high', dueInMinutes: 60 });
      const undated = await create({ type: 'review', title: 'undated', priority: 'high' });
      const teamTask = await create({ type: 'decision', title: 'team', priority: 'low', assignedToTeam: 'finance', dueInMinutes: 5 });
      const bobs = await create({ type: 'approval', title: 'bob', priority: 'critical', assignedTo: 'bob' });
      const claimed = await create({ type: 'escalation', title: 'claimed', priority: 'medium', dueInMinutes: 1 });
      await call('POST', `${tasksPath}/${claimed}/claim`, { userId: 'bob' });
      const done = await create({ type: 'review', title: 'done', priority: 'low', dueInMinutes: 1 });
      await call('POST', `${tasksPath}/${done}/resolve`, { respondedBy: 'carol', decision: 'looked' });

      const ids = async (query: string) => ((await call('GET', `${tasksPath}${query}`)).body['tasks'] as Json[]).map((task) => HumanTaskSchema.parse(task).id);
      assert.deepEqual(await ids(''), [bobs, soon, later, undated, claimed, done, teamTask]);
      assert.deepEqual(await ids('?status=pending'), [soon, later, undated]);
      assert.deepEqual(await ids('?type=review'), [soon, later, undated, done]);
      assert.deepEqual(await ids('?priority=low'), [done, teamTask]);
      assert.deepEqual(await ids('?assignee=bob'), [bobs, claimed]);
      assert.deepEqual(await ids('?team=finance'), [teamTask]);
      assert.deepEqual(await ids('?overdue=true'), []);
      assert.deepEqual(await ids('?limit=2'), [bobs, soon]);

      clock.advance(15 * minute);
      assert.deepEqual(await ids('?overdue=true'), [soon, claimed, teamTask], 'the resolved task is past due but not overdue');
      assert.deepEqual(await ids('?overdue=false'), [bobs, later, undated, done]);
      const soonTask = HumanTaskSchema.parse((await call('GET', `${tasksPath}/${soon}`)).body);
      assert.equal(soonTask.overdue, true);
      clock.advance(60 * minute);
      assert.deepEqual(await ids('?overdue=true&priority=high'), [soon, later]);

      const bad = await call('GET', `${tasksPath}?overdue=yes`);
      assert.deepEqual([bad.status, errorOf(bad).code], [400, 'invalid_request']);
    });

    it('assigns to a person or a team, releasing a claim, and refuses a closed task with 409', async (t) => {
      const { call, sb } = await openInbox(t, dialect);
      const id = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'review', title: 'Check', reason: 'r', createdBy: 'ops' })).body).id;
      await call('POST', `${tasksPath}/${id}/claim`, { userId: 'alice' });

      const toBob = await call('POST', `${tasksPath}/${id}/assign`, { assignedTo: 'bob', by: 'lead' });
      assert.equal(toBob.status, 200);
      const bobs = HumanTaskSchema.parse(toBob.body);
      assert.deepEqual([bobs.status, bobs.assigned_to, bobs.assigned_team, bobs.claimed_by], ['assigned', 'bob', null, null]);
      const toTeam = HumanTaskSchema.parse((await call('POST', `${tasksPath}/${id}/assign`, { assignedToTeam: 'finance', by: 'lead' })).body);
      assert.deepEqual([toTeam.status, toTeam.assigned_to, toTeam.assigned_team], ['assigned', null, 'finance']);

      const before = await rowsOf(sb);
      for (const body of [{ by: 'lead' }, { assignedTo: 'bob', assignedToTeam: 'finance', by: 'lead' }, { assignedTo: 'bob' }]) {
        const refused = await call('POST', `${tasksPath}/${id}/assign`, body);
        assert.deepEqual([refused.status, errorOf(refused).code], [400, 'invalid_request']);
      }
      const unknown = await call('POST', `${tasksPath}/nope/assign`, { assignedTo: 'bob', by: 'lead' });
      assert.deepEqual([unknown.status, errorOf(unknown).code], [404, 'task_not_found']);
      assert.deepEqual(await rowsOf(sb), before);

      await call('POST', `${tasksPath}/${id}/cancel`, { by: 'lead', reason: 'not needed' });
      const closed = await call('POST', `${tasksPath}/${id}/assign`, { assignedTo: 'bob', by: 'lead' });
      assert.deepEqual([closed.status, errorOf(closed).code, errorOf(closed).details?.['status']], [409, 'task_closed', 'cancelled']);

      const decided = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'review', title: 'Done', reason: 'r', createdBy: 'ops' })).body).id;
      await call('POST', `${tasksPath}/${decided}/resolve`, { respondedBy: 'carol', decision: 'looked' });
      const late = await call('POST', `${tasksPath}/${decided}/assign`, { assignedTo: 'bob', by: 'lead' });
      assert.deepEqual([late.status, errorOf(late).code, errorOf(late).details?.['decision']], [409, 'already_decided', 'looked']);
    });

    it('cancels an approval a run waits on: the run ends as a rejection "cancelled: …" and no refund is issued', async (t) => {
      const { call, sb } = await openInbox(t, dialect);
      const paused = ChatResultSchema.parse((await call('POST', '/chat', { message: 'refund $30.00 for ORD-1002' })).body);
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');

      const cancelled = await call('POST', `${tasksPath}/${paused.task_id}/cancel`, { by: 'lead', reason: 'duplicate of TKT-1000' });
      assert.equal(cancelled.status, 200);
      const result = CancelResultSchema.parse(cancelled.body);
      assert.deepEqual([result.task.status, result.task.notes, result.task.responded_by], ['cancelled', 'duplicate of TKT-1000', 'lead']);
      assert.equal(result.run?.status, 'DONE');
      assert.equal(result.run?.action_result, 'Refund denied: cancelled: duplicate of TKT-1000');
      const run = await sb.engine.getRun(paused.run_id);
      assert.equal(run?.status, 'completed');
      const refunds = await sb.db.kysely.selectFrom('demo_refunds').select('id').where('idempotency_key', 'like', `${paused.run_id}:%`).execute();
      assert.deepEqual(refunds, []);

      const again = await call('POST', `${tasksPath}/${paused.task_id}/cancel`, { by: 'lead' });
      assert.deepEqual([again.status, errorOf(again).code, errorOf(again).details?.['status']], [409, 'task_closed', 'cancelled']);
      const resolveClosed = await call('POST', `${tasksPath}/${paused.task_id}/resolve`, { respondedBy: 'alice', decision: 'approved' });
      assert.deepEqual([resolveClosed.status, errorOf(resolveClosed).code, errorOf(resolveClosed).details?.['status']], [409, 'task_closed', 'cancelled']);
      const claimClosed = await call('POST', `${tasksPath}/${paused.task_id}/claim`, { userId: 'alice' });
      assert.deepEqual([claimClosed.status, errorOf(claimClosed).code], [409, 'task_closed']);
    });

    it('refuses to resolve an expired task with 409 task_closed, and a completed one with the winning decision', async (t) => {
      const { call, sb } = await openInbox(t, dialect);
      const id = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'review', title: 'Late', reason: 'r', dueInMinutes: 1, createdBy: 'ops' })).body).id;
      // Nothing expires tasks yet (escalation comes later): put the row where an expiry would leave it.
      await sb.db.kysely.updateTable('human_tasks').set({ status: 'expired' }).where('id', '=', id).execute();
      const expired = await call('POST', `${tasksPath}/${id}/resolve`, { respondedBy: 'alice', decision: 'looked' });
      assert.deepEqual([expired.status, errorOf(expired).code, errorOf(expired).details?.['status']], [409, 'task_closed', 'expired']);

      const done = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'review', title: 'Done', reason: 'r', createdBy: 'ops' })).body).id;
      assert.equal((await call('POST', `${tasksPath}/${done}/resolve`, { respondedBy: 'alice', decision: 'looked' })).status, 200);
      const second = await call('POST', `${tasksPath}/${done}/resolve`, { respondedBy: 'bob', decision: 'skipped' });
      assert.deepEqual([second.status, errorOf(second).code, errorOf(second).details?.['decision']], [409, 'already_decided', 'looked']);
    });

    it('writes an audit entry with before and after for create, claim, assign, cancel and resolve', async (t) => {
      const { call, sb } = await openInbox(t, dialect);
      const first = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'review', title: 'One', reason: 'r', createdBy: 'ops' })).body).id;
      await call('POST', `${tasksPath}/${first}/claim`, { userId: 'alice' });
      await call('POST', `${tasksPath}/${first}/assign`, { assignedToTeam: 'finance', by: 'lead' });
      await call('POST', `${tasksPath}/${first}/cancel`, { by: 'lead', reason: 'moved' });
      const second = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'decision', title: 'Two', reason: 'r', createdBy: 'ops' })).body).id;
      await call('POST', `${tasksPath}/${second}/resolve`, { respondedBy: 'bob', decision: 'go', notes: 'fine' });

      const audit = await sb.db.kysely.selectFrom('audit_log').selectAll().where('project_id', '=', 'default').orderBy('seq').execute();
      const entries: Json[] = audit.map((row) => ({ actor: row.actor, action: row.action, subject: row.subject_id, ...fromJson<Json>(row.data, {}) }));
      assert.deepEqual(entries.map((e) => [e['actor'], e['action'], e['subject']]), [
        ['ops', 'human_task.created', first],
        ['alice', 'human_task.claimed', first],
        ['lead', 'human_task.assigned', first],
        ['lead', 'human_task.cancelled', first],
        ['ops', 'human_task.created', second],
        ['bob', 'human_task.resolved', second],
      ]);
      const statusChange = (e: Json | undefined) => [(e?.['before'] as Json | null)?.['status'] ?? null, (e?.['after'] as Json)['status']];
      assert.deepEqual(entries.map(statusChange), [[null, 'pending'], ['pending', 'in_progress'], ['in_progress', 'assigned'], ['assigned', 'cancelled'], [null, 'pending'], ['pending', 'completed']]);
      assert.deepEqual([(entries[1]?.['after'] as Json)['claimed_by'], (entries[2]?.['before'] as Json)['claimed_by'], (entries[2]?.['after'] as Json)['assigned_team']], ['alice', 'alice', 'finance']);
      assert.equal(entries[3]?.['reason'], 'moved');
      assert.deepEqual([entries[5]?.['decision'], entries[5]?.['notes'], (entries[5]?.['after'] as Json)['responded_by']], ['go', 'fine', 'bob']);
      assert.ok(audit.every((row, i) => i === 0 || row.prev_hash === audit[i - 1]?.hash), 'the entries form one hash chain');
    });

    it('changes no rows when a resolve is refused', async (t) => {
      const { call, sb } = await openInbox(t, dialect);
      const id = HumanTaskSchema.parse((await call('POST', tasksPath, { type: 'data_entry', title: 'Form', reason: 'r', fields: [{ name: 'amount', type: 'number', required: true }], createdBy: 'ops' })).body).id;
      await call('POST', `${tasksPath}/${id}/claim`, { userId: 'alice' });
      const before = await rowsOf(sb);
      const attempts = [
        { body: { respondedBy: 'alice', decision: 'done', fields: { amount: 'ten' } }, expected: [422, 'invalid_fields'] },
        { body: { respondedBy: 'alice', decision: 'done', fields: {} }, expected: [422, 'invalid_fields'] },
        { body: { respondedBy: 'alice', decision: 'done', fields: { amount: 10, extra: true } }, expected: [422, 'invalid_fields'] },
        { body: { respondedBy: 'alice', fields: { amount: 10 } }, expected: [400, 'invalid_request'] },
      ];
      for (const { body, expected } of attempts) {
        const refused = await call('POST', `${tasksPath}/${id}/resolve`, body);
        assert.deepEqual([refused.status, errorOf(refused).code], expected);
      }
      assert.deepEqual(await rowsOf(sb), before);
      const ok = await call('POST', `${tasksPath}/${id}/resolve`, { respondedBy: 'alice', decision: 'done', fields: { amount: 10 } });
      assert.equal(ok.status, 200);
    });

    it('documents the inbox routes in the OpenAPI document', async (t) => {
      const { call } = await openInbox(t, dialect);
      const paths = (await call('GET', '/openapi.json')).body['paths'] as Record<string, Json>;
      assert.ok(paths[tasksPath.replace('default', '{projectId}')]?.['post'], 'create is documented');
      for (const action of ['assign', 'cancel']) assert.ok(paths[`/api/projects/{projectId}/human-tasks/{taskId}/${action}`]?.['post'], `${action} is documented`);
      const resolve = paths['/api/projects/{projectId}/human-tasks/{taskId}/resolve']?.['post'] as Json;
      assert.ok((resolve['responses'] as Json)['422'], 'resolve documents invalid_fields');
    });
  });
}

interface ErrorJson {
  code: string;
  message: string;
  details?: Json;
}

function errorOf(response: { body: Json }): ErrorJson {
  return response.body['error'] as ErrorJson;
}

async function openInbox(t: TestContext, dialect: DialectName) {
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  const sb = await switchboardForTest(t, dialect, { clock });
  const app = await apiApp(sb);
  const call = async (method: string, path: string, body?: unknown) => {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await app.request(path, init);
    return { status: response.status, body: (await response.json()) as Json };
  };
  return { sb, clock, call };
}

/** Everything a task request could write. */
async function rowsOf(sb: Switchboard) {
  const { kysely } = sb.db;
  return {
    tasks: await kysely.selectFrom('human_tasks').selectAll().orderBy('id').execute(),
    audit: await kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
    outbox: await kysely.selectFrom('outbox').select(['id', 'topic', 'dedupe_key']).orderBy('id').execute(),
    runs: await kysely.selectFrom('runs').select(['id', 'status', 'version']).orderBy('id').execute(),
  };
}
