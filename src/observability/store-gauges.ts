// The gauges read from the store at scrape time: live runs, the claimable queue, the outbox's lag and
// the inbox's age. Known label sets are written as 0 when empty, so a drained queue reads 0 instead
// of vanishing from the graphs.
import { Gauge, type Registry } from 'prom-client';
import { isoAt, type Clock } from '../domain/clock.ts';
import { priorities } from '../domain/ticket.ts';
import type { Db } from '../store/connect.ts';
import { deliveryCounts, liveRunCounts, liveRunStatuses, openTaskCounts, projectIds, queueDepth, scrapedDeliveryStatuses, type DeliveryCount, type OpenTaskCount, type RunCount } from './metric-queries.ts';

export interface StoreGaugeDeps {
  db: Db;
  clock: Clock;
  /** The registered workflows and the outbox's destinations: the label values written as 0 when empty. */
  workflows: () => readonly string[];
  destinations: () => readonly string[];
}

export class StoreGauges {
  readonly #deps: StoreGaugeDeps;
  readonly #runs: Gauge;
  readonly #queue: Gauge;
  readonly #deliveries: Gauge;
  readonly #outboxLag: Gauge;
  readonly #openTasks: Gauge;
  readonly #inboxAge: Gauge;

  constructor(registry: Registry, deps: StoreGaugeDeps) {
    this.#deps = deps;
    const gauge = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry] });
    this.#runs = gauge('switchboard_runs', 'Runs not finished, by project, workflow and status (queued, running, waiting).', ['project', 'workflow', 'status']);
    this.#queue = gauge('switchboard_queue_depth', 'Runs a worker could claim now that no worker holds: due queued runs and runs whose lease expired.', []);
    this.#deliveries = gauge('switchboard_outbox_deliveries', 'Outbox deliveries not delivered, by destination and status (pending, dead).', ['destination', 'status']);
    this.#outboxLag = gauge('switchboard_outbox_oldest_pending_age_seconds', 'Age of the oldest pending delivery per destination (0 when none is pending).', ['destination']);
    this.#openTasks = gauge('switchboard_inbox_open_tasks', 'Open human tasks (pending, assigned, in progress) by project and priority.', ['project', 'priority']);
    this.#inboxAge = gauge('switchboard_inbox_oldest_open_task_age_seconds', 'Age of the oldest open human task per project (0 when none is open).', ['project']);
  }

  async refresh(): Promise<void> {
    const { db, clock } = this.#deps;
    const now = clock.now();
    const [projects, runs, queued, tasks, deliveries] = await Promise.all([projectIds(db), liveRunCounts(db), queueDepth(db, isoAt(clock)), openTaskCounts(db), deliveryCounts(db)]);
    this.#setRuns(projects, runs);
    this.#queue.set(queued);
    this.#setInbox(projects, tasks, now);
    this.#setOutbox(deliveries, now);
  }

  #setRuns(projects: readonly string[], runs: readonly RunCount[]): void {
    this.#runs.reset();
    for (const project of projects) for (const workflow of this.#deps.workflows()) for (const status of liveRunStatuses) this.#runs.set({ project, workflow, status }, 0);
    for (const row of runs) this.#runs.set({ project: row.project_id, workflow: row.workflow, status: row.status }, row.count);
  }

  #setInbox(projects: readonly string[], tasks: readonly OpenTaskCount[], now: Date): void {
    this.#openTasks.reset();
    this.#inboxAge.reset();
    for (const project of projects) {
      for (const priority of priorities) this.#openTasks.set({ project, priority }, 0);
      this.#inboxAge.set({ project }, 0);
    }
    for (const row of tasks) this.#openTasks.set({ project: row.project_id, priority: row.priority }, row.count);
    for (const [project, oldest] of oldestBy(tasks, (row) => row.project_id)) this.#inboxAge.set({ project }, ageSeconds(oldest, now));
  }

  #setOutbox(deliveries: readonly DeliveryCount[], now: Date): void {
    this.#deliveries.reset();
    this.#outboxLag.reset();
    for (const destination of this.#deps.destinations()) {
      for (const status of scrapedDeliveryStatuses) this.#deliveries.set({ destination, status }, 0);
      this.#outboxLag.set({ destination }, 0);
    }
    for (const row of deliveries) this.#deliveries.set({ destination: row.destination, status: row.status }, row.count);
    const pending = deliveries.filter((row) => row.status === 'pending');
    for (const [destination, oldest] of oldestBy(pending, (row) => row.destination)) this.#outboxLag.set({ destination }, ageSeconds(oldest, now));
  }
}

/** The earliest `oldest` per key (ISO-8601 UTC text sorts as time). */
function oldestBy<R extends { oldest: string }>(rows: readonly R[], keyOf: (row: R) => string): Map<string, string> {
  const oldest = new Map<string, string>();
  for (const row of rows) {
    const key = keyOf(row);
    const known = oldest.get(key);
    if (known === undefined || row.oldest < known) oldest.set(key, row.oldest);
  }
  return oldest;
}

function ageSeconds(iso: string, now: Date): number {
  return Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
}
