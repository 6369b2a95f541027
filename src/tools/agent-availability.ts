// Seed 001's check_agent_availability: who of the configured people is working now and has room for
// another conversation (open handoff tasks assigned to them below their capacity).
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { openTaskStatuses } from '../domain/human-task.ts';
import type { LiveAgentConfig } from '../config/config-schema.ts';
import type { Db } from '../store/connect.ts';
import { defineTool, type Tool } from './tool.ts';

export interface Availability {
  available: boolean;
  /** The person to hand over to, when one is available. */
  agent: string | null;
  /** Minutes, from the chosen person's current load. */
  estimated_wait: number;
}

export const agentAvailabilityToolName = 'check_agent_availability';

/** A conversation takes about this long, for the wait estimate. */
const minutesPerConversation = 5;

export function agentAvailabilityTool(db: Db, clock: Clock, agents: readonly LiveAgentConfig[]): Tool {
  return defineTool({
    name: agentAvailabilityToolName,
    description: 'Check whether a person in the department is working now and has room for another conversation.',
    risk: 'read',
    input: z.object({ department: z.string().default('support'), priority: z.string().default('medium') }),
    execute: async ({ department }) => availability(db, clock.now(), agents.filter((agent) => agent.department === department)),
  });
}

async function availability(db: Db, now: Date, agents: readonly LiveAgentConfig[]): Promise<Availability> {
  const working = agents.filter((agent) => isWorking(agent, now));
  if (working.length === 0) return { available: false, agent: null, estimated_wait: 0 };
  const load = await openHandoffsByAgent(db, working.map((agent) => agent.id));
  const free = working.map((agent) => ({ agent, open: load.get(agent.id) ?? 0 })).filter(({ agent, open }) => open < agent.capacity).sort((a, b) => a.open / a.agent.capacity - b.open / b.agent.capacity);
  const best = free[0];
  return best ? { available: true, agent: best.agent.id, estimated_wait: best.open * minutesPerConversation } : { available: false, agent: null, estimated_wait: 0 };
}

async function openHandoffsByAgent(db: Db, ids: string[]): Promise<Map<string, number>> {
  const rows = await db.kysely
    .selectFrom('human_tasks')
    .select(['assigned_to'])
    .select((eb) => eb.fn.countAll<number>().as('open'))
    .where('type', '=', 'handoff')
    .where('status', 'in', [...openTaskStatuses])
    .where('assigned_to', 'in', ids)
    .groupBy('assigned_to')
    .execute();
  return new Map(rows.map((row) => [row.assigned_to ?? '', Number(row.open)]));
}

const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Within the person's days and hours, on their own clock. */
export function isWorking(agent: LiveAgentConfig, now: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: agent.hours.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase().slice(0, 3);
  const time = `${part('hour')}:${part('minute')}`;
  return dayNames.includes(day as (typeof dayNames)[number]) && agent.hours.days.includes(day as LiveAgentConfig['hours']['days'][number]) && time >= agent.hours.from && time < agent.hours.to;
}
