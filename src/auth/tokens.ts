// Bearer secrets (session cookies, API keys): random, shown once, stored only as a SHA-256 hash.
// Unlike passwords they carry 256 bits of randomness, so a fast hash is enough.
import { createHash, randomBytes } from 'node:crypto';

export const apiKeyPrefix = 'sbk_';

export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The CSRF token of a session: derived from its secret, so nothing more is stored. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}
