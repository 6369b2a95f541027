// PostgreSQL parses and plans an unnamed statement on every call, and a named (prepared) one once per
// connection: on the engine's short statements that halves the time of each round trip. Kysely hands
// the client SQL text and parameters, so each pooled client names the statements it sees, up to a
// limit that bounds what the server keeps per session; past it, statements go unnamed as before.
//
// A prepared `select *` fails with "cached plan must not change result type" once another process's
// migration adds a column to its table. The client then forgets its names (new ones are taken, as the
// server still holds the old), and a statement outside a transaction is sent again; inside one, the
// transaction has already failed and its caller retries it like any other failed commit.
import type pg from 'pg';

export const namedStatementLimit = 500;

type Query = (...args: unknown[]) => unknown;

export function nameStatements(client: pg.Client, limit = namedStatementLimit): void {
  const query = client.query.bind(client) as Query;
  let names = new Map<string, string>();
  let generation = 0;
  let inTransaction = false;

  const nameFor = (text: string): string | undefined => {
    const known = names.get(text);
    if (known || names.size >= limit) return known;
    const name = `sb${generation}_${names.size}`;
    names.set(text, name);
    return name;
  };

  const named = async (text: string, values: unknown[]): Promise<unknown> => {
    const name = nameFor(text);
    if (!name) return query(text, values);
    try {
      return await query({ name, text, values });
    } catch (error) {
      if (!isResultTypeChange(error)) throw error;
      generation += 1;
      names = new Map();
      if (inTransaction) throw error;
      return query(text, values);
    }
  };

  const trackTransaction = (text: string): void => {
    const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
    if (verb === 'begin' || verb === 'start') inTransaction = true;
    else if (verb === 'commit' || verb === 'rollback' || verb === 'end') inTransaction = false;
  };

  const wrapped = (...args: unknown[]): unknown => {
    const [text, values, callback] = args;
    if (typeof text !== 'string') return query(...args);
    trackTransaction(text);
    // Statements without parameters (begin, commit, several at once) stay in the simple protocol.
    if (!Array.isArray(values) || values.length === 0 || callback !== undefined) return query(...args);
    return named(text, values);
  };

  client.query = wrapped as typeof client.query;
}

function isResultTypeChange(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '0A000' && /cached plan must not change result type/.test(error.message);
}
