// The database restarts under load — once crash-like (immediate), once clean (fast) — while customers
// chat and reviewers approve refunds. The one server process rides both out: clients see 503
// `unavailable` at worst, and afterwards every message is stored once, every approved refund is paid
// once, no run is left stuck and the audit chain still verifies.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatResultSchema, ThreadSchema, TicketSchema } from '../../src/api/schemas.ts';
import { verifyAuditChain } from '../../src/store/audit-verify.ts';
import { openDatabase, type StoreTarget } from '../../src/store/connect.ts';
import { inProcessDemoConfigFile } from '../support/demo-config.ts';
import { eventually } from '../support/eventually.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { killSwitchboardProcesses, startServer, type ServerProcess } from '../support/server-process.ts';
import { staffKey } from '../support/staff-key.ts';
import type { z } from 'zod';

const messageCount = 200;
const concurrency = 8;
const refundText = 'I want a refund of $42.50';
const passwordText = 'How do I reset my password?';
/** How many times one client step is tried before the test gives up on it. */
const maxTries = 20;
/** A restart takes well under a second; a server not ready again after this has not ridden it out. */
const readyTimeoutMs = 15_000;

type ChatResult = z.infer<typeof ChatResultSchema>;

interface ClientMessage {
  tag: string;
  text: string;
  refund: boolean;
}

interface Response {
  status: number;
  body: unknown;
}

/** Everything the clients saw: every status (or `network`), and what went wrong per message. */
class LoadRecord {
  readonly statuses = new Map<string, number>();
  readonly serverErrors: string[] = [];
  readonly problems: string[] = [];
  readonly approved = new Map<string, string>();
  readonly threads = new Map<string, string>();
  readonly resends = { messages: 0, approvals: 0, skippedBecauseStored: 0, skippedBecauseDecided: 0 };

  count(status: string): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  /** Any 5xx but the one a client is told to retry is the product's fault. */
  response(request: string, response: Response): void {
    this.count(String(response.status));
    if (response.status >= 500 && !isUnavailable(response)) this.serverErrors.push(`${request} → ${response.status} ${JSON.stringify(response.body)}`);
  }
}

/**
 * A client of the HTTP API that, like a real one, waits for the server to be ready again after a 503
 * or a dropped connection. If the server does not come back, every client stops at once.
 */
class Client {
  readonly #url: string;
  readonly #key: string;
  readonly #record: LoadRecord;
  readonly #abort = new AbortController();

  constructor(url: string, key: string, record: LoadRecord) {
    this.#url = url;
    this.#key = key;
    this.#record = record;
  }

  /** One try: the response, or undefined once an outage (503 `unavailable`, a network error) is over. */
  async attempt(method: 'GET' | 'POST', path: string, options: { body?: unknown; staff?: boolean } = {}): Promise<Response | undefined> {
    this.#abort.signal.throwIfAborted();
    const request = `${method} ${path}${options.body === undefined ? '' : ` ${JSON.stringify(options.body)}`}`;
    let response: Response;
    try {
      response = await this.#fetch(method, path, options);
    } catch {
      this.#record.count('network');
      await this.untilReady();
      return undefined;
    }
    this.#record.response(request, response);
    if (!isUnavailable(response)) return response;
    await this.untilReady();
    return undefined;
  }

  /** True once the server failed to come back: the load stops rather than piling up failures. */
  get stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** A read is safe to repeat. */
  async read(path: string): Promise<Response> {
    for (let tries = 0; tries < maxTries; tries++) {
      const response = await this.attempt('GET', path, { staff: true });
      if (response) return response;
    }
    throw new Error(`GET ${path} never got through`);
  }

