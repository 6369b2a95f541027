// Keeps docs/benchmarks.md current: each benchmark owns one "## " section, replaced in place on
// every run, so other sections (and anything written by hand around them) stay as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const preamble = '# Benchmarks\n\nFigures measured by `npm run bench` (bench/run.ts), which rewrites each section below. Not part of `npm test`.\n';

export function writeSection(path: string, title: string, body: readonly string[]): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : preamble;
  writeFileSync(path, replaceSection(current, title, [`## ${title}`, '', ...body].join('\n')));
}

function replaceSection(markdown: string, title: string, section: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${title}`);
  if (start < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
  const next = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const after = next < 0 ? [] : lines.slice(next);
  return [...lines.slice(0, start), section, ...(after.length > 0 ? ['', ...after] : [])].join('\n').trimEnd() + '\n';
}

export function markdownTable(header: readonly [string, string], rows: readonly (readonly [string, string])[]): string[] {
  return [`| ${header[0]} | ${header[1]} |`, '| --- | ---: |', ...rows.map(([name, value]) => `| ${name} | ${value} |`)];
}

/** A table of any width; columns from `firstNumeric` on are right-aligned (figures). */
export function markdownGrid(header: readonly string[], rows: readonly (readonly string[])[], firstNumeric = 1): string[] {
  const align = header.map((_, i) => (i >= firstNumeric ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align), ...rows.map(line)];
}
