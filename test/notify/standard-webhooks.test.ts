// Standard Webhooks signing: the specification's published test vector, interoperability with the
// reference `standardwebhooks` library both ways, and every way a delivery can fail verification.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { generateSecret, secretKey, signature, signedHeaders, verifyWebhook } from '../../src/notify/webhooks/standard-webhooks.ts';

// The test vector the Standard Webhooks libraries share.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const signedAt = new Date(vector.timestamp * 1000);
const vectorHeaders = { 'webhook-id': vector.id, 'webhook-timestamp': String(vector.timestamp), 'webhook-signature': vector.signature };
const body = JSON.stringify({ type: 'task.created', timestamp: '2026-01-01T00:00:00.000Z', data: { taskId: 'tsk_1', projectId: 'default' } });

function rejectsSecret(secret: string): void {
  assert.throws(() => secretKey(secret, 'webhooks[0].secret'), (error) => {
    assert.ok(isSwitchboardError(error));
    assert.equal(error.code, 'invalid_config');
    assert.match(error.message, /^webhooks\[0\]\.secret must be "whsec_" followed by the base64 of 24 to 64 random bytes/);
    return true;
  }, secret);
}

describe('Standard Webhooks signatures', () => {
  it('reproduces the specification test vector', () => {
    assert.equal(signature(secretKey(vector.secret), vector.id, vector.timestamp, vector.body), vector.signature);
    assert.equal(verifyWebhook(vector.secret, vector.body, vectorHeaders, { now: signedAt }), 'valid');
  });

  it('signs deliveries the reference library verifies, and verifies the reference library’s signatures', () => {
    const secret = generateSecret();
    const reference = new Webhook(secret);
    const now = new Date();
    const ours = signedHeaders(secretKey(secret), 'evt_01', now, body);
    assert.deepEqual(reference.verify(body, { ...ours }), JSON.parse(body));
    assert.throws(() => reference.verify(body.replace('tsk_1', 'tsk_2'), { ...ours }), /No matching signature/);

    const theirs = { 'webhook-id': 'evt_02', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': reference.sign('evt_02', now, body) };
    assert.equal(verifyWebhook(secret, body, theirs, { now }), 'valid');
    assert.equal(theirs['webhook-signature'], signedHeaders(secretKey(secret), 'evt_02', now, body)['webhook-signature']);
  });

  it('accepts any one valid v1 signature among several, as during a secret rotation', () => {
    const rotated = `v1,${randomBytes(32).toString('base64')} v1a,${randomBytes(64).toString('base64')} ${vector.signature}`;
    assert.equal(verifyWebhook(vector.secret, vector.body, { ...vectorHeaders, 'webhook-signature': rotated }, { now: signedAt }), 'valid');
    const withoutV1 = vector.signature.replace('v1,', 'v1a,');
    assert.equal(verifyWebhook(vector.secret, vector.body, { ...vectorHeaders, 'webhook-signature': withoutV1 }, { now: signedAt }), 'no_matching_signature', 'only v1 entries are HMAC signatures');
  });

  it('refuses a changed body, id or timestamp, and another secret', () => {
    const check = (headers: Record<string, string>, text = vector.body, secret = vector.secret) => verifyWebhook(secret, text, headers, { now: signedAt });
    assert.equal(check(vectorHeaders, '{"test": 2432232315}'), 'no_matching_signature');
    assert.equal(check(vectorHeaders, `${vector.body} `), 'no_matching_signature', 'a re-serialised body does not verify');
    assert.equal(check({ ...vectorHeaders, 'webhook-id': 'msg_other' }), 'no_matching_signature');
    assert.equal(check({ ...vectorHeaders, 'webhook-timestamp': String(vector.timestamp + 1) }), 'no_matching_signature');
    assert.equal(check(vectorHeaders, vector.body, generateSecret()), 'no_matching_signature');
  });

  it('refuses a timestamp outside the tolerance either way, and accepts one at its edge', () => {
    const at = (offsetSeconds: number, toleranceSeconds?: number) => verifyWebhook(vector.secret, vector.body, vectorHeaders, { now: new Date(signedAt.getTime() + offsetSeconds * 1000), ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) });
    assert.equal(at(300), 'valid');
    assert.equal(at(-300), 'valid');
    assert.equal(at(301), 'outside_tolerance', 'a replay after five minutes');
    assert.equal(at(-301), 'outside_tolerance', 'a timestamp from the future');
    assert.equal(at(60, 30), 'outside_tolerance');
  });

  it('refuses a delivery with a missing header or a timestamp that is not unix seconds', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const headers: Record<string, string> = { ...vectorHeaders };
      delete headers[name];
      assert.equal(verifyWebhook(vector.secret, vector.body, headers, { now: signedAt }), 'missing_headers', name);
    }
    assert.equal(verifyWebhook(vector.secret, vector.body, { ...vectorHeaders, 'webhook-timestamp': '2021-02-25T15:02:10Z' }, { now: signedAt }), 'malformed_timestamp');
  });

  it('reads headers from fetch Headers and from records in any letter case, and bodies as bytes', () => {
    assert.equal(verifyWebhook(vector.secret, vector.body, new Headers(vectorHeaders), { now: signedAt }), 'valid');
    const shouted = { 'Webhook-Id': vector.id, 'WEBHOOK-TIMESTAMP': String(vector.timestamp), 'Webhook-Signature': vector.signature };
    assert.equal(verifyWebhook(vector.secret, Buffer.from(vector.body), shouted, { now: signedAt }), 'valid');
  });

  it('makes fresh 32-byte secrets the reference library accepts', () => {
    const [first, second] = [generateSecret(), generateSecret()];
    assert.match(first, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(first, second);
    assert.equal(secretKey(first).length, 32);
    assert.doesNotThrow(() => new Webhook(first));
  });

  it('refuses a secret that is not whsec_ and the base64 of 24 to 64 bytes, naming the setting', () => {
    const encoded = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;
    for (const secret of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_not base64!', encoded(16), encoded(65), encoded(32).replace(/=+$/, '')]) rejectsSecret(secret);
    assert.equal(secretKey(encoded(24)).length, 24);
    assert.equal(secretKey(encoded(64)).length, 64);
  });
});
