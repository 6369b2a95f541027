// Reading labelled examples from CSV and JSON Lines: real CSV quoting, BANKING77's column names,
// and errors that name the file and the line to fix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwitchboardError } from '../../src/domain/errors.ts';
import { readLabelledFile } from '../../src/triage/classifier/index.ts';

describe('readLabelledFile', () => {
  let directory: string;
  const file = (name: string, content: string) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };
  const refuses = (path: string, message: RegExp) => {
    assert.throws(
      () => readLabelledFile(path),
      (error: unknown) => error instanceof SwitchboardError && error.code === 'invalid_request' && message.test(error.message),
    );
  };

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchboard-labelled-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('reads CSV with quoted commas, doubled quotes and line breaks inside a field', () => {
    const path = file('tickets.csv', 'text,label\r\n"Hi, I want a refund",refund\n"She said ""where is it?""",shipping\n"two\nlines",other\nplain text , refund\n');
    assert.deepEqual(readLabelledFile(path), [
      { text: 'Hi, I want a refund', label: 'refund' },
      { text: 'She said "where is it?"', label: 'shipping' },
      { text: 'two\nlines', label: 'other' },
      { text: 'plain text', label: 'refund' },
    ]);
  });

  it('accepts BANKING77 columns (text,category) in any order, with a byte-order mark', () => {
    const path = file('banking.csv', '\ufeffcategory,text\ncard_arrival,I am still waiting on my card?\n');
    assert.deepEqual(readLabelledFile(path), [{ text: 'I am still waiting on my card?', label: 'card_arrival' }]);
  });

  it('reads JSON Lines, skipping blank lines', () => {
    const path = file('tickets.jsonl', '{"text": "refund please", "label": "refund"}\n\n{"text": "where is my parcel", "label": "shipping", "id": 7}\n');
    assert.deepEqual(readLabelledFile(path), [
      { text: 'refund please', label: 'refund' },
      { text: 'where is my parcel', label: 'shipping' },
    ]);
  });

  it('names the file and line of a row without a label', () => {
    refuses(file('tickets.csv', 'text,label\nrefund please,refund\n"a quoted\nmessage",refund\nno label here,\n'), /^tickets\.csv line 5: missing label$/);
    refuses(file('short.csv', 'text,label\nonly text\n'), /^short\.csv line 2: missing label$/);
    refuses(file('tickets.jsonl', '{"text": "a", "label": "b"}\n{"text": "no label"}\n'), /^tickets\.jsonl line 2: missing label$/);
  });

  it('names the line of broken CSV quoting, extra columns or invalid JSON', () => {
    refuses(file('open.csv', 'text,label\n"never closed,refund\n'), /^open\.csv line 2: a quoted field is never closed$/);
    refuses(file('extra.csv', 'text,label\nhello, world,greeting\n'), /^extra\.csv line 2: 3 columns .*quote/);
    refuses(file('bad.jsonl', '{"text": "a", "label": "b"}\n{text: a}\n'), /^bad\.jsonl line 2: not valid JSON$/);
    refuses(file('number.jsonl', '{"text": "a", "label": 3}\n'), /^number\.jsonl line 1: label must be a string$/);
  });

  it('refuses a header without text and label columns, listing what it found', () => {
    refuses(file('columns.csv', 'message,intent_name\nhello,greeting\n'), /^columns\.csv line 1: the header must name a "text" column and a "label".*"message", "intent_name"/);
  });

  it('refuses an empty file, an unknown file type and a missing file', () => {
    refuses(file('empty.csv', ''), /empty\.csv is empty/);
    refuses(file('header-only.csv', 'text,label\n'), /header-only\.csv has no examples/);
    refuses(file('empty.jsonl', '\n\n'), /empty\.jsonl has no examples/);
    refuses(file('tickets.txt', 'hello'), /unsupported file type "\.txt"/);
    refuses(join(directory, 'missing.csv'), /cannot read .*missing\.csv: no such file/);
  });
});
