// A stand-in for a shop's order system and payment provider, spoken over real MCP (stdio or Streamable
// HTTP), so the tests and the demo configuration exercise Switchboard's MCP client end to end.
//
//   node examples/mcp/shop-server.ts [--service orders|stripe|all] [--http <port>] [--orders <file.json>]
//
// Logs go to stderr: on stdio, stdout is the protocol. `SHOP_CALL_LOG=<file>` appends one JSON line per
// raw tool call, so tests can count what reached the server.
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const orderSchema = z.object({
  id: z.string(),
  email: z.string(),
  total: z.number(),
  currency: z.string(),
  status: z.string(),
  placed_at: z.string(),
});
type Order = z.infer<typeof orderSchema>;

const refundSchema = z.object({
  id: z.string(),
  order_id: z.string(),
  amount: z.number(),
  currency: z.string(),
  status: z.literal('succeeded'),
});
type Refund = z.infer<typeof refundSchema>;

const services = ['orders', 'stripe', 'all'] as const;
type Service = (typeof services)[number];

interface Options {
  service: Service;
  /** Serve Streamable HTTP on this port (0: any free port) instead of stdio. */
  httpPort: number | undefined;
  orders: readonly Order[];
}

/** Shared by every connection (each HTTP request gets its own McpServer in stateless mode). */
interface Shop {
  readonly orders: readonly Order[];
  readonly refunds: Refund[];
  readonly refundsByKey: Map<string, Refund>;
}

const defaultOrders: readonly Order[] = [
  { id: '10234', email: 'sam@example.com', total: 120, currency: 'USD', status: 'delivered', placed_at: '2025-05-02T10:15:00Z' },
  { id: '10871', email: 'sam@example.com', total: 18, currency: 'USD', status: 'shipped', placed_at: '2025-04-11T08:00:00Z' },
  { id: '45678', email: 'dana@example.com', total: 2150, currency: 'USD', status: 'delivered', placed_at: '2025-05-20T16:40:00Z' },
  { id: '33012', email: 'lee@example.com', total: 310, currency: 'EUR', status: 'processing', placed_at: '2025-05-28T09:05:00Z' },
  { id: '52990', email: 'ana@example.com', total: 899.99, currency: 'USD', status: 'delivered', placed_at: '2025-03-30T12:00:00Z' },
  { id: '61200', email: 'kim@example.com', total: 12.75, currency: 'GBP', status: 'cancelled', placed_at: '2025-06-01T18:30:00Z' },
];

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { service: { type: 'string', default: 'all' }, http: { type: 'string' }, orders: { type: 'string' } } });
  return { service: parseService(values.service), httpPort: values.http === undefined ? undefined : parsePort(values.http), orders: values.orders ? loadOrders(values.orders) : defaultOrders };
}

function parseService(value: string): Service {
  const service = services.find((candidate) => candidate === value);
  if (!service) throw new Error(`--service must be one of ${services.join(', ')}; got "${value}".`);
  return service;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--http needs a port number (0 for any free port); got "${value}".`);
  return port;
}

function loadOrders(file: string): Order[] {
  return z.array(orderSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}

function centsOf(amount: number): number {
  return Math.round(amount * 100);
}

/** The customer's most recent order matching every given field. */
function findOrder(shop: Shop, query: { email?: string | undefined; order_id?: string | undefined }): Order | undefined {
  const email = query.email?.toLowerCase();
  return shop.orders
    .filter((order) => (query.order_id === undefined || order.id === query.order_id) && (email === undefined || order.email.toLowerCase() === email))
    .toSorted((a, b) => b.placed_at.localeCompare(a.placed_at))[0];
}

function refundableCents(shop: Shop, order: Order): number {
  const refunded = shop.refunds.filter((refund) => refund.order_id === order.id).reduce((sum, refund) => sum + centsOf(refund.amount), 0);
  return centsOf(order.total) - refunded;
}

/** A refund, or the reason there is none; a known idempotency key returns its first refund. */
function createRefund(shop: Shop, orderId: string, amount: number | undefined, key: string | undefined): Refund | string {
  const earlier = key === undefined ? undefined : shop.refundsByKey.get(key);
  if (earlier) return earlier.order_id === orderId ? earlier : `Idempotency key ${key} was already used for order ${earlier.order_id}.`;
  const order = findOrder(shop, { order_id: orderId });
  if (!order) return `No order found for order id ${orderId}.`;
  const remaining = refundableCents(shop, order);
  const cents = amount === undefined ? centsOf(order.total) : centsOf(amount);
  if (cents > remaining) return `Cannot refund ${cents / 100} ${order.currency} on order ${order.id}: only ${remaining / 100} ${order.currency} is refundable.`;
  const refund: Refund = { id: `re_${randomBytes(8).toString('hex')}`, order_id: order.id, amount: cents / 100, currency: order.currency, status: 'succeeded' };
  shop.refunds.push(refund);
  if (key !== undefined) shop.refundsByKey.set(key, refund);
  return refund;
}

function success(value: Record<string, unknown>): CallToolResult {
  return { structuredContent: value, content: [{ type: 'text', text: JSON.stringify(value) }] };
}

function failure(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

function idempotencyKeyOf(meta: Record<string, unknown> | undefined): string | undefined {
  const key = meta?.idempotencyKey;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

function logCall(tool: string, args: unknown, idempotencyKey: string | undefined): void {
  const file = process.env.SHOP_CALL_LOG;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ tool, args, idempotencyKey: idempotencyKey ?? null, at: new Date().toISOString(), pid: process.pid })}\n`);
}

