// auth_gate (seed 003): asks for the customer's email if it is not known, mails a one-time code through
// the outbox, and waits for the customer to type it. The verified address goes to the output variable
// and the flow leaves by "verified"; too many wrong codes leave by "failed".
import { isoAt } from '../../domain/clock.ts';
import type { ResumeValue } from '../../domain/run.ts';
import type { AuthGateState } from '../flow-state.ts';
import { codeIn, codeMatches, hashCode, maskEmail, newSalt } from '../one-time-code.ts';
import { hasEdge, type Compiled, type FlowCtx, type FlowNodeDeps, type FlowNodeImpl, type FlowOutcome } from './node-context.ts';

const maxSends = 3;
const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

type Gate = Compiled<'auth_gate'>;

export function authGateNode(compiled: Gate, deps: FlowNodeDeps): FlowNodeImpl {
  return {
    run: async (ctx) => {
      const known = ctx.state.session['customer_email'];
      const email = typeof known === 'string' && emailPattern.test(known) ? known : null;
      const auth: AuthGateState = { email, codeHash: null, salt: newSalt(), expiresAt: null, attempts: 0, sends: 0 };
      return email ? sendCode(ctx, compiled, deps, auth, null) : askForEmail(compiled, auth, 'To keep your account safe, I need to verify it\'s you. What email address is on your account?');
    },
    resume: async (ctx, answer) => resumeGate(ctx, compiled, deps, answer),
  };
}

async function resumeGate(ctx: FlowCtx, compiled: Gate, deps: FlowNodeDeps, answer: ResumeValue): Promise<FlowOutcome> {
  const auth = ctx.state.auth;
  if (answer.kind !== 'customer' || !auth) throw new Error(`auth_gate cannot resume from ${answer.kind}`);
  if (auth.codeHash === null) return emailAnswer(ctx, compiled, deps, auth, answer.text);
  if (/\b(resend|new code|another code|didn'?t (get|receive))\b/i.test(answer.text)) return resend(ctx, compiled, deps, auth);
  const code = codeIn(answer.text);
  if (code === null) return wait(compiled, auth, 'Please type the 6-digit code from the email I sent you, or say "resend" for a new one.', 'awaiting_code');
  if (auth.expiresAt !== null && ctx.clock.now().toISOString() > auth.expiresAt) return resend(ctx, compiled, deps, auth, 'That code has expired. ');
  if (codeMatches(code, auth.salt, auth.codeHash)) return verified(ctx, compiled, auth.email ?? '');
  return wrongCode(compiled, deps, { ...auth, attempts: auth.attempts + 1 });
}

function emailAnswer(ctx: FlowCtx, compiled: Gate, deps: FlowNodeDeps, auth: AuthGateState, text: string): Promise<FlowOutcome> | FlowOutcome {
  const email = emailPattern.exec(text)?.[0] ?? null;
  if (email) return sendCode(ctx, compiled, deps, { ...auth, email }, null);
  const attempts = auth.attempts + 1;
  if (attempts >= compiled.node.data.max_attempts) return failed(compiled, deps, { ...auth, attempts });
  return askForEmail(compiled, { ...auth, attempts }, 'That doesn\'t look like an email address. Which email address is on your account?');
}

function resend(ctx: FlowCtx, compiled: Gate, deps: FlowNodeDeps, auth: AuthGateState, prefix = ''): Promise<FlowOutcome> | FlowOutcome {
  if (auth.sends >= maxSends) return failed(compiled, deps, auth);
  return sendCode(ctx, compiled, deps, auth, prefix);
}

async function sendCode(ctx: FlowCtx, compiled: Gate, deps: FlowNodeDeps, auth: AuthGateState, prefix: string | null): Promise<FlowOutcome> {
  const email = auth.email ?? '';
  const code = deps.newCode();
  const ttl = compiled.node.data.code_ttl_minutes;
  const next: AuthGateState = { ...auth, codeHash: hashCode(code, auth.salt), expiresAt: isoAt(ctx.clock, ttl * 60_000), sends: auth.sends + 1 };
  const reply = `${prefix ?? ''}I've sent a 6-digit code to ${maskEmail(email)}. Please type it here to continue (it expires in ${ttl} minutes).`;
  return {
    ...wait(compiled, next, reply, 'code_sent'),
    email: {
      to: email,
      subject: `Your ${deps.botName} verification code`,
      text: `Your verification code is ${code}.\n\nType it in the chat to continue. It expires in ${ttl} minutes and works once.\nIf you did not ask for it, you can ignore this email.\n\n${deps.botName}`,
    },
  };
}

function askForEmail(compiled: Gate, auth: AuthGateState, reply: string): FlowOutcome {
  return wait(compiled, auth, reply, 'ask_email');
}

function wrongCode(compiled: Gate, deps: FlowNodeDeps, auth: AuthGateState): FlowOutcome {
  const left = compiled.node.data.max_attempts - auth.attempts;
  if (left <= 0) return failed(compiled, deps, auth);
  return wait(compiled, auth, `That code doesn't match. Please check the email and try again (${left} ${left === 1 ? 'try' : 'tries'} left).`, 'wrong_code');
}

function wait(compiled: Gate, auth: AuthGateState, reply: string, decision: string): FlowOutcome {
  return {
    kind: 'interrupt',
    wait: { kind: 'customer' },
    update: { auth },
    reply,
    record: { layer: 'triage', source: 'auth_gate', decision, confidence: null, payload: { source: 'auth_gate', decision, node: compiled.node.id, status: 'awaiting_customer', attempts: auth.attempts, codes_sent: auth.sends, reply, current_layer: 'triage' } },
  };
}

function verified(ctx: FlowCtx, compiled: Gate, email: string): FlowOutcome {
  const session = { ...ctx.state.session, [compiled.node.data.outputVariable]: email, customer_email: email };
  return {
    kind: 'next',
    update: { auth: null, handle: 'verified', session },
    ticket: { customerEmail: email },
    record: { layer: 'triage', source: 'auth_gate', decision: 'verified', confidence: 1, payload: { source: 'auth_gate', decision: 'verified', node: compiled.node.id, verified_email: email, current_layer: 'triage' } },
  };
}

function failed(compiled: Gate, deps: FlowNodeDeps, auth: AuthGateState): FlowOutcome {
  const reply = `I couldn't verify your email address, so I can't go on with this request here. Please contact ${deps.supportEmail} and we'll help you directly.`;
  const onward = hasEdge(deps.flow, compiled.node.id, 'failed');
  return {
    kind: 'next',
    update: { auth: null, handle: 'failed' },
    ...(onward ? {} : { reply, ticket: { status: 'with_human' as const } }),
    record: { layer: 'triage', source: 'auth_gate', decision: 'verification_failed', confidence: 1, payload: { source: 'auth_gate', decision: 'verification_failed', node: compiled.node.id, attempts: auth.attempts, codes_sent: auth.sends, current_layer: 'triage' } },
  };
}
