// Re-walks every project's audit chain from the stored rows, so that a change made by someone who
// got past the append-only triggers is found, at the first row it touched.
import type { Selectable } from 'kysely';
import { SwitchboardError } from '../domain/errors.ts';
import { auditHash, genesisHash, type AuditEntry } from './audit-chain.ts';
import type { Db } from './connect.ts';
import { fromJson } from './json.ts';
import type { AuditLogTable } from './schema.ts';

export type AuditProblemKind = 'hash_mismatch' | 'broken_link' | 'missing_row' | 'unexpected_seq';

export interface AuditProblem {
  projectId: string;
  /** Where the chain breaks: the changed row's seq, or for a gap the first seq missing. */
  seq: number;
  /** The row the break was seen at (for a gap, the first row after it). */
  id: string;
  problem: AuditProblemKind;
  expected?: string;
  actual?: string;
}

export interface AuditChainSummary {
  projectId: string;
  rows: number;
  /** Null for an empty chain. Kept somewhere else, it also shows rows cut off the end. */
  lastHash: string | null;
  /** The first problem in this project's chain, when there is one. */
  problem?: AuditProblem;
}

export type AuditVerification =
  | { ok: true; projects: AuditChainSummary[] }
  | { ok: false; projects: AuditChainSummary[]; firstProblem: AuditProblem };

export interface VerifyOptions {
  /** Only this project's chain; unknown projects are `project_not_found`. */
  projectId?: string;
  /** Rows read per query, so a long log is never held in memory at once. */
  batchSize?: number;
}

type AuditRow = Selectable<AuditLogTable>;

/** Where a walk along one chain has got to. */
interface Walk {
  projectId: string;
  rows: number;
  expectedSeq: number;
  prevHash: string;
  lastHash: string | null;
  problem: AuditProblem | undefined;
}

const defaultBatchSize = 1000;

export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<AuditVerification> {
  const projects: AuditChainSummary[] = [];
  for (const projectId of await chainIds(db, options.projectId)) {
    projects.push(await verifyProject(db, projectId, options.batchSize ?? defaultBatchSize));
  }
  const firstProblem = projects.find((project) => project.problem)?.problem;
  return firstProblem ? { ok: false, projects, firstProblem } : { ok: true, projects };
}

/** Every project, and any project id the log names without a project row (its rows still count). */
async function chainIds(db: Db, only: string | undefined): Promise<string[]> {
  let projects = db.kysely.selectFrom('projects').select('id');
  let logged = db.kysely.selectFrom('audit_log').select('project_id as id');
  if (only !== undefined) {
    projects = projects.where('id', '=', only);
    logged = logged.where('project_id', '=', only);
  }
  const ids = (await projects.union(logged).orderBy('id').execute()).map((row) => row.id);
  if (only !== undefined && ids.length === 0) throw new SwitchboardError('project_not_found', `No project "${only}" exists and no audit entry names it.`);
  return ids;
}

async function verifyProject(db: Db, projectId: string, batchSize: number): Promise<AuditChainSummary> {
  let walk: Walk = { projectId, rows: 0, expectedSeq: 1, prevHash: genesisHash, lastHash: null, problem: undefined };
  for await (const row of chainRows(db, projectId, batchSize)) walk = advance(walk, row);
  const { rows, lastHash, problem } = walk;
  return problem ? { projectId, rows, lastHash, problem } : { projectId, rows, lastHash };
}

/** The chain in seq order, a batch at a time (keyset pagination on the project's unique seq). */
async function* chainRows(db: Db, projectId: string, batchSize: number): AsyncGenerator<AuditRow> {
  let after: number | null = null;
  for (;;) {
    let query = db.kysely.selectFrom('audit_log').selectAll().where('project_id', '=', projectId);
    if (after !== null) query = query.where('seq', '>', after);
    const batch = await query.orderBy('seq').limit(batchSize).execute();
    yield* batch;
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) return;
    after = last.seq;
  }
}

/** Counts every row; only the first problem is kept, since after it nothing further is trustworthy. */
function advance(walk: Walk, row: AuditRow): Walk {
  return {
    projectId: walk.projectId,
    rows: walk.rows + 1,
    expectedSeq: row.seq + 1,
    prevHash: row.hash,
    lastHash: row.hash,
    problem: walk.problem ?? checkRow(walk, row),
  };
}

function checkRow(walk: Walk, row: AuditRow): AuditProblem | undefined {
  const at = { projectId: walk.projectId, id: row.id };
  if (row.seq > walk.expectedSeq) return { ...at, seq: walk.expectedSeq, problem: 'missing_row', expected: String(walk.expectedSeq), actual: String(row.seq) };
  if (row.seq !== walk.expectedSeq) return { ...at, seq: row.seq, problem: 'unexpected_seq', expected: String(walk.expectedSeq), actual: String(row.seq) };
  if (row.prev_hash !== walk.prevHash) return { ...at, seq: row.seq, problem: 'broken_link', expected: walk.prevHash, actual: row.prev_hash };
  const recomputed = recomputeHash(row);
  if (recomputed !== row.hash) return { ...at, seq: row.seq, problem: 'hash_mismatch', ...(recomputed ? { expected: recomputed } : {}), actual: row.hash };
  return undefined;
}

/** The hash the row's stored columns imply; null when its data is no longer JSON at all. */
function recomputeHash(row: AuditRow): string | null {
  const entry = entryOf(row);
  return entry ? auditHash(row.prev_hash, row.seq, entry) : null;
}

function entryOf(row: AuditRow): AuditEntry | null {
  const data = parseData(row.data);
  if (data === null) return null;
  return { projectId: row.project_id, actor: row.actor, action: row.action, subjectType: row.subject_type, subjectId: row.subject_id, data, at: row.created_at };
}

/** `data` is a text column on both dialects (PostgreSQL hands it back as a string too). */
function parseData(text: string): Record<string, unknown> | null {
  try {
    return fromJson<Record<string, unknown>>(text, {});
  } catch {
    return null;
  }
}
