// Reads what the crash tests assert on, straight from the database the server processes used:
// the demo store's refunds (the "outside world"), the engine's tool-call journal and the runs.
import { openDatabase, type StoreTarget } from '../../src/store/connect.ts';

export async function readRefundJournal(target: StoreTarget) {
  const db = openDatabase(target);
  try {
    const refunds = await db.kysely.selectFrom('demo_refunds').selectAll().orderBy('id').execute();
    const toolCalls = await db.kysely.selectFrom('tool_calls').selectAll().where('tool', '=', 'issue_refund').orderBy('id').execute();
    const runs = await db.kysely.selectFrom('runs').select(['id', 'status']).orderBy('id').execute();
    return { refunds, toolCalls, runs };
  } finally {
    await db.close();
  }
}

export type RefundJournal = Awaited<ReturnType<typeof readRefundJournal>>;
