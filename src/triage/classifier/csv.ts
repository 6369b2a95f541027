// Reads CSV as RFC 4180 says: quoted fields may hold commas, doubled quotes and line breaks.
// Each record keeps the line it started on, so errors can point at the file's own line numbers.

export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const state = { at: text.charCodeAt(0) === 0xfeff ? 1 : 0, line: 1 };
  while (state.at < text.length) {
    const record = { line: state.line, fields: readRecord(text, state) };
    if (!(record.fields.length === 1 && record.fields[0] === '')) records.push(record);
  }
  return records;
}

function readRecord(text: string, state: { at: number; line: number }): string[] {
  const fields: string[] = [];
  for (;;) {
    fields.push(text[state.at] === '"' ? readQuoted(text, state) : readBare(text, state));
    const next = text[state.at];
    state.at++;
    if (next === ',') continue;
    if (next === '\r' && text[state.at] === '\n') state.at++;
    if (next !== undefined) state.line++;
    return fields;
  }
}

function readBare(text: string, state: { at: number; line: number }): string {
  const start = state.at;
  while (state.at < text.length && !',\r\n'.includes(text[state.at] as string)) {
    if (text[state.at] === '"') throw new CsvSyntaxError(state.line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
    state.at++;
  }
  return text.slice(start, state.at);
}

function readQuoted(text: string, state: { at: number; line: number }): string {
  const startLine = state.line;
  let value = '';
  state.at++;
  for (;;) {
    const end = text.indexOf('"', state.at);
    if (end < 0) throw new CsvSyntaxError(startLine, 'a quoted field is never closed');
    value += text.slice(state.at, end);
    state.line += countLineBreaks(text, state.at, end);
    state.at = end + 1;
    if (text[state.at] !== '"') break;
    value += '"';
    state.at++;
  }
  if (state.at < text.length && !',\r\n'.includes(text[state.at] as string)) throw new CsvSyntaxError(state.line, 'text after a closing quote (double a quote inside a quoted field)');
  return value;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text[i] === '\n') count++;
  return count;
}