  /** Synchronisation on the server's state: its readiness probe answers 200 again. */
  async untilReady(): Promise<void> {
    try {
      await eventually(() => this.#ready(), 'the server to be ready again', readyTimeoutMs);
    } catch (error) {
      this.#abort.abort(error);
      throw error;
    }
  }

  async #ready(): Promise<true | undefined> {
    this.#abort.signal.throwIfAborted();
    const response = await fetch(`${this.#url}/readyz`, { signal: this.#abort.signal }).catch(() => undefined);
    return response?.status === 200 ? true : undefined;
  }

  async #fetch(method: string, path: string, options: { body?: unknown; staff?: boolean }): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.staff ? { authorization: `Bearer ${this.#key}` } : {}) };
    const body = options.body === undefined ? {} : { body: JSON.stringify(options.body) };
    const response = await fetch(`${this.#url}${path}`, { method, headers, signal: this.#abort.signal, ...body });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }
}

function isUnavailable(response: Response): boolean {
  const error = (response.body as { error?: { code?: unknown } } | null)?.error;
  return response.status === 503 && error?.code === 'unavailable';
}

function chatResult(response: Response, what: string): ChatResult {
  assert.equal(response.status, 200, `${what}: ${JSON.stringify(response.body)}`);
  return ChatResultSchema.parse(response.body);
}

function clientMessages(): ClientMessage[] {
  return Array.from({ length: messageCount }, (_, i) => {
    const refund = i % 2 === 0;
    return { tag: `c-${i}`, text: `${refund ? refundText : passwordText} [c-${i}]`, refund };
  });
}

/** A first message has no thread id yet: it is resent only if no ticket carries it as its subject. */
async function sendFirstMessage(client: Client, record: LoadRecord, message: ClientMessage): Promise<string> {
  for (let tries = 0; tries < maxTries; tries++) {
    if (tries > 0) record.resends.messages++;
    const response = await client.attempt('POST', '/chat', { body: { message: message.text } });
    if (response) return chatResult(response, `message ${message.tag}`).thread_id;
    const stored = await findThread(client, message.text);
    if (stored) {
      record.resends.skippedBecauseStored++;
      return stored;
    }
  }
  throw new Error(`message ${message.tag} never got through`);
}

async function findThread(client: Client, text: string): Promise<string | undefined> {
  const response = await client.read('/api/projects/default/tickets?limit=500');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const tickets = TicketSchema.array().parse((response.body as { tickets: unknown }).tickets);
  return tickets.find((ticket) => ticket.subject === text)?.thread_id;
}

async function threadState(client: Client, threadId: string): Promise<ChatResult> {
  const response = await client.read(`/chat/${threadId}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return ThreadSchema.parse(response.body);
}

/** A run whose request was cut short goes on in the worker: wait until it has stopped somewhere. */
function settledState(client: Client, threadId: string): Promise<ChatResult> {
  return eventually(async () => {
    const state = await threadState(client, threadId);
    return state.status === 'PROCESSING' ? undefined : state;
  }, `thread ${threadId} to stop processing`, 30_000);
}

/** An approval is resent only while the thread still waits for one. */
async function approve(client: Client, record: LoadRecord, message: ClientMessage, threadId: string): Promise<void> {
  const paused = await settledState(client, threadId);
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL', `refund ${message.tag} should pause for approval: ${JSON.stringify(paused)}`);
  for (let tries = 0; tries < maxTries; tries++) {
    if (tries > 0) record.resends.approvals++;
    const response = await client.attempt('POST', '/chat', { body: { thread_id: threadId, approval: true }, staff: true });
    if (response) {
      record.approved.set(threadId, chatResult(response, `approval of ${message.tag}`).status);
      return;
    }
    const state = await threadState(client, threadId);
    if (state.status !== 'PAUSED_FOR_APPROVAL') {
      record.resends.skippedBecauseDecided++;
      record.approved.set(threadId, state.status);
      return;
    }
  }
  throw new Error(`the approval of ${message.tag} never got through`);
}

async function converse(client: Client, record: LoadRecord, message: ClientMessage): Promise<void> {
  try {
    const threadId = await sendFirstMessage(client, record, message);
    record.threads.set(message.tag, threadId);
    if (message.refund) await approve(client, record, message, threadId);
  } catch (error) {
    record.problems.push(`${message.tag}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Restarts the database once a third, then two thirds, of the messages have been started. */
class RestartSchedule {
  readonly #postgres: PrivatePostgres;
  #chain: Promise<void> = Promise.resolve();
  readonly log: string[] = [];

  constructor(postgres: PrivatePostgres) {
    this.#postgres = postgres;
  }

  onMessageStarted(index: number): void {
    if (index === Math.floor(messageCount / 3)) this.#restart('immediate', index);
    if (index === Math.floor((2 * messageCount) / 3)) this.#restart('fast', index);
  }

  done(): Promise<void> {
    return this.#chain;
  }

  #restart(mode: 'fast' | 'immediate', index: number): void {
    this.#chain = this.#chain.then(async () => {
      const started = Date.now();
      await this.#postgres.restart(mode);
      this.log.push(`${mode} restart at message ${index}: ${Date.now() - started} ms`);
    });
  }
}

async function runLoad(client: Client, record: LoadRecord, restarts: RestartSchedule): Promise<void> {
  const messages = clientMessages();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < messages.length && !client.stopped; index = next++) {
      restarts.onMessageStarted(index);
      const message = messages[index];
      if (message) await converse(client, record, message);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await restarts.done();
}

/** The demo configuration with rate limits far above the load: 429s would hide what this test is about. */
function unlimitedConfigFile(dir: string): string {
  const file = join(dir, 'switchboard.yaml');
  const limits = 'limits:\n  requests_per_minute_per_key: 1000000\n  requests_per_minute_per_ip: 1000000\n  logins_per_minute_per_ip: 1000000\n';
  writeFileSync(file, `${readFileSync(inProcessDemoConfigFile(), 'utf8')}\n${limits}`);
  return file;
}

type Outcome = Awaited<ReturnType<typeof readOutcome>>;

async function readOutcome(target: StoreTarget) {
  const db = openDatabase(target);
  try {
    const k = db.kysely;
    const customerMessages = await k.selectFrom('messages').select(['body', 'ticket_id']).where('role', '=', 'customer').execute();
    const runs = await k.selectFrom('runs').innerJoin('tickets', 'tickets.id', 'runs.ticket_id').select(['runs.id', 'runs.status', 'runs.error', 'runs.attempts', 'tickets.thread_id']).execute();
    const refunds = await k
      .selectFrom('demo_refunds')
      .leftJoin('tool_calls', 'tool_calls.idempotency_key', 'demo_refunds.idempotency_key')
      .leftJoin('runs', 'runs.id', 'tool_calls.run_id')
      .leftJoin('tickets', 'tickets.id', 'runs.ticket_id')
      .select(['demo_refunds.idempotency_key', 'demo_refunds.amount_cents', 'demo_refunds.attempts', 'tool_calls.status as call_status', 'tickets.thread_id'])
      .execute();
    const audit = await verifyAuditChain(db);
    return { customerMessages, runs, refunds, audit };
  } finally {
    await db.close();
  }
}

/** No run still queued or running: each has finished or waits on someone. */
async function settledRuns(target: StoreTarget) {
  return eventually(async () => {
    const outcome = await readOutcome(target);
    return outcome.runs.some((run) => run.status === 'queued' || run.status === 'running') ? undefined : outcome;
  }, 'every run to finish or wait', 20_000, 100);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function tally(counts: Map<string, number>): string {
  return JSON.stringify(Object.fromEntries([...counts].sort()));
}

function reportLoad(t: TestContext, record: LoadRecord, restarts: RestartSchedule, elapsedMs: number): void {
  t.diagnostic(`load of ${messageCount} messages took ${elapsedMs} ms; ${restarts.log.join('; ')}`);
  t.diagnostic(`statuses seen: ${tally(record.statuses)}`);
  t.diagnostic(`client retries: ${JSON.stringify(record.resends)}; approvals answered: ${tally(countBy([...record.approved.values()], (s) => s))}`);
}

function reportOutcome(t: TestContext, outcome: Outcome): void {
  t.diagnostic(`runs: ${tally(countBy(outcome.runs, (r) => r.status))}; refund attempts: ${tally(countBy(outcome.refunds, (r) => String(r.attempts)))}`);
}

describe('durability: PostgreSQL restarts in the middle of load', () => {
  let postgres: PrivatePostgres | undefined;
  let configDir: string | undefined;

  before(async () => {
    postgres = await startPrivatePostgres();
    configDir = mkdtempSync(join(tmpdir(), 'switchboard-restart-config-'));
  });

  after(async () => {
    await killSwitchboardProcesses();
    await postgres?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('rides out an immediate and a fast restart: nothing lost, nothing doubled, nothing stuck', { timeout: 90_000 }, async (t) => {
    assert.ok(postgres && configDir);
    const target: StoreTarget = { kind: 'postgres', url: postgres.url };
    const key = await staffKey(target, 'reviewer');
    const server = await startServer({ DATABASE_URL: postgres.url, SWITCHBOARD_CONFIG: unlimitedConfigFile(configDir) });
    const record = new LoadRecord();
    const restarts = new RestartSchedule(postgres);

    const started = Date.now();
    await runLoad(new Client(server.url, key, record), record, restarts);
    reportLoad(t, record, restarts, Date.now() - started);
    await assertServerAnswers(server, record);
    const outcome = await settledRuns(target);
    reportOutcome(t, outcome);
    await assertOutcome(server, record, outcome);
  });
});

/** The process started before the load still answers: it neither died nor stopped serving. */
async function assertServerAnswers(server: ServerProcess, record: LoadRecord): Promise<void> {
  const health = await fetch(`${server.url}/healthz`).then((response) => response.status, (error: unknown) => String(error));
  const transcript = `\nserver transcript:\n${server.transcript()}`;
  assert.equal(health, 200, `the server process no longer answers${transcript}`);
  assert.deepEqual(record.problems, [], `client flows that did not complete${transcript}`);
}

async function assertOutcome(server: ServerProcess, record: LoadRecord, outcome: Outcome): Promise<void> {
  const transcript = `\nserver transcript:\n${server.transcript()}`;
  assert.deepEqual(record.serverErrors, [], `responses of 500 or more other than 503 unavailable${transcript}`);
  assertEachMessageStoredOnce(outcome.customerMessages, record);
  assertRefundsPaidOnce(outcome.refunds, record);
  assertNoRunStuck(outcome.runs, record, transcript);
  assert.equal(outcome.audit.ok, true, `the audit chain: ${JSON.stringify(outcome.audit)}`);
  await assertSameProcessAlive(server);
}

function assertEachMessageStoredOnce(stored: readonly { body: string }[], record: LoadRecord): void {
  const counts = countBy(stored, (m) => m.body);
  const wrong = clientMessages().filter((m) => counts.get(m.text) !== 1).map((m) => `${m.tag}: ${counts.get(m.text) ?? 0}`);
  assert.deepEqual(wrong, [], 'every client message is stored exactly once');
  assert.equal(stored.length, messageCount, 'no customer message the clients did not send');
  assert.equal(record.threads.size, messageCount);
}

function assertRefundsPaidOnce(refunds: readonly { thread_id: string | null; amount_cents: number; call_status: string | null }[], record: LoadRecord): void {
  const refundThreads = clientMessages().filter((m) => m.refund).map((m) => record.threads.get(m.tag) ?? m.tag);
  assert.equal(record.approved.size, refundThreads.length, 'every refund was approved by the client');
  const perThread = countBy(refunds, (r) => r.thread_id ?? 'no thread');
  const notOnce = refundThreads.filter((thread) => perThread.get(thread) !== 1).map((thread) => `${thread}: ${perThread.get(thread) ?? 0}`);
  assert.deepEqual(notOnce, [], 'one refund (one idempotency key) per approved thread');
  assert.deepEqual(refunds.filter((r) => !record.approved.has(r.thread_id ?? '')), [], 'no refund for a thread that was not approved');
  assert.deepEqual([...new Set(refunds.map((r) => `${r.amount_cents} ${r.call_status}`))], ['4250 succeeded']);
}

/** Settled runs are completed or wait for someone; an approved refund's run has completed. */
function assertNoRunStuck(runs: readonly { id: string; status: string; error: string | null; thread_id: string }[], record: LoadRecord, transcript: string): void {
  const bad = runs.filter((run) => run.status !== 'completed' && run.status !== 'waiting');
  assert.deepEqual(bad, [], `runs neither completed nor waiting${transcript}`);
  const unfinished = runs.filter((run) => record.approved.has(run.thread_id) && run.status !== 'completed');
  assert.deepEqual(unfinished, [], `approved refunds whose run did not complete${transcript}`);
}

async function assertSameProcessAlive(server: ServerProcess): Promise<void> {
  // SIGKILL is reported back only if this very process was still running to receive it.
  assert.deepEqual(await server.kill('SIGKILL'), { code: null, signal: 'SIGKILL' }, server.transcript());
}
