import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const labels = [
  'refund', 'order_status', 'download_link', 'billing', 'technical', 'account', 'complaint',
  'talk_to_human', 'faq_shipping', 'faq_returns', 'faq_payment_methods', 'faq_opening_hours',
];

// RFC 4180 rows: quoted fields may hold commas and doubled quotes; no newlines occur in the corpus.
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  const field = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g;
  for (const match of line.matchAll(field)) fields.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? ''));
  return fields;
}

function readCorpus(): { header: string[]; rows: { text: string; label: string }[] } {
  const lines = readFileSync(new URL('../../config/demo-intents.csv', import.meta.url), 'utf8').split('\n').filter((line) => line !== '');
  const [header = '', ...body] = lines;
  const rows = body.map((line) => {
    const fields = parseCsvLine(line);
    assert.equal(fields.length, 2, `two fields in: ${line}`);
    return { text: fields[0] ?? '', label: fields[1] ?? '' };
  });
  return { header: parseCsvLine(header), rows };
}

describe('the demo intent corpus', () => {
  const { header, rows } = readCorpus();

  it('has a text,label header', () => assert.deepEqual(header, ['text', 'label']));

  it('uses only the twelve demo labels', () => {
    const unknown = rows.filter((row) => !labels.includes(row.label)).map((row) => row.label);
    assert.deepEqual(unknown, []);
  });

  for (const label of labels) {
    it(`has at least 50 messages for ${label}`, () => {
      const count = rows.filter((row) => row.label === label).length;
      assert.ok(count >= 50, `${label} has ${count}`);
    });
  }

  it('has no duplicate or empty texts', () => {
    const seen = new Set<string>();
    for (const { text } of rows) {
      const key = text.trim().toLowerCase();
      assert.ok(key !== '', 'empty text');
      assert.ok(!seen.has(key), `duplicate: ${text}`);
      seen.add(key);
    }
  });
});
