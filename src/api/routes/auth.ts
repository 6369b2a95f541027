// Signing in and out: a session in an httpOnly, SameSite=Strict cookie plus a CSRF token the
// dashboard echoes; `me` tells a page who is signed in, with which roles and what they allow.
import { createRoute, z } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import { login, logout } from '../../auth/sessions.ts';
import { csrfTokenFor } from '../../auth/tokens.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import { permissionsByProject } from '../../auth/principal.ts';
import { permissions, roles } from '../../domain/roles.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { clearSessionCookies, setSessionCookies } from '../auth/cookies.ts';
import { errorResponses, jsonContent } from '../schemas.ts';

const LoginBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }).strict().openapi('LoginRequest');
export const MeSchema = z
  .object({
    kind: z.enum(['user', 'api_key']),
    name: z.string(),
    roles: z.record(z.string(), z.enum(roles)),
    permissions: z.record(z.string(), z.array(z.enum(permissions))).openapi({ description: "Per project, what the caller's role there allows: the permission names routes check (a 403 names the one missing)" }),
    csrf_token: z.string().nullable().openapi({ description: 'Send it as the x-csrf-token header with every change made with the session cookie' }),
  })
  .openapi('Me');

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with an email and a password; sets the session cookie',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: { 200: jsonContent(MeSchema.extend({ expires_at: z.string() }), 'Signed in'), ...errorResponses },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End the session',
  responses: { 200: jsonContent(z.object({ signed_out: z.boolean() }), 'Signed out'), ...errorResponses },
});

const meRoute = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'Who is calling: 401 without a valid session or key',
  responses: { 200: jsonContent(MeSchema, 'The caller'), ...errorResponses },
});

export function authRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const session = await login(sb.identity, email, password);
    setSessionCookies(c, session.token, session.csrfToken, session.expiresAt);
    const { kind, name, roles: granted } = session.principal;
    return c.json({ kind, name, roles: granted, permissions: permissionsByProject(granted), csrf_token: session.csrfToken, expires_at: session.expiresAt }, 200);
  });

  app.openapi(logoutRoute, async (c) => {
    const token = c.get('sessionToken');
    if (token) await logout(sb.identity, token);
    clearSessionCookies(c);
    return c.json({ signed_out: token !== null }, 200);
  });

  app.openapi(meRoute, async (c) => {
    const principal = c.get('principal');
    if (!principal) throw new SwitchboardError('unauthorized', 'Sign in, or send an API key as "Authorization: Bearer sbk_…".');
    const token = c.get('sessionToken');
    return c.json({ kind: principal.kind, name: principal.name, roles: principal.roles, permissions: permissionsByProject(principal.roles), csrf_token: token ? csrfTokenFor(token) : null }, 200);
  });
}

