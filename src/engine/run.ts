// The run record as the engine sees it, parsed from its row.
import type { Selectable } from 'kysely';
import type { ResumeValue, RunStatus, RunWait } from '../domain/run.ts';
import type { RunTable } from '../store/schema.ts';
import { fromJson } from '../store/json.ts';
import type { WorkflowState } from './graph.ts';

export interface Run {
  id: string;
  projectId: string;
  ticketId: string;
  workflow: string;
  status: RunStatus;
  currentNode: string | null;
  state: WorkflowState;
  wait: RunWait | null;
  resumeValue: ResumeValue | null;
  stepCount: number;
  attempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  version: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The version of the workflow, tools and policies the run started on; null for runs from before versions. */
  definitionVersion: string | null;
}

export function runFromRow(row: Selectable<RunTable>): Run {
  return {
    id: row.id,
    projectId: row.project_id,
    ticketId: row.ticket_id,
    workflow: row.workflow,
    status: row.status as RunStatus,
    currentNode: row.current_node,
    state: fromJson<WorkflowState>(row.state, {}),
    wait: fromJson<RunWait | null>(row.wait, null),
    resumeValue: fromJson<ResumeValue | null>(row.resume_value, null),
    stepCount: row.step_count,
    attempts: row.attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    version: row.version,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    definitionVersion: row.definition_version ?? null,
  };
}
