// The range's headline figures. Each value is a <data> element carrying the API's exact number, and
// reads "—" when there is nothing to compute it from.
import type { StatsFigures } from '../api/types.ts';
import { formatCost, formatCount, formatRate, formatSeconds } from './format-figures.ts';

interface Headline {
  label: string;
  value: number | null;
  shown: string;
  note: string;
}

function headlines(totals: StatsFigures): Headline[] {
  const decided = totals.approved + totals.rejected;
  const time = totals.time_to_decision_seconds;
  const decisions = `${formatCount(time.decisions)} ${time.decisions === 1 ? 'decision' : 'decisions'}`;
  return [
    { label: 'Tickets', value: totals.tickets, shown: formatCount(totals.tickets), note: 'opened in this range' },
    { label: 'Auto-resolution rate', value: totals.auto_resolution_rate, shown: formatRate(totals.auto_resolution_rate), note: `${formatCount(totals.auto_resolved)} of ${formatCount(totals.tickets)} tickets` },
    { label: 'Approval rate', value: totals.approval_rate, shown: formatRate(totals.approval_rate), note: `${formatCount(totals.approved)} of ${formatCount(decided)} decided` },
    { label: 'Rejection rate', value: totals.rejection_rate, shown: formatRate(totals.rejection_rate), note: `${formatCount(totals.rejected)} of ${formatCount(decided)} decided` },
    { label: 'Time to decision, median', value: time.median, shown: formatSeconds(time.median), note: decisions },
    { label: 'Time to decision, 90th percentile', value: time.p90, shown: formatSeconds(time.p90), note: decisions },
    { label: 'SLA breaches', value: totals.sla_breaches, shown: formatCount(totals.sla_breaches), note: 'tasks past their due time' },
    { label: 'Handoffs', value: totals.handoffs, shown: formatCount(totals.handoffs), note: 'conversations handed to a person' },
    { label: 'Model tokens', value: totals.tokens_in + totals.tokens_out, shown: formatCount(totals.tokens_in + totals.tokens_out), note: `${formatCount(totals.tokens_in)} in · ${formatCount(totals.tokens_out)} out` },
    { label: 'Model cost', value: totals.cost_usd, shown: formatCost(totals.cost_usd), note: 'in US dollars' },
  ];
}

export function HeadlineFigures({ totals }: { totals: StatsFigures }) {
  return (
    <dl className="headline-figures">
      {headlines(totals).map((figure) => (
        <div key={figure.label} className="figure-card">
          <dt>{figure.label}</dt>
          <dd className="figure-value">
            <data value={figure.value === null ? '' : String(figure.value)}>{figure.shown}</data>
          </dd>
          <dd className="figure-note">{figure.note}</dd>
        </div>
      ))}
    </dl>
  );
}
