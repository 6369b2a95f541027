// The kill test: tickets and refund decisions arrive through the API while a random Switchboard process
// is SIGKILLed every one to two seconds and restarted. Afterwards every ticket has one outcome, every
// approved refund was paid once (by idempotency key, at a fake payments service) and no rejected one
// was, no outbox message is lost or doubled, no run is stuck and the audit chain verifies.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ChatResultSchema, ThreadSchema } from '../../src/api/schemas.ts';
import { formatTicketNumber } from '../../src/domain/ids.ts';
import { verifyAuditChain } from '../../src/store/audit-verify.ts';
import { openDatabase, type Db } from '../../src/store/connect.ts';
import { inProcessDemoConfigFile } from '../support/demo-config.ts';
import { createTestDatabase, type DialectName, type TestDatabase } from '../support/dialects.ts';
import { eventually } from '../support/eventually.ts';
import { startPaymentsService, type PaymentsService } from '../support/payments-service.ts';
import { killSwitchboardProcesses, startServer, startWorker, type SwitchboardProcess } from '../support/server-process.ts';
import { staffKey } from '../support/staff-key.ts';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../support/fake-webhook-receiver.ts';
import { generateSecret } from '../../src/notify/webhooks/standard-webhooks.ts';

export interface KillTestOptions {
  dialect: DialectName;
  tickets: number;
  /** How many of the tickets are refunds; two thirds of them are approved, the rest rejected. */
  refunds: number;
  minKills: number;
  /** Worker processes besides the serve process (PostgreSQL only; SQLite runs one serve process). */
  workers: number;
  concurrency?: number;
  log?: (line: string) => void;
}

export interface KillTestFigures {
  dialect: DialectName;
  tickets: number;
  refunds: number;
  approved: number;
  rejected: number;
  processes: number;
  kills: number;
  killsOfServe: number;
  /** Kills while clients were still sending; the rest came after, while runs and the outbox finished. */
  killsDuringLoad: number;
  durationMs: number;
  loadMs: number;
  settleMs: number;
  requests: number;
  networkErrors: number;
  unavailable: number;
  resends: number;
  skippedBecauseStored: number;
  rawPaymentCalls: number;
  distinctPaymentKeys: number;
  payments: number;
  runs: number;
  runsReclaimed: number;
  outboxRows: number;
  outboxDeliveriesLogged: number;
  /** Messages the logs show delivered more than once (delivery is at least once; see docs/reliability.md). */
  outboxRedelivered: number;
  /** Signed webhooks the receiver got, the distinct webhook-ids among them, and the ids it got more than once. */
  webhooksReceived: number;
  webhookEvents: number;
  webhookRepeats: number;
}

type ChatResult = z.infer<typeof ChatResultSchema>;

interface Ticket {
  tag: string;
  text: string;
  kind: 'refund' | 'question';
  approve: boolean;
}

interface Conversation {
  threadId: string;
  ticketNumber: string;
  decided?: boolean;
}

const decisionTimeoutMs = 60_000;
const readyTimeoutMs = 30_000;
const requestTimeoutMs = 30_000;
const maxTries = 30;
const refundTool = 'pay_refund';
const approvedReply = 'Refunded.';
const rejectedReply = 'Not approved.';

