// A task's due time as a countdown: "due in 12m 05s", "overdue by 3m 10s".

export type SlaState = 'none' | 'ok' | 'soon' | 'overdue' | 'closed';

export interface Sla {
  state: SlaState;
  text: string;
}

const soonMs = 10 * 60_000;

export function slaOf(dueAt: string | null, open: boolean, now: number): Sla {
  if (!open) return { state: 'closed', text: 'closed' };
  if (!dueAt) return { state: 'none', text: 'no due time' };
  const left = Date.parse(dueAt) - now;
  if (Number.isNaN(left)) return { state: 'none', text: 'no due time' };
  if (left < 0) return { state: 'overdue', text: `overdue by ${formatDuration(-left)}` };
  return { state: left <= soonMs ? 'soon' : 'ok', text: `due in ${formatDuration(left)}` };
}

export function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const [d, h, m, s] = [Math.floor(seconds / 86_400), Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60];
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
