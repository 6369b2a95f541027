// `${NAME}` in secret-bearing settings (MCP headers and env, HTTP tool headers, SMTP credentials) is
// filled from the environment at startup, so secrets stay out of the configuration file; a missing variable stops startup instead of sending "${NAME}".
import { SwitchboardError } from '../domain/errors.ts';

const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `value` with every `${NAME}` replaced; `where` names the setting in the error (e.g. `mcp_servers.orders.headers.Authorization`). */
export function expandEnv(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(placeholder, (_match, name: string) => {
    const replacement = env[name];
    if (replacement === undefined) throw new SwitchboardError('invalid_config', `${where} uses \${${name}}, but the environment variable ${name} is not set. Set it before starting, or write the value of ${where} in the configuration.`, { variable: name, where });
    return replacement;
  });
}

/** Every value of `record` expanded; `where` is the record's path in the configuration. */
export function expandEnvRecord(record: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv, where: string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, expandEnv(value, env, `${where}.${key}`)]));
}
