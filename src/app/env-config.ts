// Configuration from the environment (12-factor); `.env` is read by the CLI when present.
import { join, resolve } from 'node:path';
import { SwitchboardError } from '../domain/errors.ts';
import { defaultPoolSize, type StoreTarget } from '../store/connect.ts';

export interface EnvConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  store: StoreTarget;
  serverUrl: string | null;
  /** The CLI's credential for a server (`switchboard apikeys create`). */
  apiKey: string | null;
  leaseMs: number;
  pollMs: number;
  logLevel: string;
  /** switchboard.yaml; null means the demo configuration shipped with Switchboard. */
  configPath: string | null;
  /** Trained classifiers kept between starts. */
  cacheDir: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const dataDir = resolve(env['SWITCHBOARD_DATA_DIR'] || './data');
  const databaseUrl = env['DATABASE_URL'] || null;
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env['HOST'] || '127.0.0.1',
    dataDir,
    databaseUrl,
    store: databaseUrl ? postgresTarget(env, databaseUrl) : { kind: 'sqlite', path: join(dataDir, 'switchboard.db') },
    serverUrl: env['SWITCHBOARD_URL'] || null,
    apiKey: env['SWITCHBOARD_API_KEY'] || null,
    leaseMs: intFrom(env, 'SWITCHBOARD_LEASE_MS', 30_000),
    pollMs: intFrom(env, 'SWITCHBOARD_POLL_MS', 250),
    logLevel: env['LOG_LEVEL'] || 'info',
    configPath: env['SWITCHBOARD_CONFIG'] || null,
    cacheDir: resolve(env['SWITCHBOARD_CACHE_DIR'] || join(dataDir, 'cache')),
  };
}

function postgresTarget(env: NodeJS.ProcessEnv, url: string): StoreTarget {
  const poolSize = intFrom(env, 'DATABASE_POOL_SIZE', defaultPoolSize);
  if (poolSize < 1) throw new SwitchboardError('invalid_config', `Environment variable DATABASE_POOL_SIZE must be at least 1, got "${env['DATABASE_POOL_SIZE']}".`);
  return { kind: 'postgres', url, poolSize };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new SwitchboardError('invalid_config', `Environment variable ${name} must be a non-negative integer, got "${raw}".`);
  return value;
}
