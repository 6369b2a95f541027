// Retention on a schedule, as a worker sweep. The schedule is a row (`scheduled_jobs`), not a timer in
// memory: a worker claims a due pass by moving its `last_run_at` forward, which only one process can
// do, so however many workers run, one pass happens per interval, and a restart keeps the rhythm.
// A claimed pass then goes one batch per worker tick, so runs keep moving while it works.
import { isoAt } from '../domain/clock.ts';
import type { Logger } from '../domain/logger.ts';
import type { RetentionConfig } from '../config/config-schema.ts';
import { advancePass, isPassDone, retentionPolicy, startPass, type RetentionPass } from './retention.ts';
import type { RetentionDeps } from './run-compaction.ts';

export const retentionJobName = 'retention';

/** How often an idle worker asks whether a pass is due; the pass itself comes once per interval. */
const checkEveryMs = 60_000;

export interface RetentionScheduleDeps extends RetentionDeps {
  config: RetentionConfig;
  /** Whose claim it is, in `scheduled_jobs.last_run_by`. */
  workerId: string;
  logger: Logger;
}

export class RetentionSchedule {
  readonly #d: RetentionScheduleDeps;
  #nextCheckMs = 0;
  #pass: RetentionPass | null = null;

  constructor(deps: RetentionScheduleDeps) {
    this.#d = deps;
  }

  /** Whether the configuration asks for scheduled passes at all. */
  get enabled(): boolean {
    const { schedule_minutes, runs_after_days, outbox_delivered_after_days } = this.#d.config;
    return schedule_minutes !== null && (runs_after_days !== null || outbox_delivered_after_days !== null);
  }

  /** A worker sweep: starts a due pass or moves the current one a batch on. Resumes no run. */
  async sweep(): Promise<string[]> {
    try {
      this.#pass ??= await this.#claimDuePass();
      if (this.#pass) await this.#advance(this.#pass);
    } catch (error) {
      // A failed pass must not hold up the worker's runs; the next interval tries again.
      this.#pass = null;
      this.#d.logger.error({ err: error }, 'retention pass failed; it runs again at the next interval');
    }
    return [];
  }

  async #advance(pass: RetentionPass): Promise<void> {
    const next = await advancePass(this.#d, pass);
    this.#pass = isPassDone(next) ? null : next;
    if (isPassDone(next)) this.#d.logger.info({ retention: next.report }, 'retention pass finished');
  }

  async #claimDuePass(): Promise<RetentionPass | null> {
    const { clock, config } = this.#d;
    const nowMs = clock.now().getTime();
    if (config.schedule_minutes === null || nowMs < this.#nextCheckMs) return null;
    this.#nextCheckMs = nowMs + Math.min(checkEveryMs, config.schedule_minutes * 60_000);
    return (await this.#claim(config.schedule_minutes)) ? startPass(retentionPolicy(config, clock.now())) : null;
  }

  /** Moves the job's last run to now if it is at least one interval old; true when this process did. */
  async #claim(everyMinutes: number): Promise<boolean> {
    const { db, clock, workerId } = this.#d;
    const now = isoAt(clock);
    // A schedule seen for the first time waits one interval, so starting a server never compacts at once.
    await db.kysely.insertInto('scheduled_jobs').values({ name: retentionJobName, last_run_at: now, last_run_by: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const claimed = await db.kysely
      .updateTable('scheduled_jobs')
      .set({ last_run_at: now, last_run_by: workerId })
      .where('name', '=', retentionJobName)
      .where('last_run_at', '<=', isoAt(clock, -everyMinutes * 60_000))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }
}
