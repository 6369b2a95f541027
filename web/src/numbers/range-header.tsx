// The head of a page of figures over a range of days: its title, the days it covers (UTC) and the
// range picker, which keeps the range in the address.
import type { ReactNode } from 'react';
import { useSearchParams } from '../router/router.ts';
import { formatDay } from './format-figures.ts';
import { RangePicker } from './range-picker.tsx';
import { rangeFromQuery, rangeQuery, type RangeDays } from './stats-range.ts';

/** The range the address asks for (7, 30 or 90 days). */
export function useRangeDays(): RangeDays {
  const [params] = useSearchParams();
  return rangeFromQuery(params.get('days'));
}

export function RangeHeader({ titleId, title, lead, covered }: { titleId: string; title: string; lead?: ReactNode; covered: { from: string; to: string } | undefined }) {
  const [params, setParams] = useSearchParams();
  const days = rangeFromQuery(params.get('days'));
  return (
    <header className="page-header numbers-header">
      <div>
        <h1 id={titleId}>{title}</h1>
        <p className="muted" aria-live="polite">
          {covered ? (
            <>
              {lead ? <>{lead} </> : null}
              <time dateTime={covered.from}>{formatDay(covered.from, 'long')}</time> to <time dateTime={covered.to}>{formatDay(covered.to, 'long')}</time> (days in UTC)
            </>
          ) : (
            'Loading…'
          )}
        </p>
      </div>
      <RangePicker days={days} onChange={(next) => setParams({ days: rangeQuery(next) })} />
    </header>
  );
}
