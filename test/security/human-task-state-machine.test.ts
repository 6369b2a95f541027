// The inbox's state machine against a model: fast-check generates sequences of create, claim, assign,
// resolve, cancel, deadline sweeps, list queries and two operations racing on one task, on standalone
// tasks; the model predicts each outcome (the task afterwards, or the stable error code; a race must end
// as one of its two serial orders), and after every command the inbox must agree with it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Assignment, InboxFilter, NewTask } from '../../src/app/human-tasks.ts';
import type { TaskAction } from '../../src/app/task-audit.ts';
import type { HumanTaskView } from '../../src/app/views.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError, type ErrorCode } from '../../src/domain/errors.ts';
import { humanTaskStatuses, humanTaskTypes, isOpenTask, type HumanTaskStatus, type HumanTaskType, type TaskField } from '../../src/domain/human-task.ts';
import { priorities, priorityRank, type Priority } from '../../src/domain/ticket.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

const minute = 60_000;
const users = ['alice', 'bob', 'carol'] as const;
const teams = ['billing', 'team_leads'] as const;
const numRuns = 100;
const maxCommands = 25;

/** The inbox configuration under test, as the model reads it and as YAML for the Switchboard. */
const sla: Partial<Record<Priority, number>> = { critical: 15, high: 60 };
interface ChainLevel {
  assignTo?: string;
  assignTeam?: string;
  raisePriority: boolean;
  dueInMinutes: number;
}
const chain: readonly ChainLevel[] = [
  { assignTeam: 'team_leads', raisePriority: true, dueInMinutes: 30 },
  { raisePriority: false, dueInMinutes: 30 },
  { assignTo: 'support_manager', raisePriority: true, dueInMinutes: 60 },
];
const inboxYaml = `
inbox:
  sla_minutes: { critical: ${sla.critical}, high: ${sla.high} }
  escalation_chain:
${chain.map(levelYaml).join('\n')}
  on_expiry: auto_deny
`;

function levelYaml(level: ChainLevel): string {
  const owner = level.assignTo ? `assign_to: ${level.assignTo}, ` : level.assignTeam ? `assign_team: ${level.assignTeam}, ` : '';
  return `    - { ${owner}raise_priority: ${level.raisePriority}, due_in_minutes: ${level.dueInMinutes} }`;
}

/** Each type's form, so that answers can be right or wrong in every way a form checks. */
const forms: Record<HumanTaskType, TaskField[]> = {
  approval: [{ name: 'risk', type: 'select', options: ['low', 'high'], required: true }],
  review: [{ name: 'score', type: 'number', required: true }, { name: 'comment', type: 'textarea' }],
  decision: [{ name: 'choice', type: 'select', options: ['refund', 'replace'], required: true }, { name: 'when', type: 'date' }],
  data_entry: [{ name: 'confirmed', type: 'boolean', required: true }, { name: 'note', type: 'text' }],
  escalation: [{ name: 'summary', type: 'text' }],
  handoff: [],
};

// ---- The model ----

interface TaskModel {
  id: string;
  type: HumanTaskType;
  fields: TaskField[];
  status: HumanTaskStatus;
  priority: Priority;
  dueAt: number | null;
  assignedTo: string | null;
  assignedTeam: string | null;
  claimedBy: string | null;
  decision: string | null;
  respondedBy: string | null;
  escalationLevel: number;
  /** The audit entries the task must have, in order. */
  audit: TaskAction[];
}

interface InboxModel {
  tasks: TaskModel[];
  now: number;
}

/** What the model expects of one command: the error, or the task as it is afterwards. */
type Prediction = { code: ErrorCode; details?: Record<string, unknown>; badFields?: string[] } | { next: TaskModel };

function closedError(task: TaskModel): Prediction | null {
  if (task.status === 'completed') return { code: 'already_decided', details: { status: 'completed', decision: task.decision, respondedBy: task.respondedBy } };
  if (task.status === 'expired' || task.status === 'cancelled') return { code: 'task_closed', details: { status: task.status } };
  return null;
}

