// A deploy never silently changes an approval that is already waiting: a run records the version of
// its workflow, tools and policies; after the configuration changed it resumes on that version (the
// old flow, the old policy), the trace says so, and a new run takes the new version. A code workflow
// whose code changed cannot be pinned: the run goes to a person, or on with the current code if allowed.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parseDocument } from 'yaml';
import { createSwitchboard, type Switchboard, type SwitchboardOptions } from '../../src/app/switchboard.ts';
import { traceLines } from '../../src/cli/trace-view.ts';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';
import { definitionVersion, parseDefinitionRecord } from '../../src/engine/definition-version.ts';
import type { Workflow, WorkflowState } from '../../src/engine/graph.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { sharedCacheDir } from '../support/cli-process.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { createTestDatabase, dialectsUnderTest, type DialectName, type TestDatabase } from '../support/dialects.ts';

const projectId = 'default';

/** A flow that needs a reviewer for the download link, then refunds and says which version it is. */
function flowDocument(version: string): string {
  const refund = JSON.stringify({ amount_cents: 500, currency: 'USD', order_id: 'ORD-1001', reason: 'versioned flow' });
  return JSON.stringify({
    nodes: [
      { id: 't1', type: 'trigger', data: { triggerType: 'message_received' } },
      { id: 'link', type: 'mcp_tool', data: { toolName: 'resend_download_link', arguments: '{"order_id": "ORD-1001"}' } },
      { id: 'refund', type: 'mcp_tool', data: { toolName: 'issue_refund', arguments: refund } },
      { id: 'done', type: 'send_message', data: { message: `Refund sent (version ${version}).` } },
    ],
    edges: [
      { id: 'e1', source: 't1', target: 'link' },
      { id: 'e2', source: 'link', target: 'refund' },
      { id: 'e3', source: 'refund', target: 'done' },
    ],
  });
}

/** Version A refunds without a reviewer; version B asks for one, and its flow says B. */
function versionedConfig(version: 'A' | 'B'): LoadedConfig {
  const file = join(mkdtempSync(join(tmpdir(), 'switchboard-flow-')), 'versioned.json');
  writeFileSync(file, flowDocument(version));
  const document = parseDocument(demoTextWithoutMcp());
  document.set('flows', { versioned: file });
  document.setIn(['tools', 'resend_download_link'], { risk: 'write', approval: 'always' });
  document.setIn(['tools', 'issue_refund'], { risk: 'money', approval: version === 'A' ? 'never' : 'always' });
  return parseConfig(document.toString(), { source: `versioned-${version}.yaml`, baseDir: dirname(demoConfigPath) });
}

function codeConfig(onCodeChange: 'fail' | 'use_current'): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('versions', { on_code_change: onCodeChange });
  return parseConfig(document.toString(), { source: 'code-change.yaml', baseDir: dirname(demoConfigPath) });
}

/** Two builds of one code workflow: the same graph, different code in its node. */
function codedWorkflow(build: 1 | 2): Workflow {
  const ask = {
    run: async () => ({ kind: 'interrupt' as const, wait: { kind: 'approval' as const, task: { title: 'Go ahead?', reason: 'a person decides', priority: 'medium' as const } }, record: { layer: 'human' as const, source: 'engine', decision: 'asked' } }),
    resume:
      build === 1
        ? async () => ({ kind: 'next' as const, reply: 'Answered by build one.', record: { layer: 'system' as const, source: 'engine', decision: 'build_one' } })
        : async () => ({ kind: 'next' as const, reply: 'Answered by build two.', record: { layer: 'system' as const, source: 'engine', decision: 'build_two' } }),
  };
  return workflow<WorkflowState>('coded')
    .node('ask', ask)
    .build(() => ({}));
}

/** The same database opened by one deploy after another, like a restart with a changed configuration. */
class Deploys {
  readonly #database: TestDatabase;
  #current: Switchboard | null = null;

  constructor(database: TestDatabase) {
    this.#database = database;
  }

  async deploy(options: Partial<SwitchboardOptions>): Promise<Switchboard> {
    await this.#current?.close();
    this.#current = await createSwitchboard({ store: this.#database.target, pollMs: 20, cacheDir: sharedCacheDir, ...options });
    return this.#current;
  }

  async close(): Promise<void> {
    await this.#current?.close();
    await this.#database.drop();
  }
}

async function deploys(t: TestContext, dialect: DialectName): Promise<Deploys> {
  const env = new Deploys(await createTestDatabase(dialect));
  t.after(() => env.close());
  return env;
}

async function pausedRun(sb: Switchboard, workflowName: string) {
  const paused = await sb.chat.postMessage({ projectId, message: 'Please send my link and refund me', workflow: workflowName });
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
  return { ...paused, taskId: paused.task_id ?? '' };
}

function approve(sb: Switchboard, taskId: string) {
  return sb.tasks.resolve(projectId, taskId, { respondedBy: 'rita', decision: 'approved' });
}

