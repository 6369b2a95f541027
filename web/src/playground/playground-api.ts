// The playground's calls: the workflows and their graphs, a run's path, and the chat a customer uses
// (a signed-in person's messages are recorded as theirs).
import type { ApiClient } from '../api/client.ts';
import { projectApi } from '../api/project.ts';
import type { ChatResult } from '../api/types.ts';

export const workflowsPath = `${projectApi}/workflows`;

export function graphPath(workflow: string): string {
  return `${projectApi}/workflows/${encodeURIComponent(workflow)}/graph`;
}

export function runPathPath(runId: string): string {
  return `${projectApi}/runs/${encodeURIComponent(runId)}/path`;
}

export function threadPath(threadId: string): string {
  return `/chat/${encodeURIComponent(threadId)}`;
}

/** A new thread names its workflow; a message to an existing thread goes wherever the thread is. */
export type CustomerMessage = { message: string; workflow: string } | { message: string; threadId: string };

export function sendCustomerMessage(api: ApiClient, input: CustomerMessage): Promise<ChatResult> {
  const body = 'threadId' in input ? { message: input.message, thread_id: input.threadId } : { message: input.message, workflow: input.workflow };
  return api.post<ChatResult>('/chat', body);
}
