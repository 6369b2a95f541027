// HTTP tools from the configuration against real local HTTP servers: requests rendered from the
// arguments, the idempotency key on writes, errors sorted for the engine, and the SSRF guard.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { SwitchboardError } from '../../src/domain/errors.ts';
import { toolRefusal } from '../../src/engine/effects.ts';
import { classifyAddress } from '../../src/tools/http/address-guard.ts';
import { createHttpTools } from '../../src/tools/http/http-tools.ts';
import { httpToolSchema } from '../../src/tools/http/http-tool-config.ts';
import { redirectMethod, redirectTarget } from '../../src/tools/http/redirect.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';
import type { Tool, ToolExecutionContext } from '../../src/tools/tool.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}

type Handler = (request: Received, response: ServerResponse) => void;

const servers: LocalServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

/** Listens on every local address (127.0.0.1 and ::1 where IPv6 exists), so a request that got through would be seen. */
async function localServer(handler: Handler): Promise<LocalServer> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      handler(entry, response);
    });
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  const local: LocalServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(local);
  return local;
}

async function listen(server: ReturnType<typeof createServer>): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '::', resolve));
  } catch {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  }
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const context: ToolExecutionContext = { idempotencyKey: 'run-1:3:0', runId: 'run-1', projectId: 'project-1' };

