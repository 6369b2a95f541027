import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCallbackDetails } from '../../src/triage/callback-details.ts';

const now = new Date('2026-11-23T09:00:00.000Z');

describe('callback details', () => {
  it('reads a phone number and a future time', () => {
    assert.deepEqual(readCallbackDetails('call me on +49 30 1234567 tomorrow at 10:00', now), { phone: '+49301234567', at: '2026-11-24T10:00:00.000Z' });
    assert.deepEqual(readCallbackDetails('0049 (30) 123-4567, on Wednesday at 3pm', now), { phone: '0049301234567', at: '2026-11-25T15:00:00.000Z' });
  });

  it('does not take a date for a phone number, nor a past time for the callback', () => {
    assert.deepEqual(readCallbackDetails('on 2026-11-24 at 10:00', now), { phone: null, at: '2026-11-24T10:00:00.000Z' });
    assert.equal(readCallbackDetails('+49 30 1234567 yesterday at 9', now).at, null);
    assert.deepEqual(readCallbackDetails('yes please', now), { phone: null, at: null });
  });
});
