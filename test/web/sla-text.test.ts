// The inbox's SLA countdown in words, as the dashboard shows it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slaOf } from '../../web/src/inbox/sla.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

describe('the SLA countdown', () => {
  it('counts down to the due time in minutes and seconds, and warns in the last ten minutes', () => {
    assert.deepEqual(slaOf(at(12 * 60_000 + 5_000), true, now), { state: 'ok', text: 'due in 12m 05s' });
    assert.deepEqual(slaOf(at(9 * 60_000), true, now), { state: 'soon', text: 'due in 9m 00s' });
    assert.deepEqual(slaOf(at(42_000), true, now), { state: 'soon', text: 'due in 42s' });
  });

  it('says by how much a task is overdue', () => {
    assert.deepEqual(slaOf(at(-3 * 60_000), true, now), { state: 'overdue', text: 'overdue by 3m 00s' });
    assert.deepEqual(slaOf(at(-(26 * 3600_000)), true, now), { state: 'overdue', text: 'overdue by 1d 2h' });
  });

  it('uses hours for long waits, and says when there is no due time or the task is closed', () => {
    assert.equal(slaOf(at(3 * 3600_000 + 59 * 60_000), true, now).text, 'due in 3h 59m');
    assert.deepEqual(slaOf(null, true, now), { state: 'none', text: 'no due time' });
    assert.deepEqual(slaOf(at(-60_000), false, now), { state: 'closed', text: 'closed' });
  });
});
