// Approval analytics: per tool and risk tier, decisions, approval and override rates, time to decision
// and rejection reasons, with the auto-approve threshold each money tool's history supports.
import { createRoute, z } from '@hono/zod-openapi';
import { approvalAnalytics } from '../../app/approval-analytics.ts';
import { defaultTarget, minimumDecisions } from '../../app/approval-threshold.ts';
import { defaultLastDays } from '../../app/last-days.ts';
import { maxDays } from '../../app/stats-range.ts';
import type { Switchboard } from '../../app/switchboard.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { requires } from '../auth/requires.ts';
import { ApprovalAnalyticsSchema } from '../approval-analytics-schema.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

const AnalyticsQuery = z.object({
  range: z.string().optional().openapi({ description: `The last N days up to today (UTC), from 1d to ${maxDays}d; default ${defaultLastDays}.`, example: '30d' }),
  target: z.string().optional().openapi({ description: `The share of approvals a suggested threshold must reach, above 0 and at most 1; default ${defaultTarget}.`, example: '0.99' }),
});

const approvalAnalyticsRoute = createRoute({
  middleware: [requires('tasks.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/approval-analytics',
  tags: ['stats'],
  summary: 'Approvals per tool and risk tier, and the auto-approve thresholds their history supports',
  description: `A threshold needs at least ${minimumDecisions} decisions with an amount. A range or target outside the limits is a 400 invalid_request.`,
  request: { params: ProjectParam, query: AnalyticsQuery },
  responses: { 200: jsonContent(ApprovalAnalyticsSchema, 'The approval analytics'), ...errorResponses },
});

export function approvalAnalyticsRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(approvalAnalyticsRoute, async (c) => {
    const { projectId } = c.req.valid('param');
    return c.json(await approvalAnalytics({ db: sb.db, clock: sb.clock, policies: sb.policies }, projectId, c.req.valid('query')), 200);
  });
}
