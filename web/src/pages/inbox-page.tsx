// The inbox: open tasks by priority, then due time, updated live. j/k move the selection, Enter
// opens, c claims, a/r approve or reject the selected task after a confirmation.
import { useState } from 'react';
import { openTasksPath } from '../api/tasks-api.ts';
import type { HumanTask } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { useLiveEvents } from '../live/use-live-events.ts';
import { navigate } from '../router/router.ts';
import { useApi } from '../services.tsx';
import { useShortcuts } from '../ui/use-shortcuts.ts';
import { claim } from '../inbox/decide-task.ts';
import { DecisionDialog, type PendingDecision } from '../inbox/decision-dialog.tsx';
import { OutcomeNotice, type Outcome } from '../inbox/outcome-notice.tsx';
import { TaskList } from '../inbox/task-list.tsx';
import { canDecide } from '../inbox/task-state.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';

export function InboxPage() {
  const api = useApi();
  const { data, error, reload } = useGet<{ tasks: HumanTask[] }>(openTasksPath);
  const tasks = data?.tasks ?? [];
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useLiveEvents((event) => event.type === 'task', reload);

  const selectedIndex = Math.max(0, tasks.findIndex((task) => task.id === chosenId));
  const selected = tasks[selectedIndex] ?? null;
  const select = (index: number) => {
    const task = tasks[Math.min(Math.max(index, 0), tasks.length - 1)];
    if (!task) return;
    setChosenId(task.id);
    document.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(task.id)}"] .task-title`)?.focus();
  };
  const claimTask = async (task: HumanTask) => {
    setOutcome(await claim(api, task.id));
    reload();
  };
  const decide = (kind: 'approve' | 'reject') => {
    if (!selected) return;
    if (canDecide(selected)) setPending({ kind, task: selected });
    else setOutcome({ kind: 'failed', message: `“${selected.title}” is not an approval: open it to resolve it.` });
  };
  useShortcuts({
    j: () => select(selectedIndex + 1),
    k: () => select(selectedIndex - 1),
    Enter: () => selected && navigate(`/tasks/${encodeURIComponent(selected.id)}`),
    c: () => selected && void claimTask(selected),
    a: () => decide('approve'),
    r: () => decide('reject'),
  });

  return (
    <section className="page inbox-page" aria-labelledby="inbox-title">
      <header className="page-header">
        <h1 id="inbox-title">Inbox</h1>
        <p className="muted">{data ? `${tasks.length} open ${tasks.length === 1 ? 'task' : 'tasks'}, most urgent first` : 'Loading…'}</p>
      </header>
      <p className="shortcut-hint">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>c</kbd> claim, <kbd>a</kbd> approve, <kbd>r</kbd> reject.
      </p>
      <OutcomeNotice outcome={outcome} />
      <ErrorNotice error={error} />
      {data && tasks.length === 0 ? <p className="empty">Nothing waits for a person right now.</p> : null}
      <TaskList tasks={tasks} selectedId={selected?.id ?? null} onSelect={setChosenId} onClaim={(task) => void claimTask(task)} />
      {pending ? (
        <DecisionDialog
          pending={pending}
          onClose={() => setPending(null)}
          onDecided={(result) => {
            setOutcome(result);
            reload();
          }}
        />
      ) : null}
    </section>
  );
}
