// Liveness and readiness: ready means the database answers.
import { sql } from 'kysely';
import type { SwitchboardApp } from '../auth/app-env.ts';
import type { Switchboard } from '../../app/switchboard.ts';

export function healthRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await sql`select 1`.execute(sb.db.kysely);
      return c.json({ status: 'ready', database: sb.db.dialect.name });
    } catch {
      return c.json({ status: 'unavailable', database: sb.db.dialect.name }, 503);
    }
  });
}
