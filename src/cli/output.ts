// Terminal output: commands build lines with these pure formatters and print them in one place.

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function printLines(lines: readonly string[]): void {
  for (const line of lines) printLine(line);
}

export function printJson(value: unknown): void {
  printLine(JSON.stringify(value, null, 2));
}

/** Customer text is untrusted: control characters (terminal escapes, newlines) must not act on the terminal. */
export function inert(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `2025-11-21T10:26:01.123Z` → `2025-11-21 10:26` (UTC, as stored). */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function percent(fraction: number | null): string {
  return fraction === null ? '–' : `${Math.round(fraction * 100)}%`;
}

export interface Column<T> {
  header: string;
  cell: (row: T) => string;
}

/** A plain left-aligned table; the last column is not padded so long text does not trail spaces. */
export function formatTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string[] {
  const cells = rows.map((row) => columns.map((c) => inert(c.cell(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (values: readonly string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ');
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)];
}
