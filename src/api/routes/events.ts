// Live updates for the dashboard: the project's engine events (steps, runs, messages, tasks) as
// Server-Sent Events while they commit in this process, with a heartbeat comment to keep proxies open.
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Switchboard } from '../../app/switchboard.ts';
import type { EngineEvent } from '../../engine/events.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { requires } from '../auth/requires.ts';
import { errorResponses, ProjectParam } from '../schemas.ts';

export interface EventStreamOptions {
  heartbeatMs: number;
  /** Aborted when the server shuts down: open streams end so that the server can close. */
  closing?: AbortSignal | undefined;
}

const eventsRoute = createRoute({
  middleware: [requires('tasks.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/events',
  tags: ['live'],
  summary: 'Server-Sent Events: the project\'s steps, runs, messages and tasks as they commit',
  description:
    'Each event is named by its type (`step`, `run`, `message`, `task`, `ticket` (its assignee changed), and `ready` once connected) with the event as JSON data (ids and statuses, never message text). A comment line arrives every 15 s. Events committed by another process are not streamed: a client refetches after reconnecting.',
  request: { params: ProjectParam },
  responses: { 200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The event stream' }, ...errorResponses },
});

export function eventRoutes(app: SwitchboardApp, sb: Switchboard, options: EventStreamOptions): void {
  app.openapi(eventsRoute, (c) => {
    const { projectId } = c.req.valid('param');
    // Hono answers HEAD by running GET and dropping the body without cancelling it: a stream opened
    // here would never learn that nobody reads it, and its heartbeat and subscription would stay forever.
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const response = streamSSE(c, (stream) => forwardEvents(stream, sb, projectId, options));
    // The socket goes with the stream: a keep-alive socket left idle at shutdown would hold the server open.
    response.headers.set('Connection', 'close');
    return response;
  });
}

async function forwardEvents(stream: SSEStreamingApi, sb: Switchboard, projectId: string, options: EventStreamOptions): Promise<void> {
  let id = 0;
  const send = (event: EngineEvent) => stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(++id) });
  const unsubscribe = sb.events.subscribe((event) => {
    if (event.projectId === projectId) void send(event);
  });
  const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), options.heartbeatMs);
  try {
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ projectId }), retry: 3000 });
    await untilEnded(stream, options.closing);
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
  }
}

function untilEnded(stream: SSEStreamingApi, closing: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const end = () => {
      closing?.removeEventListener('abort', end);
      resolve();
    };
    stream.onAbort(end);
    closing?.addEventListener('abort', end, { once: true });
    if (closing?.aborted) end();
  });
}
