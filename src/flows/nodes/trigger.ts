// The trigger: a customer message started the flow; the trace shows what it said.
import type { FlowNodeImpl } from './node-context.ts';

export function triggerNode(): FlowNodeImpl {
  return {
    run: async (ctx) => ({
      kind: 'next',
      update: { handle: '' },
      record: { layer: 'triage', source: 'trigger', decision: 'message_received', confidence: null, payload: { source: 'trigger', decision: 'message_received', input_snapshot: ctx.state.message, current_layer: 'triage' } },
    }),
  };
}
