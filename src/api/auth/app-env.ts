// The typed context every route sees: who is calling (null for a customer on the chat).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Principal } from '../../auth/principal.ts';

export type AppEnv = { Variables: { principal: Principal | null; sessionToken: string | null } };
export type SwitchboardApp = OpenAPIHono<AppEnv>;
