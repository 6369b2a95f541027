// Each stretch of a run that a worker drives (its start, or a resumption after a pause, until it
// waits or ends) is one `invoke_agent {workflow}` span, with the model and tool calls as children.
// The span of a resumption is a new span linked to the span before the pause, not a child of it:
// that one ended long ago, maybe in another process.
import { SpanKind, type Span } from '@opentelemetry/api';
import type { DriveScope } from '../engine/engine.ts';
import type { Run } from '../engine/run.ts';
import type { Db } from '../store/connect.ts';
import { genAi, otherError, switchboardAttributes as sw } from './gen-ai-attributes.ts';
import { rememberSpan, runTraceInfo } from './span-chain.ts';
import { errorTypeOf, type Telemetry } from './telemetry.ts';

export function runSpans(telemetry: Telemetry, db: Db, workerId: string): DriveScope {
  return async (run, advance) => {
    const span = telemetry.startSpan(`invoke_agent ${run.workflow}`, SpanKind.INTERNAL, {
      [genAi.operationName]: 'invoke_agent',
      [genAi.agentName]: run.workflow,
      [sw.runId]: run.id,
      [sw.projectId]: run.projectId,
      [sw.ticketId]: run.ticketId,
    });
    try {
      // Unsampled (or no SDK at all): nothing to link, so no reads or writes either.
      if (span.isRecording()) await joinRunChain(db, span, run.id, workerId);
      const after = await telemetry.within(span, advance);
      describeOutcome(telemetry, span, run, after);
      return after;
    } catch (error) {
      telemetry.fail(span, errorTypeOf(error), error);
      throw error;
    } finally {
      span.end();
    }
  };
}

async function joinRunChain(db: Db, span: Span, runId: string, workerId: string): Promise<void> {
  const { previous, threadId } = await runTraceInfo(db, runId);
  if (threadId !== null) span.setAttribute(genAi.conversationId, threadId);
  span.setAttribute(sw.resumed, previous !== null);
  if (previous !== null) span.addLink({ context: previous });
  await rememberSpan(db, runId, workerId, span.spanContext());
}

/** `after` is undefined when the run was lost to another worker or the store failed (it goes on later). */
function describeOutcome(telemetry: Telemetry, span: Span, before: Run, after: Run | undefined): void {
  span.setAttribute(sw.runStatus, after?.status ?? 'interrupted');
  if (after === undefined) return;
  span.setAttribute(sw.steps, after.stepCount - before.stepCount);
  if (after.status === 'failed') telemetry.fail(span, errorCodeOf(after.error));
}

/** A failed run's error reads `code: message`; only the code goes on the span. */
function errorCodeOf(error: string | null): string {
  return /^([a-z_]+):/.exec(error ?? '')?.[1] ?? otherError;
}
