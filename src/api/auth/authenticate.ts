// Resolves the caller once per request: an API key in `Authorization: Bearer`, else the session
// cookie, else nobody. A cookie-authenticated change must carry the CSRF header; a bad key is a 401
// (it never falls back to anonymous), and no answer says which part of a credential was wrong.
import type { MiddlewareHandler } from 'hono';
import { apiKeyPrincipal } from '../../auth/api-keys.ts';
import type { IdentityDeps } from '../../auth/identity-deps.ts';
import type { Principal } from '../../auth/principal.ts';
import { sessionPrincipal } from '../../auth/sessions.ts';
import { csrfTokenFor } from '../../auth/tokens.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import type { AppEnv } from './app-env.ts';
import { csrfHeader, sessionTokenOf } from './cookies.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One-click links (`/actions/…`) and chat callbacks (`/hooks/…`) carry their own proof: a single-use
 * token or a signature. A session cookie sent along (a reviewer signed in in the same browser) must
 * neither count nor demand a CSRF header the link's form cannot send.
 */
export function isSelfAuthenticatingPath(path: string): boolean {
  return path.startsWith('/actions/') || path.startsWith('/hooks/');
}

export function authenticate(deps: IdentityDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isSelfAuthenticatingPath(c.req.path)) {
      c.set('principal', null);
      c.set('sessionToken', null);
      return next();
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = bearer ? null : sessionTokenOf(c);
    const principal = bearer ? await keyOrRefuse(deps, bearer) : token ? await sessionPrincipal(deps, token) : null;
    if (principal && token && !safeMethods.has(c.req.method) && c.req.header(csrfHeader) !== csrfTokenFor(token)) {
      throw new SwitchboardError('forbidden', `A change made with a session cookie needs the ${csrfHeader} header (the value of the sb_csrf cookie).`, { permission: 'csrf' });
    }
    c.set('principal', principal);
    c.set('sessionToken', principal ? token : null);
    await next();
  };
}

async function keyOrRefuse(deps: IdentityDeps, key: string): Promise<Principal> {
  const principal = await apiKeyPrincipal(deps, key);
  if (!principal) throw new SwitchboardError('unauthorized', 'Invalid credentials.');
  return principal;
}
