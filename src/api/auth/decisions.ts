// Before a decision reaches the inbox: approvals need `tasks.decide`, and an approval must pass the
// decision rules (not one's own request, within the role's limit). Refusals go to the audit log.
import type { Context } from 'hono';
import type { Switchboard } from '../../app/switchboard.ts';
import { roleIn } from '../../auth/principal.ts';
import { assertMayApprove } from '../../auth/decision-rules.ts';
import { isSwitchboardError } from '../../domain/errors.ts';
import type { AppEnv } from './app-env.ts';
import { assertAllowed } from './requires.ts';

export interface DecisionAttempt {
  projectId: string;
  taskId: string;
  actor: string;
  approving: boolean;
  fields: Record<string, unknown> | null;
}

export async function checkApproval(c: Context<AppEnv>, sb: Switchboard, attempt: DecisionAttempt): Promise<void> {
  const task = await sb.tasks.get(attempt.projectId, attempt.taskId);
  if (task.type !== 'approval') return;
  try {
    const principal = assertAllowed(c, 'tasks.decide', attempt.projectId);
    const role = roleIn(principal, attempt.projectId);
    if (attempt.approving && role) assertMayApprove(task, { actor: attempt.actor, role }, editedArgs(attempt.fields), sb.config.file.approval_limits);
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'forbidden') await sb.tasks.auditRefusal(attempt.projectId, attempt.taskId, attempt.actor, error.message, error.details ?? {});
    throw error;
  }
}

function editedArgs(fields: Record<string, unknown> | null): Record<string, unknown> | null {
  const args = fields?.['args'];
  return args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : null;
}