function predictClaim(task: TaskModel, user: string): Prediction {
  const closed = closedError(task);
  if (closed) return closed;
  if (task.claimedBy === user) return { next: task };
  if (task.claimedBy !== null) return { code: 'already_claimed', details: { claimedBy: task.claimedBy } };
  return { next: { ...task, status: 'in_progress', claimedBy: user, assignedTo: task.assignedTo ?? user, audit: [...task.audit, 'claimed'] } };
}

function predictAssign(task: TaskModel, to: Owner): Prediction {
  const closed = closedError(task);
  if (closed) return closed;
  return { next: { ...task, status: 'assigned', assignedTo: to.person ?? null, assignedTeam: to.team ?? null, claimedBy: null, audit: [...task.audit, 'assigned'] } };
}

function predictResolve(task: TaskModel, decision: string, answers: AnswerMode, by: string): Prediction {
  const closed = closedError(task);
  if (closed) return closed;
  if (task.type === 'approval' && decision !== 'approved' && decision !== 'rejected') return { code: 'invalid_request' };
  const bad = badFieldNames(task.fields, answers);
  if (bad.length > 0) return { code: 'invalid_fields', badFields: bad };
  return { next: { ...task, status: 'completed', decision, respondedBy: by, audit: [...task.audit, 'resolved'] } };
}

function predictCancel(task: TaskModel, by: string): Prediction {
  const closed = closedError(task);
  if (closed) return closed;
  return { next: { ...task, status: 'cancelled', respondedBy: by, audit: [...task.audit, 'cancelled'] } };
}

/** One sweep: every open task past its due time moves one level up the chain, or expires after the last. */
function sweep(task: TaskModel, now: number): TaskModel {
  if (!isOpenTask(task.status) || task.dueAt === null || task.dueAt > now) return task;
  const level = chain[task.escalationLevel];
  if (!level) return { ...task, status: 'expired', decision: 'rejected', respondedBy: 'system:sla', audit: [...task.audit, 'expired'] };
  const priority = level.raisePriority ? (priorities[Math.min(priorities.length - 1, priorityRank(task.priority) + 1)] ?? task.priority) : task.priority;
  const reassigned = level.assignTo === undefined && level.assignTeam === undefined ? {} : { status: 'assigned' as const, assignedTo: level.assignTo ?? null, assignedTeam: level.assignTeam ?? null, claimedBy: null };
  return { ...task, ...reassigned, priority, escalationLevel: task.escalationLevel + 1, dueAt: now + level.dueInMinutes * minute, audit: [...task.audit, 'escalated'] };
}

/** The inbox's order: highest priority, then the earliest due time (undated last), then the oldest (ids sort by creation). */
function inboxOrder(tasks: readonly TaskModel[]): TaskModel[] {
  return tasks.toSorted((a, b) => priorityRank(b.priority) - priorityRank(a.priority) || byDue(a, b) || (a.id < b.id ? -1 : 1));
}

function byDue(a: TaskModel, b: TaskModel): number {
  if (a.dueAt === b.dueAt) return 0;
  if (a.dueAt === null || b.dueAt === null) return a.dueAt === null ? 1 : -1;
  return a.dueAt - b.dueAt;
}

function isOverdue(task: TaskModel, now: number): boolean {
  return task.dueAt !== null && task.dueAt < now && isOpenTask(task.status);
}

function matchesFilter(task: TaskModel, filter: InboxFilter, now: number): boolean {
  if (filter.status && task.status !== filter.status) return false;
  if (filter.type && task.type !== filter.type) return false;
  if (filter.priority && task.priority !== filter.priority) return false;
  if (filter.assignee && task.assignedTo !== filter.assignee && task.claimedBy !== filter.assignee) return false;
  if (filter.team && task.assignedTeam !== filter.team) return false;
  return filter.overdue === undefined || isOverdue(task, now) === filter.overdue;
}

// ---- Answers to a task's form, right or wrong in a chosen way ----

const answerModes = ['omitted', 'valid', 'withoutRequired', 'wrongType', 'unknownField', 'editedArgs'] as const;
type AnswerMode = (typeof answerModes)[number];

function goodAnswer(field: TaskField): unknown {
  const answers = { text: 'checked', textarea: 'all good', number: 3, boolean: true, select: field.options?.[0], date: '2026-03-01' };
  return answers[field.type];
}

