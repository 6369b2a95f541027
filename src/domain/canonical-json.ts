// Key-order-independent JSON, so "the same arguments" means the same bytes.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/**
 * The canonical JSON of `{ ...value, [key]: x }` as the text before x and the text after it, so that
 * `before + JSON.stringify(x) + after` is that JSON for any x: for a store that fills x in itself.
 */
export function canonicalJsonAround(value: Record<string, unknown>, key: string): { before: string; after: string } {
  const members = Object.entries(sortKeys({ ...value, [key]: 0 }) as Record<string, unknown>)
    .filter(([k, v]) => k === key || JSON.stringify(v) !== undefined)
    .map(([k, v]) => ({ key: k, text: `${JSON.stringify(k)}:${JSON.stringify(v)}` }));
  const at = members.findIndex((member) => member.key === key);
  const before = members.slice(0, at).map((member) => `${member.text},`).join('');
  const after = members.slice(at + 1).map((member) => `,${member.text}`).join('');
  return { before: `{${before}${JSON.stringify(key)}:`, after: `${after}}` };
}