function registerGetOrder(server: McpServer, shop: Shop): void {
  const input = { email: z.string().optional().describe("The customer's email address"), order_id: z.string().optional().describe('The order number') };
  server.registerTool(
    'get_order',
    { description: "Look up a customer's most recent order by email address and/or order id.", inputSchema: input, outputSchema: orderSchema.shape, annotations: { readOnlyHint: true } },
    (args, extra) => {
      logCall('get_order', args, idempotencyKeyOf(extra._meta));
      if (args.email === undefined && args.order_id === undefined) return failure('Give an email or an order_id to look an order up.');
      const order = findOrder(shop, args);
      return order ? success(order) : failure(`No order found for ${[args.order_id && `order id ${args.order_id}`, args.email && `email ${args.email}`].filter(Boolean).join(' and ')}.`);
    },
  );
}

function registerCreateRefund(server: McpServer, shop: Shop): void {
  const input = { order_id: z.string().describe('The order to refund'), amount: z.number().positive().optional().describe('Defaults to the whole order total') };
  server.registerTool(
    'create_refund',
    {
      description: 'Refund an order, in whole or in part, to the original payment method. Deduplicated by the idempotency key in _meta.',
      inputSchema: input,
      outputSchema: refundSchema.shape,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    },
    (args, extra) => {
      const key = idempotencyKeyOf(extra._meta);
      logCall('create_refund', args, key);
      const refund = createRefund(shop, args.order_id, args.amount, key);
      return typeof refund === 'string' ? failure(refund) : success(refund);
    },
  );
}

function buildServer(shop: Shop, service: Service): McpServer {
  const server = new McpServer({ name: `shop-${service}`, version: '1.0.0' });
  if (service !== 'stripe') registerGetOrder(server, shop);
  if (service !== 'orders') registerCreateRefund(server, shop);
  return server;
}

async function serveStdio(shop: Shop, service: Service): Promise<void> {
  await buildServer(shop, service).connect(new StdioServerTransport());
  console.error(`shop-server (${service}) ready on stdio`);
}

/** Stateless Streamable HTTP: a fresh server and transport per request, over the shared shop. */
async function handleHttp(shop: Shop, service: Service, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/mcp') return void res.writeHead(404).end();
  if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
  const server = buildServer(shop, service);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => void Promise.all([transport.close(), server.close()]));
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

async function serveHttp(shop: Shop, service: Service, port: number): Promise<void> {
  const http = createServer((req, res) => {
    handleHttp(shop, service, req, res).catch((error: unknown) => {
      console.error('shop-server: request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  process.stdout.write(`listening http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const shop: Shop = { orders: options.orders, refunds: [], refundsByKey: new Map() };
  if (options.httpPort === undefined) await serveStdio(shop, options.service);
  else await serveHttp(shop, options.service, options.httpPort);
}

main().catch((error: unknown) => {
  console.error(`shop-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
