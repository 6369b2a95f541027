// Turns the usual ways of failing to open a database into messages that say what to do.
import { SwitchboardError } from '../domain/errors.ts';
import type { StoreTarget } from './connect.ts';

const unreachable = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', '57P03']);

export function explainStoreError(error: unknown, target: StoreTarget): unknown {
  if (error instanceof SwitchboardError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (target.kind === 'postgres') {
    const where = safeOrigin(target.url);
    if (typeof code === 'string' && unreachable.has(code)) return new SwitchboardError('unavailable', `Cannot reach PostgreSQL at ${where} (${code}); start it or fix DATABASE_URL.`, undefined, { cause: error });
    if (code === '3D000') return new SwitchboardError('invalid_config', `The database in DATABASE_URL does not exist at ${where}; create it first (${reason}).`, undefined, { cause: error });
    if (code === '28P01' || code === '28000') return new SwitchboardError('invalid_config', `PostgreSQL at ${where} refused the credentials in DATABASE_URL (${reason}).`, undefined, { cause: error });
    if (code === '3F000') return new SwitchboardError('invalid_config', `The schema named in DATABASE_URL's search_path does not exist at ${where}; create it first.`, undefined, { cause: error });
  } else if (typeof code === 'string' && /^(ERR_SQLITE_ERROR|EACCES|EPERM|EROFS|ENOENT|ENOTDIR|EEXIST)$/.test(code)) {
    return new SwitchboardError('invalid_config', `Cannot open the SQLite database at ${target.path} (${reason}); check SWITCHBOARD_DATA_DIR.`, undefined, { cause: error });
  }
  return error;
}

/** Host and port only: a DATABASE_URL may carry a password. */
function safeOrigin(url: string): string {
  if (!URL.canParse(url)) return 'the configured address';
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

/** Connection-class failures (the database restarting, a failover, a dropped socket, SQLite busy): retrying later can succeed. */
const transientCodes = new Set([...unreachable, 'ECONNRESET', 'EPIPE', '57P01', '57P02', '08000', '08001', '08003', '08004', '08006', '53300', '40001', '40P01', 'SQLITE_BUSY', 'ERR_SQLITE_BUSY']);

export function isTransientStoreError(error: unknown): boolean {
  if (error instanceof SwitchboardError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && transientCodes.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection .*closed|Client has encountered a connection error|timeout exceeded when trying to connect|database is locked/i.test(message);
}
