// An API key written straight into a test database, for calls to a server process that need a
// reviewer's or an admin's credential.
import { withIdentityStore } from '../../src/app/switchboard.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { StoreTarget } from '../../src/store/connect.ts';

export function staffKey(store: StoreTarget, role: Role = 'admin', name = `test-${role}`): Promise<string> {
  return withIdentityStore(store, async (identity) => (await createApiKey(identity, { projectId: 'default', name, role, createdBy: 'test' })).key);
}
