// Seed 004's chat contract: a customer message starts (or continues) a run; an approval resumes it.
import type { Insertable, Kysely, Transaction } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { formatTicketNumber, newThreadId, type IdGenerator } from '../domain/ids.ts';
import { messageView, type MessageView } from './views.ts';
import { isTerminalRun } from '../domain/run.ts';
import { openTaskStatuses } from '../domain/human-task.ts';
import type { Engine } from '../engine/engine.ts';
import type { EventBus } from '../engine/events.ts';
import { outboxInsert, type NewOutboxMessage } from '../engine/outbox.ts';
import type { Run } from '../engine/run.ts';
import type { WorkflowRegistry } from '../engine/workflow-registry.ts';
import type { Db } from '../store/connect.ts';
import type { Database, TicketTable } from '../store/schema.ts';
import { writeTogether } from '../store/write-batch.ts';
import type { HumanTaskService } from './human-tasks.ts';
import type { TicketQueries } from './ticket-queries.ts';
import { runFromRow } from '../engine/run.ts';
import { notAwaitingApprovalError } from './late-answers.ts';

/** WITH_HUMAN: a person owns the conversation (an accepted handoff); the bot does not answer. */
export type ChatStatus = 'PAUSED_FOR_APPROVAL' | 'AWAITING_CUSTOMER' | 'DONE' | 'PROCESSING' | 'FAILED' | 'WITH_HUMAN';

export interface ChatResult {
  thread_id: string;
  ticket: string;
  run_id: string;
  status: ChatStatus;
  reply: string | null;
  task_id?: string;
  action_result?: string;
}

export interface PostMessage {
  projectId: string;
  message: string;
  threadId?: string;
  customerEmail?: string | null;
  workflow?: string;
  /** A signed-in person or key sending the message (trying the bot); null for a customer. */
  requestedBy?: string | null;
}

export interface Decide {
  projectId: string;
  threadId: string;
  approval: boolean;
  reason?: string | null;
  respondedBy: string;
}

interface ChatDeps {
  db: Db;
  engine: Engine;
  workflows: WorkflowRegistry;
  tasks: HumanTaskService;
  tickets: TicketQueries;
  events: EventBus;
  clock: Clock;
  ids: IdGenerator;
  defaultWorkflow: string;
  /** How long a request waits for a run driven elsewhere before answering PROCESSING. */
  settleTimeoutMs: number;
}

interface Intake {
  runId: string;
  /** A person owns the conversation: no run was started or answered. */
  withHuman: boolean;
  /** The run waits for someone else: what the customer is told meanwhile. */
  holding?: string;
  /** The run this intake leased to this process, to drive once it commits. */
  leased?: Run;
}

export class ChatService {
  readonly #d: ChatDeps;

  constructor(deps: ChatDeps) {
    this.#d = deps;
  }

  async postMessage(input: PostMessage): Promise<ChatResult> {
    const intake = await this.#takeIn(input);
    // The bot does not answer while a person owns the conversation.
    if (intake.withHuman) return { ...(await this.runResult(intake.runId)), reply: null };
    if (intake.holding) return { ...(await this.runResult(intake.runId)), reply: intake.holding };
    return this.#report(await this.#driven(intake.runId, intake.leased));
  }

  /** The message taken in and its run driven until it stops, without the chat's report: `sb.start`. */
  async submit(input: PostMessage): Promise<string> {
    const intake = await this.#takeIn(input);
    if (!intake.withHuman && !intake.holding) await this.#driven(intake.runId, intake.leased);
    return intake.runId;
  }

