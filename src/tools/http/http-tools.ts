// HTTP tools declared in the configuration (`http_tools`): each call renders the request from its
// arguments, carries the engine's idempotency key unless it is read-only, and may reach only public
// addresses unless the tool allows private ones.
import { z } from 'zod';
import type { JSONSchema } from 'zod/v4/core';
import { expandEnvRecord } from '../../config/env-template.ts';
import { defineTool, type Tool, type ToolExecutionContext } from '../tool.ts';
import { addressGuard, type AddressGuard } from './address-guard.ts';
import { answerValue, exchangeFailure } from './http-answer.ts';
import { exchange, type OutgoingRequest } from './http-exchange.ts';
import { renderBody, renderUrl } from './http-template.ts';
import { isReadOnly, type HttpToolConfig } from './http-tool-config.ts';

export interface HttpToolsOptions {
  /** Fills `${NAME}` in headers; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** One tool per entry; throws `invalid_config` naming the tool and variable when a `${NAME}` is not set. */
export function createHttpTools(tools: Readonly<Record<string, HttpToolConfig>>, options: HttpToolsOptions = {}): Tool[] {
  const env = options.env ?? process.env;
  return Object.entries(tools).map(([name, config]) => httpTool(name, config, expandEnvRecord(config.headers, env, `http_tools.${name}.headers`)));
}

function httpTool(name: string, config: HttpToolConfig, headers: Readonly<Record<string, string>>): Tool {
  const guard = addressGuard(name, config.allow_private);
  return defineTool({
    name,
    description: config.description,
    risk: config.risk,
    input: z.fromJSONSchema(config.input as JSONSchema.JSONSchema) as z.ZodType<Record<string, unknown>>,
    execute: async (args, context) => call(name, config, guard, outgoing(name, config, headers, args, context)),
  });
}

async function call(name: string, config: HttpToolConfig, guard: AddressGuard, request: OutgoingRequest): Promise<unknown> {
  const signal = AbortSignal.timeout(config.timeout_ms);
  let answer;
  try {
    answer = await exchange(request, { tool: name, guard, signal });
  } catch (error) {
    throw exchangeFailure(name, error, signal);
  }
  return answerValue(name, answer, config.response);
}

function outgoing(name: string, config: HttpToolConfig, configured: Readonly<Record<string, string>>, args: Record<string, unknown>, context: ToolExecutionContext): OutgoingRequest {
  const url = renderUrl(name, config.url, args);
  if (isReadOnly(config.method)) return { url, method: config.method, configured, own: { accept: 'application/json' }, body: undefined };
  const body = JSON.stringify(config.body === undefined ? args : renderBody(config.body, args));
  return { url, method: config.method, configured, own: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': context.idempotencyKey }, body };
}
