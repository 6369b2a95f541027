// `switchboard approvals stats [--range 30d] [--target 0.99]`: approvals per tool and risk tier, why
// reviewers said no, and the auto-approve thresholds the history supports, with the policy to paste.
import type { Command } from 'commander';
import type { ApprovalAnalytics } from '../../app/approval-analytics.ts';
import type { ApprovalFigures } from '../../app/approval-figures.ts';
import { loadConfig, withClient } from '../context.ts';
import { formatTable, percent, printJson, printLines, type Column } from '../output.ts';
import { jsonOption, urlOption } from '../shared-options.ts';

interface StatsOptions {
  range?: string;
  target?: string;
  url?: string;
  json?: boolean;
}

type Row = ApprovalFigures & { name: string; tier: string };

export function approvalsCommand(program: Command): void {
  program
    .command('approvals')
    .description('Approval analytics')
    .command('stats')
    .description('Approvals per tool and risk tier, rejection reasons and suggested auto-approve thresholds')
    .option('--range <days>', 'the last N days up to today, as 7d, 30d or 90d (default 30d)')
    .option('--target <share>', 'the share approved as proposed a threshold must reach (default 0.99)')
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(stats);
}

async function stats(options: StatsOptions): Promise<void> {
  const analytics = await withClient(loadConfig(), options.url, (client) => client.approvalAnalytics({ range: options.range, target: options.target }));
  if (options.json) printJson(analytics);
  else printLines(analyticsLines(analytics));
}

function analyticsLines(analytics: ApprovalAnalytics): string[] {
  const heading = `Approvals requested from ${analytics.from} to ${analytics.to} (${analytics.days} days, UTC)`;
  if (analytics.totals.requested === 0) return [heading, 'No approvals were asked for in this range.'];
  const tools = analytics.tools.map((tool) => ({ ...tool, name: tool.tool, tier: tool.tier ?? 'unknown' }));
  const tiers = analytics.tiers.map((tier) => ({ ...tier, name: tier.tier ?? 'unknown', tier: '' }));
  return [heading, '', ...formatTable(columns, [...tools, ...tiers.map((tier) => ({ ...tier, name: `tier ${tier.name}` }))]), '', 'Rejection reasons:', ...reasonLines(analytics), '', 'Auto-approve thresholds:', ...thresholdLines(analytics)];
}

const columns: readonly Column<Row>[] = [
  { header: 'tool', cell: (r) => r.name },
  { header: 'tier', cell: (r) => r.tier },
  { header: 'requested', cell: (r) => String(r.requested) },
  { header: 'decided', cell: (r) => String(r.decided) },
  { header: 'approved', cell: (r) => String(r.approved) },
  { header: 'rejected', cell: (r) => String(r.rejected) },
  { header: 'by deadline', cell: (r) => String(r.decided_by_deadline.approved + r.decided_by_deadline.rejected) },
  { header: 'approval', cell: (r) => percent(r.approval_rate) },
  { header: 'override', cell: (r) => percent(r.override_rate) },
  { header: 'p50', cell: (r) => wait(r.time_to_decision_seconds.p50) },
  { header: 'p90', cell: (r) => wait(r.time_to_decision_seconds.p90) },
];

function reasonLines(analytics: ApprovalAnalytics): string[] {
  const lines = analytics.tools
    .filter((tool) => tool.rejection_reasons.length > 0)
    .map((tool) => `  ${tool.tool}: ${tool.rejection_reasons.map((r) => `${r.reason ?? 'no reason given'} (${r.count})`).join(', ')}`);
  return lines.length === 0 ? ['  none'] : lines;
}

function thresholdLines(analytics: ApprovalAnalytics): string[] {
  if (analytics.thresholds.length === 0) return ['  none: no decided approval of a call with an amount'];
  return analytics.thresholds.flatMap((threshold) => [`  ${threshold.sentence}`, ...(threshold.policy_yaml ?? '').split('\n').filter(Boolean).map((line) => `    ${line}`)]);
}

/** A decision's wait in its largest sensible unit: 42s, 17m, 5h. */
function wait(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
