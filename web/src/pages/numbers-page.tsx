// Numbers: automation, approvals, time to decision, SLA breaches, handoffs and model cost for the last
// 7, 30 or 90 days (the range is in the address), as headline figures and charts per day and category.
import { useState } from 'react';
import type { ProjectStats } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { categoryChart } from '../numbers/category-chart.ts';
import { ChartFigure } from '../numbers/chart-figure.tsx';
import { dayCharts } from '../numbers/day-charts.ts';
import { HeadlineFigures } from '../numbers/headline-figures.tsx';
import { RangeHeader, useRangeDays } from '../numbers/range-header.tsx';
import { statsPath } from '../numbers/stats-range.ts';
import '../numbers/numbers.css';

export function NumbersPage() {
  const days = useRangeDays();
  // Today as the page opened: the range does not move under the reader while it stays open.
  const [today] = useState(() => new Date());
  const stats = useGet<ProjectStats>(statsPath(days, today));
  return (
    <section className="page numbers-page" aria-labelledby="numbers-title">
      <RangeHeader titleId="numbers-title" title="Numbers" covered={stats.data} />
      <ErrorNotice error={stats.error} />
      {stats.data ? <NumbersView stats={stats.data} /> : null}
    </section>
  );
}

function NumbersView({ stats }: { stats: ProjectStats }) {
  return (
    <>
      <section aria-labelledby="headline-title">
        <h2 id="headline-title" className="numbers-heading">
          Headline figures
        </h2>
        <HeadlineFigures totals={stats.totals} />
      </section>
      {isQuiet(stats) ? (
        <p className="empty">No tickets in this range yet. Figures appear here once customers write in.</p>
      ) : (
        <>
          <section aria-labelledby="per-day-title">
            <h2 id="per-day-title" className="numbers-heading">
              Per day
            </h2>
            <div className="chart-columns">
              {dayCharts(stats).map((spec) => (
                <ChartFigure key={spec.title} spec={spec} />
              ))}
            </div>
          </section>
          <section aria-labelledby="per-category-title">
            <h2 id="per-category-title" className="numbers-heading">
              Per category
            </h2>
            <ChartFigure spec={categoryChart(stats)} wide />
          </section>
        </>
      )}
    </>
  );
}

/** Nothing happened in the range: no ticket, no task, no model call. */
function isQuiet({ totals }: ProjectStats): boolean {
  return totals.tickets === 0 && totals.approvals_requested === 0 && totals.handoffs === 0 && totals.sla_breaches === 0 && totals.tokens_in + totals.tokens_out === 0;
}