function badAnswer(field: TaskField): unknown {
  const answers = { text: 42, textarea: false, number: 'three', boolean: 'yes', select: 'none of them', date: '2026-02-30' };
  return answers[field.type];
}

function answersFor(fields: readonly TaskField[], mode: AnswerMode): Record<string, unknown> | undefined {
  const valid = Object.fromEntries(fields.map((field) => [field.name, goodAnswer(field)]));
  const first = fields[0];
  switch (mode) {
    case 'omitted':
      return undefined;
    case 'valid':
      return valid;
    case 'withoutRequired':
      return Object.fromEntries(fields.filter((field) => !field.required).map((field) => [field.name, goodAnswer(field)]));
    case 'wrongType':
      return first ? { ...valid, [first.name]: badAnswer(first) } : valid;
    case 'unknownField':
      return { ...valid, extra: 'not on the form' };
    case 'editedArgs':
      return { ...valid, args: { amount_cents: 100 } };
  }
}

/** The fields a resolve must name as wrong; a standalone task has no tool call, so `args` is not its to edit. */
function badFieldNames(fields: readonly TaskField[], mode: AnswerMode): string[] {
  const required = fields.filter((field) => field.required).map((field) => field.name);
  switch (mode) {
    case 'valid':
      return [];
    case 'omitted':
    case 'withoutRequired':
      return required;
    case 'wrongType':
      return fields.slice(0, 1).map((field) => field.name);
    case 'unknownField':
      return ['extra'];
    case 'editedArgs':
      return ['args'];
  }
}

// ---- The real inbox and the comparison ----

interface RealInbox {
  env: TestSwitchboard;
  clock: ManualClock;
  projectId: string;
  /** The last status each task was seen in, to check that no task leaves a terminal status. */
  seen: Map<string, HumanTaskStatus>;
}

/** Runs the call and checks it against the prediction: the same error code and details, or success. */
async function expectOutcome<T>(prediction: Prediction, call: () => Promise<T>): Promise<T | undefined> {
  if ('next' in prediction) return call();
  const error = await call().then(
    (value) => assert.fail(`expected ${prediction.code}, got success: ${JSON.stringify(value)}`),
    (reason: unknown) => reason,
  );
  assert.ok(isSwitchboardError(error), `expected a SwitchboardError, got ${String(error)}`);
  assert.equal(error.code, prediction.code, error.message);
  for (const [key, value] of Object.entries(prediction.details ?? {})) assert.deepEqual(error.details?.[key], value, `details.${key} of ${error.code}`);
  if (prediction.badFields) assert.deepEqual(Object.keys((error.details?.['fields'] ?? {}) as Record<string, unknown>).toSorted(), prediction.badFields.toSorted());
  return undefined;
}

function viewOf(task: TaskModel, now: number) {
  return {
    id: task.id,
    type: task.type,
    status: task.status,
    priority: task.priority,
    due_at: task.dueAt === null ? null : new Date(task.dueAt).toISOString(),
    overdue: isOverdue(task, now),
    assigned_to: task.assignedTo,
    assigned_team: task.assignedTeam,
    claimed_by: task.claimedBy,
    decision: task.decision,
    responded_by: task.respondedBy,
    escalation_level: task.escalationLevel,
  };
}

function comparable(view: HumanTaskView) {
  const { id, type, status, priority, due_at, overdue, assigned_to, assigned_team, claimed_by, decision, responded_by, escalation_level } = view;
  return { id, type, status, priority, due_at, overdue, assigned_to, assigned_team, claimed_by, decision, responded_by, escalation_level };
}

