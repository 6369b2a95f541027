// Who may scrape /metrics: the holder of the configured token, else only callers on this machine.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. An unknown address (no socket) is not loopback. */
export function isLoopback(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (plain === '::1') return true;
  return isIP(plain) === 4 && plain.startsWith('127.');
}

/** Compares digests, so neither the token's length nor its characters leak through timing. */
export function tokenMatches(expected: string, presented: string): boolean {
  return timingSafeEqual(digest(expected), digest(presented));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
