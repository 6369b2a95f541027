// The threads started in this tab, newest first; choosing one shows its conversation and its path.
import type { PlaygroundThread } from './thread-list.ts';

export function ThreadListView({ threads, selected, onSelect }: { threads: readonly PlaygroundThread[]; selected: string | null; onSelect: (threadId: string) => void }) {
  return (
    <section className="panel thread-list" aria-labelledby="threads-title">
      <h2 id="threads-title">Threads ({threads.length})</h2>
      {threads.length === 0 ? <p className="muted">None yet in this tab.</p> : null}
      <ul>
        {threads.map((thread) => (
          <li key={thread.threadId}>
            <button type="button" className="thread-button" aria-current={thread.threadId === selected ? 'true' : undefined} onClick={() => onSelect(thread.threadId)}>
              <span className="thread-ticket">{thread.ticket}</span> <span className="thread-title">{thread.title}</span>
              <span className="thread-workflow muted">{thread.workflow}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
