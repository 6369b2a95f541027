// Finds calendar dates in customer text ("yesterday", "last Monday", "on March 3rd", "2026-11-02")
// and resolves them to ISO days as seen on the customer's clock.
import * as chrono from 'chrono-node';

export interface DateOptions {
  now?: Date;
  // IANA zone whose calendar "yesterday" refers to; defaults to the server's zone.
  timezone?: string;
  // Read "03/11/2026" as 3 November rather than the US 11 March.
  dayFirst?: boolean;
}

// Skips chrono entirely for the many messages that cannot contain a date.
const mayMentionDate = /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|yesterday|tomorrow|ago|last|next|this|week)/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

export function findDates(text: string, options: DateOptions = {}): string[] {
  if (!mayMentionDate.test(text)) return [];
  const parser = options.dayFirst ? chrono.en.GB : chrono.casual;
  const reference = wallClock(options.now ?? new Date(), options.timezone);
  const days = parser
    .parse(text, reference, { forwardDate: false })
    .filter((result) => namesADay(result) && !measuresTime(result.text))
    .map((result) => isoDay(result.start));
  return [...new Set(days)];
}

// "at 5pm" or "last month" name no particular day, so they are not dates of an event.
function namesADay(result: chrono.ParsedResult): boolean {
  return result.start.isCertain('day') || result.start.isCertain('weekday');
}

// "for 6 days", "within 14 days", "24/7" measure time; and in support messages "in 4 days" mostly
// does too ("hasn't moved in 4 days"), so none of them is read as the date of an event.
function measuresTime(text: string): boolean {
  return /^(?:in|for|within|after)\s/i.test(text) || /^24\s*\/\s*7$/.test(text);
}

function isoDay(component: chrono.ParsedComponents): string {
  const pad = (value: number | null, width: number): string => String(value ?? 0).padStart(width, '0');
  return `${pad(component.get('year'), 4)}-${pad(component.get('month'), 2)}-${pad(component.get('day'), 2)}`;
}

// chrono resolves relative words against the reference's local fields, so the reference is
// rebuilt with the customer's wall-clock fields: "yesterday" then means their yesterday.
function wallClock(now: Date, timezone: string | undefined): Date {
  if (timezone === undefined) return now;
  const fields = Object.fromEntries(formatterFor(timezone).formatToParts(now).map((part) => [part.type, Number(part.value)]));
  return new Date(fields.year ?? 0, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0);
}

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timezone, formatter);
  }
  return formatter;
}
