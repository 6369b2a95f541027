// The approvals page asks for the same last 7, 30 or 90 days as the numbers page, by count of days.
import { projectApi } from '../api/project.ts';
import type { RangeDays } from '../numbers/stats-range.ts';

export function approvalAnalyticsPath(days: RangeDays): string {
  return `${projectApi}/approval-analytics?range=${days}d`;
}
