// Whether each configured webhook endpoint is on. An endpoint is on unless a receiver answered
// 410 Gone (Standard Webhooks: "no longer interested"); an operator turns it back on by name.
import { isoAt, type Clock } from '../../domain/clock.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import type { IdGenerator } from '../../domain/ids.ts';
import type { WebhookConfig } from '../../config/notify-config.ts';
import { appendAudit } from '../../store/audit-chain.ts';
import type { Db } from '../../store/connect.ts';

export interface EndpointDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
}

export interface SwitchOff {
  disabledAt: string;
  reason: string;
}

/** What the CLI and the API show of an endpoint (never its secret). */
export interface WebhookView {
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabled_at: string | null;
  disabled_reason: string | null;
}

export async function switchOffOf(db: Db, name: string): Promise<SwitchOff | null> {
  const row = await db.kysely.selectFrom('webhook_endpoints').select(['disabled_at', 'disabled_reason']).where('name', '=', name).executeTakeFirst();
  return row?.disabled_at ? { disabledAt: row.disabled_at, reason: row.disabled_reason ?? '' } : null;
}

export async function switchOff(deps: Pick<EndpointDeps, 'db' | 'clock'>, name: string, reason: string): Promise<void> {
  const now = isoAt(deps.clock);
  const state = { disabled_at: now, disabled_reason: reason, updated_at: now };
  await deps.db.kysely.insertInto('webhook_endpoints').values({ name, ...state }).onConflict((oc) => oc.column('name').doUpdateSet(state)).execute();
}

/** Every configured endpoint with its state, in the order of the configuration. */
export async function listWebhooks(db: Db, endpoints: readonly WebhookConfig[]): Promise<WebhookView[]> {
  const rows = await db.kysely.selectFrom('webhook_endpoints').select(['name', 'disabled_at', 'disabled_reason']).execute();
  const states = new Map(rows.map((row) => [row.name, row]));
  return endpoints.map((endpoint) => {
    const state = states.get(endpoint.name);
    const disabledAt = state?.disabled_at ?? null;
    return { name: endpoint.name, url: endpoint.url, events: [...endpoint.events], enabled: disabledAt === null, disabled_at: disabledAt, disabled_reason: disabledAt ? (state?.disabled_reason ?? null) : null };
  });
}

export interface EnableResult {
  webhook: WebhookView;
  /** False when the endpoint was on already (nothing changed, nothing audited). */
  switchedOn: boolean;
}

/** Turns a switched-off endpoint back on, recorded in the project's audit log; an endpoint that is on stays on. */
export async function enableWebhook(deps: EndpointDeps, endpoints: readonly WebhookConfig[], request: { projectId: string; name: string; by: string }): Promise<EnableResult> {
  const endpoint = endpoints.find((candidate) => candidate.name === request.name);
  if (!endpoint) throw new SwitchboardError('not_found', `No webhook "${request.name}" is configured; "switchboard webhooks list" shows the configured ones.`, { name: request.name });
  const now = isoAt(deps.clock);
  const switchedOn = await deps.db.kysely.transaction().execute(async (trx) => {
    const off = await deps.db.dialect.lockRow(trx.selectFrom('webhook_endpoints').select(['disabled_at', 'disabled_reason']).where('name', '=', request.name)).executeTakeFirst();
    if (!off?.disabled_at) return false;
    await trx.updateTable('webhook_endpoints').set({ disabled_at: null, disabled_reason: null, updated_at: now }).where('name', '=', request.name).execute();
    await appendAudit(trx, deps.db.dialect, deps.ids, { projectId: request.projectId, actor: request.by, action: 'webhook.enabled', subjectType: 'webhook', subjectId: request.name, data: { disabled_at: off.disabled_at, reason: off.disabled_reason }, at: now });
    return true;
  });
  const [webhook] = await listWebhooks(deps.db, [endpoint]);
  if (!webhook) throw new SwitchboardError('internal', `Webhook "${request.name}" vanished while it was enabled.`);
  return { webhook, switchedOn };
}
