// The ticket's messages, oldest first. Customer text is only ever text: React escapes it, and
// nothing here builds HTML from it.
import type { Message } from '../api/types.ts';
import { formatTime, roleLabel } from '../ui/labels.ts';

export function Conversation({ messages }: { messages: readonly Message[] | undefined }) {
  return (
    <section className="panel" aria-labelledby="conversation-title">
      <h2 id="conversation-title">Conversation</h2>
      {!messages ? <p className="muted">Loading…</p> : null}
      {messages?.length === 0 ? <p className="muted">No messages.</p> : null}
      <ol className="conversation">
        {messages?.map((message) => (
          <li key={message.id} className={`message message-${message.role}`}>
            <div className="message-head">
              <strong>{message.author ?? roleLabel(message.role)}</strong> <time dateTime={message.created_at}>{formatTime(message.created_at)}</time>
            </div>
            <p className="message-body">{message.body}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