/** The invariants, checked after every command. */
async function assertInboxAgrees(m: InboxModel, r: RealInbox): Promise<void> {
  const { sb } = r.env;
  const all = await sb.tasks.list(r.projectId, { limit: 1000 });
  for (const task of all) {
    assert.ok(humanTaskStatuses.includes(task.status), `status ${task.status} is one of the statuses`);
    if (task.status === 'completed') assert.ok(task.decision !== null && task.responded_by !== null, `completed task ${task.id} has a decision and who made it`);
    const before = r.seen.get(task.id);
    if (before && !isOpenTask(before)) assert.equal(task.status, before, `task ${task.id} stays ${before}`);
    r.seen.set(task.id, task.status);
  }
  assert.deepEqual(all.map(comparable), inboxOrder(m.tasks).map((task) => viewOf(task, m.now)), 'every task, in inbox order, as the model has it');

  const pending = await sb.tasks.list(r.projectId, { status: 'pending' });
  assert.deepEqual(pending.map((task) => task.id), inboxOrder(m.tasks.filter((task) => task.status === 'pending')).map((task) => task.id), 'the pending list');

  const audit = await sb.db.kysely.selectFrom('audit_log').select(['subject_id', 'action']).where('project_id', '=', r.projectId).where('subject_type', '=', 'human_task').orderBy('seq').execute();
  const actions = new Map<string, string[]>();
  for (const entry of audit) actions.set(entry.subject_id, [...(actions.get(entry.subject_id) ?? []), entry.action]);
  assert.deepEqual(Object.fromEntries(actions), Object.fromEntries(m.tasks.map((task) => [task.id, task.audit.map((action) => `human_task.${action}`)])), 'one audit entry per change, none for a refusal');
}

// ---- Commands ----

type InboxCommand = fc.AsyncCommand<InboxModel, RealInbox>;

/** A command's task: the n-th the model knows (modulo), or an id the inbox has never seen. */
type Pick = number | null;
const missingTaskId = 'tsk_never_created';

function picked(m: InboxModel, pick: Pick): TaskModel | undefined {
  return pick === null || m.tasks.length === 0 ? undefined : m.tasks[pick % m.tasks.length];
}

function pickName(pick: Pick): string {
  return pick === null ? 'a missing task' : `task #${pick}`;
}

/** One thing a person does to one task: what the model expects, and the call to the inbox. */
interface TaskOp {
  predict(task: TaskModel): Prediction;
  call(r: RealInbox, taskId: string, task: TaskModel | undefined): Promise<unknown>;
  toString(): string;
}

function claimOp(user: string): TaskOp {
  return {
    predict: (task) => predictClaim(task, user),
    call: (r, id) => r.env.sb.tasks.claim(r.projectId, id, user),
    toString: () => `claim by ${user}`,
  };
}

function assignOp(to: Owner): TaskOp {
  const assignment: Assignment = to.person ? { assignedTo: to.person } : { assignedToTeam: to.team ?? '' };
  return {
    predict: (task) => predictAssign(task, to),
    call: (r, id) => r.env.sb.tasks.assign(r.projectId, id, assignment, 'lead'),
    toString: () => `assign to ${to.person ?? `team ${to.team}`}`,
  };
}

function resolveOp(decision: string, answers: AnswerMode, by: string): TaskOp {
  return {
    predict: (task) => predictResolve(task, decision, answers, by),
    call: (r, id, task) => {
      const fields = answersFor(task?.fields ?? [], answers);
      return r.env.sb.tasks.resolve(r.projectId, id, { respondedBy: by, decision, notes: 'looked at it', ...(fields ? { fields } : {}) });
    },
    toString: () => `resolve ${decision} by ${by} with answers ${answers}`,
  };
}

function cancelOp(by: string): TaskOp {
  return {
    predict: (task) => predictCancel(task, by),
    call: (r, id) => r.env.sb.tasks.cancel(r.projectId, id, by, 'no longer needed'),
    toString: () => `cancel by ${by}`,
  };
}

/** One operation on one task (or on a task that does not exist): the outcome must be the predicted one. */
class OnTask implements InboxCommand {
  readonly pick: Pick;
  readonly op: TaskOp;
  constructor(pick: Pick, op: TaskOp) {
    this.pick = pick;
    this.op = op;
  }
  check = (m: Readonly<InboxModel>) => this.pick === null || m.tasks.length > 0;
  async run(m: InboxModel, r: RealInbox): Promise<void> {
    const task = picked(m, this.pick);
    const prediction: Prediction = task ? this.op.predict(task) : { code: 'task_not_found' };
    await expectOutcome(prediction, () => this.op.call(r, task?.id ?? missingTaskId, task));
    if (task && 'next' in prediction) replaceTask(m, prediction.next);
    await assertInboxAgrees(m, r);
  }
  toString(): string {
    return `${this.op.toString()} (${pickName(this.pick)})`;
  }
}

