// Scripts the fake model as an agent: the n-th turn of a conversation gets the n-th scripted answer.
// Triage requests (structured output) get their own answer, so the agent's turns stay in step.
import type { FakeReply, RecordedRequest } from './fake-openai-server.ts';

export interface AgentScript {
  triage?: { label: string; confidence: number; reasoning_summary: string };
  turns: FakeReply[];
}

export function agentTurnOf(request: RecordedRequest): number {
  return request.messages.filter((message) => message['role'] === 'assistant').length;
}

export function isTriageRequest(request: RecordedRequest): boolean {
  return request.response_format !== undefined || !request.tools?.some((tool) => tool.function.name === 'resolve');
}

export function scriptAgent(script: AgentScript): (request: RecordedRequest) => FakeReply {
  return (request) => {
    if (isTriageRequest(request)) return { text: JSON.stringify(script.triage ?? { label: 'unknown', confidence: 0.2, reasoning_summary: 'scripted' }) };
    return script.turns[agentTurnOf(request)] ?? { status: 400, body: { error: { message: `no scripted turn ${agentTurnOf(request)}` } } };
  };
}

export function resolveCall(response: string, options: { category?: string; action?: string; followup?: boolean } = {}) {
  return { name: 'resolve', args: { category: options.category ?? 'refund', action_taken: options.action ?? 'answered', response_to_customer: response, requires_followup: options.followup ?? false } };
}

/** The tool results the model was sent in a request, as parsed JSON. */
export function toolResultsSent(request: RecordedRequest | undefined): unknown[] {
  return (request?.messages ?? []).filter((m) => m['role'] === 'tool').map((m) => {
    const content = m['content'];
    if (typeof content !== 'string') return content;
    try {
      return JSON.parse(content) as unknown;
    } catch {
      return content;
    }
  });
}