function tool(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Tool {
  const [created] = createHttpTools({ test_tool: httpToolSchema.parse({ description: 'a test tool', risk: 'write', ...config }) }, { env });
  assert.ok(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SwitchboardError, `expected a SwitchboardError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const refundInput = {
  type: 'object',
  properties: { order_id: { type: 'string' }, amount_cents: { type: 'integer' }, reason: { type: 'string' } },
  required: ['order_id', 'amount_cents'],
};

describe('an HTTP tool from the configuration', () => {
  it('POSTs the rendered URL, headers from the environment, a typed JSON body and the idempotency key, and maps the answer', async () => {
    const server = await localServer((_request, response) => json(response, 201, { id: 're_1', status: 'pending', data: { fee: { cents: 30 } } }));
    const refund = tool(
      {
        risk: 'money',
        method: 'POST',
        url: `${server.origin}/v1/orders/{{order_id}}/refunds?note={{reason}}`,
        headers: { Authorization: 'Bearer ${PAYMENTS_TOKEN}' },
        input: refundInput,
        body: { amount: '{{amount_cents}}', reason: '{{reason}}', label: 'refund of {{order_id}}', missing: '{{not_an_argument}}' },
        response: { refund_id: 'id', status: 'status', fee_cents: 'data.fee.cents', absent: 'data.nothing' },
        allow_private: true,
      },
      { PAYMENTS_TOKEN: 'secret-token' },
    );
    assert.equal(refund.risk, 'money');
    assert.equal(refund.needsApproval({ order_id: 'x', amount_cents: 1 }), true);
    const args = refund.input.parse({ order_id: 'ORD 1/2?', amount_cents: 2500, reason: 'late & damaged' });

    const output = await refund.execute(args, context);

    assert.deepEqual(output, { refund_id: 're_1', status: 'pending', fee_cents: 30, absent: null });
    const [request] = server.received;
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/v1/orders/ORD%201%2F2%3F/refunds?note=late%20%26%20damaged');
    assert.equal(request.headers.authorization, 'Bearer secret-token');
    assert.equal(request.headers['idempotency-key'], 'run-1:3:0');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body), { amount: 2500, reason: 'late & damaged', label: 'refund of ORD 1/2?' });
  });

  it('sends the arguments as the body of a write without a body template', async () => {
    const server = await localServer((_request, response) => json(response, 200, { ok: true }));
    const update = tool({ method: 'PATCH', url: `${server.origin}/tickets`, input: { type: 'object', properties: { id: { type: 'string' } } }, allow_private: true });
    assert.deepEqual(await update.execute({ id: 't-1' }, context), { ok: true });
    assert.deepEqual(JSON.parse(server.received[0]?.body ?? ''), { id: 't-1' });
    assert.equal(server.received[0]?.headers['idempotency-key'], 'run-1:3:0');
  });

  it('sends no idempotency key and no body with a GET, and answers the whole JSON', async () => {
    const server = await localServer((_request, response) => json(response, 200, { order: { id: 'ORD-1', status: 'shipped' } }));
    const getOrder = tool({ risk: 'read', url: `${server.origin}/orders/{{id}}`, input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, allow_private: true });
    assert.deepEqual(await getOrder.execute({ id: 'ORD-1' }, context), { order: { id: 'ORD-1', status: 'shipped' } });
    const [request] = server.received;
    assert.equal(request?.method, 'GET');
    assert.equal(request.headers['idempotency-key'], undefined);
    assert.equal(request.body, '');
  });

  it('answers { text } for a success that is not JSON', async () => {
    const server = await localServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('queued'));
    assert.deepEqual(await tool({ url: `${server.origin}/`, allow_private: true }).execute({}, context), { text: 'queued' });
  });

  it('treats 500 and 429 as unavailable, worth retrying', async () => {
    const server = await localServer((request, response) => json(response, request.url === '/busy' ? 429 : 500, { error: 'database down' }));
    const down = await failure(tool({ method: 'POST', url: `${server.origin}/down`, allow_private: true }).execute({}, context));
    assert.equal(down.code, 'unavailable');
    assert.equal(down.retryable, true);
    assert.match(down.message, /answered 500: database down/);
    assert.equal(toolRefusal(down), null);
    const busy = await failure(tool({ method: 'POST', url: `${server.origin}/busy`, allow_private: true }).execute({}, context));
    assert.equal(busy.code, 'unavailable');
  });

  it("turns a 422 into invalid_request with the service's message, a refusal the engine does not retry", async () => {
    const server = await localServer((_request, response) => json(response, 422, { error: 'order already refunded' }));
    const error = await failure(tool({ method: 'POST', url: `${server.origin}/refunds`, allow_private: true }).execute({}, context));
    assert.equal(error.code, 'invalid_request');
    assert.equal(error.message, 'order already refunded');
    assert.equal(error.retryable, false);
    assert.equal(toolRefusal(error), 'order already refunded');
  });

  it('times out a service that does not answer', async () => {
    const server = await localServer(() => undefined);
    const error = await failure(tool({ method: 'POST', url: `${server.origin}/slow`, timeout_ms: 200, allow_private: true }).execute({}, context));
    assert.equal(error.code, 'timeout');
    assert.equal(error.retryable, true);
    assert.equal(server.received.length, 1);
  });

  it('reports a service that refuses connections as unavailable', async () => {
    const server = await localServer(() => undefined);
    await server.close();
    const error = await failure(tool({ url: `${server.origin}/`, allow_private: true }).execute({}, context));
    assert.equal(error.code, 'unavailable');
    assert.equal(error.retryable, true);
  });

  it('refuses a URL argument that is missing, structured or a dot segment', async () => {
    const lookup = tool({ url: 'https://api.example.com/orders/{{id}}', input: { type: 'object', properties: { id: {} } } });
    assert.equal((await failure(lookup.execute({}, context))).code, 'invalid_request');
    assert.equal((await failure(lookup.execute({ id: { a: 1 } }, context))).code, 'invalid_request');
    assert.equal((await failure(lookup.execute({ id: '..' }, context))).code, 'invalid_request');
  });

  it('will not start when a header names an unset environment variable', () => {
    assert.throws(
      () => tool({ url: 'https://payments.example.com/', headers: { Authorization: 'Bearer ${PAYMENTS_TOKEN}' } }, {}),
      (error: unknown) => error instanceof SwitchboardError && error.code === 'invalid_config' && /PAYMENTS_TOKEN/.test(error.message) && /http_tools\.test_tool\.headers\.Authorization/.test(error.message),
    );
  });
});

describe('the HTTP tool configuration', () => {
  const base = { description: 'd', risk: 'read' };

  it('keeps placeholders out of the scheme and host', () => {
    assert.equal(httpToolSchema.safeParse({ ...base, url: 'https://{{host}}/x' }).success, false);
    assert.equal(httpToolSchema.safeParse({ ...base, url: 'https://api.example.com{{path}}' }).success, false);
    assert.equal(httpToolSchema.safeParse({ ...base, url: 'ftp://api.example.com/' }).success, false);
    assert.equal(httpToolSchema.safeParse({ ...base, url: 'https://api.example.com/{{path}}' }).success, true);
  });

  it('refuses a body on GET and an input schema that is not an object', () => {
    assert.equal(httpToolSchema.safeParse({ ...base, url: 'https://a.example/', body: { a: 1 } }).success, false);
    assert.equal(httpToolSchema.safeParse({ ...base, url: 'https://a.example/', input: { type: 'string' } }).success, false);
  });

  it('defaults to a GET that may reach only public addresses, within 10 seconds', () => {
    const parsed = httpToolSchema.parse({ ...base, url: 'https://a.example/' });
    assert.equal(parsed.method, 'GET');
    assert.equal(parsed.allow_private, false);
    assert.equal(parsed.timeout_ms, 10_000);
  });
});

describe('the SSRF guard', () => {
  it('refuses loopback, private and link-local targets before any request is sent', async () => {
    const server = await localServer((_request, response) => json(response, 200, {}));
    const targets = [`http://127.0.0.1:${server.port}/x`, `http://localhost:${server.port}/`, `http://[::1]:${server.port}/`, 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/', `http://[::ffff:127.0.0.1]:${server.port}/`, `http://2130706433:${server.port}/`];
    for (const url of targets) {
      for (const method of ['GET', 'POST']) {
        const error = await failure(tool({ method, url }).execute({}, context));
        assert.equal(error.code, 'forbidden', url);
        assert.equal(error.retryable, false);
        assert.equal(error.details?.['tool'], 'test_tool');
        assert.equal(classifyAddress(String(error.details?.['address'])) !== null, true, url);
        assert.match(error.message, /^HTTP tool "test_tool" may not call .+ \((loopback|private|link-local)\)/);
      }
    }
    assert.deepEqual(server.received, []);
  });

  it('names the host and the address it resolved to', async () => {
    const error = await failure(tool({ url: 'http://localhost:9/' }).execute({}, context));
    assert.match(error.message, /may not call localhost \((127\.0\.0\.1|::1)\) \(loopback\)/);
  });

  it('classifies IPv4 addresses', () => {
    const cases: [string, string | null][] = [
      ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'],
      ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
      ['10.0.0.1', 'private'], ['10.255.255.255', 'private'],
      ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['172.15.255.255', null], ['172.32.0.0', null],
      ['192.168.0.1', 'private'], ['192.169.0.1', null],
      ['169.254.169.254', 'link-local'], ['169.255.0.1', null],
      ['100.64.0.1', 'cgnat'], ['100.127.255.255', 'cgnat'], ['100.63.255.255', null], ['100.128.0.0', null],
      ['224.0.0.1', 'multicast'], ['255.255.255.255', 'reserved'],
      ['8.8.8.8', null], ['93.184.215.14', null], ['1.1.1.1', null], ['11.0.0.1', null], ['126.255.255.255', null], ['128.0.0.1', null],
    ];
    for (const [address, expected] of cases) assert.equal(classifyAddress(address), expected, address);
  });

  it('classifies IPv6 addresses, including IPv4 carried inside them', () => {
    const cases: [string, string | null][] = [
      ['::', 'unspecified'], ['0:0:0:0:0:0:0:0', 'unspecified'],
      ['::1', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'],
      ['fc00::1', 'private'], ['fd12:3456:789a::1', 'private'], ['fec0::1', 'private'],
      ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'],
      ['ff02::1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.1.2.3', 'private'], ['::ffff:169.254.169.254', 'link-local'], ['::ffff:100.64.0.1', 'cgnat'], ['::ffff:0.0.0.0', 'unspecified'],
      ['::ffff:8.8.8.8', null], ['::127.0.0.1', 'loopback'], ['64:ff9b::10.0.0.1', 'private'], ['64:ff9b::8.8.8.8', null],
      ['2001:4860:4860::8888', null], ['2606:4700:4700::1111', null], ['fbff::1', null], ['fe7f::1', null],
    ];
    for (const [address, expected] of cases) assert.equal(classifyAddress(address), expected, address);
  });
});

