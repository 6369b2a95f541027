// One-time codes for the auth gate: six random digits, kept only as an HMAC under a per-run salt and
// compared in constant time. Attempts and expiry are counted by the gate.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function newOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

export function hashCode(code: string, salt: string): string {
  return createHmac('sha256', salt).update(code).digest('hex');
}

export function codeMatches(code: string, salt: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashCode(code, salt), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The code as typed: six digits, spaces and dashes allowed ("123 456", "123-456"). */
export function codeIn(text: string): string | null {
  const match = /(?<!\d)(\d{3})[\s-]?(\d{3})(?!\d)/.exec(text);
  return match ? `${match[1]}${match[2]}` : null;
}

/** d***@example.com: enough for the customer to recognise, not enough to leak the address. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
