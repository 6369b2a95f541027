// One HTTP tool declared in switchboard.yaml (`http_tools: { name: {...} }`): a request template whose
// arguments are checked against a JSON Schema, with the target host fixed by the configuration.
import { z } from 'zod';
import { riskTiers } from '../../domain/tool.ts';

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export const httpToolName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'HTTP tool names are lower_snake_case');

/** `{{arg}}` may fill the path and query, never the scheme or host: a model must not choose where a call goes. */
const urlTemplate = z
  .string()
  .regex(/^https?:\/\/[^/?#{}]+(?:[/?#].*)?$/, 'an http:// or https:// URL whose host is written out (placeholders only after the host)');

const objectSchema = z.record(z.string(), z.unknown()).refine((schema) => schema['type'] === 'object', { message: 'the arguments are an object schema (type: object)' });

const fieldPath = z.string().regex(/^[^.]+(\.[^.]+)*$/, 'a dotted path such as data.refund.id');

export const httpToolSchema = z
  .strictObject({
    description: z.string().min(1),
    risk: z.enum(riskTiers),
    method: z.enum(httpMethods).default('GET'),
    url: urlTemplate,
    /** `${NAME}` is filled from the environment at start; a missing variable stops the start. */
    headers: z.record(z.string().min(1), z.string()).default({}),
    input: objectSchema.default({ type: 'object', properties: {} }),
    /** JSON template; a string that is exactly `{{x}}` keeps x's type. Absent: the arguments themselves (not for GET/HEAD). */
    body: z.json().optional(),
    /** Output field → dotted path in the JSON answer; absent: the whole answer. */
    response: z.record(z.string().min(1), fieldPath).optional(),
    timeout_ms: z.number().int().positive().max(600_000).default(10_000),
    /** Allow loopback, private and link-local targets (services on your own network). */
    allow_private: z.boolean().default(false),
  })
  .refine((tool) => tool.body === undefined || !isReadOnly(tool.method), { message: 'GET and HEAD requests have no body', path: ['body'] });

export type HttpToolConfig = z.infer<typeof httpToolSchema>;

/** GET and HEAD change nothing, so they carry no idempotency key and no body. */
export function isReadOnly(method: HttpMethod): boolean {
  return method === 'GET' || method === 'HEAD';
}