describe('redirects', () => {
  it('are followed, a 303 continuing as a GET without a body', async () => {
    const server = await localServer((request, response) => {
      if (request.url === '/start') response.writeHead(303, { location: '/done' }).end();
      else json(response, 200, { at: request.url });
    });
    const start = tool({ method: 'POST', url: `${server.origin}/start`, body: { a: 1 }, allow_private: true });
    assert.deepEqual(await start.execute({}, context), { at: '/done' });
    assert.deepEqual(server.received.map((request) => request.method), ['POST', 'GET']);
    assert.equal(server.received[1]?.body, '');
  });

  it('repeat the request on a 307 and drop configured headers when the origin changes', async () => {
    const target = await localServer((request, response) => json(response, 200, { at: request.url }));
    const server = await localServer((_request, response) => response.writeHead(307, { location: `${target.origin}/moved` }).end());
    const call = tool({ method: 'POST', url: `${server.origin}/start`, headers: { Authorization: 'Bearer ${TOKEN}' }, body: { a: 1 }, allow_private: true }, { TOKEN: 't' });
    assert.deepEqual(await call.execute({}, context), { at: '/moved' });
    const [moved] = target.received;
    assert.equal(moved?.method, 'POST');
    assert.equal(moved.body, '{"a":1}');
    assert.equal(moved.headers['idempotency-key'], 'run-1:3:0');
    assert.equal(moved.headers.authorization, undefined);
    assert.equal(server.received[0]?.headers.authorization, 'Bearer t');
  });

  it('stop after five', async () => {
    const server = await localServer((request, response) => response.writeHead(302, { location: `/hop${server.received.length}` }).end());
    const error = await failure(tool({ url: `${server.origin}/hop0`, allow_private: true }).execute({}, context));
    assert.equal(error.code, 'unavailable');
    assert.match(error.message, /redirected more than 5 times/);
    assert.equal(server.received.length, 6);
  });

  it('are not followed to another scheme or from https down to http', async () => {
    const server = await localServer((_request, response) => response.writeHead(302, { location: 'file:///etc/passwd' }).end());
    assert.equal((await failure(tool({ url: `${server.origin}/`, allow_private: true }).execute({}, context))).code, 'forbidden');
    assert.throws(() => redirectTarget('t', new URL('https://a.example/x'), 'http://a.example/y', 0), (error: unknown) => error instanceof SwitchboardError && error.code === 'forbidden');
    assert.equal(redirectTarget('t', new URL('https://a.example/x/y'), '../z?q=1', 0).href, 'https://a.example/z?q=1');
    assert.equal(redirectTarget('t', new URL('http://a.example/'), 'https://b.example/', 4).href, 'https://b.example/');
  });

  it('change the method only where browsers do', () => {
    assert.equal(redirectMethod(302, 'POST'), 'GET');
    assert.equal(redirectMethod(301, 'POST'), 'GET');
    assert.equal(redirectMethod(302, 'PUT'), 'PUT');
    assert.equal(redirectMethod(303, 'DELETE'), 'GET');
    assert.equal(redirectMethod(303, 'HEAD'), 'HEAD');
    assert.equal(redirectMethod(307, 'POST'), 'POST');
    assert.equal(redirectMethod(308, 'PATCH'), 'PATCH');
  });
});

describe('HTTP tools in switchboard.yaml', () => {
  it('registers each configured endpoint as a tool with its risk tier, checked at start', async (t) => {
    const config = demoConfigWith((text) => `${text}\nhttp_tools:\n  pay_refund:\n    description: Refund through payments\n    risk: money\n    method: POST\n    url: https://payments.example.com/orders/{{order_id}}/refunds\n    input: { type: object, properties: { order_id: { type: string } }, required: [order_id] }\n`);
    const sb = await switchboardForTest(t, 'sqlite', { config });
    const tool = sb.tools.get('pay_refund');
    assert.equal(tool.risk, 'money');
    assert.equal(sb.policies.get('pay_refund').decide({ args: { order_id: '1' }, session: {}, run: { money_out_cents: 0 } }).required, true, 'a money tool waits for a reviewer by default');
  });
});
