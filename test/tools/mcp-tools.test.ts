// Switchboard's MCP client against the real example shop server (examples/mcp/shop-server.ts), the same
// suite over stdio and over Streamable HTTP, plus what only one transport can show.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { McpServerConfig } from '../../src/config/config-schema.ts';
import { silentLogger } from '../../src/domain/logger.ts';
import type { ToolExecutionContext, Tool } from '../../src/tools/tool.ts';
import { expandEnv } from '../../src/config/env-template.ts';
import { McpConnection } from '../../src/tools/mcp/mcp-connection.ts';
import { mcpRequestFailure } from '../../src/tools/mcp/mcp-errors.ts';
import { mcpResultValue } from '../../src/tools/mcp/mcp-result.ts';
import { connectMcpServers, mcpServerOf, type McpTools } from '../../src/tools/mcp/mcp-tools.ts';
import { isAtLeastAsStrict, riskFromAnnotations } from '../../src/tools/mcp/risk.ts';
import { ChildLines } from '../support/child-lines.ts';
import { eventually } from '../support/eventually.ts';

const shopServer = fileURLToPath(new URL('../../examples/mcp/shop-server.ts', import.meta.url));
const baseDir = fileURLToPath(new URL('../..', import.meta.url));
const timeout_ms = 20_000;
const minimalEnv = { PATH: process.env['PATH'] ?? '' };

interface CallLogLine {
  tool: string;
  args: Record<string, unknown>;
  idempotencyKey: string | null;
  pid: number;
}

/** One way of reaching the shop: the server configs Switchboard gets, and how to stop what was started. */
interface ShopDeployment {
  servers: Record<string, McpServerConfig>;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

interface HttpShop {
  url: string;
  /** SIGKILL, resolving once the process has exited. */
  kill(): Promise<void>;
}

function context(idempotencyKey: string): ToolExecutionContext {
  return { idempotencyKey, runId: 'run-mcp-test', projectId: 'project-mcp-test' };
}

function stdioServer(service: 'orders' | 'stripe', env: Record<string, string> = {}): McpServerConfig {
  return { command: 'node', args: [shopServer, '--service', service], env, timeout_ms };
}

async function startHttpShop(service: 'orders' | 'stripe', callLog: string): Promise<HttpShop> {
  const child = spawn(process.execPath, [shopServer, '--http', '0', '--service', service], { env: { ...minimalEnv, SHOP_CALL_LOG: callLog }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = new ChildLines(child);
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await lines.exited;
  };
  try {
    const [, url = ''] = await lines.waitFor(/^listening (http:\/\/\S+)$/, timeout_ms);
    return { url, kill };
  } catch (error) {
    await kill();
    throw error;
  }
}

const deployments: Record<string, (callLog: string) => Promise<ShopDeployment>> = {
  stdio: async (callLog) => ({
    servers: { orders: stdioServer('orders', { SHOP_CALL_LOG: '${SHOP_LOG}' }), stripe: stdioServer('stripe', { SHOP_CALL_LOG: '${SHOP_LOG}' }) },
    env: { ...minimalEnv, SHOP_LOG: callLog },
    stop: async () => undefined,
  }),
  'Streamable HTTP': async (callLog) => {
    const orders = await startHttpShop('orders', callLog);
    const stripe = await startHttpShop('stripe', callLog).catch(async (error: unknown) => {
      await orders.kill();
      throw error;
    });
    const shops = [orders, stripe];
    return {
      servers: { orders: { url: orders.url, headers: { authorization: 'Bearer ${SHOP_TOKEN}' }, timeout_ms }, stripe: { url: stripe.url, headers: {}, timeout_ms } },
      env: { ...minimalEnv, SHOP_TOKEN: 'test-token' },
      stop: async () => void (await Promise.all(shops.map((shop) => shop.kill()))),
    };
  },
};

async function callLogLines(file: string): Promise<CallLogLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CallLogLine);
}

function toolNamed(tools: McpTools, name: string): Tool {
  const tool = tools.tools.find((candidate) => candidate.name === name);
  assert.ok(tool, `no tool ${name} among ${tools.tools.map((t) => t.name).join(', ')}`);
  return tool;
}