/**
 * Two operations on the same task at once. Each change locks the task, so the result must be one of the
 * two serial orders: both calls' outcomes and the task afterwards as the model has them in that order.
 */
class Race implements InboxCommand {
  readonly pick: number;
  readonly a: TaskOp;
  readonly b: TaskOp;
  constructor(pick: number, a: TaskOp, b: TaskOp) {
    this.pick = pick;
    this.a = a;
    this.b = b;
  }
  check = (m: Readonly<InboxModel>) => m.tasks.length > 0;
  async run(m: InboxModel, r: RealInbox): Promise<void> {
    const task = picked(m, this.pick);
    assert.ok(task);
    const settled = await Promise.allSettled([this.a.call(r, task.id, task), this.b.call(r, task.id, task)]);
    const after = comparable(await r.env.sb.tasks.get(r.projectId, task.id));
    const aFirst = serially(task, this.a, this.b);
    const bFirst = serially(task, this.b, this.a);
    const orders = [
      { predictions: [aFirst.first, aFirst.second], final: aFirst.final },
      { predictions: [bFirst.second, bFirst.first], final: bFirst.final },
    ];
    const order = orders.find((o) => o.predictions.every((p, i) => settledAs(p, settled[i])) && isDeepStrictEqual(viewOf(o.final, m.now), after));
    assert.ok(order, `the race ended as neither serial order: ${settled.map(describeSettled).join(' | ')}; task afterwards ${JSON.stringify(after)}`);
    replaceTask(m, order.final);
    await assertInboxAgrees(m, r);
  }
  toString(): string {
    return `race(${this.a.toString()} | ${this.b.toString()}) (task #${this.pick})`;
  }
}

function serially(task: TaskModel, first: TaskOp, second: TaskOp): { first: Prediction; second: Prediction; final: TaskModel } {
  const one = first.predict(task);
  const between = 'next' in one ? one.next : task;
  const two = second.predict(between);
  return { first: one, second: two, final: 'next' in two ? two.next : between };
}

function settledAs(prediction: Prediction, settled: PromiseSettledResult<unknown> | undefined): boolean {
  if ('next' in prediction) return settled?.status === 'fulfilled';
  if (settled?.status !== 'rejected' || !isSwitchboardError(settled.reason)) return false;
  const error = settled.reason;
  return error.code === prediction.code && Object.entries(prediction.details ?? {}).every(([key, value]) => isDeepStrictEqual(error.details?.[key], value));
}

function describeSettled(settled: PromiseSettledResult<unknown>): string {
  if (settled.status === 'fulfilled') return 'succeeded';
  return isSwitchboardError(settled.reason) ? settled.reason.code : String(settled.reason);
}

function replaceTask(m: InboxModel, next: TaskModel): void {
  m.tasks = m.tasks.map((task) => (task.id === next.id ? next : task));
}

interface Owner {
  person?: string;
  team?: string;
}

interface CreateSpec {
  type: HumanTaskType;
  priority: Priority;
  due: { kind: 'sla' } | { kind: 'in' | 'at'; minutes: number };
  owner: Owner;
  withForm: boolean;
  /** False: the reason uses a variable that is not given, and the task is refused. */
  reasonComplete: boolean;
}

