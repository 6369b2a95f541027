// A scope for process-level tests: a fresh database, and afterwards no server left running and the
// database dropped, whether the test passed or not.
import { createTestDatabase, type DialectName, type TestDatabase } from './dialects.ts';
import { killSwitchboardProcesses } from './server-process.ts';

export async function onFreshDatabase(dialect: DialectName, use: (database: TestDatabase) => Promise<void>): Promise<void> {
  const database = await createTestDatabase(dialect);
  try {
    await use(database);
  } finally {
    await killSwitchboardProcesses();
    await database.drop();
  }
}
