// What commands share: configuration from the environment (and `.env`), the app, a client, a logger.
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { configFromEnv, type EnvConfig } from '../app/env-config.ts';
import { createSwitchboard, type Logger, type Switchboard, type SwitchboardOptions } from '../app/switchboard.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { demoConfigPath, loadConfigFile, type LoadedConfig } from '../config/load-config.ts';
import type { StoreTarget } from '../store/connect.ts';
import type { SwitchboardClient } from './client.ts';
import { httpClient } from './http-client.ts';
import { localClient } from './local-client.ts';

export function loadConfig(): EnvConfig {
  // Variables already set in the environment win over `.env` (Node's rule), so a deployment can override it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  return configFromEnv();
}

export function openSwitchboard(config: EnvConfig, extra: Pick<SwitchboardOptions, 'logger' | 'hooks' | 'scheduleRetention' | 'rehearse'> = {}): Promise<Switchboard> {
  const support = loadSupportConfig(config);
  // Links in notifications point at this server unless the environment or the configuration names its public address.
  const publicUrl = process.env['SWITCHBOARD_PUBLIC_URL'] ?? support.file.public_url ?? `http://localhost:${config.port}`;
  return createSwitchboard({ store: config.store, leaseMs: config.leaseMs, pollMs: config.pollMs, config: support, cacheDir: config.cacheDir, publicUrl, ...extra });
}

/** SWITCHBOARD_CONFIG, or the demo configuration. */
export function loadSupportConfig(config: EnvConfig): LoadedConfig {
  return loadConfigFile(config.configPath ?? demoConfigPath);
}

/**
 * Secrets and personal data never reach the log: credentials by name wherever they appear, and the
 * customer's contact details in the events Switchboard logs. The demo's mail-to-log keeps the body
 * (that is its purpose), but not the address.
 */
export const redactedLogPaths = [
  'password', '*.password', 'token', '*.token', 'key', '*.key', 'secret', '*.secret', 'authorization', '*.authorization', 'cookie', '*.cookie',
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie',
  'email', '*.email', 'customer_email', '*.customer_email', 'customerEmail', '*.customerEmail', 'to', 'phone', '*.phone', 'callback_number', '*.callback_number',
] as const;

/** Logs go to stderr so that stdout carries only what the command prints (the listening line, test markers). */
export function createLogger(config: EnvConfig): Logger {
  const levels = [...Object.keys(pino.levels.values), 'silent'];
  if (!levels.includes(config.logLevel)) {
    throw new SwitchboardError('invalid_config', `LOG_LEVEL must be one of ${levels.join(', ')}, got "${config.logLevel}".`);
  }
  return pino({ level: config.logLevel, redact: { paths: [...redactedLogPaths], censor: '[redacted]' } }, pino.destination(2));
}

/** Runs `use` against a server when a URL is given (--url or SWITCHBOARD_URL), else against the database. */
export async function withClient<T>(config: EnvConfig, urlOption: string | undefined, use: (client: SwitchboardClient) => Promise<T>): Promise<T> {
  const url = urlOption ?? config.serverUrl;
  const client = url ? httpClient(serverBaseUrl(url), config.apiKey) : localClient(await openSwitchboard(config));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

export function describeStore(store: StoreTarget): string {
  return store.kind === 'sqlite' ? `sqlite: ${store.path}` : 'postgres';
}

function serverBaseUrl(url: string): string {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new SwitchboardError('invalid_config', `The server URL "${url}" is not an http(s) URL (from --url or SWITCHBOARD_URL).`);
  }
  return url.replace(/\/+$/, '');
}
