// The default workflow: seed 004's graph grown with the other support branches and the specialist agent.
//   classify → handle_faq | create_ticket | human_gate | order_status | download_link | offer_handoff | fallback | specialist
//   human_gate → issue_refund | refund_denied
//   offer_handoff → END (accepted: a handoff task; declined) | classify (the answer was a new request)
//   specialist ⇄ agent_tool (one step per proposed call), then END, or an offline branch if the model fails
// These edges are every move a run can make (the engine refuses any other); the labels and kinds are
// what the dashboard's playground draws.
import { END, type Workflow } from '../../engine/graph.ts';
import { workflow } from '../../engine/workflow-builder.ts';
import { specialistNode } from './agent.ts';
import { agentToolNode } from './agent-tools.ts';
import { clarifyNode, createTicketNode, faqNode } from './answers.ts';
import { handoffNode } from './handoff.ts';
import { classifyNode } from './classify.ts';
import type { SupportWorkflowDeps } from './deps.ts';
import { downloadLinkNode, orderStatusNode } from './orders.ts';
import { humanGateNode, issueRefundNode, refundDeniedNode } from './refund.ts';
import { initialSupportState, supportWorkflowName, type SupportState } from './state.ts';

/** Where `classify` sends a run, by the route triage chose. */
export const supportBranches = {
  refund: 'human_gate',
  order_status: 'order_status',
  download_link: 'download_link',
  faq: 'handle_faq',
  ticket: 'create_ticket',
  offer_human_handoff: 'offer_handoff',
  clarify: 'fallback',
  specialist: 'specialist',
} as const;

export function supportTriageWorkflow(deps: SupportWorkflowDeps): Workflow<SupportState> {
  const { specialist: _specialist, ...offlineBranches } = supportBranches;
  return workflow<SupportState>(supportWorkflowName)
    .node('classify', { run: classifyNode(deps) }, { label: 'Classify', kind: 'triage', layer: 'triage' })
    .node('handle_faq', { run: faqNode(deps) }, { label: 'Handle FAQ', kind: 'reply', layer: 'specialist' })
    .node('create_ticket', { run: createTicketNode }, { label: 'Create Ticket', kind: 'reply', layer: 'specialist' })
    .node('human_gate', humanGateNode(deps), { label: 'Human Gate', kind: 'human', layer: 'human' })
    .node('order_status', orderStatusNode(deps), { label: 'Order Status', kind: 'tool', layer: 'specialist' })
    .node('download_link', downloadLinkNode(deps), { label: 'Resend Download Link', kind: 'tool', layer: 'specialist' })
    .node('offer_handoff', handoffNode(deps), { label: 'Offer a Human', kind: 'human', layer: 'human' })
    .node('fallback', { run: clarifyNode }, { label: 'Fallback', kind: 'reply', layer: 'specialist' })
    .node('specialist', specialistNode(deps), { label: 'Specialist Agent', kind: 'llm', layer: 'specialist' })
    .node('agent_tool', agentToolNode(deps), { label: 'Agent Tool Call', kind: 'tool', layer: 'specialist' })
    .node('issue_refund', { run: issueRefundNode }, { label: 'Issue Refund', kind: 'tool', layer: 'specialist' })
    .node('refund_denied', { run: refundDeniedNode }, { label: 'Refund Denied', kind: 'reply', layer: 'specialist' })
    .route('classify', (s) => s.route ?? 'clarify', supportBranches)
    .route('human_gate', (s) => (s.decision === 'approve' ? 'approve' : 'deny'), { approve: 'issue_refund', deny: 'refund_denied' })
    .route('specialist', (s) => s.route ?? 'done', { ...offlineBranches, tool: 'agent_tool', done: END })
    .route('offer_handoff', (s) => (s.route === 'retriage' ? 'retriage' : 'done'), { retriage: 'classify', done: END })
    .route('agent_tool', (s) => s.route ?? 'model', { tool: 'agent_tool', model: 'specialist' })
    .edge('handle_faq', END)
    .edge('create_ticket', END)
    .edge('order_status', END)
    .edge('download_link', END)
    .edge('fallback', END)
    .edge('issue_refund', END)
    .edge('refund_denied', END)
    .build(initialSupportState);
}
