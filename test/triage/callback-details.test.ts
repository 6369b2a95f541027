import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatInZone, offsetMinutes, readCallbackDetails } from '../../src/triage/callback-details.ts';

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

  it('reads the time in the support team\'s time zone, not the server\'s', () => {
    assert.equal(readCallbackDetails('+49 30 1234567 tomorrow at 10:00', now, 'Europe/Berlin').at, '2026-11-24T09:00:00.000Z');
    assert.equal(readCallbackDetails('+1 212 555 0100 tomorrow at 10am', now, 'America/New_York').at, '2026-11-24T15:00:00.000Z');
    assert.equal(formatInZone('2026-11-24T09:00:00.000Z', 'Europe/Berlin'), '2026-11-24 10:00 Europe/Berlin');
  });

  it('knows a zone\'s offset on both sides of a daylight-saving change', () => {
    assert.equal(offsetMinutes('Europe/Berlin', new Date('2026-07-01T12:00:00Z')), 120);
    assert.equal(offsetMinutes('Europe/Berlin', new Date('2026-12-01T12:00:00Z')), 60);
    assert.equal(offsetMinutes('UTC', new Date('2026-12-01T12:00:00Z')), 0);
  });
});

