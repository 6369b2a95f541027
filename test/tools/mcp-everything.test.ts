// Switchboard's MCP client against a server it did not write: the reference "everything" server from
// the npm package @modelcontextprotocol/server-everything, the same suite over stdio and Streamable HTTP.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { policiesFor } from '../../src/app/support-setup.ts';
import type { McpServerConfig } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import type { PolicyInput, ToolPolicyOverride } from '../../src/policy/approval-policy.ts';
import { connectMcpServers, type McpTools } from '../../src/tools/mcp/mcp-tools.ts';
import type { Tool, ToolExecutionContext } from '../../src/tools/tool.ts';
import { ToolRegistry } from '../../src/tools/tool-registry.ts';
import { ChildLines } from '../support/child-lines.ts';

const baseDir = fileURLToPath(new URL('../..', import.meta.url));
const timeout_ms = 20_000;
const minimalEnv = { PATH: process.env['PATH'] ?? '' };

/** The server's own bin entry, from node_modules: no npx, no network. */
function everythingBin(): string {
  const manifest = new URL(import.meta.resolve('@modelcontextprotocol/server-everything/package.json'));
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return fileURLToPath(new URL(bin['mcp-server-everything'] ?? 'dist/index.js', manifest));
}

const everything = everythingBin();

/** One way of reaching the server: the config Switchboard gets, and how to stop what was started. */
interface EverythingDeployment {
  servers: Record<string, McpServerConfig>;
  stop(): Promise<void>;
}

function context(idempotencyKey: string): ToolExecutionContext {
  return { idempotencyKey, runId: 'run-mcp-everything', projectId: 'project-mcp-everything' };
}

/** The server reads its port from PORT and logs the literal value, so it is given a free one rather than 0. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

/** It announces readiness on stderr, after `listen` succeeded; a failed start exits instead. */
function listening(child: ChildProcess, lines: ChildLines): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      if (/listening on port \d+/.test(stderr)) resolve();
    });
    void lines.exited.then(() => reject(new Error(`server-everything exited before listening.\n${lines.transcript()}`)));
  });
}

async function startHttpEverything(): Promise<EverythingDeployment> {
  const port = await freePort();
  const child = spawn(process.execPath, [everything, 'streamableHttp'], { env: { ...minimalEnv, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = new ChildLines(child);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await lines.exited;
  };
  try {
    await listening(child, lines);
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers: { everything: { url: `http://127.0.0.1:${port}/mcp`, headers: {}, timeout_ms } }, stop };
}

const deployments: Record<string, () => Promise<EverythingDeployment>> = {
  stdio: async () => ({
    servers: { everything: { command: 'node', args: [everything, 'stdio'], env: {}, timeout_ms } },
    stop: async () => undefined,
  }),
  'Streamable HTTP': startHttpEverything,
};

function toolNamed(tools: McpTools, name: string): Tool {
  const tool = tools.tools.find((candidate) => candidate.name === name);
  assert.ok(tool, `no tool ${name} among ${tools.tools.map((t) => t.name).join(', ')}`);
  return tool;
}

/** The policies a configuration with these servers and `tools:` entries gets, validated as at start. */
function policiesWith(servers: Record<string, McpServerConfig>, tools: Record<string, ToolPolicyOverride>, mcp: McpTools) {
  const config = parseConfig(stringify({ mcp_servers: servers, tools }), { source: 'everything.yaml', baseDir });
  return policiesFor(config, new ToolRegistry(mcp.tools));
}

const noSession: PolicyInput = { args: {}, session: {}, run: { money_out_cents: 0 } };

for (const [transport, deploy] of Object.entries(deployments)) {
  describe(`server-everything over ${transport}`, () => {
    let deployment: EverythingDeployment | undefined;
    let mcp: McpTools | undefined;
    const tool = (name: string) => toolNamed(mcp!, name);

    before(async () => {
      deployment = await deploy();
      mcp = await connectMcpServers(deployment.servers, { baseDir, env: minimalEnv });
    });

    after(async () => {
      await mcp?.close();
      await deployment?.stop();
    });

    it('lists its tools as everything__<tool>', () => {
      const names = mcp!.tools.map((t) => t.name);
      assert.ok(names.every((name) => name.startsWith('everything__')), names.join(', '));
      for (const name of ['echo', 'get-sum', 'get-structured-content', 'toggle-simulated-logging', 'gzip-file-as-resource']) assert.ok(names.includes(`everything__${name}`), `everything__${name} among ${names.join(', ')}`);
      assert.equal(tool('everything__echo').description, 'Echoes back the input string');
    });

    it('echoes the message through the tool interface', async () => {
      assert.deepEqual(await tool('everything__echo').execute({ message: 'order 10234 is late' }, context('echo-1')), { text: 'Echo: order 10234 is late' });
    });

    it('returns structured content as the value', async () => {
      const weather = await tool('everything__get-structured-content').execute({ location: 'Chicago' }, context('weather-1'));
      assert.deepEqual(Object.keys(weather as object).toSorted(), ['conditions', 'humidity', 'temperature']);
    });

    it("checks arguments against the server's input schema", () => {
      const echo = tool('everything__echo').input;
      assert.equal(echo.safeParse({ message: 'hi' }).success, true);
      assert.equal(echo.safeParse({}).success, false, 'message is required');
      assert.equal(echo.safeParse({ message: 42 }).success, false);
      assert.equal(tool('everything__get-sum').input.safeParse({ a: 1, b: 'two' }).success, false);
    });

    // The server's annotations, as declared in 2026.8.31: echo {readOnlyHint: true}; the toggles and
    // gzip-file-as-resource {readOnlyHint: false, destructiveHint: false}. None of its tools is destructive.
    it('takes the risk tier and the default approval from the annotations the server declares', () => {
      assert.equal(tool('everything__echo').risk, 'read');
      assert.equal(tool('everything__echo').approvalRule, 'never');
      assert.equal(tool('everything__get-sum').risk, 'read');
      assert.equal(tool('everything__toggle-simulated-logging').risk, 'write');
      assert.equal(tool('everything__toggle-simulated-logging').approvalRule, 'never');
      assert.equal(tool('everything__gzip-file-as-resource').risk, 'write');
    });

    it('lets the configuration make a tool stricter', () => {
      const policies = policiesWith(deployment!.servers, { everything__echo: { risk: 'destructive' }, 'everything__gzip-file-as-resource': { risk: 'money' } }, mcp!);
      assert.equal(policies.get('everything__echo').risk, 'destructive');
      assert.equal(policies.get('everything__echo').decide(noSession).required, true, 'a destructive tool waits for a reviewer');
      assert.equal(policies.get('everything__gzip-file-as-resource').risk, 'money');
      assert.equal(policies.get('everything__get-sum').decide(noSession).required, false, 'tools the configuration leaves alone keep their tier');
    });

    it('refuses a configuration that makes a tool laxer than the server says', () => {
      assert.throws(() => policiesWith(deployment!.servers, { 'everything__toggle-simulated-logging': { risk: 'read' } }, mcp!), {
        code: 'invalid_config',
        message: /tools\.everything__toggle-simulated-logging\.risk: the MCP server marks everything__toggle-simulated-logging as "write"; configuration can only make a tool stricter \(write or above\)/,
      });
    });
  });
}
