// One MCP server's connection: started with Switchboard, restarted once on the next request after it
// is lost (a crashed stdio process, an unreachable endpoint), closed with Switchboard.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool as McpToolInfo } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../../config/config-schema.ts';
import { mcpClosedFailure, mcpRequestFailure, mcpRestartFailure, mcpStartupFailure } from './mcp-errors.ts';
import { createMcpTransport, type McpTransport, type McpTransportOptions } from './mcp-transport.ts';

export type { McpToolInfo };
/** What `tools/call` answers: a result with content, or the `toolResult` of servers on protocol 2024-10-07. */
export type McpCallResult = Awaited<ReturnType<Client['callTool']>>;
export type McpConnectionOptions = McpTransportOptions;

interface Session {
  readonly client: Client;
  readonly transport: McpTransport;
  lost: boolean;
}

const clientInfo = { name: 'switchboard', version: '0.1.0' };

export class McpConnection {
  readonly server: string;
  readonly #config: McpServerConfig;
  readonly #options: McpConnectionOptions;
  #session: Session;
  #restarting: Promise<Session> | undefined;
  #closed = false;

  private constructor(server: string, config: McpServerConfig, options: McpConnectionOptions, session: Session) {
    this.server = server;
    this.#config = config;
    this.#options = options;
    this.#session = session;
  }

  /** Starts the server (or reaches the endpoint) and completes MCP's handshake; `invalid_config` if it cannot. */
  static async open(server: string, config: McpServerConfig, options: McpConnectionOptions): Promise<McpConnection> {
    return new McpConnection(server, config, options, await startSession(server, config, options));
  }

  /** The stdio server's process id; null over HTTP or once the process is gone. */
  get pid(): number | null {
    return this.#session.transport.pid();
  }

  /** False once the connection is lost (until the next request restarts it) or closed. */
  get isOpen(): boolean {
    return !this.#closed && !this.#session.lost;
  }

  async listTools(): Promise<McpToolInfo[]> {
    return this.#request('tools/list', (client) => listAllTools(client, this.#config.timeout_ms));
  }

  /** Calls a tool, passing the idempotency key in `_meta` for the server to deduplicate by. */
  async callTool(name: string, args: Record<string, unknown>, idempotencyKey: string, timeoutMs: number): Promise<McpCallResult> {
    return this.#request(`tool ${name}`, (client) => client.callTool({ name, arguments: args, _meta: { idempotencyKey } }, undefined, { timeout: timeoutMs }));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#restarting?.catch(() => undefined);
    await closeSession(this.#session);
  }

  async #request<T>(what: string, send: (client: Client) => Promise<T>): Promise<T> {
    const session = await this.#liveSession();
    try {
      return await send(session.client);
    } catch (error) {
      const failure = mcpRequestFailure(this.server, what, error);
      if (failure.code === 'unavailable') session.lost = true;
      throw failure;
    }
  }

  async #liveSession(): Promise<Session> {
    if (this.#closed) throw mcpClosedFailure(this.server);
    if (!this.#session.lost) return this.#session;
    this.#restarting ??= this.#restart().finally(() => (this.#restarting = undefined));
    return this.#restarting;
  }

  async #restart(): Promise<Session> {
    this.#options.logger.warn({ mcp_server: this.server }, 'The MCP server connection was lost; restarting it');
    await closeSession(this.#session);
    const session = await startSession(this.server, this.#config, this.#options).catch((error: unknown) => {
      throw mcpRestartFailure(this.server, error);
    });
    if (!this.#closed) return (this.#session = session);
    await closeSession(session);
    throw mcpClosedFailure(this.server);
  }
}

async function startSession(server: string, config: McpServerConfig, options: McpConnectionOptions): Promise<Session> {
  const transport = createMcpTransport(server, config, options);
  const client = new Client(clientInfo);
  const session: Session = { client, transport, lost: false };
  client.onclose = () => (session.lost = true);
  try {
    await client.connect(transport.transport, { timeout: config.timeout_ms });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mcpStartupFailure(server, config, error, transport.stderrTail());
  }
  return session;
}

async function closeSession(session: Session): Promise<void> {
  session.lost = true;
  await session.client.close().catch(() => undefined);
}

/** Every tool, following the server's pagination cursors. */
async function listAllTools(client: Client, timeout: number): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}
