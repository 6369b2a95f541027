// Builds a Switchboard for a test on a fresh database of the given dialect.
import type { TestContext } from 'node:test';
import { createSwitchboard, type Switchboard, type SwitchboardOptions } from '../../src/app/switchboard.ts';
import { sharedCacheDir } from './cli-process.ts';
import { inProcessDemoConfig } from './demo-config.ts';
import { createTestDatabase, type DialectName, type TestDatabase } from './dialects.ts';

export interface TestSwitchboard {
  sb: Switchboard;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function testSwitchboard(dialect: DialectName, options: Partial<SwitchboardOptions> = {}): Promise<TestSwitchboard> {
  const database = await createTestDatabase(dialect);
  let sb: Switchboard;
  try {
    sb = await createSwitchboard({ store: database.target, pollMs: 20, cacheDir: sharedCacheDir, config: inProcessDemoConfig(), ...options });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    sb,
    database,
    close: async () => {
      await sb.close();
      await database.drop();
    },
  };
}

/** A Switchboard for one test, closed (and its database dropped) when the test ends. */
export async function switchboardForTest(t: TestContext, dialect: DialectName, options: Partial<SwitchboardOptions> = {}): Promise<Switchboard> {
  const env = await testSwitchboard(dialect, options);
  t.after(() => env.close());
  return env.sb;
}
