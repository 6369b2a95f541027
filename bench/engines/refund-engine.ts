// What the benchmark asks of an engine running the refund flow: start a thread (it pauses at the
// human gate or finishes), resume it with the reviewer's decision, and say what its store holds.

/** Where one engine keeps its state for one run of the benchmark. */
export type BenchStore = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; url: string };

export interface Started {
  /** The id the caller keeps to resume the thread (a run id, a thread_id). */
  id: string;
  paused: boolean;
  intent: string | null;
}

export interface RefundEngine {
  /** Runs the thread until it pauses or finishes; every step is committed when this resolves. */
  start(message: string): Promise<Started>;
  /** Hands the reviewer's decision to a paused thread and runs it to the end. */
  resume(id: string, approve: boolean): Promise<{ actionResult: string | null }>;
  /** Bytes the engine's store holds now (SQLite: database and WAL after a checkpoint; PostgreSQL: its tables). */
  storedBytes(): Promise<number>;
  /** The durability settings in force, read back from the store. */
  durability(): Promise<string>;
  close(): Promise<void>;
}

export const engineNames = ['switchboard', 'langgraph'] as const;
export type EngineName = (typeof engineNames)[number];
