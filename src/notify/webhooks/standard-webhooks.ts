// Signing and verifying per the Standard Webhooks specification (standardwebhooks.com): an HMAC-SHA256
// over `id.timestamp.body`, keyed by the bytes of a `whsec_<base64>` secret, sent as `v1,<base64>`.
// Receivers that embed Switchboard (and its tests) verify with `verifyWebhook`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SwitchboardError } from '../../domain/errors.ts';

export const secretPrefix = 'whsec_';
/** The specification asks for 24 to 64 random bytes. */
const keyBytes = { min: 24, max: 64, generated: 32 } as const;
/** How far a timestamp may be from the receiver's clock, either way: the specification's five minutes. */
export const defaultToleranceSeconds = 5 * 60;

export interface StandardWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Why a delivery was accepted or refused: a closed set a receiver can log or count. */
export type VerifyOutcome = 'valid' | 'missing_headers' | 'malformed_timestamp' | 'outside_tolerance' | 'no_matching_signature';

export interface VerifyOptions {
  /** The receiver's clock; default now. */
  now?: Date;
  toleranceSeconds?: number;
}

/** Headers as `fetch` gives them or as node:http gives them (names lower-case). */
export type ReceivedHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A fresh secret for a new endpoint. */
export function generateSecret(): string {
  return `${secretPrefix}${randomBytes(keyBytes.generated).toString('base64')}`;
}

/** The HMAC key in `secret`; `where` names the setting in the error that says how to fix it. */
export function secretKey(secret: string, where = 'the webhook secret'): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : null;
  const key = encoded === null ? null : strictBase64(encoded);
  if (key && key.length >= keyBytes.min && key.length <= keyBytes.max) return key;
  throw new SwitchboardError('invalid_config', `${where} must be "${secretPrefix}" followed by the base64 of ${keyBytes.min} to ${keyBytes.max} random bytes (Standard Webhooks); "switchboard webhooks secret" prints a new one.`, { where });
}

/** Only canonical base64 (with its padding), as every Standard Webhooks library decodes it. */
function strictBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.length > 0 && bytes.toString('base64') === text ? bytes : null;
}

/** `v1,<base64>` for one delivery. */
export function signature(key: Buffer, id: string, timestampSeconds: number, body: string | Buffer): string {
  return `v1,${hmac(key, id, String(timestampSeconds), body)}`;
}

function hmac(key: Buffer, id: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

/** The three headers of a delivery sent at `at`. */
export function signedHeaders(key: Buffer, id: string, at: Date, body: string): StandardWebhookHeaders {
  const timestamp = unixSeconds(at);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(key, id, timestamp, body) };
}

function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/**
 * Checks a received delivery: `body` exactly as received (before any JSON parsing), any one of the
 * space-separated `v1` signatures made with `secret`, and a timestamp within the tolerance.
 *
 * @example
 * const outcome = verifyWebhook(process.env.WEBHOOK_SECRET, rawBody, request.headers);
 * if (outcome !== 'valid') return response.writeHead(401).end();
 */
export function verifyWebhook(secret: string | Buffer, body: string | Buffer, headers: ReceivedHeaders, options: VerifyOptions = {}): VerifyOutcome {
  const [id, timestamp, signatures] = [header(headers, 'webhook-id'), header(headers, 'webhook-timestamp'), header(headers, 'webhook-signature')];
  if (!id || !timestamp || !signatures) return 'missing_headers';
  if (!/^\d+$/.test(timestamp)) return 'malformed_timestamp';
  const now = unixSeconds(options.now ?? new Date());
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? defaultToleranceSeconds)) return 'outside_tolerance';
  const expected = Buffer.from(hmac(typeof secret === 'string' ? secretKey(secret) : secret, id, timestamp, body));
  return signatures.split(' ').some((entry) => matches(entry, expected)) ? 'valid' : 'no_matching_signature';
}

function matches(entry: string, expected: Buffer): boolean {
  const [version, value = ''] = entry.split(',', 2);
  const given = Buffer.from(value);
  return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
}

function header(headers: ReceivedHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof value === 'string' ? value : value?.[0];
}
