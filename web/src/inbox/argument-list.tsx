// A tool call's arguments as name and value, every value shown as text.
import type { JsonObject } from '../api/types.ts';

export function ArgumentList({ args }: { args: JsonObject }) {
  const entries = Object.entries(args);
  if (entries.length === 0) return <p className="muted">No arguments.</p>;
  return (
    <dl className="pairs">
      {entries.map(([name, value]) => (
        <div key={name} className="pair">
          <dt>
            <code>{name}</code>
          </dt>
          <dd>{displayValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}
