// "View run payload" / "View tool payloads": a button that shows or hides what a step or a tool call
// took and gave, as text (pretty JSON, never markup).
import { useId, useState, type ReactNode } from 'react';

export interface PayloadPart {
  title: string;
  /** A string is shown as it is; anything else as indented JSON. */
  value: unknown;
}

export function PayloadDisclosure({ label, parts, describedBy }: { label: string; parts: readonly PayloadPart[]; describedBy?: string }) {
  const [open, setOpen] = useState(false);
  const regionId = useId();
  return (
    <div className="payload">
      <button type="button" className="disclosure" aria-expanded={open} aria-controls={regionId} aria-describedby={describedBy} onClick={() => setOpen(!open)}>
        {label}
      </button>
      <div id={regionId} className="payload-parts" hidden={!open}>
        {open ? parts.map((part) => <PayloadBlock key={part.title} title={part.title}>{asText(part.value)}</PayloadBlock>) : null}
      </div>
    </div>
  );
}

function PayloadBlock({ title, children }: { title: string; children: ReactNode }) {
  return (
    <figure className="payload-part">
      <figcaption>{title}</figcaption>
      <pre>{children}</pre>
    </figure>
  );
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? 'null';
}
