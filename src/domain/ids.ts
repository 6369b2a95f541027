// Sortable row ids (ULID) and unguessable public thread ids.
import { randomBytes, randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

export type IdGenerator = () => string;

export function createIdGenerator(): IdGenerator {
  const next = monotonicFactory(bufferedRandom());
  return () => next().toLowerCase();
}

/**
 * The ULID library's default source asks the system for one random byte per character; this one
 * asks for 4 KB at a time and hands them out, the same cryptographic bytes at a fraction of the cost.
 */
function bufferedRandom(): () => number {
  const pool = Buffer.alloc(4096);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    return pool[offset++]! / 256;
  };
}

/** 144 random bits: a thread id is a bearer secret for the customer's conversation. */
export function newThreadId(): string {
  return `thr_${randomBytes(18).toString('base64url')}`;
}

export function formatTicketNumber(number: number): string {
  return `TKT-${number}`;
}

export function parseTicketNumber(ref: string): number | undefined {
  // Nine digits at most: a larger number names no ticket and would overflow the database's integer.
  const match = /^TKT-(\d{1,9})$/i.exec(ref.trim());
  return match ? Number(match[1]) : undefined;
}
