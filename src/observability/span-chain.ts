// The ids of a run's last span, kept in its row: a paused run holds no span open, so the span of its
// next stretch (hours later, perhaps in another process) finds here the one it links to.
import { isSpanContextValid, type SpanContext } from '@opentelemetry/api';
import type { Db } from '../store/connect.ts';
import { fromJson, toJson } from '../store/json.ts';

interface StoredSpan {
  trace_id: string;
  span_id: string;
  trace_flags: number;
}

export interface RunTraceInfo {
  /** The span of the run's previous stretch; null on its first. */
  previous: SpanContext | null;
  /** The conversation the run belongs to (the chat thread). */
  threadId: string | null;
}

export async function runTraceInfo(db: Db, runId: string): Promise<RunTraceInfo> {
  const row = await db.kysely
    .selectFrom('runs')
    .innerJoin('tickets', 'tickets.id', 'runs.ticket_id')
    .select(['runs.trace_context', 'tickets.thread_id'])
    .where('runs.id', '=', runId)
    .executeTakeFirst();
  return { previous: parseStoredSpan(row?.trace_context ?? null), threadId: row?.thread_id ?? null };
}

/** Guarded by the lease, like every write to a run; it leaves `version` alone, which guards the state. */
export async function rememberSpan(db: Db, runId: string, workerId: string, span: SpanContext): Promise<void> {
  const stored: StoredSpan = { trace_id: span.traceId, span_id: span.spanId, trace_flags: span.traceFlags };
  await db.kysely.updateTable('runs').set({ trace_context: toJson(stored) }).where('id', '=', runId).where('lease_owner', '=', workerId).execute();
}

function parseStoredSpan(text: string | null): SpanContext | null {
  const stored = fromJson<Partial<StoredSpan> | null>(text, null);
  if (stored === null || typeof stored !== 'object') return null;
  const { trace_id: traceId, span_id: spanId, trace_flags: traceFlags } = stored;
  if (typeof traceId !== 'string' || typeof spanId !== 'string' || typeof traceFlags !== 'number') return null;
  const span: SpanContext = { traceId, spanId, traceFlags, isRemote: true };
  return isSpanContextValid(span) ? span : null;
}
