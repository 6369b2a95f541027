// A tool with an `execute_tool {tool}` span around each execution and the tool-call counter. Only
// real executions are seen: a call answered from the effect journal (a step re-run after a crash)
// runs nothing and records nothing.
import { SpanKind } from '@opentelemetry/api';
import { withExecute, type Tool, type ToolExecutionContext } from '../tools/tool.ts';
import { genAi, switchboardAttributes as sw } from './gen-ai-attributes.ts';
import { jsonAttribute, type Telemetry } from './telemetry.ts';

export type ToolOutcome = 'succeeded' | 'failed';

export interface ToolCounters {
  countToolCall(tool: string, outcome: ToolOutcome): void;
}

export function observedTool(tool: Tool, telemetry: Telemetry, counters: ToolCounters): Tool {
  return withExecute(tool, (args: Record<string, unknown>, context: ToolExecutionContext) =>
    telemetry.span(
      `execute_tool ${tool.name}`,
      SpanKind.INTERNAL,
      {
        [genAi.operationName]: 'execute_tool',
        [genAi.toolName]: tool.name,
        [genAi.toolType]: 'function',
        [genAi.toolDescription]: tool.description,
        // The idempotency key: stable across retries, and the id the journal and the callee know the call by.
        [genAi.toolCallId]: context.idempotencyKey,
        [sw.toolRisk]: tool.risk,
        [sw.runId]: context.runId,
      },
      async (span) => {
        telemetry.capture(span, () => ({ [genAi.toolCallArguments]: jsonAttribute(args) }));
        const result = await tool.execute(args, context).catch((error: unknown) => {
          counters.countToolCall(tool.name, 'failed');
          throw error;
        });
        counters.countToolCall(tool.name, 'succeeded');
        telemetry.capture(span, () => ({ [genAi.toolCallResult]: jsonAttribute(result) }));
        return result;
      },
    ),
  );
}
