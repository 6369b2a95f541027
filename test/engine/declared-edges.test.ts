// The declared edges are the whole graph: a node that jumps elsewhere fails its run instead of moving.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeOutcome, WorkflowState } from '../../src/engine/graph.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const record = { layer: 'system', source: 'test', decision: 'ok' } as const;
const jumpTo = (target: string) => (): Promise<NodeOutcome<WorkflowState>> => Promise.resolve({ kind: 'next', goto: target, record });

const jumpy = workflow<WorkflowState>('jumpy')
  .node('first', { run: jumpTo('third') })
  .node('second', { run: jumpTo('third') })
  .node('third', { run: async () => ({ kind: 'next', record }) })
  .route('first', () => 'on', { on: 'second' })
  .build(() => ({}));

const allowed = workflow<WorkflowState>('allowed')
  .node('first', { run: jumpTo('third') })
  .node('second', { run: async () => ({ kind: 'next', record }) })
  .node('third', { run: async () => ({ kind: 'next', record }) })
  .route('first', () => 'usual', { usual: 'second', other: 'third' })
  .build(() => ({}));

for (const dialect of await dialectsUnderTest()) {
  describe(`declared edges (${dialect})`, () => {
    it('a goto to a node the edges do not name fails the run at that node', async (t) => {
      const sb = await switchboardForTest(t, dialect, { workflows: [jumpy] });
      const result = await sb.chat.postMessage({ projectId: 'default', message: 'hello', workflow: 'jumpy' });
      const run = await sb.engine.getRun(result.run_id);
      assert.equal(run?.status, 'failed');
      assert.match(run?.error ?? '', /jumped to "third", which is not one of its edges \(second\)/);
      const steps = await sb.db.kysely.selectFrom('steps').select(['node', 'status']).where('run_id', '=', result.run_id).orderBy('seq').execute();
      assert.deepEqual(steps.map((s) => [s.node, s.status]), [['first', 'failed']]);
    });

    it('a goto to one of its declared targets is followed', async (t) => {
      const sb = await switchboardForTest(t, dialect, { workflows: [allowed] });
      const result = await sb.chat.postMessage({ projectId: 'default', message: 'hello', workflow: 'allowed' });
      const steps = await sb.db.kysely.selectFrom('steps').select('node').where('run_id', '=', result.run_id).orderBy('seq').execute();
      assert.deepEqual(steps.map((s) => s.node), ['first', 'third']);
    });
  });
}
