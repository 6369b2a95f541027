// Resolving a task answers its form: each field type is checked, every bad field is named at once,
// an approval's `args` edit is not a form field, and reasons are filled from variables.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { interpolate, placeholdersIn } from '../../src/app/task-templates.ts';
import { isSwitchboardError, type SwitchboardError } from '../../src/domain/errors.ts';
import type { TaskField } from '../../src/domain/human-task.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';

const everyType: TaskField[] = [
  { name: 'summary', type: 'text', required: true },
  { name: 'amount', type: 'number', required: true },
  { name: 'verified', type: 'boolean', required: true },
  { name: 'id_type', type: 'select', options: ['passport', 'drivers_license'], required: true },
  { name: 'notes', type: 'textarea' },
  { name: 'seen_on', type: 'date' },
];

describe('reason templates', () => {
  it('fills {{name}} with the value and ${{name}} with a dollar sign before it', () => {
    assert.equal(interpolate('Refund of ${{amount}} for {{ order }} ({{order}})', { amount: 1250, order: 'ORD-9' }), 'Refund of $1250 for ORD-9 (ORD-9)');
    assert.equal(interpolate('{{flag}} / {{none}}', { flag: false, none: null }), 'false / null');
    assert.equal(interpolate('no placeholders, {single} braces', {}), 'no placeholders, {single} braces');
  });

  it('names every missing variable, each once', () => {
    assert.deepEqual(placeholdersIn('{{a}} ${{b}} {{a}}'), ['a', 'b']);
    const error = caught(() => interpolate('{{a}} ${{b}} {{a}} {{c}}', { c: 1 }));
    assert.equal(error.code, 'invalid_request');
    assert.deepEqual(error.details?.['missing'], ['a', 'b']);
  });
});

for (const dialect of await dialectsUnderTest()) {
  describe(`human task forms (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect);
    const formTask = async (sb: Switchboard) => (await sb.tasks.create(projectId, { type: 'data_entry', title: 'Verify', reason: 'check', fields: everyType, createdBy: 'ops' })).id;

    it('names each bad answer with what is wrong, for every field type', async (t) => {
      const sb = await open(t);
      const taskId = await formTask(sb);
      const error = await refusal(sb.tasks.resolve(projectId, taskId, {
        respondedBy: 'alice',
        decision: 'done',
        fields: { summary: 42, amount: Number.POSITIVE_INFINITY, verified: 'yes', id_type: 'library_card', notes: 'x'.repeat(10_001), seen_on: '2026-02-30', colour: 'red' },
      }));
      assert.equal(error.code, 'invalid_fields');
      assert.equal(error.httpStatus, 422);
      assert.deepEqual(error.details?.['fields'], {
        summary: 'must be text',
        amount: 'must be a finite number',
        verified: 'must be true or false',
        id_type: 'must be one of passport, drivers_license',
        notes: 'must be at most 10000 characters',
        seen_on: 'must be a date as YYYY-MM-DD',
        colour: 'is not a field of this task',
      });
      assert.equal((await sb.tasks.get(projectId, taskId)).status, 'pending', 'a refused answer leaves the task open');
    });

    it('requires the required fields and lets optional ones be left out', async (t) => {
      const sb = await open(t);
      const taskId = await formTask(sb);
      const missing = await refusal(sb.tasks.resolve(projectId, taskId, { respondedBy: 'alice', decision: 'done', fields: { notes: null, seen_on: '2026-1-5' } }));
      assert.deepEqual(missing.details?.['fields'], { summary: 'is required', amount: 'is required', verified: 'is required', id_type: 'is required', seen_on: 'must be a date as YYYY-MM-DD' });

      const answers = { summary: 'matches', amount: 0, verified: false, id_type: 'passport', seen_on: '2024-02-29' };
      const { task } = await sb.tasks.resolve(projectId, taskId, { respondedBy: 'alice', decision: 'done', fields: answers });
      assert.deepEqual([task.status, task.response_fields], ['completed', answers]);
    });

    it("keeps approving with edited args on a run's approval, and refuses other fields there", async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'refund $90.00 for ORD-1002' });
      const taskId = paused.task_id ?? '';
      const unknown = await refusal(sb.tasks.resolve(projectId, taskId, { respondedBy: 'carol', decision: 'approved', fields: { args: { amount_cents: 4500 }, override_reason: 'vip' } }));
      assert.deepEqual([unknown.code, unknown.details?.['fields']], ['invalid_fields', { override_reason: 'is not a field of this task' }]);

      const { task } = await sb.tasks.resolve(projectId, taskId, { respondedBy: 'carol', decision: 'approved', fields: { args: { amount_cents: 4500 } } });
      assert.equal(task.tool_call?.approvedArgs?.['amount_cents'], 4500);
      const run = await sb.engine.getRun(paused.run_id);
      assert.equal(run?.state['action_result'], 'Refund issued: $45.00');
    });

    it('treats args as an ordinary unknown field on a task with no tool call', async (t) => {
      const sb = await open(t);
      const { id } = await sb.tasks.create(projectId, { type: 'approval', title: 'Discount', reason: 'ok?', createdBy: 'ops' });
      const error = await refusal(sb.tasks.resolve(projectId, id, { respondedBy: 'carol', decision: 'approved', fields: { args: {} } }));
      assert.deepEqual(error.details?.['fields'], { args: 'is not a field of this task' });
      const { task, runId } = await sb.tasks.resolve(projectId, id, { respondedBy: 'carol', decision: 'approved' });
      assert.deepEqual([task.status, task.decision, runId], ['completed', 'approved', null]);
    });
  });
}

function caught(action: () => unknown): SwitchboardError {
  try {
    action();
  } catch (error) {
    assert.ok(isSwitchboardError(error), `expected a SwitchboardError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to throw');
}

async function refusal(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isSwitchboardError(error), `expected a SwitchboardError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to be refused');
}
