// Reads labelled messages from a file: CSV with a header naming a text and a label column
// (`label`, or `category` as BANKING77 has it) or JSON Lines of {"text": …, "label": …}.
// Every problem names the file and the line, so a bad row in a large export is easy to find.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { SwitchboardError } from '../../domain/errors.ts';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.ts';
import type { LabelledExample } from './labelled-example.ts';

const labelColumns = ['label', 'category', 'intent'];

export function readLabelledFile(path: string): LabelledExample[] {
  const parse = parserFor(path);
  const examples = parse(readText(path), basename(path));
  if (examples.length === 0) throw badFile(`${basename(path)} has no examples`);
  return examples;
}

type Parser = (text: string, name: string) => LabelledExample[];

function parserFor(path: string): Parser {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return parseCsvExamples;
  if (extension === '.jsonl' || extension === '.ndjson') return parseJsonLines;
  throw badFile(`${basename(path)}: unsupported file type "${extension || '(none)'}"; use .csv (text,label) or .jsonl ({"text": …, "label": …})`);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw badFile(`cannot read ${path}: ${reason}`);
  }
}

function parseCsvExamples(text: string, name: string): LabelledExample[] {
  const [header, ...rows] = csvRecords(text, name);
  if (header === undefined) throw badFile(`${name} is empty`);
  const columns = columnsOf(header, name);
  return rows.map((row) => {
    const example = checked({ text: row.fields[columns.text]?.trim() ?? '', label: row.fields[columns.label]?.trim() ?? '' }, name, row.line);
    if (row.fields.length > header.fields.length) throw badFile(`${name} line ${row.line}: ${row.fields.length} columns but the header has ${header.fields.length} (quote a field that contains a comma)`);
    return example;
  });
}

function csvRecords(text: string, name: string): CsvRecord[] {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw badFile(`${name} line ${error.line}: ${error.message}`);
    throw error;
  }
}

function columnsOf(header: CsvRecord, name: string): { text: number; label: number } {
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const text = names.indexOf('text');
  const label = names.findIndex((n) => labelColumns.includes(n));
  if (text < 0 || label < 0) throw badFile(`${name} line ${header.line}: the header must name a "text" column and a "label" (or "category") column; found ${names.map((n) => `"${n}"`).join(', ')}`);
  return { text, label };
}

function parseJsonLines(text: string, name: string): LabelledExample[] {
  const examples: LabelledExample[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() !== '') examples.push(checked(jsonExample(line, name, index + 1), name, index + 1));
  });
  return examples;
}

function jsonExample(line: string, name: string, lineNumber: number): LabelledExample {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw badFile(`${name} line ${lineNumber}: not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badFile(`${name} line ${lineNumber}: expected an object like {"text": …, "label": …}`);
  const record = value as Record<string, unknown>;
  const label = labelColumns.map((key) => record[key]).find((v) => v !== undefined);
  return { text: stringField(record['text'], 'text', name, lineNumber), label: stringField(label, 'label', name, lineNumber) };
}

function stringField(value: unknown, field: string, name: string, line: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw badFile(`${name} line ${line}: ${field} must be a string`);
  return value.trim();
}

function checked(example: LabelledExample, name: string, line: number): LabelledExample {
  if (example.text === '') throw badFile(`${name} line ${line}: missing text`);
  if (example.label === '') throw badFile(`${name} line ${line}: missing label`);
  return example;
}

function badFile(message: string): SwitchboardError {
  return new SwitchboardError('invalid_request', message);
}
