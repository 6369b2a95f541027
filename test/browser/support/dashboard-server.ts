// A real Switchboard server for browser tests: the dashboard built if stale (under a lock, so test
// files starting together build it once), an in-process server on a free port, and a reviewer who
// signs in with a password.
import { startHttpServer } from '../../../src/api/serve.ts';
import { createUser } from '../../../src/auth/users.ts';
import { createApiKey } from '../../../src/auth/api-keys.ts';
import type { Switchboard, SwitchboardOptions } from '../../../src/app/switchboard.ts';
import { ensureWebBuilt } from '../../../scripts/web-build.ts';
import { testSwitchboard } from '../../support/switchboard.ts';

export interface Person {
  email: string;
  password: string;
}

export interface DashboardServer {
  url: string;
  sb: Switchboard;
  reviewer: Person;
  /** A customer's message on the public chat, as the dashboard's users never send it. */
  customerSays(message: string, threadId?: string): Promise<ChatAnswer>;
  /** A staff call with an API key of its own (another reviewer, or a script). */
  staff(path: string, body?: unknown): Promise<Response>;
  /** Stops listening (the browser sees a server gone), and listens again on the same port. */
  goAway(): Promise<void>;
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

export interface ChatAnswer {
  thread_id: string;
  ticket: string;
  status: string;
  reply: string | null;
  task_id?: string;
}

export async function startDashboardServer(options: Partial<SwitchboardOptions> = {}): Promise<DashboardServer> {
  await ensureWebBuilt();
  const env = await testSwitchboard('sqlite', options);
  let server = await startHttpServer(env.sb, { port: 0, host: '127.0.0.1' });
  const url = server.url;
  let listening = true;
  const reviewer = { email: 'rita.reviewer@example.com', password: 'correct horse battery staple' };
  await createUser(env.sb.identity, { email: reviewer.email, name: 'Rita Reviewer', role: 'reviewer', projectId: 'default', password: reviewer.password });
  const { key } = await createApiKey(env.sb.identity, { projectId: 'default', name: 'other-reviewer', role: 'reviewer', createdBy: 'test' });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return {
    url,
    sb: env.sb,
    reviewer,
    customerSays: async (message, threadId) => (await (await post('/chat', { message, ...(threadId ? { thread_id: threadId } : {}) })).json()) as ChatAnswer,
    staff: (path, body) => post(path, body, { authorization: `Bearer ${key}` }),
    goAway: async () => {
      listening = false;
      await server.close();
    },
    comeBack: async () => {
      server = await startHttpServer(env.sb, { port: Number(new URL(url).port), host: '127.0.0.1' });
      listening = true;
    },
    close: async () => {
      if (listening) await server.close();
      await env.close();
    },
  };
}
