// Resolving a task that is not an approval (a handoff, data entry, a review): its form fields, notes,
// and the decision. A handoff is either resolved or handed back to the bot.
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { resolveTask } from '../api/tasks-api.ts';
import type { HumanTask, JsonObject, TaskField } from '../api/types.ts';
import { useApi } from '../services.tsx';
import { useDraft } from '../ui/use-draft.ts';

export function ResolveForm({ task, onResolved }: { task: HumanTask; onResolved: (message: string) => void }) {
  const api = useApi();
  const notesId = useId();
  const [notes, setNotes, clearNotes] = useDraft(`notes:${task.id}`);
  const [values, setValues] = useState<JsonObject>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const decisions = task.type === 'handoff' ? ['resolved', 'handed_back'] : ['completed'];
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const decision = submitter instanceof HTMLButtonElement && submitter.value ? submitter.value : (decisions[0] ?? 'completed');
    setBusy(true);
    try {
      await resolveTask(api, task.id, { decision, fields: values, notes: notes.trim() || null });
      clearNotes();
      onResolved(`Resolved “${task.title}” as ${decision.replaceAll('_', ' ')}.`);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-label="Resolve this task">
      <h2>Resolve</h2>
      {task.fields.map((field) => (
        <FieldInput key={field.name} field={field} value={values[field.name]} onChange={(value) => setValues({ ...values, [field.name]: value })} />
      ))}
      <label htmlFor={notesId}>Notes</label>
      <textarea id={notesId} rows={3} value={notes} onChange={(event) => setNotes(event.target.value)} />
      {failure ? <p className="field-error">{failure}</p> : null}
      <div className="row-actions">
        {decisions.map((decision) => (
          <button key={decision} type="submit" name="decision" value={decision} className="button" disabled={busy}>
            {decision === 'handed_back' ? 'Hand back to the bot' : decision === 'resolved' ? 'Mark resolved' : 'Mark completed'}
          </button>
        ))}
      </div>
    </form>
  );
}

function FieldInput({ field, value, onChange }: { field: TaskField; value: unknown; onChange: (value: unknown) => void }) {
  const id = useId();
  const label = `${field.label ?? field.name}${field.required ? ' (required)' : ''}`;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  switch (field.type) {
    case 'boolean':
      return (
        <label className="check">
          <input type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} /> {label}
        </label>
      );
    case 'select':
      return (
        <>
          <label htmlFor={id}>{label}</label>
          <select id={id} required={field.required} value={text} onChange={(event) => onChange(event.target.value)}>
            <option value="">—</option>
            {field.options?.map((option) => (
              <option key={option}>{option}</option>
            ))}
          </select>
        </>
      );
    case 'textarea':
      return (
        <>
          <label htmlFor={id}>{label}</label>
          <textarea id={id} required={field.required} value={text} onChange={(event) => onChange(event.target.value)} />
        </>
      );
    default:
      return (
        <>
          <label htmlFor={id}>{label}</label>
          <input id={id} type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'} required={field.required} value={text} onChange={(event) => onChange(field.type === 'number' ? event.target.valueAsNumber : event.target.value)} />
        </>
      );
  }
}
