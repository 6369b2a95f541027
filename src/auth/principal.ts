// Who is calling: a signed-in person, an API key, or nobody (a customer on the chat).
import { permissionsOf, roleAllows, type Permission, type Role } from '../domain/roles.ts';

export interface Principal {
  readonly kind: 'user' | 'api_key';
  readonly id: string;
  /** How decisions and the audit log name them: the user's email, or `key:<name>`. */
  readonly name: string;
  /** Role per project id. */
  readonly roles: Readonly<Record<string, Role>>;
}

/** Own keys only: a project id such as "__proto__" or "constructor" names no role. */
export function roleIn(principal: Principal, projectId: string): Role | null {
  return Object.hasOwn(principal.roles, projectId) ? (principal.roles[projectId] ?? null) : null;
}

export function allows(principal: Principal | null, projectId: string, permission: Permission): boolean {
  const role = principal ? roleIn(principal, projectId) : null;
  return role !== null && roleAllows(role, permission);
}

/** Per project, what the role there allows: what a sign-in answer tells the dashboard. */
export function permissionsByProject(roles: Principal['roles']): Record<string, Permission[]> {
  return Object.fromEntries(Object.entries(roles).map(([projectId, role]) => [projectId, [...permissionsOf(role)]]));
}
