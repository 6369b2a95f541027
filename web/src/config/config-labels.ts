// The configuration's words as people read them: risk tiers, tool sources, routes, approval rules,
// amounts and what happens when a task's last deadline passes.
import type { InboxSettings, RiskTier, ToolView, TriageRoute } from '../api/types.ts';

export const riskLabel: Record<RiskTier, string> = { read: 'Read', write: 'Write', money: 'Money', destructive: 'Destructive' };

export const riskHint: Record<RiskTier, string> = {
  read: 'only looks things up',
  write: 'changes something',
  money: 'moves money',
  destructive: 'cannot be undone',
};

export const sourceLabel: Record<ToolView['source'], string> = { 'built-in': 'Built-in', mcp: 'MCP', http: 'HTTP', code: 'Code' };

export const routeLabel: Record<TriageRoute, string> = {
  refund: 'Refund',
  order_status: 'Order status',
  download_link: 'Download link',
  faq: 'FAQ answer',
  ticket: 'Ticket for the team',
  offer_human_handoff: 'Offer a person',
  specialist: 'Specialist agent',
  clarify: 'Ask to clarify',
};

/** Whether a tool ever waits for a person. */
export function mayNeedApproval(tool: ToolView): boolean {
  return tool.approval !== 'never' && tool.approval !== 'tool default (never)';
}

/** "Always", "Never", "Tool default: always", or the condition (shown as code by the caller). */
export function approvalRuleLabel(tool: ToolView): string {
  if (tool.condition !== null) return 'When';
  if (tool.approval === 'always') return 'Always';
  if (tool.approval === 'never') return 'Never';
  const fallback = /^tool default \((.*)\)$/.exec(tool.approval);
  return fallback ? `Tool default: ${fallback[1]}` : tool.approval;
}

export function formatCents(cents: number): string {
  return (cents / 100).toLocaleString(undefined, { style: 'currency', currency: 'USD' });
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60 || minutes % 60 !== 0) return `${minutes} min`;
  const hours = minutes / 60;
  if (hours < 24 || hours % 24 !== 0) return `${hours} h`;
  return `${hours / 24} d`;
}

export function expiryLabel(onExpiry: InboxSettings['on_expiry']): string {
  if (typeof onExpiry === 'object') return `Approve amounts below ${formatCents(onExpiry.auto_approve_below_cents)}; larger ones keep escalating`;
  switch (onExpiry) {
    case 'auto_deny':
      return 'Deny the request';
    case 'keep_escalating':
      return 'Keep escalating at the last level';
    case 'none':
      return 'Nothing: the task stays open';
  }
}
