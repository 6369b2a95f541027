// What-if replay: the recorded tickets of a date range, triaged, routed, escalated and gated again
// under a changed configuration in shadow mode, and what would differ, ticket by ticket and in total.
import { SwitchboardError } from '../domain/errors.ts';
import type { Db } from '../store/connect.ts';
import { supportWorkflowName } from '../workflows/support-triage/state.ts';
import { recordedDecisions } from './recorded-decisions.ts';
import { countTickets, listTickets, loadRecordedTicket, type RecordedTicket } from './recorded-ticket.ts';
import type { ReplayRange } from './replay-range.ts';
import { replayTicket } from './replay-ticket.ts';
import type { ShadowPieces } from './shadow-pieces.ts';
import { replayDimensions, type ReplayDimension } from './ticket-decisions.ts';

/** Most tickets one replay covers: a larger range is split into several replays. */
export const maxReplayTickets = 5000;

export interface ReplayDifference {
  dimension: ReplayDimension;
  recorded: string;
  replayed: string;
}

export interface ReplayRow {
  ticket_id: string;
  number: string;
  created_at: string;
  model_needed: boolean;
  differences: ReplayDifference[];
}

export interface SkippedTicket {
  ticket_id: string;
  number: string;
  reason: string;
}

export interface ReplayReport {
  project: string;
  from: string;
  to: string;
  tickets: number;
  replayed: number;
  /** Tickets with at least one difference. */
  differing: number;
  /** Per dimension, how many tickets differ in it; `model_needed`: tickets a model answer was missing for. */
  totals: Record<ReplayDimension | 'model_needed', number>;
  /** Tickets that differ or needed the model, oldest first. */
  rows: ReplayRow[];
  skipped: SkippedTicket[];
}

export interface ReplayRequest {
  projectId: string;
  range: ReplayRange;
  onProgress?: (done: number, total: number) => void;
}

export async function replayTickets(db: Db, pieces: ShadowPieces, request: ReplayRequest): Promise<ReplayReport> {
  await assertProject(db, request.projectId);
  const count = await countTickets(db, request.projectId, request.range);
  if (count > maxReplayTickets) throw new SwitchboardError('invalid_request', `The range holds ${count} tickets; replay at most ${maxReplayTickets} at a time (choose a shorter range).`, { tickets: count, max: maxReplayTickets });
  const tickets = await listTickets(db, request.projectId, request.range);
  const report = emptyReport(request);
  for (const [index, row] of tickets.entries()) {
    await replayOne(pieces, await loadRecordedTicket(db, row), report);
    request.onProgress?.(index + 1, tickets.length);
  }
  return report;
}

async function replayOne(pieces: ShadowPieces, ticket: RecordedTicket, report: ReplayReport): Promise<void> {
  report.tickets += 1;
  if (ticket.compactedAt) {
    report.skipped.push({ ticket_id: ticket.id, number: ticket.number, reason: `its run was compacted on ${ticket.compactedAt.slice(0, 10)} (retention), so the recorded decisions are gone` });
    return;
  }
  const recorded = ticket.workflow === supportWorkflowName ? recordedDecisions(ticket) : null;
  if (!recorded) {
    report.skipped.push({ ticket_id: ticket.id, number: ticket.number, reason: ticket.workflow === supportWorkflowName ? 'no triage step was recorded' : `workflow ${ticket.workflow ?? 'none'} is not replayed` });
    return;
  }
  const replayed = await replayTicket(pieces, ticket, recorded);
  report.replayed += 1;
  const differences = replayDimensions.filter((d) => recorded.decisions[d] !== replayed.decisions[d]).map((d) => ({ dimension: d, recorded: recorded.decisions[d], replayed: replayed.decisions[d] }));
  for (const difference of differences) report.totals[difference.dimension] += 1;
  if (replayed.modelNeeded) report.totals.model_needed += 1;
  if (differences.length > 0) report.differing += 1;
  if (differences.length > 0 || replayed.modelNeeded) report.rows.push({ ticket_id: ticket.id, number: ticket.number, created_at: ticket.createdAt, model_needed: replayed.modelNeeded, differences });
}

function emptyReport(request: ReplayRequest): ReplayReport {
  const totals = { route: 0, category: 0, gate: 0, auto_resolution: 0, escalation: 0, model_needed: 0 };
  return { project: request.projectId, from: request.range.since, to: request.range.until, tickets: 0, replayed: 0, differing: 0, totals, rows: [], skipped: [] };
}

async function assertProject(db: Db, projectId: string): Promise<void> {
  const project = await db.kysely.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new SwitchboardError('project_not_found', `No project "${projectId}".`);
}
