// One HTTP request with its redirects, over node:http(s) so the address guard can see every address
// a socket connects to; the tool's timeout covers the whole exchange.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressGuard } from './address-guard.ts';
import type { HttpMethod } from './http-tool-config.ts';
import { isRedirect, redirectMethod, redirectTarget } from './redirect.ts';

export interface OutgoingRequest {
  readonly url: URL;
  readonly method: HttpMethod;
  /** Headers the configuration set (credentials among them): dropped when a redirect leaves the origin. */
  readonly configured: Readonly<Record<string, string>>;
  /** Accept, Content-Type, Idempotency-Key: kept on every hop. */
  readonly own: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly url: URL;
}

export interface ExchangeOptions {
  readonly tool: string;
  readonly guard: AddressGuard;
  readonly signal: AbortSignal;
}

export async function exchange(first: OutgoingRequest, options: ExchangeOptions): Promise<HttpAnswer> {
  let current = first;
  for (let hops = 0; ; hops += 1) {
    const response = await send(current, options);
    if (!isRedirect(response.statusCode ?? 0, response.headers.location)) return { status: response.statusCode ?? 0, headers: response.headers, text: await readText(response), url: current.url };
    response.resume();
    current = nextHop(current, response.statusCode ?? 0, redirectTarget(options.tool, current.url, response.headers.location, hops));
  }
}

function nextHop(previous: OutgoingRequest, status: number, url: URL): OutgoingRequest {
  const method = redirectMethod(status, previous.method);
  const keepsBody = method === previous.method;
  const own = keepsBody ? previous.own : withoutHeader(previous.own, 'content-type');
  return { url, method, own, configured: url.origin === previous.url.origin ? previous.configured : {}, body: keepsBody ? previous.body : undefined };
}

function withoutHeader(headers: Readonly<Record<string, string>>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}

function send(outgoing: OutgoingRequest, options: ExchangeOptions): Promise<IncomingMessage> {
  options.guard.assertHost(outgoing.url.hostname);
  const request = outgoing.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = request(outgoing.url, {
      method: outgoing.method,
      headers: { ...outgoing.configured, ...outgoing.own },
      signal: options.signal,
      // A fresh connection per request: a pooled socket would skip the guard's lookup.
      agent: false,
      ...(options.guard.lookup ? { lookup: options.guard.lookup } : {}),
    }, resolve);
    sent.on('error', reject);
    sent.end(outgoing.body);
  });
}

async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
