// The built-in demo store (customers, orders, refunds) the default workflow acts on.
// Its refund operation deduplicates by idempotency key, as a real payment provider does.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isoAt, type Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { Db } from '../store/connect.ts';
import { defineTool, type Tool } from '../tools/tool.ts';

const customers = [
  { id: 'cus_001', email: 'sara@example.com', name: 'Sara Lind' },
  { id: 'cus_002', email: 'omar@example.com', name: 'Omar Haddad' },
  { id: 'cus_003', email: 'mei@example.com', name: 'Mei Chen' },
];
const orders = [
  { id: 'ORD-1001', customer_id: 'cus_001', total_cents: 4250, currency: 'USD', status: 'delivered' },
  { id: 'ORD-1002', customer_id: 'cus_002', total_cents: 12999, currency: 'USD', status: 'delivered' },
  { id: 'ORD-1003', customer_id: 'cus_003', total_cents: 250000, currency: 'USD', status: 'shipped' },
];

export async function seedDemoStore(db: Db, clock: Clock): Promise<void> {
  const now = isoAt(clock);
  await db.kysely.insertInto('demo_customers').values(customers).onConflict((oc) => oc.column('id').doNothing()).execute();
  await db.kysely
    .insertInto('demo_orders')
    .values(orders.map((o) => ({ ...o, created_at: now })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export const refundInput = z.object({
  amount_cents: z.number().int().positive(),
  currency: z.string().length(3),
  order_id: z.string().nullable(),
  reason: z.string().max(500),
});
export type RefundArgs = z.infer<typeof refundInput>;

export interface RefundReceipt {
  refund_id: string;
  status: 'refund_issued';
  amount_cents: number;
  currency: string;
  order_id: string | null;
  /** True when this call repeated an earlier one with the same idempotency key. */
  deduplicated: boolean;
}

/** The names demoTools registers, for checking a configuration without opening a database. */
export const demoToolNames = ['lookup_order', 'issue_refund', 'resend_download_link'] as const;

export function demoTools(db: Db, clock: Clock, ids: IdGenerator): Tool[] {
  const lookupOrder = defineTool({
    name: 'lookup_order',
    description: 'Fetch an order from the demo store by id.',
    risk: 'read',
    input: z.object({ order_id: z.string() }),
    execute: async ({ order_id }) => (await db.kysely.selectFrom('demo_orders').selectAll().where('id', '=', order_id).executeTakeFirst()) ?? null,
  });
  const issueRefund = defineTool({
    name: 'issue_refund',
    description: 'Refund money to the customer. Requires a reviewer\'s approval.',
    risk: 'money',
    input: refundInput,
    execute: (args, context) => issueDemoRefund(db, clock, ids, args, context.idempotencyKey),
  });
  const resendDownloadLink = defineTool({
    name: 'resend_download_link',
    description: 'Send the customer a fresh download link for the files of an order.',
    risk: 'write',
    input: z.object({ order_id: z.string() }),
    execute: ({ order_id }, context) => resendDemoDownloadLink(db, order_id, context.idempotencyKey),
  });
  return [lookupOrder, issueRefund, resendDownloadLink];
}

export interface DownloadLinkReceipt {
  external_id: string;
  download_url: string;
  completed: true;
}

/** The link is derived from the idempotency key, so a repeated call sends the same link. */
async function resendDemoDownloadLink(db: Db, orderId: string, key: string): Promise<DownloadLinkReceipt> {
  const order = await db.kysely.selectFrom('demo_orders').select('id').where('id', '=', orderId).executeTakeFirst();
  if (!order) throw new SwitchboardError('invalid_request', `Order ${orderId} does not exist.`);
  const token = createHash('sha256').update(key).digest('base64url').slice(0, 16);
  return { external_id: order.id, download_url: `https://downloads.example.test/${order.id}/${token}`, completed: true };
}

async function issueDemoRefund(db: Db, clock: Clock, ids: IdGenerator, args: RefundArgs, key: string): Promise<RefundReceipt> {
  if (args.order_id !== null) await assertRefundable(db, args);
  const row = await db.kysely
    .insertInto('demo_refunds')
    .values({ id: ids(), idempotency_key: key, order_id: args.order_id, amount_cents: args.amount_cents, currency: args.currency, reason: args.reason, attempts: 1, created_at: isoAt(clock) })
    .onConflict((oc) => oc.column('idempotency_key').doUpdateSet((eb) => ({ attempts: eb('demo_refunds.attempts', '+', 1) })))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { refund_id: row.id, status: 'refund_issued', amount_cents: row.amount_cents, currency: row.currency, order_id: row.order_id, deduplicated: row.attempts > 1 };
}

async function assertRefundable(db: Db, args: RefundArgs): Promise<void> {
  const order = await db.kysely.selectFrom('demo_orders').selectAll().where('id', '=', args.order_id ?? '').executeTakeFirst();
  if (!order) throw new SwitchboardError('invalid_request', `Order ${args.order_id} does not exist.`);
  if (args.amount_cents > order.total_cents) throw new SwitchboardError('invalid_request', `Refund exceeds the order total of order ${order.id}.`);
}
