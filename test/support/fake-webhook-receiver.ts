// A webhook receiver as a customer would run one: a real HTTP server on 127.0.0.1 that checks each
// delivery's Standard Webhooks signature with its secret, records what arrived, and answers with the
// statuses a test queues (200 once the queue is empty; 401 to a delivery whose signature fails).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type VerifyOutcome } from '../../src/notify/webhooks/standard-webhooks.ts';

export interface WebhookEvent {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived. */
  body: string;
  event: WebhookEvent;
  verified: VerifyOutcome;
  answered: number;
}

export interface FakeWebhookReceiver {
  /** The endpoint's URL (path `/hooks/switchboard`). */
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedWebhook[];
  /** The statuses of the next answers, in order. */
  answerWith(...statuses: number[]): void;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  secret: string;
  /** The receiver's clock, for the tolerance window (tests run on a manual clock). */
  now: () => Date;
}

export async function startWebhookReceiver(options: ReceiverOptions): Promise<FakeWebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const queued: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verifyWebhook(options.secret, body, request.headers, { now: options.now() });
      const answered = verified === 'valid' ? (queued.shift() ?? 200) : 401;
      received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, event: JSON.parse(body) as WebhookEvent, verified, answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'try again later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/switchboard`,
    port,
    received,
    answerWith: (...statuses) => void queued.push(...statuses),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
