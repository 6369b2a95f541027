// What a customer gives for a callback (seed 001's GATHER of callback_number and callback_time).
import * as chrono from 'chrono-node';

export interface CallbackDetails {
  phone: string | null;
  /** ISO instant, resolved against `now` and always in the future. */
  at: string | null;
}

const phonePattern = /(?:\+|\b00)?\d[\d\s()./-]{6,}\d/;

/** Times the customer writes ("tomorrow at 10") are read in `timeZone`, the support team's, not the server's. */
export function readCallbackDetails(text: string, now: Date, timeZone = 'UTC'): CallbackDetails {
  const candidate = phonePattern.exec(text)?.[0] ?? null;
  const digits = candidate?.replace(/[\s()./-]/g, '') ?? '';
  // Nine digits or more: a date such as 2026-11-24 is not a phone number.
  const phone = digits.replace(/\D/g, '').length >= 9 ? digits : null;
  // The phone number must not be read as a date or time.
  const rest = phone === null ? text : text.replace(phonePattern, ' ');
  const when = chrono.parseDate(rest, { instant: now, timezone: offsetMinutes(timeZone, now) }, { forwardDate: true });
  return { phone, at: when && when.getTime() > now.getTime() ? when.toISOString() : null };
}

/** The zone's offset from UTC at `at`, in minutes (what chrono takes as a reference time zone). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallClockAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((wallClockAsUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** "2026-11-24 10:00 Europe/Berlin": the instant as the customer and the team read it. */
export function formatInZone(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${timeZone}`;
}
