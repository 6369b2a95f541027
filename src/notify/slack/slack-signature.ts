// Slack signs every request to the app: `X-Slack-Signature` is `v0=` and the hex HMAC-SHA256, under
// the app's signing secret, of `v0:<X-Slack-Request-Timestamp>:<raw body>`. A request is taken only
// with a matching signature and a timestamp within five minutes of our clock, so a captured request
// cannot be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const slackSignatureWindowSeconds = 5 * 60;

export interface SignedRequest {
  /** `X-Slack-Request-Timestamp`: Unix seconds. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`. */
  signature: string | undefined;
  rawBody: string;
}

/** Why a request was refused; `stale` is a genuine signature outside the window (a replay, or a clock far off). */
export type SignatureProblem = 'missing' | 'malformed' | 'mismatch' | 'stale';
export type SignatureVerdict = { ok: true } | { ok: false; problem: SignatureProblem };

export function verifySlackSignature(signingSecret: string, request: SignedRequest, now: Date): SignatureVerdict {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return { ok: false, problem: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, problem: 'malformed' };
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, request.rawBody));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, problem: 'mismatch' };
  const skewSeconds = Math.abs(now.getTime() / 1000 - Number(timestamp));
  return skewSeconds <= slackSignatureWindowSeconds ? { ok: true } : { ok: false, problem: 'stale' };
}

function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}
