// One webhook POST over node:http(s), so the address guard sees every address a socket connects to.
// Redirects are not followed (Standard Webhooks counts a 3xx as a failure); the timeout covers the
// whole exchange, the answer's body included.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressGuard } from '../../tools/http/address-guard.ts';

export interface WebhookPost {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly guard: AddressGuard;
  readonly signal: AbortSignal;
}

export interface WebhookAnswer {
  readonly status: number;
  /** The start of the answer's body, for the delivery's last error. */
  readonly excerpt: string;
}

const excerptLength = 200;

export async function postWebhook(post: WebhookPost): Promise<WebhookAnswer> {
  const response = await send(post);
  return { status: response.statusCode ?? 0, excerpt: (await readStart(response)).slice(0, excerptLength) };
}

function send(post: WebhookPost): Promise<IncomingMessage> {
  post.guard.assertHost(post.url.hostname);
  const request = post.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = request(post.url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      signal: post.signal,
      // A fresh connection per request: a pooled socket would skip the guard's lookup.
      agent: false,
      ...(post.guard.lookup ? { lookup: post.guard.lookup } : {}),
    }, resolve);
    sent.on('error', reject);
    sent.end(post.body);
  });
}

/** Reads no more of the answer than the excerpt needs: a receiver cannot make the sender buffer a large body. */
async function readStart(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= excerptLength * 4) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
