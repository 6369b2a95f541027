// What to replay: a date range and the changed configuration as YAML. Run sends it; the form stays
// as typed so the next edit can be tried at once.
import { useState, type FormEvent } from 'react';
import { lastMonth } from './replay-range.ts';

export interface ReplayQuery {
  from: string;
  to: string;
  config: string;
}

export function ReplayForm({ running, onRun }: { running: boolean; onRun: (query: ReplayQuery) => void }) {
  const [query, setQuery] = useState<ReplayQuery>(() => ({ ...lastMonth(new Date()), config: '' }));
  const set = (name: keyof ReplayQuery, value: string) => setQuery((previous) => ({ ...previous, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onRun(query);
  };
  return (
    <form className="replay-form" aria-label="Replay" onSubmit={submit}>
      <div className="replay-range">
        <div className="filter-field">
          <label htmlFor="replay-from">From (included)</label>
          <input id="replay-from" type="date" required value={query.from} onChange={(event) => set('from', event.target.value)} />
        </div>
        <div className="filter-field">
          <label htmlFor="replay-to">To (excluded)</label>
          <input id="replay-to" type="date" required value={query.to} onChange={(event) => set('to', event.target.value)} />
        </div>
      </div>
      <div className="filter-field">
        <label htmlFor="replay-config">Changed configuration (switchboard.yaml)</label>
        <textarea id="replay-config" required rows={8} spellCheck={false} value={query.config} onChange={(event) => set('config', event.target.value)} placeholder={'Paste the whole switchboard.yaml with your changes, for example\ntools:\n  issue_refund:\n    approval: args.amount_cents > 10000'} />
      </div>
      <div className="filter-actions">
        <button type="submit" className="button primary" disabled={running}>
          {running ? 'Replaying…' : 'Run replay'}
        </button>
      </div>
    </form>
  );
}
