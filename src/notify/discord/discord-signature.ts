// Discord signs every interaction it sends with the application's Ed25519 key: the signature (hex, in
// X-Signature-Ed25519) covers the X-Signature-Timestamp header followed by the raw body. A request is
// read only once that verifies; a timestamp more than five minutes off is refused as well, so a
// captured request cannot be played again later.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { SwitchboardError } from '../../domain/errors.ts';

export const maxSignatureAgeSeconds = 5 * 60;

export interface SignedRequest {
  /** X-Signature-Ed25519. */
  signature: string | undefined;
  /** X-Signature-Timestamp: Unix seconds. */
  timestamp: string | undefined;
  rawBody: string;
}

export type SignatureRefusal = 'missing_headers' | 'malformed_headers' | 'bad_signature' | 'stale_timestamp';
export type SignatureVerdict = { ok: true } | { ok: false; reason: SignatureRefusal };

export function verifyDiscordSignature(publicKey: KeyObject, request: SignedRequest, now: Date): SignatureVerdict {
  const { signature, timestamp, rawBody } = request;
  if (!signature || !timestamp) return refused('missing_headers');
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return refused('malformed_headers');
  if (!verify(null, Buffer.from(timestamp + rawBody), publicKey, Buffer.from(signature, 'hex'))) return refused('bad_signature');
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > maxSignatureAgeSeconds) return refused('stale_timestamp');
  return { ok: true };
}

/** The application's public key as the Developer Portal shows it (64 hex digits), ready to verify with. */
export function ed25519PublicKey(hex: string, where: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw invalidKey(where);
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
  } catch (error) {
    throw invalidKey(where, error);
  }
}

function invalidKey(where: string, cause?: unknown): SwitchboardError {
  return new SwitchboardError('invalid_config', `${where} must be the application's public key: 64 hex digits, as the Discord Developer Portal shows it under General Information.`, { where }, cause === undefined ? undefined : { cause });
}

function refused(reason: SignatureRefusal): SignatureVerdict {
  return { ok: false, reason };
}
