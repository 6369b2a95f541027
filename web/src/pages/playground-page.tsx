// The playground (seed 004): chat as a customer on any workflow, from a blank thread or a scenario,
// and watch the workflow graph light up the path the conversation takes, live. A refund waits for a
// reviewer, who can decide right here (under the inbox's rules) or in the inbox.
import { useState } from 'react';
import type { WorkflowSummary } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { useSearchParams } from '../router/router.ts';
import { useApi } from '../services.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { ChatPane } from '../playground/chat-pane.tsx';
import { GraphPanel } from '../playground/graph-panel.tsx';
import { PlaygroundToolbar } from '../playground/playground-toolbar.tsx';
import { sendCustomerMessage, workflowsPath } from '../playground/playground-api.ts';
import { ThreadListView } from '../playground/thread-list-view.tsx';
import { useThreadList } from '../playground/thread-list.ts';
import { usePlaygroundThread } from '../playground/use-playground-thread.ts';
import '../playground/playground.css';

export function PlaygroundPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const threadId = params.get('thread');
  const list = useGet<{ workflows: WorkflowSummary[] }>(workflowsPath);
  const workflows = list.data?.workflows ?? [];
  const [threads, addThread] = useThreadList();
  const entry = threads.find((t) => t.threadId === threadId);
  const view = usePlaygroundThread(threadId);
  const workflow = view.run?.workflow ?? entry?.workflow ?? params.get('workflow') ?? workflows.find((w) => w.default)?.name ?? workflows[0]?.name ?? null;
  const [pending, setPending] = useState<string | null>(null);
  const [sendError, setSendError] = useState<unknown>(null);

  const show = (next: { thread?: string; workflow?: string }) => {
    setSendError(null);
    setParams(next);
  };
  const send = async (message: string, fresh: boolean): Promise<boolean> => {
    if (!workflow) return false;
    if (fresh) show({ workflow });
    setPending(message);
    setSendError(null);
    try {
      if (threadId && !fresh) {
        await sendCustomerMessage(api, { message, threadId });
        view.reload();
      } else {
        const started = await sendCustomerMessage(api, { message, workflow });
        addThread({ threadId: started.thread_id, ticket: started.ticket, workflow, title: message.slice(0, 80), startedAt: new Date().toISOString() });
        show({ thread: started.thread_id });
      }
      return true;
    } catch (error) {
      setSendError(error);
      return false;
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="page playground-page" aria-labelledby="playground-title">
      <header className="page-header">
        <h1 id="playground-title">Playground</h1>
        <p className="muted">Chat as a customer and watch the workflow route the conversation. Messages sent here open real tickets, recorded as yours.</p>
      </header>
      <ErrorNotice error={list.error} />
      <PlaygroundToolbar
        workflows={workflows}
        workflow={workflow}
        busy={pending !== null}
        onWorkflow={(name) => show({ workflow: name })}
        onNewThread={() => show(workflow ? { workflow } : {})}
        onScenario={(scenario) => void send(scenario.message, true)}
      />
      <div className="playground-columns">
        <div className="playground-chat-column">
          <ThreadListView threads={threads} selected={threadId} onSelect={(id) => show({ thread: id })} />
          <ChatPane
            key={threadId ?? 'new'}
            threadId={threadId}
            caption={view.thread?.ticket ?? null}
            thread={view.thread}
            error={view.error}
            pending={pending}
            sendError={sendError}
            onSend={(message) => send(message, false)}
            onDecided={view.reload}
          />
        </div>
        <GraphPanel workflow={workflow} run={view.run} />
      </div>
    </section>
  );
}
