// Recorded history for replay tests: five conversations on 2026-10-05 through the real engine, offline
// (an FAQ, a $20 refund the policy allows, an $80 refund that waits for a reviewer, a download link
// resend, a request for a person), and the demo configuration with edits for the changed ones.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';

export const replayClockStart = '2026-10-05T09:00:00.000Z';

export function replayClock(): ManualClock {
  return new ManualClock(replayClockStart);
}

export interface RecordedTickets {
  faq: string;
  smallRefund: string;
  largeRefund: string;
  downloadLink: string;
  handoff: string;
}

/** A minute between messages: `advance` moves the test's clock (the system clock moves by itself). */
export async function recordTickets(sb: Switchboard, advance: (ms: number) => void = () => undefined): Promise<RecordedTickets> {
  const say = async (message: string) => {
    advance(60_000);
    return (await sb.chat.postMessage({ projectId: 'default', message })).ticket;
  };
  return {
    faq: await say('How long does shipping take?'),
    smallRefund: await say('I want a refund of $20.00 for ORD-1001'),
    largeRefund: await say('Please refund $80.00 for order ORD-1002'),
    downloadLink: await say('Can you resend the download link for ORD-1002?'),
    handoff: await say('Can I talk to a human please?'),
  };
}

/** The demo configuration as the recording ran it, with an edit; the YAML text is returned too. */
export function changedConfig(edit: (document: Document) => void = () => undefined): { config: LoadedConfig; text: string } {
  const document = parseDocument(demoTextWithoutMcp());
  edit(document);
  const text = document.toString();
  return { config: parseConfig(text, { source: 'changed.yaml', baseDir: dirname(demoConfigPath) }), text };
}

/** A rule ahead of all others: every message about a refund becomes a billing ticket for the team. */
export function refundsToBilling(document: Document): void {
  const rule = document.createNode({ id: 1, name: 'Refunds go to billing', keywords: ['refund'], category: 'billing', priority: 'medium', route: 'ticket', summary: 'Billing handles refunds now.', confidence: 0.9 });
  document.setIn(['support_rules'], document.createNode([rule.toJSON(), ...(document.getIn(['support_rules']) as { toJSON(): unknown[] }).toJSON()]));
}

/** Refunds up to $100 per conversation go through without a reviewer. */
export function refundsUpTo100(document: Document): void {
  document.setIn(['tools', 'issue_refund', 'approval'], 'args.amount_cents + run.money_out_cents > 10000');
}

/** The supervisor escalates every FAQ (a trigger the recording did not have). */
export function escalateFaqs(document: Document): void {
  document.set('escalation', document.createNode({ supervisor: { triggers: [{ WHEN: 'intent.category == "faq"', REASON: 'FAQ review', PRIORITY: 'low' }] } }));
}

/** The changed configuration as a file for the CLI, its relative paths made absolute. */
export function changedConfigFile(dir: string, edit: (document: Document) => void = () => undefined): string {
  const { text } = changedConfig((document) => {
    edit(document);
    const examples = document.getIn(['classifier', 'examples']);
    if (typeof examples === 'string') document.setIn(['classifier', 'examples'], resolve(dirname(demoConfigPath), examples));
  });
  const path = join(dir, 'changed.yaml');
  writeFileSync(path, text);
  return path;
}
