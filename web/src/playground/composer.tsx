// Typing as the customer: Enter sends, Shift+Enter starts a new line. What is typed is kept as a
// draft until it is sent, so a reload or an expired session loses nothing.
import { useId, type KeyboardEvent } from 'react';
import { useDraft } from '../ui/use-draft.ts';

export function Composer({ draftKey, busy, onSend }: { draftKey: string; busy: boolean; onSend: (message: string) => Promise<boolean> }) {
  const [text, setText, clear] = useDraft(draftKey);
  const id = useId();
  const send = async () => {
    const message = text.trim();
    if (message === '' || busy) return;
    if (await onSend(message)) clear();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  };
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label htmlFor={id}>Message as the customer</label>
      <textarea id={id} rows={2} value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} aria-describedby={`${id}-hint`} />
      <div className="composer-actions">
        <span id={`${id}-hint`} className="muted">
          <kbd>Enter</kbd> sends, <kbd>Shift</kbd>+<kbd>Enter</kbd> starts a new line
        </span>
        <button type="submit" className="button primary" disabled={busy || text.trim() === ''}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
