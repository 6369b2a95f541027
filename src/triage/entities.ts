// Entity extraction for triage: email addresses, order ids, money amounts and dates in a message.
// Pure and cheap (tens of µs), so every message can be annotated before it is routed.
import type { Money } from '../domain/money.ts';
import { findDates, type DateOptions } from './date-mentions.ts';
import { findMoney } from './money-mentions.ts';

export interface Entities {
  email: string | null;
  emails: string[];
  order_id: string | null;
  order_ids: string[];
  amount: Money | null;
  amounts: Money[];
  // ISO days (YYYY-MM-DD), resolved relative to options.now in options.timezone.
  dates: string[];
}

export interface EntityOptions extends DateOptions {
  // From configuration; its first capture group (or else the whole match) is the id.
  orderIdPattern?: RegExp;
}

// "ORD-1001", "ORD 1001", "order #1001", "order number 1001", "order no. 1001"; read as ORD-1001.
export const defaultOrderIdPattern = /\b(?:ORD|ORDER)(?:\s*(?:#|no\.?|nr\.?|number|num\.?|id)\s*:?\s*|[-\s]*#?\s*)(\d{3,})\b/i;

const emailPattern = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

export function extractEntities(text: string, options: EntityOptions = {}): Entities {
  const emails = findEmails(text);
  const orderIds = findOrderIds(text, options.orderIdPattern);
  const amounts = findMoney(text);
  return {
    email: emails[0] ?? null,
    emails,
    order_id: orderIds[0] ?? null,
    order_ids: orderIds,
    amount: amounts[0] ?? null,
    amounts,
    dates: findDates(text, options),
  };
}

export function extractMoney(text: string): Money | null {
  return findMoney(text)[0] ?? null;
}

export function extractOrderId(text: string, pattern?: RegExp): string | null {
  return findOrderIds(text, pattern)[0] ?? null;
}

export function extractEmail(text: string): string | null {
  return findEmails(text)[0] ?? null;
}

function findEmails(text: string): string[] {
  return unique(Array.from(text.matchAll(emailPattern), (match) => match[0].toLowerCase()));
}

function findOrderIds(text: string, pattern: RegExp = defaultOrderIdPattern): string[] {
  const ids = Array.from(text.matchAll(globalVersion(pattern)), (match) => orderIdFrom(match, pattern));
  return unique(ids.filter((id) => id !== ''));
}

function orderIdFrom(match: RegExpMatchArray, pattern: RegExp): string {
  const id = (match[1] ?? match[0]).trim();
  return pattern === defaultOrderIdPattern ? `ORD-${id}` : id;
}

// matchAll needs the g flag; a configured pattern may have been written without it.
const globalPatterns = new WeakMap<RegExp, RegExp>();

function globalVersion(pattern: RegExp): RegExp {
  if (pattern.global) return pattern;
  let global = globalPatterns.get(pattern);
  if (global === undefined) {
    global = new RegExp(pattern.source, `${pattern.flags}g`);
    globalPatterns.set(pattern, global);
  }
  return global;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
