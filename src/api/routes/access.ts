// Who may use a project: its users with their roles, and its API keys (shown once at creation).
// Admins only.
import { createRoute, z } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../auth/api-keys.ts';
import { createUser, listUsers } from '../../auth/users.ts';
import { roles } from '../../domain/roles.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { actorOf, requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

const ApiKeySchema = z
  .object({ id: z.string(), project_id: z.string(), name: z.string(), role: z.enum(roles), prefix: z.string(), created_by: z.string(), created_at: z.string(), expires_at: z.string().nullable(), last_used_at: z.string().nullable(), revoked: z.boolean() })
  .openapi('ApiKey');
const UserSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), roles: z.record(z.string(), z.enum(roles)), created_at: z.string(), disabled: z.boolean() }).openapi('User');
const NewApiKeyBody = z.object({ name: z.string().trim().min(1).max(100), role: z.enum(roles), expires_at: z.iso.datetime({ offset: true }).optional() }).strict().openapi('NewApiKey');
const NewUserBody = z.object({ email: z.email().max(320), name: z.string().trim().min(1).max(200).optional(), role: z.enum(roles), password: z.string().min(12).max(1024).optional() }).strict().openapi('NewUser');
const KeyParams = ProjectParam.extend({ keyId: z.string().min(1).max(100).openapi({ param: { name: 'keyId', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const listKeys = createRoute({ middleware: [requires('apikeys.manage')] as const, method: 'get', path: '/api/projects/{projectId}/api-keys', tags: ['access'], summary: 'API keys (never the keys themselves)', request: { params: ProjectParam }, responses: { 200: jsonContent(z.object({ api_keys: z.array(ApiKeySchema) }), 'Keys'), ...errorResponses } });
const createKey = createRoute({ middleware: [requires('apikeys.manage')] as const, method: 'post', path: '/api/projects/{projectId}/api-keys', tags: ['access'], summary: 'Create an API key; the key is in this answer only', request: { params: ProjectParam, ...json(NewApiKeyBody) }, responses: { 201: jsonContent(ApiKeySchema.extend({ key: z.string() }), 'The key, shown once'), ...errorResponses } });
const revokeKey = createRoute({ middleware: [requires('apikeys.manage')] as const, method: 'post', path: '/api/projects/{projectId}/api-keys/{keyId}/revoke', tags: ['access'], summary: 'Revoke an API key at once', request: { params: KeyParams }, responses: { 200: jsonContent(ApiKeySchema, 'The revoked key'), ...errorResponses } });
const listMembers = createRoute({ middleware: [requires('users.manage')] as const, method: 'get', path: '/api/projects/{projectId}/users', tags: ['access'], summary: 'People with a role in the project', request: { params: ProjectParam }, responses: { 200: jsonContent(z.object({ users: z.array(UserSchema) }), 'Users'), ...errorResponses } });
const addMember = createRoute({ middleware: [requires('users.manage')] as const, method: 'post', path: '/api/projects/{projectId}/users', tags: ['access'], summary: 'Add a person with a role; a generated password is in this answer only', request: { params: ProjectParam, ...json(NewUserBody) }, responses: { 201: jsonContent(z.object({ user: UserSchema, password: z.string().nullable() }), 'The user'), ...errorResponses } });

export function accessRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(listKeys, async (c) => c.json({ api_keys: await listApiKeys(sb.identity, c.req.valid('param').projectId) }, 200));
  app.openapi(createKey, async (c) => {
    const { projectId } = c.req.valid('param');
    const input = c.req.valid('json');
    const { key, view } = await createApiKey(sb.identity, { projectId, name: input.name, role: input.role, createdBy: actorOf(c), expiresAt: input.expires_at ?? null });
    return c.json({ ...view, key }, 201);
  });
  app.openapi(revokeKey, async (c) => {
    const { projectId, keyId } = c.req.valid('param');
    return c.json(await revokeApiKey(sb.identity, projectId, keyId), 200);
  });
  app.openapi(listMembers, async (c) => c.json({ users: await listUsers(sb.identity, c.req.valid('param').projectId) }, 200));
  app.openapi(addMember, async (c) => {
    const { projectId } = c.req.valid('param');
    const input = c.req.valid('json');
    const { user, password } = await createUser(sb.identity, { email: input.email, role: input.role, projectId, ...(input.name ? { name: input.name } : {}), ...(input.password ? { password: input.password } : {}) });
    return c.json({ user, password: input.password ? null : password }, 201);
  });
}