  async #takeIn(input: PostMessage): Promise<Intake> {
    const threadId = input.threadId;
    if (!threadId) return this.#openThread(input);
    // The intake need not wait for the disk: the call does not return before something made it durable.
    const intake = await this.#d.db.transaction((trx) => this.#intake(trx, input, threadId), { deferCommit: true });
    if (intake.withHuman || intake.holding) await this.#d.db.durable();
    return intake;
  }

  async decide(input: Decide): Promise<ChatResult> {
    const ticket = await this.#ticketByThread(input.projectId, input.threadId);
    const run = await this.#latestRun(ticket.id);
    if (!run || run.status !== 'waiting' || run.wait?.kind !== 'approval') throw await notAwaitingApprovalError(this.#d.db.kysely, this.#d.clock, ticket.id, input.threadId);
    // Resolving hands the decision to the run and continues it before returning.
    const resolved = await this.#d.tasks.resolve(input.projectId, run.wait.taskId, { respondedBy: input.respondedBy, decision: input.approval ? 'approved' : 'rejected', notes: input.reason ?? null });
    return resolved.run ? this.#report(resolved.run) : this.runResult(run.id);
  }

  /** The customer's answer to the offer of a human (seed 000), from a button rather than typed. */
  async answerHandoff(projectId: string, threadId: string, accept: boolean): Promise<ChatResult> {
    const ticket = await this.#ticketByThread(projectId, threadId);
    const run = await this.#latestRun(ticket.id);
    if (run?.status !== 'waiting' || run.wait?.kind !== 'customer' || run.wait.topic !== 'handoff_offer') {
      throw new SwitchboardError('conflict', `No human handoff is on offer in thread ${threadId}.`);
    }
    return this.postMessage({ projectId, threadId, message: accept ? 'Yes, connect me with a person.' : 'No, thanks.' });
  }

  /** The approval task a thread (or any reference `respond` accepts) waits on, for checks before deciding. */
  async pendingApprovalTask(projectId: string, ref: string): Promise<string> {
    const ticket = await this.#ticketByThread(projectId, await this.#threadFor(projectId, ref));
    const run = await this.#latestRun(ticket.id);
    if (!run || run.status !== 'waiting' || run.wait?.kind !== 'approval') throw await notAwaitingApprovalError(this.#d.db.kysely, this.#d.clock, ticket.id, ticket.thread_id);
    return run.wait.taskId;
  }

  /** A decision addressed by thread id, run id, ticket id or ticket number (the CLI's `respond <id>`). */
  async decideByRef(projectId: string, ref: string, decision: Omit<Decide, 'projectId' | 'threadId'>): Promise<ChatResult> {
    return this.decide({ projectId, threadId: await this.#threadFor(projectId, ref), ...decision });
  }

  /** The outcome of a run as the chat reports it, once no worker is advancing it. */
  async runResult(runId: string): Promise<ChatResult> {
    return this.#report(await this.#settled(runId));
  }

  /** The thread's messages and current state, for a customer polling for the outcome. */
  async thread(projectId: string, threadId: string): Promise<ChatResult & { messages: MessageView[] }> {
    const ticket = await this.#ticketByThread(projectId, threadId);
    const [state, messages] = await Promise.all([this.status(projectId, threadId), this.#d.db.kysely.selectFrom('messages').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute()]);
    return { ...state, messages: messages.map(messageView) };
  }

  /** The current state of a thread without changing it. */
  async status(projectId: string, threadId: string): Promise<ChatResult> {
    const ticket = await this.#ticketByThread(projectId, threadId);
    const run = await this.#latestRun(ticket.id);
    if (!run) throw new SwitchboardError('thread_not_found', `Thread ${threadId} has no runs.`);
    return this.#report(run);
  }

  /**
   * A first message: a ticket, its run (leased to this process), the message and the ticket's event.
   * Two statements rather than a transaction, neither waiting for the disk (the run's first stop
   * does): the ticket's number, then everything else together, one statement on PostgreSQL. A
   * failure between them leaves a gap in the ticket numbers, as a sequence would.
   */
  async #openThread(input: PostMessage): Promise<Intake> {
    const { db, engine, ids, clock } = this.#d;
    const workflow = this.#d.workflows.get(input.workflow ?? this.#d.defaultWorkflow);
    const number = await db.statement((k) => nextTicketNumber(k, input.projectId), { deferCommit: true });
    const now = isoAt(clock);
    const ticket = newTicketRow(ids(), input, number, now);
    const state = workflow.initialState({ message: input.message, ticketId: ticket.id, ticketNumber: formatTicketNumber(number), customerEmail: input.customerEmail ?? null });
    const run = await db.statement(async (k) => {
      const started = engine.newRun(k, { projectId: input.projectId, ticketId: ticket.id, workflow: workflow.name, state });
      await writeTogether(k, db.dialect, [
        k.insertInto('tickets').values(ticket),
        outboxInsert(k, ids, clock, [ticketCreatedEvent(ticket)]),
        ...started.writes,
        k.insertInto('messages').values({ id: ids(), project_id: input.projectId, ticket_id: ticket.id, run_id: started.run.id, role: 'customer', body: input.message, author: input.customerEmail ?? null, created_at: now }),
      ]);
      return started.run;
    }, { deferCommit: true });
    return { runId: run.id, withHuman: false, leased: run };
  }

  /** A message in a thread that exists: to the run waiting for it, to a new run, or to the person who has the conversation. */
  async #intake(trx: Transaction<Database>, input: PostMessage, threadId: string): Promise<Intake> {
    const now = isoAt(this.#d.clock);
    const ticket = await this.#ticketByThread(input.projectId, threadId, trx);
    const active = await this.#latestRun(ticket.id, trx);
    const escalated = active?.status === 'waiting' && active.wait?.kind === 'escalation';
    if (active && (escalated || (isTerminalRun(active.status) && (await this.#ownedByPerson(trx, ticket.id))))) {
      // A person has the conversation: the message is theirs to answer, not a new run's.
      await trx.insertInto('messages').values({ id: this.#d.ids(), project_id: input.projectId, ticket_id: ticket.id, run_id: null, role: 'customer', body: input.message, author: input.customerEmail ?? null, created_at: now }).execute();
      return { runId: active.id, withHuman: true };
    }
    const holding = active?.status === 'waiting' ? holdingReply(active.wait?.kind) : null;
    if (active && holding) {
      // The run waits for a reviewer or a scheduled callback: the message is kept for the person who
      // picks the conversation up, and the customer hears where things stand.
      await trx.insertInto('messages').values({ id: this.#d.ids(), project_id: input.projectId, ticket_id: ticket.id, run_id: active.id, role: 'customer', body: input.message, author: input.customerEmail ?? null, created_at: now }).execute();
      return { runId: active.id, withHuman: false, holding };
    }
    if (active && !isTerminalRun(active.status) && !(active.status === 'waiting' && active.wait?.kind === 'customer')) {
      throw new SwitchboardError('run_busy', 'This conversation is still being handled; try again in a moment.', { status: active.status });
    }
    const messageId = this.#d.ids();
    const leased = active?.status === 'waiting' ? await this.#continueRun(trx, active.id, messageId, input.message) : await this.#startRun(trx, input, ticket);
    await trx.insertInto('messages').values({ id: messageId, project_id: input.projectId, ticket_id: ticket.id, run_id: leased.id, role: 'customer', body: input.message, author: input.customerEmail ?? null, created_at: now }).execute();
    return { runId: leased.id, withHuman: false, leased };
  }

  /** An open handoff task means a person owns the conversation. */
  async #ownedByPerson(trx: Transaction<Database> | Db['kysely'], ticketId: string): Promise<boolean> {
    const task = await trx.selectFrom('human_tasks').select('id').where('ticket_id', '=', ticketId).where('type', '=', 'handoff').where('status', 'in', [...openTaskStatuses]).limit(1).executeTakeFirst();
    return task !== undefined;
  }

  /** The customer's answer to a run waiting for them goes to that run's continuation. */
  async #continueRun(trx: Transaction<Database>, runId: string, messageId: string, text: string): Promise<Run> {
    const resumed = await this.#d.engine.resumeRun(trx, runId, { kind: 'customer', messageId, text });
    // Another message got there first: this one is refused whole rather than recorded without a run.
    if (!resumed) throw new SwitchboardError('run_busy', 'This conversation is still being handled; try again in a moment.');
    return resumed;
  }

  async #startRun(trx: Transaction<Database>, input: PostMessage, ticket: { id: string; number: number }): Promise<Run> {
    const workflow = this.#d.workflows.get(input.workflow ?? this.#d.defaultWorkflow);
    const state = workflow.initialState({ message: input.message, ticketId: ticket.id, ticketNumber: formatTicketNumber(ticket.number), customerEmail: input.customerEmail ?? null });
    return this.#d.engine.createRun(trx, { projectId: input.projectId, ticketId: ticket.id, workflow: workflow.name, state });
  }

  async #threadFor(projectId: string, ref: string): Promise<string> {
    if (ref.startsWith('thr_')) return ref;
    const run = await this.#d.engine.getRun(ref);
    return (await this.#d.tickets.find(projectId, run?.ticketId ?? ref)).thread_id;
  }

  async #ticketByThread(projectId: string, threadId: string, trx?: Transaction<Database>) {
    const row = await (trx ?? this.#d.db.kysely).selectFrom('tickets').selectAll().where('project_id', '=', projectId).where('thread_id', '=', threadId).executeTakeFirst();
    if (!row) throw new SwitchboardError('thread_not_found', `No thread "${threadId}".`);
    return row;
  }

  async #latestRun(ticketId: string, trx?: Transaction<Database>): Promise<Run | undefined> {
    const row = await (trx ?? this.#d.db.kysely).selectFrom('runs').selectAll().where('ticket_id', '=', ticketId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? runFromRow(row) : undefined;
  }

  /** Drives the run the intake leased; returns it once it stopped here, or as another worker leaves it. */
  async #driven(runId: string, leased: Run | undefined): Promise<Run> {
    const driven = await this.#d.engine.drive(runId, leased);
    // A run that stopped (waiting, done, failed, queued for a retry) was stopped by a commit that waited for the disk.
    if (driven && driven.status !== 'running') return driven;
    await this.#d.db.durable();
    return this.#settled(runId);
  }

  /** Another worker holds the run: wait (bounded) for it to stop, woken by commits in this process. */
  async #settled(runId: string): Promise<Run> {
    const deadline = Date.now() + this.#d.settleTimeoutMs;
    for (;;) {
      const run = await this.#d.engine.getRun(runId);
      if (!run) throw new SwitchboardError('run_not_found', `No run ${runId}.`);
      // A queued run waits for a retry or a worker loop: report it as processing rather than block.
      if (run.status !== 'running' || Date.now() >= deadline) return run;
      await this.#d.events.next((e) => e.type === 'run' && e.runId === runId, Math.min(250, deadline - Date.now()));
    }
  }

  async #report(run: Run): Promise<ChatResult> {
    const db = this.#d.db.kysely;
    const [ticket, reply] = await Promise.all([
      db.selectFrom('tickets').select(['thread_id', 'number', 'status']).where('id', '=', run.ticketId).executeTakeFirstOrThrow(),
      db.selectFrom('messages').select('body').where('run_id', '=', run.id).where('role', '=', 'assistant').orderBy('id', 'desc').limit(1).executeTakeFirst(),
    ]);
    const withPerson = isTerminalRun(run.status) && ticket.status === 'with_human' && (await this.#ownedByPerson(db, run.ticketId));
    const result: ChatResult = { thread_id: ticket.thread_id, ticket: formatTicketNumber(ticket.number), run_id: run.id, status: withPerson ? 'WITH_HUMAN' : chatStatus(run, ticket.status), reply: reply?.body ?? null };
    if (run.wait?.kind === 'approval' || run.wait?.kind === 'escalation') result.task_id = run.wait.taskId;
    const actionResult = run.state['action_result'];
    if (typeof actionResult === 'string') result.action_result = actionResult;
    return result;
  }
}

function chatStatus(run: Run, ticketStatus: string): ChatStatus {
  switch (run.status) {
    case 'waiting':
      if (run.wait?.kind === 'approval') return 'PAUSED_FOR_APPROVAL';
      if (run.wait?.kind === 'escalation') return 'WITH_HUMAN';
      return run.wait?.kind === 'customer' ? 'AWAITING_CUSTOMER' : 'PROCESSING';
    case 'completed':
      return ticketStatus === 'awaiting_customer' ? 'AWAITING_CUSTOMER' : 'DONE';
    case 'failed':
    case 'cancelled':
      return 'FAILED';
    case 'queued':
    case 'running':
      return 'PROCESSING';
  }
}

/** What a customer writing to a run that waits on someone else hears (nothing is lost or re-run). */
function holdingReply(wait: string | undefined): string | null {
  if (wait === 'approval') return 'Thanks, I\'ve added that to your request. It is with a reviewer, and you will hear back here as soon as they decide.';
  if (wait === 'timer') return 'Thanks, I\'ve added that to your request. We will get back to you at the time we arranged.';
  return null;
}

/** The project's next ticket number; a project that does not exist has none. */
async function nextTicketNumber(db: Kysely<Database>, projectId: string): Promise<number> {
  const counter = await db
    .updateTable('projects')
    .set((eb) => ({ ticket_counter: eb('ticket_counter', '+', 1) }))
    .where('id', '=', projectId)
    .returning('ticket_counter')
    .executeTakeFirst();
  if (!counter) throw new SwitchboardError('project_not_found', `No project "${projectId}".`);
  return counter.ticket_counter;
}

function newTicketRow(id: string, input: PostMessage, number: number, now: string): Insertable<TicketTable> & { id: string; project_id: string; number: number; subject: string } {
  return {
    id,
    project_id: input.projectId,
    number,
    thread_id: newThreadId(),
    status: 'new',
    category: null,
    priority: 'medium',
    subject: input.message.slice(0, 120),
    customer_email: input.customerEmail ?? null,
    assignee: null,
    version: 0,
    created_at: now,
    updated_at: now,
    requested_by: input.requestedBy ?? null,
  };
}

function ticketCreatedEvent(ticket: { id: string; project_id: string; number: number; subject: string }): NewOutboxMessage {
  return { projectId: ticket.project_id, topic: 'ticket.created', dedupeKey: `ticket.created:${ticket.id}`, payload: { ticketId: ticket.id, number: formatTicketNumber(ticket.number), subject: ticket.subject } };
}
