// A route's permission, checked before its handler: 401 without credentials, 403 naming the
// permission (and the least role that has it) when the caller's role in the project lacks it.
import type { Context, MiddlewareHandler } from 'hono';
import { allows, type Principal } from '../../auth/principal.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import { leastRoleFor, type Permission } from '../../domain/roles.ts';
import { defaultProjectId } from '../../app/switchboard.ts';
import type { AppEnv } from './app-env.ts';

export function requires(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertAllowed(c, permission);
    await next();
  };
}

/** For checks that depend on the body (the chat's `approval`, an approval task's decision). */
export function assertAllowed(c: Context<AppEnv>, permission: Permission, projectId = projectOf(c)): Principal {
  const principal = c.get('principal');
  if (!principal) throw new SwitchboardError('unauthorized', 'Sign in, or send an API key as "Authorization: Bearer sbk_…".');
  if (!allows(principal, projectId, permission)) {
    throw new SwitchboardError('forbidden', `This needs the "${permission}" permission (role ${leastRoleFor(permission)} or above) in project "${projectId}".`, { permission, project: projectId });
  }
  return principal;
}

export function projectOf(c: Context<AppEnv>): string {
  return c.req.param('projectId') ?? defaultProjectId;
}

/**
 * Who an action is recorded as. A person acts as themselves; a machine's key may name the person
 * it acts for (an integration relaying a reviewer's click), else it is recorded as the key.
 */
export function actorOf(c: Context<AppEnv>, claimed?: string | null): string {
  const principal = c.get('principal');
  if (!principal) throw new SwitchboardError('unauthorized', 'Sign in, or send an API key as "Authorization: Bearer sbk_…".');
  if (principal.kind === 'api_key') return claimed ?? principal.name;
  if (claimed && claimed !== principal.name) throw new SwitchboardError('forbidden', `You are signed in as ${principal.name} and cannot act as ${claimed}.`, { permission: 'act_as' });
  return principal.name;
}
