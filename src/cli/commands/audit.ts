// `switchboard audit verify`: re-checks the audit log's hash chains in the database, so an operator
// (or a cron job) learns that history was rewritten, and at which row.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { SwitchboardError } from '../../domain/errors.ts';
import { verifyAuditChain, type AuditChainSummary, type AuditProblem, type AuditVerification } from '../../store/audit-verify.ts';
import { openDatabase, type Db, type StoreTarget } from '../../store/connect.ts';
import { explainStoreError } from '../../store/store-errors.ts';
import { loadConfig } from '../context.ts';
import { formatFailure } from '../failure.ts';
import { inert, printJson, printLines } from '../output.ts';
import { jsonOption } from '../shared-options.ts';

interface VerifyOptions {
  project?: string;
  json?: boolean;
}

/** Not a SwitchboardError code: tampering is found by this command only, never by the API. */
const tamperedCode = 'audit_tampered';
const shownHashLength = 12;

const helpAfter = `
Reads the database directly (DATABASE_URL, else SQLite under SWITCHBOARD_DATA_DIR); SWITCHBOARD_URL is
ignored. Exits 0 when every chain is intact; otherwise exits 1 with one line on stderr naming the
first row that was changed, removed or renumbered.`;

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('Check the audit log');
  audit
    .command('verify')
    .description("Recompute every project's audit hash chain and report the first tampered row")
    .option('--project <id>', 'only this project (default: every project)')
    .addOption(jsonOption())
    .addHelpText('after', helpAfter)
    .action(verify);
}

async function verify(options: VerifyOptions): Promise<void> {
  const { store } = loadConfig();
  const result = await withDatabase(store, (db) => verifyAuditChain(db, options.project === undefined ? {} : { projectId: options.project }));
  if (options.json) printJson(result);
  else printLines(result.projects.length === 0 ? ['audit log empty: no projects yet'] : result.projects.map(chainLine));
  if (!result.ok) reportTampering(result);
}

/** Prints the failure line the way every CLI failure looks, with its own code, and fails the process. */
function reportTampering(result: Extract<AuditVerification, { ok: false }>): void {
  const failure = { message: tamperedMessage(result.firstProblem), code: tamperedCode, exitCode: 1 };
  process.stderr.write(`${formatFailure(failure)}\n`);
  process.exitCode = failure.exitCode;
}

async function withDatabase<T>(store: StoreTarget, use: (db: Db) => Promise<T>): Promise<T> {
  // Verifying must not leave an empty database behind where the operator mistyped the path.
  if (store.kind === 'sqlite' && !existsSync(store.path)) {
    throw new SwitchboardError('invalid_config', `No database at ${store.path}; point SWITCHBOARD_DATA_DIR (or DATABASE_URL) at the one the server uses.`);
  }
  try {
    const db = openDatabase(store);
    try {
      return await use(db);
    } finally {
      await db.close().catch(() => undefined);
    }
  } catch (error) {
    throw explainVerifyError(error, store);
  }
}

function explainVerifyError(error: unknown, store: StoreTarget): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === '42P01' || /no such table: audit_log/.test(message)) {
    return new SwitchboardError('invalid_config', 'This database has no audit log yet; run "switchboard migrate" first, or check DATABASE_URL / SWITCHBOARD_DATA_DIR.', undefined, { cause: error });
  }
  return explainStoreError(error, store);
}

function chainLine(chain: AuditChainSummary): string {
  const project = inert(chain.projectId);
  if (chain.problem) return `audit chain broken: ${project} at seq ${chain.problem.seq} (${chain.problem.problem})`;
  const rows = `${chain.rows.toLocaleString('en-US')} ${chain.rows === 1 ? 'row' : 'rows'}`;
  return chain.lastHash === null ? `audit chain intact: ${project} ${rows}` : `audit chain intact: ${project} ${rows} (last hash ${chain.lastHash.slice(0, shownHashLength)}…)`;
}

function tamperedMessage(problem: AuditProblem): string {
  return `audit chain broken in project ${problem.projectId} at seq ${problem.seq} (row ${problem.id}): ${explanation(problem)}`;
}

function explanation(problem: AuditProblem): string {
  switch (problem.problem) {
    case 'hash_mismatch':
      return 'hash mismatch — the row was changed after it was written';
    case 'broken_link':
      return 'broken link — its prev_hash is not the hash of the row before it, so a row was replaced';
    case 'missing_row':
      return `missing row — no row has seq ${problem.seq}, the chain goes on at seq ${problem.actual ?? '?'}; a row was deleted`;
    case 'unexpected_seq':
      return `unexpected seq — seq ${problem.expected ?? '?'} was due; a row was renumbered or inserted`;
  }
}
