// The thread's messages as a chat: the customer's and the bot's, oldest first, the newest in view.
// Customer text is only ever text (React escapes it; nothing here builds HTML from it).
import { useEffect, useRef } from 'react';
import type { Message } from '../api/types.ts';
import { roleLabel } from '../ui/labels.ts';

export function ChatMessages({ messages, pending }: { messages: readonly Message[]; pending: string | null }) {
  const list = useRef<HTMLOListElement>(null);
  const count = messages.length + (pending ? 1 : 0);
  // The list scrolls, not the page: the newest message comes into view where the reader is.
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [count]);
  return (
    <ol ref={list} className="chat-messages" aria-label="Messages" aria-live="polite" aria-relevant="additions">
      {messages.map((message) => (
        <li key={message.id} className={`chat-message chat-${message.role}`} data-role={message.role}>
          <span className="chat-author">{message.author ?? roleLabel(message.role)}</span>
          <p className="chat-body">{message.body}</p>
        </li>
      ))}
      {pending ? (
        <li className="chat-message chat-customer chat-pending">
          <span className="chat-author">Customer · sending…</span>
          <p className="chat-body">{pending}</p>
        </li>
      ) : null}
    </ol>
  );
}