class CreateTask implements InboxCommand {
  readonly spec: CreateSpec;
  constructor(spec: CreateSpec) {
    this.spec = spec;
  }
  check = () => true;
  async run(m: InboxModel, r: RealInbox): Promise<void> {
    const { spec } = this;
    const fields = spec.withForm ? forms[spec.type] : [];
    const input: NewTask = {
      type: spec.type,
      title: `A ${spec.type} task`,
      reason: 'Refund ${{amount}} for {{customer}}',
      variables: spec.reasonComplete ? { amount: '12.50', customer: 'Sara' } : { amount: '12.50' },
      fields,
      priority: spec.priority,
      createdBy: 'lead',
      ...(spec.due.kind === 'in' ? { dueInMinutes: spec.due.minutes } : {}),
      ...(spec.due.kind === 'at' ? { dueAt: new Date(m.now + spec.due.minutes * minute).toISOString() } : {}),
      ...(spec.owner.person ? { assignedTo: spec.owner.person } : {}),
      ...(spec.owner.team ? { assignedToTeam: spec.owner.team } : {}),
    };
    const prediction: Prediction = spec.reasonComplete ? { next: this.#created(m, fields) } : { code: 'invalid_request', details: { missing: ['customer'] } };
    const created = await expectOutcome(prediction, () => r.env.sb.tasks.create(r.projectId, input));
    if (created && 'next' in prediction) {
      assert.equal(created.reason, 'Refund $12.50 for Sara');
      m.tasks = [...m.tasks, { ...prediction.next, id: created.id }];
    }
    await assertInboxAgrees(m, r);
  }
  #created(m: InboxModel, fields: TaskField[]): TaskModel {
    const { spec } = this;
    const slaMinutes = sla[spec.priority];
    const dueIn = spec.due.kind === 'sla' ? slaMinutes : spec.due.minutes;
    const owned = spec.owner.person !== undefined || spec.owner.team !== undefined;
    return {
      id: '',
      type: spec.type,
      fields,
      status: owned ? 'assigned' : 'pending',
      priority: spec.priority,
      dueAt: dueIn === undefined ? null : m.now + dueIn * minute,
      assignedTo: spec.owner.person ?? null,
      assignedTeam: spec.owner.team ?? null,
      claimedBy: null,
      decision: null,
      respondedBy: null,
      escalationLevel: 0,
      audit: ['created'],
    };
  }
  toString(): string {
    const { type, priority, due, owner, withForm, reasonComplete } = this.spec;
    const dueText = due.kind === 'sla' ? 'due by SLA' : `due ${due.kind} ${due.minutes} min`;
    return `create(${type}, ${priority}, ${dueText}, owner ${owner.person ?? owner.team ?? 'none'}${withForm ? ', with form' : ''}${reasonComplete ? '' : ', reason missing a variable'})`;
  }
}

/** Time passes and the worker runs its deadline sweep. */
class PassTime implements InboxCommand {
  readonly minutes: number;
  constructor(minutes: number) {
    this.minutes = minutes;
  }
  check = () => true;
  async run(m: InboxModel, r: RealInbox): Promise<void> {
    m.now += this.minutes * minute;
    r.clock.advance(this.minutes * minute);
    await r.env.sb.worker.tick();
    m.tasks = m.tasks.map((task) => sweep(task, m.now));
    await assertInboxAgrees(m, r);
  }
  toString(): string {
    return `pass ${this.minutes} min and sweep`;
  }
}

class ListTasks implements InboxCommand {
  readonly filter: InboxFilter;
  constructor(filter: InboxFilter) {
    this.filter = filter;
  }
  check = () => true;
  async run(m: InboxModel, r: RealInbox): Promise<void> {
    const listed = await r.env.sb.tasks.list(r.projectId, this.filter);
    const expected = inboxOrder(m.tasks.filter((task) => matchesFilter(task, this.filter, m.now))).slice(0, this.filter.limit ?? 100);
    assert.deepEqual(listed.map((task) => task.id), expected.map((task) => task.id), `list(${JSON.stringify(this.filter)})`);
    await assertInboxAgrees(m, r);
  }
  toString(): string {
    return `list(${JSON.stringify(this.filter)})`;
  }
}

// ---- Arbitraries ----

const pickArb: fc.Arbitrary<Pick> = fc.option(fc.nat({ max: 50 }), { freq: 20, nil: null });
const userArb = fc.constantFrom(...users);
const ownerArb: fc.Arbitrary<Owner> = fc.oneof(userArb.map((person) => ({ person })), fc.constantFrom(...teams).map((team) => ({ team })));

const createArb = fc
  .record({
    type: fc.constantFrom(...humanTaskTypes),
    priority: fc.constantFrom(...priorities),
    due: fc.oneof(fc.constant({ kind: 'sla' as const }), fc.record({ kind: fc.constantFrom('in' as const, 'at' as const), minutes: fc.constantFrom(5, 15, 30, 60, 90) })),
    owner: fc.oneof(fc.constant({}), ownerArb),
    withForm: fc.boolean(),
    reasonComplete: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
  })
  .map((spec) => new CreateTask(spec));

