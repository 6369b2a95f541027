// Replays one recorded ticket's first triage against the changed configuration, in shadow mode:
// the same session is rebuilt from the customer's messages, triaged, routed, checked against the
// escalation triggers and the approval policies. Nothing runs and nothing is written.
import type { EscalationLevel } from '../escalation/trigger-schema.ts';
import type { SessionVariables } from '../triage/session-variables.ts';
import { triageMessage, type TriageDecision } from '../triage/triage.ts';
import { branchFor, sessionFromMessages, sessionWithIntent } from '../workflows/support-triage/classify.ts';
import { refundArgsFor } from '../workflows/support-triage/refund.ts';
import { nodeOfBranch, type RecordedDecisions, type RecordedGateCall } from './recorded-decisions.ts';
import type { RecordedTicket } from './recorded-ticket.ts';
import { recordedAnswer, ReplayModel } from './replay-model.ts';
import type { ShadowPieces } from './shadow-pieces.ts';
import { gateText, modelNeeded, none, yesNo, type GateDecision, type TicketDecisions } from './ticket-decisions.ts';

export interface ReplayedTicket {
  decisions: TicketDecisions;
  /** Some decision needed a model answer that was not recorded for this prompt. */
  modelNeeded: boolean;
}

/** The supervisor's triggers are read after triage first, then the agent's (as the engine does). */
const levelsAfterTriage: readonly EscalationLevel[] = ['supervisor', 'agent'];

export async function replayTicket(pieces: ShadowPieces, ticket: RecordedTicket, recorded: RecordedDecisions): Promise<ReplayedTicket> {
  // Triage asks a model only where the changed configuration has one.
  const model = pieces.support.model ? new ReplayModel(recordedAnswer(recorded.triageStep.output), pieces.liveModel) : null;
  const session = recordedSession(pieces, ticket, recorded);
  const triage = await triageMessage({ ...pieces.support.triage, model }, session);
  const decisions = decisionsAfterTriage(pieces, ticket, recorded, triage, session);
  return { decisions, modelNeeded: (model?.needed ?? false) || Object.values(decisions).includes(modelNeeded) };
}

/** The session as the triage step read it: its message, the conversation before it, and its time. */
function recordedSession(pieces: ShadowPieces, ticket: RecordedTicket, recorded: RecordedDecisions): SessionVariables {
  const snapshot = recorded.triageStep.output['input_snapshot'];
  const message = typeof snapshot === 'string' ? snapshot : (ticket.customerMessages[0]?.body ?? '');
  return sessionFromMessages(earlierMessages(ticket, recorded, message), message, ticket.customerEmail, { orderIdPattern: pieces.support.orderIdPattern, now: new Date(recorded.triageStep.startedAt) });
}

function decisionsAfterTriage(pieces: ShadowPieces, ticket: RecordedTicket, recorded: RecordedDecisions, triage: TriageDecision, session: SessionVariables): TicketDecisions {
  const route = nodeOfBranch(branchFor(triage, session, pieces.support));
  const withIntent = sessionWithIntent(session, triage);
  // A new route to the specialist: which calls the model would propose is not known.
  const gates = route === 'specialist' && recorded.decisions.route !== 'specialist' ? null : gatesFor(pieces, route, recorded, ticket, withIntent);
  const gate = gates === null ? modelNeeded : gateText(gates);
  const escalation = firedTrigger(pieces, withIntent);
  const samePath = route === recorded.decisions.route && gate === recorded.decisions.gate && escalation === recorded.decisions.escalation;
  const autoResolution = samePath ? recorded.decisions.auto_resolution : predictedAutoResolution(pieces, route, withIntent, triage.intent, gates, escalation);
  return { route, category: triage.category, gate, auto_resolution: autoResolution, escalation };
}

/** The customer's messages before the one triaged, as the triage step read them from the conversation. */
function earlierMessages(ticket: RecordedTicket, recorded: RecordedDecisions, message: string): string[] {
  const earlier = ticket.customerMessages.filter((m) => m.createdAt <= recorded.triageStep.startedAt).map((m) => m.body);
  if (earlier.at(-1) === message) earlier.pop();
  return earlier;
}

function firedTrigger(pieces: ShadowPieces, session: SessionVariables): string {
  const fired = levelsAfterTriage.flatMap((level) => pieces.triggers.evaluate(level, session).fired)[0];
  return fired ? `${fired.level}.triggers[${fired.index}]` : none;
}

/**
 * On the recorded path, the recorded calls are put to the changed policies; a ticket newly routed to
 * the refund gate is asked about the refund its message names. Other branches meet no gate.
 */
function gatesFor(pieces: ShadowPieces, route: string, recorded: RecordedDecisions, ticket: RecordedTicket, session: SessionVariables): GateDecision[] {
  if (route === recorded.decisions.route) return recorded.gateCalls.map((call) => decideAgain(pieces, call, ticket, session));
  if (route !== 'human_gate' || !session.entities.amount) return [];
  const args = refundArgsFor(session.entities.amount, session.entities.order_id, session.message);
  return [{ tool: 'issue_refund', required: pieces.policies.get('issue_refund').decide({ args: { ...args }, session, run: { money_out_cents: 0 } }).required }];
}

function decideAgain(pieces: ShadowPieces, call: RecordedGateCall, ticket: RecordedTicket, session: SessionVariables): GateDecision {
  const moneyOut = ticket.moneyOut.filter((paid) => paid.seq < call.seq).reduce((sum, paid) => sum + paid.amountCents, 0);
  const decision = pieces.policies.get(call.tool).decide({ args: call.args, session, run: { money_out_cents: moneyOut } });
  return { tool: call.tool, required: decision.required };
}

/**
 * Where the path changed, the outcome is predicted from the branch, as the numbers page counts it
 * (every run completed, no person involved). Tools are assumed to succeed: none runs in shadow mode.
 */
function predictedAutoResolution(pieces: ShadowPieces, route: string, session: SessionVariables, intent: string, gates: readonly GateDecision[] | null, escalation: string): string {
  if (escalation !== none) return yesNo(false);
  switch (route) {
    case 'handle_faq':
      return yesNo(Boolean(pieces.support.intents[intent]?.answer));
    case 'fallback':
      return yesNo(true);
    case 'human_gate':
      return yesNo(gates !== null && gates.length > 0 && gates.every((g) => !g.required));
    case 'order_status':
    case 'download_link':
      return yesNo(session.entities.order_id !== null);
    case 'specialist':
      return modelNeeded;
    default:
      return yesNo(false);
  }
}
