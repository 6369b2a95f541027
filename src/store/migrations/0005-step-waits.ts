// A step that paused its run says what for (a reviewer, the customer, a person after an escalation,
// a timer), so the trace and the path a run took tell a pause and its resumption from two visits.
import { sql, type Kysely } from 'kysely';
import { stepWaits } from '../../domain/step.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('steps')
    .addColumn('wait', 'text', (c) => c.check(sql`wait in (${sql.join(stepWaits.map((kind) => sql.lit(kind)))})`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('steps').dropColumn('wait').execute();
}