for (const [transport, deploy] of Object.entries(deployments)) {
  describe(`MCP tools over ${transport}`, () => {
    let dir = '';
    let callLog = '';
    let deployment: ShopDeployment | undefined;
    let mcp: McpTools | undefined;
    const tool = (name: string) => toolNamed(mcp!, name);

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'switchboard-mcp-'));
      callLog = join(dir, 'calls.jsonl');
      deployment = await deploy(callLog);
      mcp = await connectMcpServers(deployment.servers, { baseDir, env: deployment.env });
    });

    after(async () => {
      await mcp?.close();
      await deployment?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('names each tool after the server it is configured under', () => {
      assert.deepEqual(mcp!.tools.map((t) => t.name).toSorted(), ['orders__get_order', 'stripe__create_refund']);
      assert.equal(mcpServerOf('stripe__create_refund'), 'stripe');
      assert.match(tool('orders__get_order').description, /most recent order/);
    });

    it("takes the risk tier and the default approval from the server's annotations", () => {
      assert.equal(tool('orders__get_order').risk, 'read');
      assert.equal(tool('orders__get_order').approvalRule, 'never');
      assert.equal(tool('stripe__create_refund').risk, 'destructive');
      assert.equal(tool('stripe__create_refund').approvalRule, 'always');
    });

    it("checks arguments against the server's input schema", () => {
      const refund = tool('stripe__create_refund').input;
      assert.equal(refund.safeParse({ order_id: '10234', amount: 10 }).success, true);
      assert.equal(refund.safeParse({ order_id: '10234', amount: 'ten' }).success, false);
      assert.equal(refund.safeParse({ amount: 10 }).success, false, 'order_id is required');
      assert.equal(tool('orders__get_order').input.safeParse({ email: 42 }).success, false);
      const forTheModel = z.toJSONSchema(refund) as { properties?: Record<string, unknown> };
      assert.deepEqual(Object.keys(forTheModel.properties ?? {}).toSorted(), ['amount', 'order_id']);
    });

    it("returns the customer's order", async () => {
      const order = await tool('orders__get_order').execute({ email: 'dana@example.com' }, context('lookup-1'));
      assert.deepEqual(order, { id: '45678', email: 'dana@example.com', total: 2150, currency: 'USD', status: 'delivered', placed_at: '2025-05-20T16:40:00Z' });
    });

    it("turns the server's error result into a refusal that is not retried", async () => {
      await assert.rejects(tool('orders__get_order').execute({ order_id: '99999' }, context('lookup-2')), { code: 'invalid_request', retryable: false, message: 'No order found for order id 99999.' });
      await assert.rejects(tool('orders__get_order').execute({ order_id: 99999 }, context('lookup-3')), { code: 'invalid_request', message: /Input validation error/ }, 'the server validates too');
    });

    it('refunds once for two calls with the same idempotency key', async () => {
      const refund = tool('stripe__create_refund');
      const first = (await refund.execute({ order_id: '10234' }, context('refund-10234'))) as { id: string; amount: number };
      const second = (await refund.execute({ order_id: '10234' }, context('refund-10234'))) as { id: string };
      assert.match(first.id, /^re_/);
      assert.equal(first.amount, 120);
      assert.equal(second.id, first.id);
      const raw = (await callLogLines(callLog)).filter((line) => line.tool === 'create_refund' && line.args['order_id'] === '10234');
      assert.deepEqual(raw.map((line) => line.idempotencyKey), ['refund-10234', 'refund-10234'], 'both calls reached the server with the key in _meta');
      await assert.rejects(refund.execute({ order_id: '10234' }, context('refund-10234-again')), { code: 'invalid_request', message: /only 0 USD is refundable/ }, 'the first call refunded the whole order');
    });
  });
}

describe('MCP servers that cannot start', () => {
  const connect = (servers: Record<string, McpServerConfig>, env: NodeJS.ProcessEnv = minimalEnv) => connectMcpServers(servers, { baseDir, env });

  it('names the server whose command does not exist', async () => {
    await assert.rejects(connect({ orders: { command: '/nonexistent/shop-server', args: [], env: {}, timeout_ms } }), {
      code: 'invalid_config',
      message: /^MCP server "orders" could not start: .*\/nonexistent\/shop-server/,
    });
  });

  it('quotes what a server that exits at once wrote to stderr', async () => {
    const dying = { command: 'node', args: ['-e', 'console.error("no database configured"); process.exit(3)'], env: {}, timeout_ms };
    await assert.rejects(connect({ stripe: stdioServer('stripe'), orders: dying }), { code: 'invalid_config', message: /MCP server "orders" could not start[\s\S]*no database configured/ });
  });

  it('refuses a header that names a missing environment variable', async () => {
    const servers = { orders: { url: 'http://127.0.0.1:9/mcp', headers: { authorization: 'Bearer ${SHOP_TOKEN_NOT_SET}' }, timeout_ms } };
    await assert.rejects(connect(servers), { code: 'invalid_config', message: /mcp_servers\.orders\.headers\.authorization uses \$\{SHOP_TOKEN_NOT_SET\}/ });
  });

  it('names an endpoint that does not answer', async () => {
    await assert.rejects(connect({ orders: { url: 'http://127.0.0.1:9/mcp', headers: {}, timeout_ms } }), { code: 'invalid_config', message: /MCP server "orders" could not start: .*http:\/\/127\.0\.0\.1:9\/mcp/ });
  });
});

