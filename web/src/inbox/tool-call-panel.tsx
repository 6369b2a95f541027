// The tool call the run wants to make, and, for an open approval, its arguments as editable JSON.
import { useId } from 'react';
import type { HumanTask } from '../api/types.ts';
import { ArgumentList } from './argument-list.tsx';
import type { ArgsEditor } from './args-editor.ts';

export function ToolCallPanel({ task, editor, editable }: { task: HumanTask; editor: ArgsEditor; editable: boolean }) {
  const call = task.tool_call;
  const textareaId = useId();
  const errorId = useId();
  if (!call) return null;
  const invalid = !editor.parsed.ok;
  return (
    <section className="panel" aria-labelledby={`${textareaId}-title`}>
      <h2 id={`${textareaId}-title`}>
        Proposed tool call: <code>{call.tool}</code>
      </h2>
      {call.approvedArgs ? <p className="muted">Approved with edited arguments:</p> : null}
      {editable && editor.editing ? (
        <>
          <label htmlFor={textareaId}>Arguments (JSON)</label>
          <textarea
            id={textareaId}
            className="code-input"
            rows={Math.min(16, editor.text.split('\n').length + 1)}
            spellCheck={false}
            value={editor.text}
            onChange={(event) => editor.setText(event.target.value)}
            aria-invalid={invalid}
            aria-describedby={errorId}
          />
          <p id={errorId} className={invalid ? 'field-error' : 'muted'}>
            {editor.parsed.ok ? (editor.parsed.changed ? 'Edited: approving runs the tool with these arguments.' : 'Unchanged from the proposal.') : editor.parsed.error}
          </p>
        </>
      ) : (
        <ArgumentList args={call.approvedArgs ?? call.args} />
      )}
      {editable ? (
        <div className="row-actions">
          <button type="button" className="button small" aria-expanded={editor.editing} onClick={editor.toggle}>
            {editor.editing ? 'Hide the editor' : 'Edit arguments'}
          </button>
          {editor.editing ? (
            <button type="button" className="button small" onClick={editor.reset}>
              Back to the proposal
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
