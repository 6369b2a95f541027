// Telegram proves a webhook call is its own by sending, in X-Telegram-Bot-Api-Secret-Token, the
// secret_token given to setWebhook. The two are compared in constant time (as SHA-256 digests, so
// not even the length leaks); an update without the matching header is not read.
import { createHash, timingSafeEqual } from 'node:crypto';

export type SecretProblem = 'missing' | 'mismatch';
export type SecretVerdict = { ok: true } | { ok: false; problem: SecretProblem };

export function verifyTelegramSecret(expected: string, header: string | undefined): SecretVerdict {
  if (header === undefined || header === '') return { ok: false, problem: 'missing' };
  return timingSafeEqual(digest(expected), digest(header)) ? { ok: true } : { ok: false, problem: 'mismatch' };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
