// What the identity services need: the store, the clock and ids, injected once.
import type { Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import type { Db } from '../store/connect.ts';

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
}
