// The numbers as people read them: rates as percentages, waits as durations, money in dollars, days
// in UTC. Anything missing or not a finite number reads "—", never NaN or Infinity.

const dash = '—';

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function formatCount(value: number): string {
  return finite(value) ? value.toLocaleString(undefined) : dash;
}

/** 0.3333 → "33.3%"; null (nothing to divide by) → "—". */
export function formatRate(rate: number | null): string {
  if (!finite(rate)) return dash;
  return `${(rate * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
}

/** Seconds as the largest two units: "0.25s", "4.2s", "42s", "3m 05s", "1h 30m", "2d 4h". */
export function formatSeconds(seconds: number | null): string {
  if (!finite(seconds) || seconds < 0) return dash;
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${seconds.toFixed(2)}s`;
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
  if (whole < 86_400) return `${Math.floor(whole / 3600)}h ${pad(Math.floor((whole % 3600) / 60))}m`;
  return `${Math.floor(whole / 86_400)}d ${Math.floor((whole % 86_400) / 3600)}h`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Model cost: cents for a dollar and more, four decimals below (a few calls cost fractions of a cent). */
export function formatCost(usd: number): string {
  if (!finite(usd)) return dash;
  if (usd === 0 || usd >= 1) return `$${usd.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `$${usd.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
}

const shortDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A YYYY-MM-DD day (UTC): "11 Mar", or "Wed, 11 Mar 2026" in full. */
export function formatDay(day: string, style: 'short' | 'long' = 'short'): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return (style === 'short' ? shortDay : longDay).format(date);
}
