// What a customer gives for a callback (seed 001's GATHER of callback_number and callback_time).
import * as chrono from 'chrono-node';

export interface CallbackDetails {
  phone: string | null;
  /** ISO instant, resolved against `now` and always in the future. */
  at: string | null;
}

const phonePattern = /(?:\+|\b00)?\d[\d\s()./-]{6,}\d/;

export function readCallbackDetails(text: string, now: Date): CallbackDetails {
  const candidate = phonePattern.exec(text)?.[0] ?? null;
  const digits = candidate?.replace(/[\s()./-]/g, '') ?? '';
  // Nine digits or more: a date such as 2026-11-24 is not a phone number.
  const phone = digits.replace(/\D/g, '').length >= 9 ? digits : null;
  // The phone number must not be read as a date or time.
  const rest = phone === null ? text : text.replace(phonePattern, ' ');
  const when = chrono.parseDate(rest, now, { forwardDate: true });
  return { phone, at: when && when.getTime() > now.getTime() ? when.toISOString() : null };
}
