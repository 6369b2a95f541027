// Seed 003's "Complete Refund Workflow with Handoff", run as written: the customer proves their email
// with a code mailed through a real SMTP server, the order comes from a real MCP server process, refunds
// up to $500 go through, larger ones wait for a reviewer, and both paths tell the customer.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { ChatResult } from '../../src/app/chat.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { startSmtpServer, type SmtpServerProcess } from '../support/smtp-server-process.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';
const workflow = 'refund-with-handoff';
const shopServer = fileURLToPath(new URL('../../examples/mcp/shop-server.ts', import.meta.url));
const flowFile = fileURLToPath(new URL('../../config/flows/refund-with-handoff.json', import.meta.url));

interface ShopCall {
  tool: string;
  args: Record<string, unknown>;
  idempotencyKey: string | null;
}

function flowConfig(smtpPort: number, callLog: string): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  const shop = (service: string) => ({ command: 'node', args: [shopServer, '--service', service], env: { SHOP_CALL_LOG: callLog } });
  document.set('mcp_servers', { orders: shop('orders'), stripe: shop('stripe') });
  document.set('flows', { [workflow]: flowFile });
  document.setIn(['tools', 'stripe__create_refund'], { risk: 'money', approval: 'order.total > 500' });
  document.set('email', { from: 'Acme Support <support@acme.test>', smtp: { host: '127.0.0.1', port: smtpPort } });
  return parseConfig(document.toString(), { source: 'seed-003-test.yaml', baseDir: dirname(demoConfigPath) });
}

function nodeMessage(id: string): string {
  const flow = JSON.parse(readFileSync(flowFile, 'utf8')) as { nodes: { id: string; data: { message?: string } }[] };
  return flow.nodes.find((node) => node.id === id)?.data.message ?? '';
}

