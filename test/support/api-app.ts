// The HTTP app as the tests' callers use it: staff calls carry an API key of the given role, while a
// customer's chat messages go without credentials, as they do in production.
import { createHttpApp, type HttpAppOptions } from '../../src/api/http-app.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Role } from '../../src/domain/roles.ts';

export interface ApiApp {
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The same app without credentials (a customer, or an attacker). */
  anonymous(path: string, init?: RequestInit): Promise<Response>;
  readonly key: string;
}

export async function apiApp(sb: Switchboard, options: HttpAppOptions & { role?: Role; keyName?: string } = {}): Promise<ApiApp> {
  const app = createHttpApp(sb, options);
  const { key } = await createApiKey(sb.identity, { projectId: 'default', name: options.keyName ?? `test-${options.role ?? 'admin'}`, role: options.role ?? 'admin', createdBy: 'test' });
  const anonymous = async (path: string, init?: RequestInit) => app.request(path, init);
  const request = async (path: string, init: RequestInit = {}) => {
    if (isCustomerMessage(path, init)) return anonymous(path, init);
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${key}`);
    return app.request(path, { ...init, headers });
  };
  return { request, anonymous, key };
}

/** A chat message (not a decision) is the customer's: it carries no staff credential. */
function isCustomerMessage(path: string, init: RequestInit): boolean {
  if (!path.startsWith('/chat')) return false;
  return typeof init.body !== 'string' || !/"approval"\s*:/.test(init.body);
}
