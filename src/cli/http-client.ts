// The client over a running server's HTTP API. Answers are checked against the API's own schemas and
// error bodies (`{error:{code,message}}`) become SwitchboardErrors with the server's code.
import { z } from '@hono/zod-openapi';
import { ApprovalAnalyticsSchema } from '../api/approval-analytics-schema.ts';
import { ChatResultSchema, DeliverySchema, ErrorSchema, HumanTaskSchema, TicketDetailSchema, TicketSchema } from '../api/schemas.ts';
import { defaultProjectId } from '../app/switchboard.ts';
import { isErrorCode, SwitchboardError } from '../domain/errors.ts';
import type { SwitchboardClient } from './client.ts';

/** The server answers a decision once the run has continued; that can take a while, not forever. */
const requestTimeoutMs = 60_000;

const TicketList = z.object({ tickets: z.array(TicketSchema) });
const TaskList = z.object({ tasks: z.array(HumanTaskSchema) });
const DeliveryList = z.object({ deliveries: z.array(DeliverySchema) });
const Redelivered = z.object({ redelivered: z.number() });

type Query = Partial<Record<string, string | number | undefined>>;

export function httpClient(baseUrl: string, apiKey: string | null, projectId = defaultProjectId): SwitchboardClient {
  const request = (url: string, body?: object) => send(url, apiKey, body);
  const api = (path: string, query: Query = {}) => `${baseUrl}/api/projects/${encodeURIComponent(projectId)}${path}${queryString(query)}`;
  return {
    respond: async (ref, d) => parse(ChatResultSchema, await request(api(`/respond/${encodeURIComponent(ref)}`), { approval: d.approval, reason: d.reason ?? undefined, respondedBy: d.respondedBy })),
    tickets: async (filter) => parse(TicketList, await request(api('/tickets', { ...filter }))).tickets,
    ticket: async (ref) => parse(TicketDetailSchema, await request(api(`/tickets/${encodeURIComponent(ref)}`))),
    // The server records the key (or the person it names) as who assigned.
    assignTicket: async (ref, assignee) => parse(TicketSchema, await send(api(`/tickets/${encodeURIComponent(ref)}/assignee`), apiKey, { assignee }, 'PUT')),
    tasks: async (filter) => parse(TaskList, await request(api('/human-tasks', { ...filter }))).tasks,
    deliveries: async (filter) => parse(DeliveryList, await request(api('/outbox', { ...filter }))).deliveries,
    // The server records the key (or the person it names) as who redelivered.
    redeliver: async (id) => parse(DeliverySchema, await request(api(`/outbox/${encodeURIComponent(id)}/redeliver`), {})),
    redeliverDead: async (_by, destination) => parse(Redelivered, await request(api('/outbox/redeliver-dead'), destination ? { destination } : {})).redelivered,
    approvalAnalytics: async (query) => parse(ApprovalAnalyticsSchema, await request(api('/approval-analytics', { ...query }))),
    close: async () => undefined,
  };
}

/** GET without a body, POST (or `method`) with one; the API key, when given, as a bearer token. */
async function send(url: string, apiKey: string | null, body?: object, method: 'POST' | 'PUT' = 'POST'): Promise<unknown> {
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const init: RequestInit = { signal: AbortSignal.timeout(requestTimeoutMs), headers };
  if (body !== undefined) Object.assign(init, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw unreachable(url, error);
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw serverError(response, payload);
  return payload;
}

function serverError(response: Response, payload: unknown): SwitchboardError {
  const parsed = ErrorSchema.safeParse(payload);
  if (!parsed.success) return new SwitchboardError('internal', `The server answered ${response.status} ${response.statusText} without an error body; is SWITCHBOARD_URL a Switchboard server?`);
  const { code, message, details } = parsed.data.error;
  const hint = code === 'unauthorized' ? ' Set SWITCHBOARD_API_KEY to a key from "switchboard apikeys create".' : '';
  return new SwitchboardError(isErrorCode(code) ? code : 'internal', `${message}${hint}`, details);
}

function unreachable(url: string, error: unknown): SwitchboardError {
  if (error instanceof Error && error.name === 'TimeoutError') return new SwitchboardError('timeout', `The server at ${new URL(url).origin} did not answer within ${requestTimeoutMs / 1000} s.`);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
  return new SwitchboardError('unavailable', `Cannot reach the Switchboard server at ${new URL(url).origin} (${reason}); start it with "switchboard serve" or fix SWITCHBOARD_URL / --url.`);
}

function parse<T extends z.ZodType>(schema: T, payload: unknown): z.output<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new SwitchboardError('internal', 'The server answered in an unexpected shape; is it a Switchboard server of the same version?');
  return parsed.data;
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
