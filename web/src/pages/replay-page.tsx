// What-if replay: the recorded tickets of a range against a changed configuration, in shadow mode
// (nothing runs, nothing is sent), and which tickets would have been routed, gated, resolved or
// escalated differently.
import { useState } from 'react';
import { projectApi } from '../api/project.ts';
import type { ReplayReport } from '../api/types.ts';
import { useApi } from '../services.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { ReplayForm, type ReplayQuery } from '../replay/replay-form.tsx';
import { ReplayResults } from '../replay/replay-results.tsx';
import '../tickets/tickets.css';
import '../replay/replay.css';

type Outcome = { state: 'idle' } | { state: 'running' } | { state: 'done'; report: ReplayReport } | { state: 'failed'; error: unknown };

export function ReplayPage() {
  const api = useApi();
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const run = (query: ReplayQuery) => {
    setOutcome({ state: 'running' });
    api.post<ReplayReport>(`${projectApi}/replay`, query).then(
      (report) => setOutcome({ state: 'done', report }),
      (error: unknown) => setOutcome({ state: 'failed', error }),
    );
  };
  return (
    <section className="page replay-page" aria-labelledby="replay-title">
      <header className="page-header">
        <h1 id="replay-title">Replay</h1>
        <p className="muted">Run recorded tickets through a changed configuration. Nothing is executed or sent; recorded model answers are reused where the prompt is unchanged.</p>
      </header>
      <ReplayForm running={outcome.state === 'running'} onRun={run} />
      {outcome.state === 'failed' ? <ErrorNotice error={outcome.error} /> : null}
      <div aria-live="polite">{outcome.state === 'done' ? <ReplayResults report={outcome.report} /> : null}</div>
    </section>
  );
}
