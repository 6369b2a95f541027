// The session cookie is httpOnly (scripts never see it) and SameSite=Strict; the CSRF cookie is
// readable by the dashboard's script, which echoes it in a header on every change it makes.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const sessionCookie = 'sb_session';
export const csrfCookie = 'sb_csrf';
export const csrfHeader = 'x-csrf-token';

function secure(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookies(c: Context, token: string, csrfToken: string, expiresAt: string): void {
  const expires = new Date(expiresAt);
  setCookie(c, sessionCookie, token, { httpOnly: true, sameSite: 'Strict', secure: secure(c), path: '/', expires });
  setCookie(c, csrfCookie, csrfToken, { httpOnly: false, sameSite: 'Strict', secure: secure(c), path: '/', expires });
}

export function clearSessionCookies(c: Context): void {
  deleteCookie(c, sessionCookie, { path: '/' });
  deleteCookie(c, csrfCookie, { path: '/' });
}

export function sessionTokenOf(c: Context): string | null {
  return getCookie(c, sessionCookie) ?? null;
}
