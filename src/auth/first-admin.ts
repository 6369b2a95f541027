// The first start of an empty installation creates an admin: from SWITCHBOARD_ADMIN_EMAIL and
// SWITCHBOARD_ADMIN_PASSWORD when set, otherwise with a generated password printed once.
import type { IdentityDeps } from './identity-deps.ts';
import { countUsers, createUser } from './users.ts';

export interface FirstAdmin {
  email: string;
  /** Null when the password came from the environment (it is not printed). */
  generatedPassword: string | null;
}

export async function ensureFirstAdmin(deps: IdentityDeps, projectId: string, env: NodeJS.ProcessEnv): Promise<FirstAdmin | null> {
  if ((await countUsers(deps)) > 0) return null;
  const email = env['SWITCHBOARD_ADMIN_EMAIL']?.trim() || 'admin@localhost';
  const fromEnv = env['SWITCHBOARD_ADMIN_PASSWORD'] || undefined;
  try {
    const { password } = await createUser(deps, { email, name: 'Administrator', role: 'admin', projectId, ...(fromEnv ? { password: fromEnv } : {}) });
    return { email, generatedPassword: fromEnv ? null : password };
  } catch (error) {
    // Several processes starting at once: one of them created the admin, which is all that matters.
    if ((await countUsers(deps)) > 0) return null;
    throw error;
  }
}
