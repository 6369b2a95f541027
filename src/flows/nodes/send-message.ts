// send_message: the customer reads the node's text with the variables filled in.
import type { Compiled, FlowNodeImpl } from './node-context.ts';

export function sendMessageNode(compiled: Compiled<'send_message'>): FlowNodeImpl {
  return {
    run: async (ctx) => {
      const reply = compiled.message.render(ctx.state.session);
      return {
        kind: 'next',
        update: { handle: '' },
        reply,
        record: { layer: 'specialist', source: 'workflow', decision: 'send_message', confidence: 1, payload: { source: 'workflow', decision: 'send_message', node: compiled.node.id, reply, current_layer: 'specialist' } },
      };
    },
  };
}
