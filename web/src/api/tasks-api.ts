// The inbox's calls: seed 001's human-task API under the project.
import type { ApiClient } from './client.ts';
import { projectApi } from './project.ts';
import type { HumanTask, JsonObject, ResolveResult } from './types.ts';

export const openTasksPath = `${projectApi}/human-tasks?open=true&limit=500`;

export function taskPath(taskId: string): string {
  return `${projectApi}/human-tasks/${encodeURIComponent(taskId)}`;
}

export function ticketPath(ticketId: string): string {
  return `${projectApi}/tickets/${encodeURIComponent(ticketId)}`;
}

export interface ResolveBody {
  decision: string;
  fields?: JsonObject;
  notes?: string | null;
}

export function claimTask(api: ApiClient, taskId: string): Promise<HumanTask> {
  return api.post<HumanTask>(`${taskPath(taskId)}/claim`, {});
}

export function resolveTask(api: ApiClient, taskId: string, body: ResolveBody): Promise<ResolveResult> {
  return api.post<ResolveResult>(`${taskPath(taskId)}/resolve`, body);
}
