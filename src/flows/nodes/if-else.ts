// logic if_else: a CEL condition over the variables picks the "true" or "false" edge. A condition that
// cannot be evaluated (a variable missing, a type mismatch) is a routing failure, handled by ON_ERROR.
import { SwitchboardError } from '../../domain/errors.ts';
import type { Compiled, FlowNodeImpl } from './node-context.ts';

export function ifElseNode(compiled: Compiled<'logic'>): FlowNodeImpl {
  return {
    run: async (ctx) => {
      const result = compiled.condition.evaluate(ctx.state.session);
      if (!result.ok) throw new SwitchboardError('invalid_config', `The condition of "${compiled.node.id}" (${compiled.condition.source}) could not be evaluated: ${result.error}`, { kind: 'routing_failure', node: compiled.node.id });
      const handle = String(result.value);
      return {
        kind: 'next',
        update: { handle },
        record: { layer: 'specialist', source: 'workflow', decision: `condition_${handle}`, confidence: 1, payload: { source: 'workflow', decision: `condition_${handle}`, node: compiled.node.id, condition: compiled.condition.source, route: handle, current_layer: 'specialist' } },
      };
    },
  };
}