async function runOf(sb: Switchboard, ticket: string, runId: string) {
  const detail = await sb.tickets.detail(projectId, ticket);
  const run = detail.runs.find((r) => r.id === runId);
  assert.ok(run, `run ${runId} is in the trace`);
  return { detail, run };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`version-pinned resume (${dialect})`, { timeout: 120_000 }, () => {
    it('resumes a waiting approval on the flow and policy it paused with, says so in the trace, and starts new runs on the new version', async (t) => {
      const env = await deploys(t, dialect);
      const before = await env.deploy({ config: versionedConfig('A') });
      const versionA = before.definitions.current('versioned').hash;
      const first = await pausedRun(before, 'versioned');

      const after = await env.deploy({ config: versionedConfig('B') });
      const versionB = after.definitions.current('versioned').hash;
      assert.notEqual(versionA, versionB, 'the changed flow and policy make a new version');

      await approve(after, first.taskId);
      const { detail, run } = await runOf(after, first.ticket, first.run_id);
      assert.equal(run.status, 'completed', 'version A refunds without a second approval');
      assert.equal(run.definition_version, versionA);
      assert.equal(detail.messages.at(-1)?.body, 'Refund sent (version A).');
      const resumed = run.steps.filter((step) => step.output['definition_version'] !== undefined);
      assert.deepEqual(resumed.map((step) => step.node), ['link', 'refund', 'done'], 'every step after the deploy is marked');
      assert.deepEqual(resumed[0]?.output['definition_version'], { run_version: versionA, current_version: versionB, continued_on: 'pinned' });
      const trace = traceLines(detail).join('\n');
      assert.match(trace, new RegExp(`versioned version ${versionA}`));
      assert.match(trace, new RegExp(`resumed on version ${versionA}; current is ${versionB}`));

      const second = await pausedRun(after, 'versioned');
      await approve(after, second.taskId);
      const next = await runOf(after, second.ticket, second.run_id);
      assert.equal(next.run.definition_version, versionB);
      assert.equal(next.run.status, 'waiting', 'version B asks a reviewer for the refund too');
      assert.equal(next.run.current_node, 'refund');
      assert.ok(next.run.steps.every((step) => step.output['definition_version'] === undefined), 'a run on the current version carries no note');
    });

    it('stores each version once, and its record hashes to the version', async (t) => {
      const env = await deploys(t, dialect);
      const sb = await env.deploy({ config: versionedConfig('A') });
      await pausedRun(sb, 'versioned');
      await pausedRun(sb, 'versioned');
      const rows = await sb.db.kysely.selectFrom('definition_versions').selectAll().where('workflow', '=', 'versioned').execute();
      assert.deepEqual(rows.map((row) => row.hash), [sb.definitions.current('versioned').hash]);
      const record = parseDefinitionRecord(rows[0]?.definition ?? '{}');
      assert.ok(record, 'the stored definition is a version record');
      assert.equal(definitionVersion(record).hash, rows[0]?.hash);
      assert.equal(record.flow, flowDocument('A'));
      assert.deepEqual(record.policies['issue_refund'], { risk: 'money', approval: 'never', approval_chains: [] });
    });

    it('hands a run to a person with version_unavailable when the code of its workflow changed', async (t) => {
      const env = await deploys(t, dialect);
      const before = await env.deploy({ config: codeConfig('fail'), workflows: [codedWorkflow(1)] });
      const versionOne = before.definitions.current('coded').hash;
      const paused = await pausedRun(before, 'coded');

      const after = await env.deploy({ config: codeConfig('fail'), workflows: [codedWorkflow(2)] });
      assert.notEqual(after.definitions.current('coded').hash, versionOne);
      await approve(after, paused.taskId);
      const { detail, run } = await runOf(after, paused.ticket, paused.run_id);
      assert.equal(run.status, 'failed');
      assert.match(run.error ?? '', new RegExp(`^version_unavailable: This run started on version ${versionOne} of workflow "coded", and its code changed since`));
      assert.equal(detail.status, 'with_human', 'a person takes the ticket');
      assert.ok(!run.steps.some((step) => step.decision === 'build_one' || step.decision === 'build_two'), 'no build answered');
    });

    it('continues on the current code when versions.on_code_change is use_current, and the trace says so', async (t) => {
      const env = await deploys(t, dialect);
      const before = await env.deploy({ config: codeConfig('use_current'), workflows: [codedWorkflow(1)] });
      const versionOne = before.definitions.current('coded').hash;
      const paused = await pausedRun(before, 'coded');

      const after = await env.deploy({ config: codeConfig('use_current'), workflows: [codedWorkflow(2)] });
      await approve(after, paused.taskId);
      const { detail, run } = await runOf(after, paused.ticket, paused.run_id);
      assert.equal(run.status, 'completed');
      const answered = run.steps.at(-1);
      assert.equal(answered?.decision, 'build_two');
      assert.deepEqual(answered?.output['definition_version'], { run_version: versionOne, current_version: after.definitions.current('coded').hash, continued_on: 'current_code' });
      assert.match(traceLines(detail).join('\n'), /continued on the current code/);
    });

    it('resumes a run of unchanged code on its own version when only a policy changed', async (t) => {
      const env = await deploys(t, dialect);
      const before = await env.deploy({ config: codeConfig('fail'), workflows: [codedWorkflow(1)] });
      const versionOne = before.definitions.current('coded').hash;
      const paused = await pausedRun(before, 'coded');

      const changed = parseDocument(demoTextWithoutMcp());
      changed.setIn(['tools', 'resend_download_link'], { risk: 'write', approval: 'always' });
      const config = parseConfig(changed.toString(), { source: 'policy-changed.yaml', baseDir: dirname(demoConfigPath) });
      const after = await env.deploy({ config, workflows: [codedWorkflow(1)] });
      assert.notEqual(after.definitions.current('coded').hash, versionOne, 'the policy is part of the version');
      await approve(after, paused.taskId);
      const { run } = await runOf(after, paused.ticket, paused.run_id);
      assert.equal(run.status, 'completed');
      assert.deepEqual(run.steps.at(-1)?.output['definition_version'], { run_version: versionOne, current_version: after.definitions.current('coded').hash, continued_on: 'pinned' });
    });
  });
}
