// The store's side of a scrape. Each query reads a covering index over open work only (live runs,
// open tasks, undelivered events), so a scrape costs as much as the backlog, never the history.
import { openTaskStatuses } from '../domain/human-task.ts';
import type { RunStatus } from '../domain/run.ts';
import type { Db } from '../store/connect.ts';

/** The statuses a run is in while it is not finished; finished runs are counted as they finish. */
export const liveRunStatuses = ['queued', 'running', 'waiting'] as const satisfies readonly RunStatus[];
export const scrapedDeliveryStatuses = ['pending', 'dead'] as const;

export interface RunCount {
  project_id: string;
  workflow: string;
  status: string;
  count: number;
}

export interface OpenTaskCount {
  project_id: string;
  priority: string;
  count: number;
  oldest: string;
}

export interface DeliveryCount {
  destination: string;
  status: string;
  count: number;
  oldest: string;
}

export async function projectIds(db: Db): Promise<string[]> {
  return (await db.kysely.selectFrom('projects').select('id').execute()).map((row) => row.id);
}

export async function liveRunCounts(db: Db): Promise<RunCount[]> {
  const rows = await db.kysely
    .selectFrom('runs')
    .select((eb) => ['project_id', 'workflow', 'status', eb.fn.countAll<number | string>().as('count')])
    .where('status', 'in', liveRunStatuses)
    .groupBy(['status', 'project_id', 'workflow'])
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** Runs a worker could claim now and none holds: due queued runs, and running ones whose lease expired. */
export async function queueDepth(db: Db, now: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where((eb) => eb.or([eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)])]))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function openTaskCounts(db: Db): Promise<OpenTaskCount[]> {
  const rows = await db.kysely
    .selectFrom('human_tasks')
    .select((eb) => ['project_id', 'priority', eb.fn.countAll<number | string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', openTaskStatuses)
    .groupBy(['project_id', 'priority'])
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export async function deliveryCounts(db: Db): Promise<DeliveryCount[]> {
  const rows = await db.kysely
    .selectFrom('outbox_deliveries')
    .select((eb) => ['destination', 'status', eb.fn.countAll<number | string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', scrapedDeliveryStatuses)
    .groupBy(['status', 'destination'])
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}
