// Approval analytics' raw material: each approval task for a tool call created in the range, read in
// one query (the same SQL on SQLite and PostgreSQL) and turned into records here, JSON included.
import { isDeepStrictEqual } from 'node:util';
import type { Selectable } from 'kysely';
import { openTaskStatuses, type HumanTaskStatus } from '../domain/human-task.ts';
import type { Db } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import type { HumanTaskTable } from '../store/schema.ts';
import type { ApprovalOutcome, ApprovalRecord } from './approval-figures.ts';
import type { AmountDecision } from './approval-threshold.ts';
import type { DayRange } from './stats-range.ts';
import { slaActor } from './task-sla.ts';
import type { HumanTaskView } from './views.ts';

type TaskRow = Pick<Selectable<HumanTaskTable>, 'status' | 'decision' | 'tool_call' | 'notes' | 'responded_by' | 'created_at' | 'resolved_at'>;
type StoredToolCall = NonNullable<HumanTaskView['tool_call']>;

/** Amounts without a currency argument are taken to be dollars. */
const assumedCurrency = 'USD';

export interface ApprovalEntry {
  record: ApprovalRecord;
  /** Present for a person's decision on a call with `amount_cents`. */
  amount: AmountDecision | null;
}

export async function approvalEntries(db: Db, projectId: string, range: DayRange): Promise<ApprovalEntry[]> {
  const rows = await db.kysely
    .selectFrom('human_tasks')
    .select(['status', 'decision', 'tool_call', 'notes', 'responded_by', 'created_at', 'resolved_at'])
    .where('project_id', '=', projectId)
    .where('type', '=', 'approval')
    .where('tool_call', 'is not', null)
    .where('created_at', '>=', range.since)
    .where('created_at', '<', range.until)
    .execute();
  return rows.map(entryOf);
}

export function entryOf(row: TaskRow): ApprovalEntry {
  const call = fromJson<StoredToolCall>(row.tool_call, { tool: '', args: {} });
  const outcome = outcomeOf(row);
  const edited = outcome === 'approved' && call.approvedArgs !== undefined && !isDeepStrictEqual(call.approvedArgs, call.args);
  const byPerson = outcome === 'approved' || outcome === 'rejected';
  const decisionSeconds = byPerson && row.resolved_at ? (Date.parse(row.resolved_at) - Date.parse(row.created_at)) / 1000 : null;
  const record: ApprovalRecord = { tool: call.tool, outcome, edited, decisionSeconds, notes: outcome === 'rejected' ? row.notes : null };
  const cents = call.args['amount_cents'];
  const currency = call.args['currency'];
  const amount = byPerson && Number.isSafeInteger(cents) ? { cents: cents as number, currency: typeof currency === 'string' ? currency : assumedCurrency, approvedAsProposed: outcome === 'approved' && !edited } : null;
  return { record, amount };
}

/** A decision by the expiry rule is the deadline's, not a reviewer's; a task closed without one was cancelled. */
function outcomeOf(row: TaskRow): ApprovalOutcome {
  const byDeadline = row.responded_by === slaActor;
  if (row.decision === 'approved') return byDeadline ? 'deadline_approved' : 'approved';
  if (row.decision === 'rejected') return byDeadline ? 'deadline_rejected' : 'rejected';
  return openTaskStatuses.includes(row.status as HumanTaskStatus) ? 'open' : 'cancelled';
}
