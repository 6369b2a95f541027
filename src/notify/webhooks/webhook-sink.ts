// Outbound webhooks: one outbox destination per configured endpoint (`webhook:<name>`), each event
// POSTed as Standard Webhooks JSON and signed. The webhook-id is the event's id, the same on every
// retry and redelivery, so a receiver drops a repeat. A 410 Gone switches the endpoint off.
import { expandEnv } from '../../config/env-template.ts';
import type { WebhookConfig } from '../../config/notify-config.ts';
import { isSwitchboardError, SwitchboardError } from '../../domain/errors.ts';
import { PermanentDeliveryError, type OutboxDelivery, type OutboxSink, type OutboxTopic } from '../../engine/outbox.ts';
import { addressGuard, type AddressGuard } from '../../tools/http/address-guard.ts';
import type { SinkDeps } from '../sinks.ts';
import { secretKey, signedHeaders } from './standard-webhooks.ts';
import { switchOff, switchOffOf } from './webhook-endpoints.ts';
import { postWebhook, type WebhookAnswer } from './webhook-post.ts';

export const userAgent = 'Switchboard-Webhooks/1';

interface Endpoint {
  readonly name: string;
  readonly url: URL;
  readonly key: Buffer;
  readonly topics: readonly OutboxTopic[];
  readonly timeoutMs: number;
  readonly guard: AddressGuard;
}

export function webhookSinks(deps: SinkDeps): OutboxSink[] {
  return deps.config.file.webhooks.map((config, index) => webhookSink(deps, endpointFrom(config, deps.env, `webhooks[${index}]`)));
}

/** Everything about an endpoint that can be wrong is found here, at start: the secret and an IP-literal target. */
function endpointFrom(config: WebhookConfig, env: NodeJS.ProcessEnv, where: string): Endpoint {
  const key = secretKey(expandEnv(config.secret, env, `${where}.secret`), `${where}.secret`);
  const url = new URL(config.url);
  const guard = addressGuard(config.name, config.allow_private, 'Webhook');
  try {
    guard.assertHost(url.hostname);
  } catch (refusal) {
    throw new SwitchboardError('invalid_config', `${where}.url: ${(refusal as Error).message}`, { where: `${where}.url` });
  }
  return { name: config.name, url, key, topics: config.events, timeoutMs: config.timeout_ms, guard };
}

function webhookSink(deps: SinkDeps, endpoint: Endpoint): OutboxSink {
  return {
    name: `webhook:${endpoint.name}`,
    topics: endpoint.topics,
    deliver: async (delivery: OutboxDelivery) => {
      const off = await switchOffOf(deps.db, endpoint.name);
      if (off) throw new PermanentDeliveryError(`endpoint switched off after 410 Gone (${off.disabledAt}); "switchboard webhooks enable ${endpoint.name}" turns it back on.`);
      await settle(deps, endpoint, delivery, await send(deps, endpoint, delivery));
    },
  };
}

/** The Standard Webhooks payload: the event's type and time, and its data with the project it belongs to. */
export function eventBody(delivery: OutboxDelivery): string {
  return JSON.stringify({ type: delivery.topic, timestamp: delivery.createdAt, data: { ...delivery.payload, projectId: delivery.projectId } });
}

async function send(deps: SinkDeps, endpoint: Endpoint, delivery: OutboxDelivery): Promise<WebhookAnswer> {
  const body = eventBody(delivery);
  const headers = { ...signedHeaders(endpoint.key, delivery.id, deps.clock.now(), body), 'content-type': 'application/json', 'user-agent': userAgent };
  const signal = AbortSignal.timeout(endpoint.timeoutMs);
  try {
    return await postWebhook({ url: endpoint.url, headers, body, guard: endpoint.guard, signal });
  } catch (error) {
    throw sendFailure(endpoint, error, signal);
  }
}

/** A refused address cannot become allowed by retrying; a timeout or a reset can pass. */
function sendFailure(endpoint: Endpoint, error: unknown, signal: AbortSignal): Error {
  if (isSwitchboardError(error) && error.code === 'forbidden') return new PermanentDeliveryError(error.message);
  if (signal.aborted) return new Error(`Webhook "${endpoint.name}" did not answer within ${endpoint.timeoutMs} ms.`, { cause: error });
  return new Error(`Webhook "${endpoint.name}" could not be reached: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

async function settle(deps: SinkDeps, endpoint: Endpoint, delivery: OutboxDelivery, answer: WebhookAnswer): Promise<void> {
  if (answer.status >= 200 && answer.status < 300) return;
  if (answer.status === 410) {
    await switchOff(deps, endpoint.name, `the receiver answered 410 Gone to event ${delivery.id} (${delivery.topic})`);
    deps.logger.warn({ webhook: endpoint.name, eventId: delivery.id }, 'webhook endpoint answered 410 Gone and is switched off');
    throw new PermanentDeliveryError(`Webhook "${endpoint.name}" answered 410 Gone: endpoint switched off; "switchboard webhooks enable ${endpoint.name}" turns it back on.`);
  }
  throw new Error(failureText(endpoint.name, answer));
}

function failureText(name: string, answer: WebhookAnswer): string {
  if (answer.status >= 300 && answer.status < 400) return `Webhook "${name}" answered ${answer.status}, a redirect, which is not followed: point its url at the final address.`;
  return `Webhook "${name}" answered ${answer.status}${answer.excerpt ? `: ${answer.excerpt}` : ''}`;
}