function shopCalls(callLog: string): ShopCall[] {
  if (!existsSync(callLog)) return [];
  return readFileSync(callLog, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ShopCall);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`seed 003 refund workflow with handoff (${dialect})`, () => {
    let smtp: SmtpServerProcess;
    before(async () => {
      smtp = await startSmtpServer();
    });
    after(() => smtp.stop());

    async function open(t: TestContext) {
      const callLog = join(mkdtempSync(join(tmpdir(), 'switchboard-shop-')), 'calls.jsonl');
      const sb = await switchboardForTest(t, dialect, { config: flowConfig(smtp.port, callLog) });
      return { sb, calls: () => shopCalls(callLog) };
    }

    /** The customer asks, gives their email, reads the code from the mail that arrived, and types it. */
    async function verify(sb: Switchboard, email: string): Promise<ChatResult> {
      const asked = await sb.chat.postMessage({ projectId, message: 'Hi, I would like a refund for my order please', workflow });
      assert.equal(asked.status, 'AWAITING_CUSTOMER');
      assert.match(asked.reply ?? '', /What email address is on your account\?/);
      const sent = await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: `Sure, it's ${email}` });
      assert.equal(sent.status, 'AWAITING_CUSTOMER');
      assert.match(sent.reply ?? '', /I've sent a 6-digit code to \w\*\*\*@example\.com/);
      const code = await codeFromMail(sb, email);
      return sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: `the code is ${code}` });
    }

    async function codeFromMail(sb: Switchboard, email: string): Promise<string> {
      assert.ok((await sb.dispatcher.dispatchBatch()) > 0, 'the outbox had the mail to send');
      const mail = await smtp.nextMail();
      assert.deepEqual(mail.envelope.to, [email]);
      assert.equal(mail.from?.address, 'support@acme.test');
      assert.match(mail.subject ?? '', /verification code/);
      const code = /verification code is (\d{6})/.exec(mail.text ?? '')?.[1];
      assert.ok(code, `the mail carries a code: ${mail.text}`);
      assert.doesNotMatch(mail.subject ?? '', /\d{6}/, 'the code is not in the subject, which logs and previews show');
      return code;
    }

    it('verifies the customer, pauses a $2,150 refund for a reviewer and refunds once after approval', async (t) => {
      const { sb, calls } = await open(t);
      const paused = await verify(sb, 'dana@example.com');
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      assert.equal(paused.reply, 'I have escalated this to a reviewer. You will hear back shortly.');
      assert.deepEqual(calls().map((call) => [call.tool, call.args]), [['get_order', { email: 'dana@example.com' }]]);

      const task = await sb.tasks.get(projectId, paused.task_id ?? '');
      assert.equal(task.type, 'approval');
      assert.equal(task.reason, 'Refund $2150 for order #45678 (dana@example.com)');
      assert.deepEqual(task.tool_call, { tool: 'stripe__create_refund', args: { order_id: '45678' } });
      assert.equal((task.context['order'] as { total: number }).total, 2150, 'the reviewer sees the order');
      assert.equal(task.context['email'], 'dana@example.com');

      await sb.tasks.resolve(projectId, task.id, { decision: 'approved', respondedBy: 'finance@acme.test', notes: null });
      const done = await sb.chat.runResult(paused.run_id);
      assert.equal(done.status, 'DONE');
      assert.equal(done.reply, 'Your refund of $2150 has been approved and processed.');
      const refunds = calls().filter((call) => call.tool === 'create_refund');
      assert.equal(refunds.length, 1, 'one refund call reached the payment server');
      assert.deepEqual(refunds[0]?.args, { order_id: '45678' });
      assert.ok(refunds[0]?.idempotencyKey?.startsWith(paused.run_id), 'the call carried the run\'s idempotency key in _meta');
      const ticket = await sb.tickets.find(projectId, paused.ticket);
      assert.equal(ticket.status, 'resolved');
      assert.equal(ticket.customer_email, 'dana@example.com');
    });

    it('tells the customer when the reviewer rejects, and never refunds', async (t) => {
      const { sb, calls } = await open(t);
      const paused = await verify(sb, 'dana@example.com');
      await sb.tasks.resolve(projectId, paused.task_id ?? '', { decision: 'rejected', respondedBy: 'finance@acme.test', notes: 'outside the refund window' });
      const done = await sb.chat.runResult(paused.run_id);
      assert.equal(done.status, 'DONE');
      assert.equal(done.reply, nodeMessage('msg_rejected'), 'the rejected path\'s message, as the file writes it');
      assert.match(done.reply ?? '', /^Your refund request was reviewed but could not be approved\./);
      assert.deepEqual(calls().filter((call) => call.tool === 'create_refund'), []);
      const trace = await sb.tickets.detail(projectId, paused.ticket);
      const decision = trace.runs[0]?.steps.find((step) => step.node === 'handoff' && step.decision === 'rejected');
      assert.equal(decision?.output['reason'], 'outside the refund window', 'the rejection reason is in the trace');
    });

    it('refunds an order of $500 or less without a reviewer', async (t) => {
      const { sb, calls } = await open(t);
      const done = await verify(sb, 'sam@example.com');
      assert.equal(done.status, 'DONE');
      assert.equal(done.reply, 'Your refund of $120 for order #10234 has been processed.');
      assert.deepEqual(calls().filter((call) => call.tool === 'create_refund').map((call) => call.args), [{ order_id: '10234' }]);
      const tasks = await sb.tasks.list(projectId, {});
      assert.equal(tasks.length, 0, 'no reviewer was asked');
    });

    it('runs the refund with the arguments a reviewer edited, keeping both in the record', async (t) => {
      const { sb, calls } = await open(t);
      const paused = await verify(sb, 'dana@example.com');
      await sb.tasks.resolve(projectId, paused.task_id ?? '', { decision: 'approved', respondedBy: 'finance@acme.test', notes: 'partial refund agreed', fields: { args: { amount: 1000 } } });
      assert.equal((await sb.chat.runResult(paused.run_id)).status, 'DONE');
      assert.deepEqual(calls().filter((call) => call.tool === 'create_refund').map((call) => call.args), [{ order_id: '45678', amount: 1000 }]);
      const task = await sb.tasks.get(projectId, paused.task_id ?? '');
      assert.deepEqual(task.tool_call, { tool: 'stripe__create_refund', args: { order_id: '45678' }, approvedArgs: { order_id: '45678', amount: 1000 } });
    });

    it('stops after three wrong codes without looking anything up', async (t) => {
      const { sb, calls } = await open(t);
      const asked = await sb.chat.postMessage({ projectId, message: 'refund please', workflow, customerEmail: 'dana@example.com' });
      assert.match(asked.reply ?? '', /I've sent a 6-digit code to d\*\*\*@example\.com/, 'a known email gets the code straight away');
      const code = await codeFromMail(sb, 'dana@example.com');
      const wrong = code === '000000' ? '111111' : '000000';
      const first = await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: wrong });
      assert.match(first.reply ?? '', /doesn't match.*2 tries left/);
      await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: wrong });
      const last = await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: wrong });
      assert.equal(last.status, 'DONE');
      assert.match(last.reply ?? '', /couldn't verify your email address/);
      assert.deepEqual(calls(), []);
      assert.equal((await sb.tickets.find(projectId, asked.ticket)).status, 'with_human');
    });

    it('keeps the code out of the database and the run state', async (t) => {
      const { sb } = await open(t);
      const asked = await sb.chat.postMessage({ projectId, message: 'refund please', workflow, customerEmail: 'lee@example.com' });
      const code = await codeFromMail(sb, 'lee@example.com');
      const run = await sb.db.kysely.selectFrom('runs').select('state').where('id', '=', asked.run_id).executeTakeFirstOrThrow();
      assert.ok(!String(run.state).includes(code), 'the run state holds a hash, not the code');
    });
  });
}
