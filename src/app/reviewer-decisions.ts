// Decisions taken away from a signed-in page: a one-click link in a mail, a Slack, Telegram or Discord
// button. The person is known by the channel (a link bound to them, a mapped chat user), and the
// same rules hold as on the API: the role must allow deciding, nobody approves their own request,
// and approvals stay within the role's limit. Every refusal goes to the audit log.
import type { ApprovalLimits } from '../auth/decision-rules.ts';
import { assertMayApprove } from '../auth/decision-rules.ts';
import type { IdentityDeps } from '../auth/identity-deps.ts';
import { findUserByEmail } from '../auth/users.ts';
import { SwitchboardError, isSwitchboardError } from '../domain/errors.ts';
import { leastRoleFor, roleAllows, type Role } from '../domain/roles.ts';
import type { HumanTaskService, ResolveResult } from './human-tasks.ts';

export interface ReviewerDecisionDeps {
  identity: IdentityDeps;
  tasks: HumanTaskService;
  approvalLimits: ApprovalLimits;
}

export interface ReviewerDecision {
  projectId: string;
  taskId: string;
  /** The Switchboard user deciding, by email. */
  email: string;
  approving: boolean;
  reason?: string | null;
  /** Where the decision came from (`email-link`, `slack`, …), kept in the audit entry of a refusal. */
  via: string;
}

/** Checks the person may take this decision and takes it; throws forbidden (audited) otherwise. */
export async function decideAsReviewer(deps: ReviewerDecisionDeps, decision: ReviewerDecision): Promise<ResolveResult> {
  await assertMayDecide(deps, decision);
  return deps.tasks.resolve(decision.projectId, decision.taskId, {
    respondedBy: decision.email,
    decision: decision.approving ? 'approved' : 'rejected',
    notes: decision.reason ?? null,
  });
}

export async function assertMayDecide(deps: ReviewerDecisionDeps, decision: ReviewerDecision): Promise<Role> {
  const { projectId, taskId, email, via } = decision;
  try {
    const user = await findUserByEmail(deps.identity, email);
    if (!user || user.disabled) throw new SwitchboardError('forbidden', `${email} is not an active Switchboard user, so cannot decide.`, { permission: 'tasks.decide', rule: 'unknown_reviewer' });
    const role = Object.hasOwn(user.roles, projectId) ? (user.roles[projectId] ?? null) : null;
    if (!role || !roleAllows(role, 'tasks.decide')) {
      throw new SwitchboardError('forbidden', `This needs the "tasks.decide" permission (role ${leastRoleFor('tasks.decide')} or above) in project "${projectId}".`, { permission: 'tasks.decide', project: projectId });
    }
    const task = await deps.tasks.get(projectId, taskId);
    if (decision.approving && task.type === 'approval') assertMayApprove(task, { actor: user.email, role }, null, deps.approvalLimits);
    return role;
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'forbidden') await deps.tasks.auditRefusal(projectId, taskId, email, error.message, { ...(error.details ?? {}), via });
    throw error;
  }
}
