// One tool call inside a step: the tool, what came of it, and its input and output on request.
import { useId } from 'react';
import type { ToolCall } from '../api/types.ts';
import { toolCallState } from './ticket-labels.ts';
import { PayloadDisclosure, type PayloadPart } from './payload-disclosure.tsx';

export function ToolCallCard({ call }: { call: ToolCall }) {
  const titleId = useId();
  const parts: PayloadPart[] = [
    { title: 'Input payload', value: call.input },
    call.status === 'failed' ? { title: 'Error', value: call.error ?? 'No error recorded.' } : { title: 'Output payload', value: call.output },
  ];
  return (
    <section className={`tool-card tool-${call.status}`} aria-labelledby={titleId}>
      <h4 id={titleId}>
        <code>{call.tool}</code>
      </h4>
      <p className="tool-state">{toolCallState(call)}</p>
      <PayloadDisclosure label="View tool payloads" parts={parts} describedBy={titleId} />
    </section>
  );
}
