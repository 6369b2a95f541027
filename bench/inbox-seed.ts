// Fills the inbox for the inbox part: pending human tasks bulk-inserted in batches, with a realistic
// spread of priorities, due times (overdue, due soon, later, none), types, teams and ages.
import type { Insertable } from 'kysely';
import { defaultProjectId, type Switchboard } from '../src/index.ts';
import { createIdGenerator } from '../src/domain/ids.ts';
import { priorityRank, type Priority } from '../src/domain/ticket.ts';
import type { HumanTaskType } from '../src/domain/human-task.ts';
import { newHumanTaskRow } from '../src/store/human-task-row.ts';
import type { HumanTaskTable } from '../src/store/schema.ts';
import { format } from './stats.ts';

/** Rows per INSERT (under both dialects' bound-parameter limits) and INSERTs per transaction. */
const rowsPerInsert = 1_000;
const insertsPerTransaction = 20;

const hour = 3_600_000;

/** A small deterministic generator, so every run seeds the same inbox. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let roll = random();
  for (const [value, weight] of weighted) {
    if ((roll -= weight) < 0) return value;
  }
  return weighted[weighted.length - 1]?.[0] as T;
}

const priorities = [['critical', 0.05], ['high', 0.2], ['medium', 0.5], ['low', 0.25]] as const satisfies readonly (readonly [Priority, number])[];
const types = [['approval', 0.6], ['review', 0.15], ['handoff', 0.15], ['escalation', 0.1]] as const satisfies readonly (readonly [HumanTaskType, number])[];
const teams = [[null, 0.7], ['billing', 0.1], ['shipping', 0.1], ['team_leads', 0.1]] as const;

/** Due: 10% none, 15% overdue by up to two days, the rest within the coming week. */
function dueAt(random: () => number, now: number): string | null {
  const roll = random();
  if (roll < 0.1) return null;
  const offset = roll < 0.25 ? -random() * 48 * hour : random() * 168 * hour;
  return new Date(now + offset).toISOString();
}

function taskRow(random: () => number, id: string, now: number): Insertable<HumanTaskTable> {
  const priority = pick(random, priorities);
  const type = pick(random, types);
  const created = new Date(now - random() * 30 * 24 * hour).toISOString();
  return newHumanTaskRow({
    id,
    project_id: defaultProjectId,
    ticket_id: null,
    run_id: null,
    type,
    status: 'pending',
    priority,
    priority_rank: priorityRank(priority),
    title: `${type === 'approval' ? 'Refund' : 'Look at'} request ${id.slice(-6)}`,
    reason: 'Seeded by the inbox benchmark',
    context: '{}',
    due_at: dueAt(random, now),
    assigned_team: pick(random, teams),
    created_at: created,
  });
}

export async function seedPendingTasks(sb: Switchboard, count: number, log: (line: string) => void): Promise<void> {
  const random = seededRandom(8);
  const ids = createIdGenerator();
  const now = Date.now();
  const perTransaction = rowsPerInsert * insertsPerTransaction;
  for (let done = 0; done < count; done += perTransaction) {
    await sb.db.kysely.transaction().execute(async (trx) => {
      for (let batch = done; batch < Math.min(count, done + perTransaction); batch += rowsPerInsert) {
        const rows = Array.from({ length: Math.min(rowsPerInsert, count - batch) }, () => taskRow(random, ids(), now));
        await trx.insertInto('human_tasks').values(rows).execute();
      }
    });
    if ((done / perTransaction) % 10 === 9) log(`  ${format.count(Math.min(count, done + perTransaction))} tasks`);
  }
}
