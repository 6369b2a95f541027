// Approvals: per tool and per risk tier, how reviewers decided, how fast, how often they changed the
// arguments and why they said no, with the auto-approve thresholds the history supports (the last 7,
// 30 or 90 days; the range is in the address).
import type { ApprovalAnalytics } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { approvalAnalyticsPath } from '../approvals/approvals-path.ts';
import { ApprovalTable } from '../approvals/approval-table.tsx';
import { RejectionReasons } from '../approvals/rejection-reasons.tsx';
import { ThresholdSuggestions } from '../approvals/threshold-suggestions.tsx';
import { riskLabel } from '../config/config-labels.ts';
import { formatRate } from '../numbers/format-figures.ts';
import { RangeHeader, useRangeDays } from '../numbers/range-header.tsx';
import '../numbers/numbers.css';
import '../approvals/approvals.css';

export function ApprovalsPage() {
  const days = useRangeDays();
  const analytics = useGet<ApprovalAnalytics>(approvalAnalyticsPath(days));
  return (
    <section className="page approvals-page" aria-labelledby="approvals-title">
      <RangeHeader titleId="approvals-title" title="Approvals" lead="Approvals requested from" covered={analytics.data} />
      <ErrorNotice error={analytics.error} />
      {analytics.data ? <ApprovalsView analytics={analytics.data} /> : null}
    </section>
  );
}

function ApprovalsView({ analytics }: { analytics: ApprovalAnalytics }) {
  if (analytics.totals.requested === 0) return <p className="empty">No approvals were asked for in this range. Figures appear here once a gated tool call waits for a reviewer.</p>;
  const range = `last ${analytics.days} days`;
  return (
    <>
      <section aria-labelledby="thresholds-title">
        <h2 id="thresholds-title" className="numbers-heading">
          Suggested auto-approve thresholds
        </h2>
        <p className="muted">
          The largest amount up to which at least {formatRate(analytics.target)} of at least {analytics.minimum_decisions} decisions were approved as proposed.
        </p>
        <ThresholdSuggestions thresholds={analytics.thresholds} />
      </section>
      <section aria-labelledby="per-tool-title">
        <h2 id="per-tool-title" className="numbers-heading">
          Per tool
        </h2>
        <ApprovalTable
          caption={`Approvals per tool, ${range}`}
          heads={['Tool', 'Tier']}
          rows={analytics.tools.map((tool) => ({ key: tool.tool, header: tool.tool, label: tool.tier === null ? 'Unknown' : riskLabel[tool.tier], figures: tool }))}
        />
      </section>
      <section aria-labelledby="per-tier-title">
        <h2 id="per-tier-title" className="numbers-heading">
          Per risk tier
        </h2>
        <ApprovalTable caption={`Approvals per risk tier, ${range}`} heads={['Tier']} rows={[...analytics.tiers.map((tier) => ({ key: tier.tier ?? 'unknown', header: tier.tier === null ? 'Unknown' : riskLabel[tier.tier], figures: tier })), { key: 'all', header: 'All tiers', figures: analytics.totals }]} />
      </section>
      <section aria-labelledby="reasons-title">
        <h2 id="reasons-title" className="numbers-heading">
          Rejection reasons
        </h2>
        <RejectionReasons tools={analytics.tools} />
      </section>
      <p className="muted">
        Override rate: approvals whose reviewer changed the arguments, of all approvals. By deadline: decided by the expiry rule because nobody answered in time; not counted in the rates. Decision times are a person&apos;s, from the request to the decision.
      </p>
    </>
  );
}
