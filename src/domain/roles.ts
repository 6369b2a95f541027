// Who may do what: four roles per project, each a superset of the one below, and the permissions
// routes ask for. The table is the one place a permission is granted.

export const roles = ['viewer', 'agent', 'reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'tickets.read',
  'tasks.read',
  'tasks.create',
  'tasks.claim',
  /** Resolve a task that is not an approval (a handoff, data entry, a review). */
  'tasks.resolve',
  /** Approve or reject: approval tasks and the chat's `approval` field. */
  'tasks.decide',
  'tasks.assign',
  'tasks.cancel',
  'tickets.reply',
  /** Give a ticket to a person (or to nobody). */
  'tickets.assign',
  'users.manage',
  'apikeys.manage',
  'audit.read',
  /** See the outbound webhook endpoints and turn one back on after a 410 Gone. */
  'webhooks.manage',
  /** See outbox deliveries and send dead letters again. */
  'outbox.manage',
  /** Replay recorded tickets against a changed configuration (what-if, in shadow mode). */
  'replay.run',
] as const;
export type Permission = (typeof permissions)[number];

const granted: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['tickets.read', 'tasks.read'],
  agent: ['tickets.read', 'tasks.read', 'tasks.create', 'tasks.claim', 'tasks.resolve', 'tickets.reply', 'tickets.assign'],
  reviewer: ['tickets.read', 'tasks.read', 'tasks.create', 'tasks.claim', 'tasks.resolve', 'tickets.reply', 'tickets.assign', 'tasks.decide', 'tasks.assign', 'tasks.cancel', 'replay.run'],
  admin: permissions,
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return granted[role].includes(permission);
}

/** What a role may do, in the table's order: what the dashboard shows or hides actions by. */
export function permissionsOf(role: Role): readonly Permission[] {
  return granted[role];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** The least role holding a permission: what a 403 tells the caller to ask for. */
export function leastRoleFor(permission: Permission): Role {
  return roles.find((role) => roleAllows(role, permission)) ?? 'admin';
}