describe('MCP connections that are lost', () => {
  let dir = '';
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'switchboard-mcp-lost-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('restarts a stdio server that died, on the next call', async () => {
    const connection = await McpConnection.open('orders', stdioServer('orders'), { baseDir, env: minimalEnv, logger: silentLogger });
    try {
      const killed = connection.pid;
      assert.ok(killed);
      process.kill(killed, 'SIGKILL');
      await eventually(async () => (connection.isOpen ? undefined : true), 'the client to notice the server died');
      const result = await connection.callTool('get_order', { order_id: '10234' }, 'after-restart', timeout_ms);
      assert.equal((mcpResultValue('orders', 'get_order', result) as { email: string }).email, 'sam@example.com');
      assert.ok(connection.pid !== null && connection.pid !== killed, 'a new process serves the call');
    } finally {
      await connection.close();
    }
  });

  it('reports an HTTP server that went away as unavailable, which the engine retries', async () => {
    const shop = await startHttpShop('orders', join(dir, 'calls.jsonl'));
    try {
      const mcp = await connectMcpServers({ orders: { url: shop.url, headers: {}, timeout_ms } }, { baseDir, env: minimalEnv });
      try {
        await shop.kill();
        await assert.rejects(toolNamed(mcp, 'orders__get_order').execute({ order_id: '10234' }, context('gone')), { code: 'unavailable', retryable: true, message: /MCP server "orders"/ });
      } finally {
        await mcp.close();
      }
    } finally {
      await shop.kill();
    }
  });
});

describe('MCP building blocks', () => {
  it('reads risk from annotations, trusting only hints that make a tool stricter', () => {
    assert.equal(riskFromAnnotations({ readOnlyHint: true }), 'read');
    assert.equal(riskFromAnnotations({ destructiveHint: false }), 'write');
    assert.equal(riskFromAnnotations({ readOnlyHint: false }), 'destructive');
    assert.equal(riskFromAnnotations(undefined), 'destructive');
    assert.equal(isAtLeastAsStrict('money', 'destructive'), true);
    assert.equal(isAtLeastAsStrict('write', 'destructive'), false);
    assert.equal(isAtLeastAsStrict('read', 'read'), true);
  });

  it('expands ${NAME} and names the setting when a variable is missing', () => {
    assert.equal(expandEnv('Bearer ${TOKEN}', { TOKEN: 'abc' }, 'x'), 'Bearer abc');
    assert.throws(() => expandEnv('${NOPE}', {}, 'mcp_servers.orders.env.KEY'), { code: 'invalid_config', message: /mcp_servers\.orders\.env\.KEY uses \$\{NOPE\}.*NOPE is not set/ });
  });

  it('sorts protocol failures into retryable and not', () => {
    assert.equal(mcpRequestFailure('orders', 'tool get_order', new McpError(ErrorCode.RequestTimeout, 'Request timed out')).code, 'timeout');
    assert.equal(mcpRequestFailure('orders', 'tool get_order', new McpError(ErrorCode.ConnectionClosed, 'Connection closed')).code, 'unavailable');
    assert.equal(mcpRequestFailure('orders', 'tool get_order', new McpError(ErrorCode.InvalidParams, 'bad')).code, 'invalid_request');
    assert.equal(mcpRequestFailure('orders', 'tool get_order', new TypeError('fetch failed')).code, 'unavailable');
  });

  it('reads a result without structured content from its text', () => {
    assert.deepEqual(mcpResultValue('s', 't', { content: [{ type: 'text', text: '{"ok":true}' }] }), { ok: true });
    assert.deepEqual(mcpResultValue('s', 't', { content: [{ type: 'text', text: 'done' }] }), { text: 'done' });
  });
});
