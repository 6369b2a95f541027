// The approval analytics answer's contract: the API's response and what the CLI checks a server's answer against.
import { z } from '@hono/zod-openapi';
import { riskTiers } from '../domain/tool.ts';

const rate = z.number().nullable().openapi({ description: 'A fraction from 0 to 1 (4 decimals); null when there is nothing to divide by.' });
const tier = z.enum(riskTiers).nullable().openapi({ description: "The tool's risk tier under today's policies; null for a tool no longer registered." });

const ApprovalFiguresSchema = z.object({
  requested: z.number().int().openapi({ description: 'Approval tasks created in the range.' }),
  open: z.number().int(),
  decided: z.number().int().openapi({ description: 'Decided by a person: approved + rejected.' }),
  approved: z.number().int(),
  approved_with_edits: z.number().int().openapi({ description: 'Approved with arguments other than the proposed ones.' }),
  rejected: z.number().int(),
  decided_by_deadline: z.object({ approved: z.number().int(), rejected: z.number().int() }).openapi({ description: 'Decided by the expiry rule (auto-approve below an amount, auto-deny) when nobody answered in time.' }),
  cancelled: z.number().int(),
  approval_rate: rate.openapi({ description: 'Approved of decided by a person.' }),
  override_rate: rate.openapi({ description: 'Approved with changed arguments, of approved.' }),
  time_to_decision_seconds: z.object({
    p50: z.number().nullable().openapi({ description: 'Nearest-rank median of a person\'s decisions.' }),
    p90: z.number().nullable().openapi({ description: 'Nearest-rank 90th percentile.' }),
    decisions: z.number().int(),
  }),
  rejection_reasons: z.array(z.object({ reason: z.string().nullable().openapi({ description: 'The reviewer\'s note, trimmed, lower-cased, without trailing full stops; null: no reason given.' }), count: z.number().int() })).openapi({ description: 'The five most frequent.' }),
});

const ThresholdSchema = z.object({
  tool: z.string(),
  currency: z.string(),
  status: z.enum(['suggested', 'not_enough_data', 'below_target']),
  max_amount_cents: z.number().int().nullable().openapi({ description: 'Auto-approve at or below this amount.' }),
  decided: z.number().int().openapi({ description: 'Decisions at or below the amount (without a suggestion: all decisions with an amount).' }),
  approved: z.number().int().openapi({ description: 'Of those, approved as proposed (an edited approval does not count).' }),
  share: rate,
  sentence: z.string().openapi({ example: 'issue_refund ≤ $30.00 was approved as proposed 99.2% of the time (124 of 125) in 30 days.' }),
  policy_yaml: z.string().nullable().openapi({ description: 'The tool\'s approval rule with the threshold, for the configuration file.' }),
});

export const ApprovalAnalyticsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    target: z.number(),
    minimum_decisions: z.number().int(),
    totals: ApprovalFiguresSchema,
    tools: z.array(ApprovalFiguresSchema.extend({ tool: z.string(), tier, rule: z.string().nullable() })),
    tiers: z.array(ApprovalFiguresSchema.extend({ tier })),
    thresholds: z.array(ThresholdSchema),
  })
  .openapi('ApprovalAnalytics', { description: 'Approval tasks for tool calls created in the range; days are UTC.' });