const filterArb: fc.Arbitrary<InboxFilter> = fc
  .tuple(
    fc.oneof(
      fc.constant({}),
      fc.constantFrom(...humanTaskStatuses).map((status) => ({ status })),
      fc.constantFrom(...humanTaskTypes).map((type) => ({ type })),
      fc.constantFrom(...priorities).map((priority) => ({ priority })),
      userArb.map((assignee) => ({ assignee })),
      fc.constantFrom(...teams).map((team) => ({ team })),
      fc.boolean().map((overdue) => ({ overdue })),
    ),
    fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  )
  .map(([filter, limit]) => (limit === undefined ? filter : { ...filter, limit }));

const answersArb: fc.Arbitrary<AnswerMode> = fc.oneof({ arbitrary: fc.constant('valid' as const), weight: 5 }, { arbitrary: fc.constantFrom(...answerModes), weight: 3 });
const opArb: fc.Arbitrary<TaskOp> = fc.oneof(
  { arbitrary: userArb.map(claimOp), weight: 2 },
  { arbitrary: ownerArb.map(assignOp), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('approved', 'rejected', 'maybe', 'done'), answersArb, userArb).map(([decision, answers, by]) => resolveOp(decision, answers, by)), weight: 2 },
  { arbitrary: userArb.map(cancelOp), weight: 1 },
);
const passTimeArb = fc.constantFrom(1, 15, 29, 30, 31, 60, 61, 240).map((minutes) => new PassTime(minutes));

/** Repeats weigh the mix: tasks are created, worked on and left to expire more often than they are raced or listed. */
const commandArbs: fc.Arbitrary<InboxCommand>[] = [
  createArb,
  createArb,
  fc.tuple(pickArb, opArb).map(([pick, op]) => new OnTask(pick, op)),
  fc.tuple(pickArb, opArb).map(([pick, op]) => new OnTask(pick, op)),
  fc.tuple(pickArb, opArb).map(([pick, op]) => new OnTask(pick, op)),
  fc.tuple(fc.nat({ max: 50 }), opArb, opArb).map(([pick, a, b]) => new Race(pick, a, b)),
  passTimeArb,
  passTimeArb,
  filterArb.map((filter) => new ListTasks(filter)),
];

// ---- The suite ----

for (const dialect of await dialectsUnderTest()) {
  describe(`human-task state machine against its model (${dialect})`, () => {
    // One Switchboard for all runs (a fresh database per run is slow on PostgreSQL): each run gets its own project.
    const clock = new ManualClock('2026-11-21T09:00:00.000Z');
    let env: TestSwitchboard;
    let projects = 0;
    before(async () => {
      env = await testSwitchboard(dialect, { clock, config: demoConfigWith((text) => `${text}${inboxYaml}`) });
    });
    after(() => env.close());

    const freshInbox = async (): Promise<RealInbox> => {
      const projectId = `sm-${++projects}`;
      await env.sb.db.kysely.insertInto('projects').values({ id: projectId, name: `State machine run ${projects}`, ticket_counter: 1000, created_at: clock.now().toISOString() }).execute();
      return { env, clock, projectId, seen: new Map() };
    };

    it('agrees with the model on every command and keeps the invariants after each', async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commandArbs, { maxCommands, size: 'max' }), async (commands) => {
          const real = await freshInbox();
          try {
            await fc.asyncModelRun(() => ({ model: { tasks: [], now: clock.now().getTime() }, real }), commands);
          } finally {
            await closeOpenTasks(real);
          }
        }),
        { numRuns },
      );
    });
  });
}

/** Cancels what a run left open, so the next run's deadline sweep sees only its own tasks. */
async function closeOpenTasks(r: RealInbox): Promise<void> {
  const open = await r.env.sb.tasks.list(r.projectId, { limit: 1000 });
  for (const task of open.filter((t) => isOpenTask(t.status))) await r.env.sb.tasks.cancel(r.projectId, task.id, 'test-cleanup', null);
}
