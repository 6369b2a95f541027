// A fake payments service for the kill test: it lives in the test process (so it survives every kill
// of a Switchboard process), records every raw call and pays once per Idempotency-Key, as Stripe does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PaymentCall {
  ticket: string;
  idempotencyKey: string | null;
  amountCents: unknown;
}

export interface Payment {
  id: string;
  ticket: string;
  status: 'succeeded';
}

export interface PaymentsService {
  /** Base URL, e.g. `http://127.0.0.1:4321`; refunds are `POST /refunds/<ticket>`. */
  readonly url: string;
  /** Every request as it arrived, retries and replays included. */
  readonly calls: readonly PaymentCall[];
  /** One payment per distinct Idempotency-Key. */
  readonly payments: ReadonlyMap<string, Payment>;
  close(): Promise<void>;
}

const refundPath = /^\/refunds\/([^/?]+)$/;

export async function startPaymentsService(): Promise<PaymentsService> {
  const calls: PaymentCall[] = [];
  const payments = new Map<string, Payment>();
  const server = createServer((request, response) => {
    void handle(request, response, calls, payments);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    payments,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, calls: PaymentCall[], payments: Map<string, Payment>): Promise<void> {
  const match = refundPath.exec(request.url ?? '');
  const body = await readJson(request);
  if (request.method !== 'POST' || !match) return answer(response, 404, { error: { message: 'no such endpoint' } });
  const ticket = decodeURIComponent(match[1] ?? '');
  const idempotencyKey = headerValue(request.headers['idempotency-key']);
  calls.push({ ticket, idempotencyKey, amountCents: body?.['amount_cents'] });
  if (!idempotencyKey) return answer(response, 400, { error: { message: 'Idempotency-Key is required' } });
  answer(response, 200, pay(payments, idempotencyKey, ticket));
}

/** The same key gets the same answer and no second payment. */
function pay(payments: Map<string, Payment>, key: string, ticket: string): Payment {
  const existing = payments.get(key);
  if (existing) return existing;
  const payment: Payment = { id: `pay_${payments.size + 1}`, ticket, status: 'succeeded' };
  payments.set(key, payment);
  return payment;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