export async function runKillTest(options: KillTestOptions): Promise<KillTestFigures> {
  const started = Date.now();
  const database = await createTestDatabase(options.dialect);
  const payments = await startPaymentsService();
  const webhookSecret = generateSecret();
  const receiver = await startWebhookReceiver({ secret: webhookSecret, now: () => new Date() });
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-kill-'));
  try {
    return await runAgainst(options, database, payments, { receiver, secret: webhookSecret }, dir, started);
  } finally {
    await killSwitchboardProcesses();
    await receiver.close();
    await payments.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Webhooks {
  receiver: FakeWebhookReceiver;
  secret: string;
}

async function runAgainst(options: KillTestOptions, database: TestDatabase, payments: PaymentsService, webhooks: Webhooks, dir: string, started: number): Promise<KillTestFigures> {
  const log = options.log ?? (() => undefined);
  const port = await freePort();
  // Info level: the log sink's one line per outbox delivery is how the test sees a message sent twice.
  const env = { ...database.env, SWITCHBOARD_CONFIG: writeConfig(dir, payments.url, webhooks), PORT: String(port), LOG_LEVEL: 'info' };
  const key = await staffKey(database.target, 'reviewer');
  const fleet = await Fleet.start(env, database.dialect === 'postgres' ? options.workers : 0);
  const db = openDatabase(database.target);
  try {
    const client = new Client(`http://127.0.0.1:${port}`, key, db);
    const tickets = plannedTickets(options);
    const killer = new Killer(fleet, options.minKills, log);
    const loadStarted = Date.now();
    const conversations = await runLoad(client, tickets, options.concurrency ?? 8, log);
    const loadMs = Date.now() - loadStarted;
    const killsDuringLoad = killer.kills;
    await killer.stop();
    log(`load done in ${loadMs} ms with ${killsDuringLoad} kills; ${killer.kills} kills in all; settling`);
    const settleStarted = Date.now();
    await settled(db);
    const settleMs = Date.now() - settleStarted;
    const outcome = await readOutcome(db);
    const deliveries = fleet.outboxDeliveries();
    const redelivered = assertOutcome(tickets, conversations, outcome, payments, deliveries);
    const received = assertWebhooks(outcome, webhooks.receiver);
    assert.ok(killer.kills >= options.minKills, `only ${killer.kills} kills, fewer than ${options.minKills}`);
    const approved = tickets.filter((t) => t.kind === 'refund' && t.approve).length;
    return {
      dialect: options.dialect,
      tickets: options.tickets,
      refunds: options.refunds,
      approved,
      rejected: options.refunds - approved,
      processes: fleet.size,
      kills: killer.kills,
      killsOfServe: killer.killsOfServe,
      killsDuringLoad,
      durationMs: Date.now() - started,
      loadMs,
      settleMs,
      outboxRedelivered: redelivered,
      ...client.counts,
      rawPaymentCalls: payments.calls.length,
      distinctPaymentKeys: new Set(payments.calls.map((c) => c.idempotencyKey)).size,
      payments: payments.payments.size,
      runs: outcome.runs.length,
      runsReclaimed: outcome.runs.filter((r) => r.attempts > 1).length,
      outboxRows: outcome.outbox.length,
      outboxDeliveriesLogged: deliveries.length,
      ...received,
    };
  } finally {
    await db.close();
  }
}

function plannedTickets(options: KillTestOptions): Ticket[] {
  // Refunds are spread evenly over the load, so that kills land among them throughout.
  const every = options.tickets / Math.max(1, options.refunds);
  let refundIndex = 0;
  return Array.from({ length: options.tickets }, (_, i) => {
    const refund = refundIndex < options.refunds && i >= Math.floor(refundIndex * every);
    if (!refund) return { tag: `f-${i}`, text: `How do I reset my password? [f-${i}]`, kind: 'question', approve: false };
    const approve = refundIndex++ % 3 !== 2;
    return { tag: `r-${i}`, text: `refund please [r-${i}]`, kind: 'refund', approve };
  });
}

// ---------------------------------------------------------------------------------------------------
// Configuration

function writeConfig(dir: string, paymentsUrl: string, webhooks: Webhooks): string {
  const flowFile = join(dir, 'kill-refund.json');
  writeFileSync(flowFile, JSON.stringify(refundFlow(), null, 2));
  const document = parseDocument(readFileSync(inProcessDemoConfigFile(), 'utf8'));
  document.set('http_tools', document.createNode({ [refundTool]: refundToolConfig(paymentsUrl) }));
  document.set('flows', document.createNode({ 'kill-refund': flowFile }));
  // A receiver that deduplicates by webhook-id, as Standard Webhooks asks: it must see every event once.
  document.set('webhooks', document.createNode([{ name: 'kill-test', url: webhooks.receiver.url, secret: webhooks.secret, events: ['ticket.created', 'run.completed'], allow_private: true }]));
  document.set('limits', document.createNode({ requests_per_minute_per_ip: 10_000_000, requests_per_minute_per_key: 10_000_000, logins_per_minute_per_ip: 10_000_000 }));
  const file = join(dir, 'switchboard.yaml');
  writeFileSync(file, document.toString());
  return file;
}

function refundToolConfig(paymentsUrl: string) {
  return {
    description: 'Pay a refund through the fake payments service',
    risk: 'money',
    method: 'POST',
    url: `${paymentsUrl}/refunds/{{ticket}}`,
    input: { type: 'object', properties: { ticket: { type: 'string' }, amount_cents: { type: 'integer' } }, required: ['ticket', 'amount_cents'] },
    body: { amount_cents: '{{amount_cents}}' },
    allow_private: true,
  };
}

function refundFlow() {
  return {
    nodes: [
      { id: 't1', type: 'trigger', data: { triggerType: 'message_received' } },
      { id: 'handoff', type: 'action', data: { actionType: 'human_handoff', reason: 'Refund for {{ticket_number}}' } },
      { id: 'pay', type: 'mcp_tool', data: { toolName: refundTool, arguments: '{"ticket": "{{ticket_number}}", "amount_cents": 4250}', outputVariable: 'refund' } },
      { id: 'msg_approved', type: 'send_message', data: { message: approvedReply } },
      { id: 'msg_rejected', type: 'send_message', data: { message: rejectedReply } },
    ],
    edges: [
      { source: 't1', target: 'handoff' },
      { source: 'handoff', target: 'pay', sourceHandle: 'approved' },
      { source: 'handoff', target: 'msg_rejected', sourceHandle: 'rejected' },
      { source: 'pay', target: 'msg_approved' },
    ],
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Processes and the killer

interface Slot {
  name: string;
  start(): Promise<SwitchboardProcess>;
  current: SwitchboardProcess;
}

interface Delivery {
  dedupeKey: string;
  /** Which process logged it: `serve#2` is the serve slot's second process; `(killed)` if it was. */
  by: string;
}

interface Incarnation {
  label: string;
  process: SwitchboardProcess;
}

/** The Switchboard processes: one `serve` on a fixed port, and `workers` worker processes. */
class Fleet {
  readonly slots: Slot[];
  readonly #retired: Incarnation[] = [];
  readonly #generations = new Map<string, number>();

  private constructor(slots: Slot[]) {
    this.slots = slots;
  }

  static async start(env: Record<string, string>, workers: number): Promise<Fleet> {
    const starters = [{ name: 'serve', start: () => startServer(env) }, ...Array.from({ length: workers }, (_, i) => ({ name: `worker-${i + 1}`, start: () => startWorker(env) }))];
    const slots: Slot[] = [];
    for (const starter of starters) slots.push({ ...starter, current: await starter.start() });
    return new Fleet(slots);
  }

  get size(): number {
    return this.slots.length;
  }

  async kill(slot: Slot): Promise<void> {
    await slot.current.kill('SIGKILL');
    this.#retired.push({ label: `${this.#label(slot)} (killed)`, process: slot.current });
    this.#generations.set(slot.name, (this.#generations.get(slot.name) ?? 1) + 1);
  }

  async restart(slot: Slot): Promise<void> {
    slot.current = await slot.start();
  }

  /** Every outbox delivery any process logged (the log sink writes one line per delivery). */
  outboxDeliveries(): Delivery[] {
    const incarnations = [...this.#retired, ...this.slots.map((slot) => ({ label: this.#label(slot), process: slot.current }))];
    return incarnations.flatMap(({ label, process }) => process.transcript().split('\n').flatMap(deliveredDedupeKey).map((dedupeKey) => ({ dedupeKey, by: label })));
  }

  #label(slot: Slot): string {
    return `${slot.name}#${this.#generations.get(slot.name) ?? 1}`;
  }
}

function deliveredDedupeKey(line: string): string[] {
  if (!line.includes('"dedupeKey"')) return [];
  try {
    const parsed = JSON.parse(line.slice(line.indexOf('{'))) as { dedupeKey?: unknown; event?: unknown; msg?: unknown };
    return typeof parsed.dedupeKey === 'string' && parsed.event === parsed.msg ? [parsed.dedupeKey] : [];
  } catch {
    return [];
  }
}

/**
 * Every one to two seconds (the load pattern) picks a random process, SIGKILLs it and starts its
 * replacement in the background, so that with several processes the kills keep their pace.
 */
class Killer {
  kills = 0;
  killsOfServe = 0;
  readonly #fleet: Fleet;
  readonly #minKills: number;
  readonly #log: (line: string) => void;
  readonly #restarting = new Map<Slot, Promise<void>>();
  #stopping = false;
  readonly #loop: Promise<void>;

  constructor(fleet: Fleet, minKills: number, log: (line: string) => void) {
    this.#fleet = fleet;
    this.#minKills = minKills;
    this.#log = log;
    this.#loop = this.#run();
  }

  /** Stops once the minimum number of kills is reached; resolves when every replacement is up. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#loop;
    await Promise.all(this.#restarting.values());
  }

  async #run(): Promise<void> {
    while (!this.#stopping || this.kills < this.#minKills) {
      const slot = this.#fleet.slots[Math.floor(Math.random() * this.#fleet.slots.length)];
      assert.ok(slot, 'a process to kill');
      // A process being restarted is killed 1–2 s after it is up again, so a lone serve process serves.
      await this.#restarting.get(slot);
      await delay(1000 + Math.random() * 1000);
      await this.#killOne(slot);
    }
  }

  async #killOne(slot: Slot): Promise<void> {
    await this.#fleet.kill(slot);
    this.kills++;
    if (slot.name === 'serve') this.killsOfServe++;
    this.#log(`kill ${this.kills}: ${slot.name}`);
    this.#restarting.set(slot, this.#fleet.restart(slot).finally(() => this.#restarting.delete(slot)));
  }
}

// ---------------------------------------------------------------------------------------------------
// Clients

interface Response {
  status: number;
  body: unknown;
}

/** A client of the HTTP API that waits for `/readyz` after a dropped connection or a 503. */
class Client {
  readonly counts = { requests: 0, networkErrors: 0, unavailable: 0, resends: 0, skippedBecauseStored: 0 };
  readonly #url: string;
  readonly #key: string;
  readonly #db: Db;

  constructor(url: string, key: string, db: Db) {
    this.#url = url;
    this.#key = key;
    this.#db = db;
  }

  /** One try: the response, or undefined once the outage it ran into is over. */
  async attempt(method: 'GET' | 'POST', path: string, options: { body?: unknown; staff?: boolean } = {}): Promise<Response | undefined> {
    this.counts.requests++;
    let response: Response;
    try {
      response = await this.#fetch(method, path, options);
    } catch {
      this.counts.networkErrors++;
      await this.untilReady();
      return undefined;
    }
    if (response.status !== 503) return response;
    this.counts.unavailable++;
    await this.untilReady();
    return undefined;
  }

  async read(path: string): Promise<Response> {
    for (let tries = 0; tries < maxTries; tries++) {
      const response = await this.attempt('GET', path, { staff: true });
      if (response) return response;
    }
    throw new Error(`GET ${path} never got through`);
  }

  untilReady(): Promise<true> {
    return eventually(async () => {
      const response = await fetch(`${this.#url}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    }, 'the server to be ready again', readyTimeoutMs);
  }

  /** The thread whose first customer message is `text`, if the server stored it. */
  async storedThread(text: string): Promise<Conversation | undefined> {
    const row = await this.#db.kysely
      .selectFrom('messages')
      .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
      .select(['tickets.thread_id', 'tickets.number'])
      .where('messages.role', '=', 'customer')
      .where('messages.body', '=', text)
      .executeTakeFirst();
    return row ? { threadId: row.thread_id, ticketNumber: formatTicketNumber(row.number) } : undefined;
  }

  async #fetch(method: string, path: string, options: { body?: unknown; staff?: boolean }): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.staff ? { authorization: `Bearer ${this.#key}` } : {}) };
    const body = options.body === undefined ? {} : { body: JSON.stringify(options.body) };
    const response = await fetch(`${this.#url}${path}`, { method, headers, signal: AbortSignal.timeout(requestTimeoutMs), ...body });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }
}

function chatResult(response: Response, what: string): ChatResult {
  assert.equal(response.status, 200, `${what}: ${JSON.stringify(response.body)}`);
  return ChatResultSchema.parse(response.body);
}

async function runLoad(client: Client, tickets: readonly Ticket[], concurrency: number, log: (line: string) => void): Promise<Map<string, Conversation>> {
  const conversations = new Map<string, Conversation>();
  const problems: string[] = [];
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < tickets.length; index = next++) {
      const ticket = tickets[index];
      if (!ticket) continue;
      try {
        conversations.set(ticket.tag, await converse(client, ticket));
      } catch (error) {
        problems.push(`${ticket.tag}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if ((index + 1) % 100 === 0) log(`${index + 1} tickets started`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  assert.deepEqual(problems, [], 'client conversations that did not complete');
  return conversations;
}

async function converse(client: Client, ticket: Ticket): Promise<Conversation> {
  const conversation = await sendFirstMessage(client, ticket);
  if (ticket.kind === 'refund') await decide(client, ticket, conversation);
  return conversation;
}

/** A first message is resent only if the server has no ticket with it. */
async function sendFirstMessage(client: Client, ticket: Ticket): Promise<Conversation> {
  const body = ticket.kind === 'refund' ? { message: ticket.text, workflow: 'kill-refund' } : { message: ticket.text };
  for (let tries = 0; tries < maxTries; tries++) {
    const response = await client.attempt('POST', '/chat', { body });
    if (response) {
      const result = chatResult(response, `message ${ticket.tag}`);
      return { threadId: result.thread_id, ticketNumber: result.ticket };
    }
    const stored = await client.storedThread(ticket.text);
    if (stored) {
      client.counts.skippedBecauseStored++;
      return stored;
    }
    client.counts.resends++;
  }
  throw new Error(`message ${ticket.tag} never got through`);
}

async function threadState(client: Client, threadId: string): Promise<ChatResult> {
  const response = await client.read(`/chat/${threadId}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return ThreadSchema.parse(response.body);
}

/** A run cut short by a kill is reclaimed by a worker after its lease: wait until it has paused. */
function pausedState(client: Client, ticket: Ticket, threadId: string): Promise<ChatResult> {
  return eventually(async () => {
    const state = await threadState(client, threadId);
    return state.status === 'PROCESSING' ? undefined : state;
  }, `refund ${ticket.tag} to pause for approval`, decisionTimeoutMs, 100);
}

/** A decision is resent only while the thread still waits for one. */
async function decide(client: Client, ticket: Ticket, conversation: Conversation): Promise<void> {
  const paused = await pausedState(client, ticket, conversation.threadId);
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL', `refund ${ticket.tag} should pause for approval: ${JSON.stringify(paused)}`);
  for (let tries = 0; tries < maxTries; tries++) {
    const response = await client.attempt('POST', '/chat', { body: { thread_id: conversation.threadId, approval: ticket.approve }, staff: true });
    if (response) {
      chatResult(response, `decision on ${ticket.tag}`);
      conversation.decided = true;
      return;
    }
    const state = await threadState(client, conversation.threadId);
    if (state.status !== 'PAUSED_FOR_APPROVAL') {
      client.counts.skippedBecauseStored++;
      conversation.decided = true;
      return;
    }
    client.counts.resends++;
  }
  throw new Error(`the decision on ${ticket.tag} never got through`);
}

// ---------------------------------------------------------------------------------------------------
// The outcome

type Outcome = Awaited<ReturnType<typeof readOutcome>>;

async function readOutcome(db: Db) {
  const k = db.kysely;
  const tickets = await k.selectFrom('tickets').select(['id', 'thread_id', 'number', 'subject']).execute();
  const customerMessages = await k.selectFrom('messages').select(['body', 'ticket_id']).where('role', '=', 'customer').execute();
  const replies = await k.selectFrom('messages').select(['body', 'ticket_id']).where('role', '=', 'assistant').execute();
  const runs = await k.selectFrom('runs').select(['id', 'ticket_id', 'status', 'attempts', 'error', 'workflow']).execute();
  const toolCalls = await k.selectFrom('tool_calls').innerJoin('runs', 'runs.id', 'tool_calls.run_id').select(['tool_calls.tool', 'tool_calls.status', 'tool_calls.idempotency_key', 'runs.ticket_id']).execute();
  const outbox = await k.selectFrom('outbox').select(['id', 'dedupe_key', 'status', 'topic']).execute();
  const outboxDeliveries = await k.selectFrom('outbox_deliveries as d').innerJoin('outbox as o', 'o.id', 'd.outbox_id').select(['o.dedupe_key', 'd.destination', 'd.status']).execute();
  const audit = await verifyAuditChain(db);
  return { tickets, customerMessages, replies, runs, toolCalls, outbox, outboxDeliveries, audit };
}

/** Polls until no run is queued or running and the outbox has nothing left to deliver. */
async function settled(db: Db): Promise<void> {
  await eventually(async () => {
    const busyRuns = await db.kysely.selectFrom('runs').select('id').where('status', 'in', ['queued', 'running']).executeTakeFirst();
    const pending = await db.kysely.selectFrom('outbox').select('id').where('status', '=', 'pending').executeTakeFirst();
    const undelivered = await db.kysely.selectFrom('outbox_deliveries').select('id').where('status', '=', 'pending').executeTakeFirst();
    return busyRuns || pending || undelivered ? undefined : true;
  }, 'every run to finish and the outbox to drain', 120_000, 200);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function assertOutcome(tickets: readonly Ticket[], conversations: ReadonlyMap<string, Conversation>, outcome: Outcome, payments: PaymentsService, deliveries: readonly Delivery[]): number {
  const ticketIdOf = ticketIdsByThread(outcome);
  const idOf = (ticket: Ticket) => ticketIdOf.get(conversations.get(ticket.tag)?.threadId ?? '') ?? `missing ${ticket.tag}`;
  assertEachTicketOnce(tickets, outcome);
  assertOneCompletedRunEach(tickets, outcome, idOf);
  assertOneOutcomeEach(tickets, outcome, idOf);
  assertRefundsPaidOnce(tickets, outcome, payments, idOf);
  const redelivered = assertOutbox(outcome, deliveries);
  assert.equal(outcome.audit.ok, true, `the audit chain: ${JSON.stringify(outcome.audit)}`);
  return redelivered;
}

function ticketIdsByThread(outcome: Outcome): Map<string, string> {
  return new Map(outcome.tickets.map((t) => [t.thread_id, t.id]));
}

function assertEachTicketOnce(tickets: readonly Ticket[], outcome: Outcome): void {
  const counts = countBy(outcome.customerMessages, (m) => m.body);
  const wrong = tickets.filter((t) => counts.get(t.text) !== 1).map((t) => `${t.tag}: ${counts.get(t.text) ?? 0}`);
  assert.deepEqual(wrong, [], 'every client message is stored exactly once');
  assert.equal(outcome.tickets.length, tickets.length, 'one ticket per client message, no more');
}

function assertOneCompletedRunEach(tickets: readonly Ticket[], outcome: Outcome, idOf: (t: Ticket) => string): void {
  const runsOf = new Map<string, Outcome['runs']>();
  for (const run of outcome.runs) runsOf.set(run.ticket_id, [...(runsOf.get(run.ticket_id) ?? []), run]);
  const wrong = tickets
    .map((t) => ({ tag: t.tag, runs: runsOf.get(idOf(t)) ?? [] }))
    .filter(({ runs }) => runs.length !== 1 || runs[0]?.status !== 'completed')
    .map(({ tag, runs }) => `${tag}: ${JSON.stringify(runs.map((r) => ({ status: r.status, error: r.error })))}`);
  assert.deepEqual(wrong, [], 'every ticket has exactly one run, and it completed');
}

function assertOneOutcomeEach(tickets: readonly Ticket[], outcome: Outcome, idOf: (t: Ticket) => string): void {
  const terminal = outcome.replies.filter((r) => r.body === approvedReply || r.body === rejectedReply);
  const byTicket = new Map<string, string[]>();
  for (const reply of terminal) byTicket.set(reply.ticket_id, [...(byTicket.get(reply.ticket_id) ?? []), reply.body]);
  const wrong = tickets
    .filter((t) => t.kind === 'refund')
    .filter((t) => JSON.stringify(byTicket.get(idOf(t)) ?? []) !== JSON.stringify([t.approve ? approvedReply : rejectedReply]))
    .map((t) => `${t.tag} (${t.approve ? 'approved' : 'rejected'}): ${JSON.stringify(byTicket.get(idOf(t)) ?? [])}`);
  assert.deepEqual(wrong, [], 'every refund ends with exactly the reply its decision calls for');
}

function assertRefundsPaidOnce(tickets: readonly Ticket[], outcome: Outcome, payments: PaymentsService, idOf: (t: Ticket) => string): void {
  const numberOf = new Map(outcome.tickets.map((t) => [t.id, t.number]));
  const keysAt = new Map<string, Set<string>>();
  for (const call of payments.calls) keysAt.set(call.ticket, (keysAt.get(call.ticket) ?? new Set()).add(call.idempotencyKey ?? 'none'));
  const journal = countBy(outcome.toolCalls.filter((c) => c.tool === refundTool && c.status === 'succeeded'), (c) => c.ticket_id);
  const wrong: string[] = [];
  for (const ticket of tickets.filter((t) => t.kind === 'refund')) {
    const keys = keysAt.get(formattedNumber(numberOf.get(idOf(ticket)))) ?? new Set();
    const expected = ticket.approve ? 1 : 0;
    if (keys.size !== expected || (journal.get(idOf(ticket)) ?? 0) !== expected) wrong.push(`${ticket.tag} (${ticket.approve ? 'approved' : 'rejected'}): ${keys.size} keys at the service, ${journal.get(idOf(ticket)) ?? 0} succeeded calls journalled`);
  }
  assert.deepEqual(wrong, [], 'approved refunds paid once (one key, one journalled call), rejected ones never');
  const unfinished = outcome.toolCalls.filter((c) => c.status !== 'succeeded');
  assert.deepEqual(unfinished, [], 'no tool call left as an intent or failed');
  const approvedCount = tickets.filter((t) => t.kind === 'refund' && t.approve).length;
  assert.equal(payments.payments.size, approvedCount, 'payments at the service equal approved refunds');
}

function formattedNumber(number: number | undefined): string {
  return number === undefined ? 'none' : formatTicketNumber(number);
}

/**
 * Every ticket.created and run.completed event reached the webhook receiver, signed, under the outbox
 * event's id; a repeat (a process killed between the receiver's 200 and marking the delivery) comes
 * with the same id and body, so the receiver keeps one. Returns the counts.
 */
function assertWebhooks(outcome: Outcome, receiver: FakeWebhookReceiver): Pick<KillTestFigures, 'webhooksReceived' | 'webhookEvents' | 'webhookRepeats'> {
  const unverified = receiver.received.filter((r) => r.verified !== 'valid');
  assert.deepEqual(unverified.map((r) => r.verified), [], 'every webhook is signed with the secret');
  const byId = new Map<string, string[]>();
  for (const r of receiver.received) byId.set(String(r.headers['webhook-id']), [...(byId.get(String(r.headers['webhook-id'])) ?? []), r.body]);
  const expected = outcome.outbox.filter((m) => m.topic === 'ticket.created' || m.topic === 'run.completed');
  const missing = expected.filter((m) => !byId.has(m.id));
  assert.deepEqual(missing.map((m) => m.dedupe_key), [], 'every subscribed event reached the receiver');
  assert.equal(byId.size, expected.length, 'no webhook-id that is not an outbox event');
  const changed = [...byId].filter(([, bodies]) => new Set(bodies).size > 1).map(([id]) => id);
  assert.deepEqual(changed, [], 'a repeat carries the same body as the first delivery');
  return { webhooksReceived: receiver.received.length, webhookEvents: byId.size, webhookRepeats: [...byId.values()].filter((bodies) => bodies.length > 1).length };
}

/** Returns how many messages the logs show delivered more than once. */
function assertOutbox(outcome: Outcome, deliveries: readonly Delivery[]): number {
  const notFannedOut = outcome.outbox.filter((m) => m.status !== 'delivered');
  assert.deepEqual(notFannedOut, [], 'every outbox event handed to its destinations');
  const notDelivered = outcome.outboxDeliveries.filter((d) => d.status !== 'delivered');
  assert.deepEqual(notDelivered, [], 'every delivery made');
  const loggedOnce = new Set(outcome.outboxDeliveries.filter((d) => d.destination === 'log').map((d) => d.dedupe_key));
  assert.deepEqual(outcome.outbox.filter((m) => !loggedOnce.has(m.dedupe_key)), [], 'every event has exactly one delivery row for the log');
  assert.equal(new Set(outcome.outbox.map((m) => m.dedupe_key)).size, outcome.outbox.length, 'outbox dedupe keys are unique');
  const keys = new Set(outcome.outbox.map((m) => m.dedupe_key));
  const lost = [...outcome.tickets.map((t) => `ticket.created:${t.id}`), ...outcome.runs.map((r) => `run.finished:${r.id}`)].filter((k) => !keys.has(k));
  assert.deepEqual(lost, [], 'every ticket and every finished run has its outbox message');
  // A lower bound: a SIGKILLed process loses the log lines still in its buffer.
  const byKey = new Map<string, string[]>();
  for (const delivery of deliveries) byKey.set(delivery.dedupeKey, [...(byKey.get(delivery.dedupeKey) ?? []), delivery.by]);
  // Delivery is at least once per destination: a process killed between a sink's delivery and marking
  // the row lets another deliver it again, under the same delivery id and dedupe key, which is what
  // a receiver drops a repeat by (webhook-id, Message-ID). Counted and reported.
  return [...byKey].filter(([, by]) => by.length > 1).length;
}
