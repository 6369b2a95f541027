// Rules on who may take a decision, beyond the role's permission: nobody approves what they asked
// for, and a role approves amounts up to its configured limit only. Rejecting is always allowed.
import type { HumanTaskView } from '../app/views.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import type { Role } from '../domain/roles.ts';

export type ApprovalLimits = Readonly<Partial<Record<Role, number>>>;

export interface Decider {
  /** The name the decision is recorded under. */
  actor: string;
  role: Role;
}

export function assertMayApprove(task: HumanTaskView, decider: Decider, editedArgs: Record<string, unknown> | null, limits: ApprovalLimits): void {
  if (task.requested_by !== null && task.requested_by === decider.actor) {
    throw new SwitchboardError('forbidden', 'You asked for this decision, so someone else must approve it.', { permission: 'tasks.decide', rule: 'self_approval' });
  }
  const amount = amountCentsOf({ ...(task.tool_call?.args ?? {}), ...(editedArgs ?? {}) });
  const limit = limits[decider.role];
  if (amount !== null && limit !== undefined && amount > limit) {
    const shown = (cents: number) => formatMoney({ amountCents: cents, currency: currencyOf(task) });
    throw new SwitchboardError('forbidden', `Approving ${shown(amount)} is above the ${decider.role} limit of ${shown(limit)}; a role with a higher limit must approve it.`, { permission: 'tasks.decide', rule: 'approval_limit', limit_cents: limit, amount_cents: amount });
  }
}

/** `amount_cents` as the built-in tools write it, or `amount` in units as MCP tools often do. */
export function amountCentsOf(args: Readonly<Record<string, unknown>>): number | null {
  const cents = args['amount_cents'];
  if (typeof cents === 'number' && Number.isFinite(cents)) return Math.round(cents);
  const units = args['amount'];
  return typeof units === 'number' && Number.isFinite(units) ? Math.round(units * 100) : null;
}

function currencyOf(task: HumanTaskView): string {
  const currency = task.tool_call?.args['currency'];
  return typeof currency === 'string' ? currency : 'USD';
}
