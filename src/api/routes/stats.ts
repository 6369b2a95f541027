// The numbers page: auto-resolution, approvals, time to decision, SLA breaches, handoffs and model
// tokens and cost, per day and per ticket category.
import { createRoute, z } from '@hono/zod-openapi';
import { projectStats } from '../../app/stats.ts';
import { defaultDays, maxDays } from '../../app/stats-range.ts';
import type { Switchboard } from '../../app/switchboard.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const StatsQuery = z.object({
  from: day.optional().openapi({ description: `First day (UTC), included; default: ${defaultDays - 1} days before \`to\`.`, example: '2026-01-01' }),
  to: day.optional().openapi({ description: 'Last day (UTC), included; default: today.', example: '2026-01-30' }),
});

const rate = z.number().nullable().openapi({ description: 'A fraction from 0 to 1 (4 decimals); null when there is nothing to divide by.' });

const FiguresSchema = z.object({
  tickets: z.number().int(),
  auto_resolved: z.number().int().openapi({ description: 'Tickets whose runs all completed without any human task (and no person owns them).' }),
  auto_resolution_rate: rate,
  approvals_requested: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  approval_rate: rate.openapi({ description: 'Approved of decided approvals.' }),
  rejection_rate: rate,
  time_to_decision_seconds: z.object({
    median: z.number().nullable(),
    p90: z.number().nullable().openapi({ description: 'Nearest-rank 90th percentile.' }),
    decisions: z.number().int(),
  }),
  sla_breaches: z.number().int().openapi({ description: 'Tasks with a due time that were closed after it, moved up their escalation chain, or are still open past it.' }),
  handoffs: z.number().int(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_usd: z.number(),
});

const StatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    totals: FiguresSchema,
    days: z.array(FiguresSchema.extend({ date: z.string() })),
    categories: z.array(FiguresSchema.extend({ category: z.string().nullable() })),
    by_day_and_category: z.array(FiguresSchema.extend({ date: z.string(), category: z.string().nullable() })),
  })
  .openapi('Stats', { description: 'Days are UTC. Each event counts on its own day: a ticket when it opened, a task when it was created, tokens when the step ran; the category is the ticket\'s.' });

const statsRoute = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/stats',
  tags: ['stats'],
  summary: 'The numbers per day and per category: auto-resolution, approvals, time to decision, SLA breaches, handoffs, tokens and cost',
  description: `At most ${maxDays} days at a time. An impossible date or from after to is a 400 invalid_request.`,
  request: { params: ProjectParam, query: StatsQuery },
  responses: { 200: jsonContent(StatsSchema, 'The numbers'), ...errorResponses },
});

export function statsRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(statsRoute, async (c) => {
    const { projectId } = c.req.valid('param');
    return c.json(await projectStats({ db: sb.db, clock: sb.clock }, projectId, c.req.valid('query')), 200);
  });
}
