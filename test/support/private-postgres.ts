// A PostgreSQL server of the test's own, in a temporary directory on a free port, for tests that restart
// or crash the database: the machine's shared server is used by every other test and must stay up.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface PrivatePostgres {
  /** A DATABASE_URL for the server's `postgres` database, as the `postgres` superuser (trust). */
  readonly url: string;
  /** `fast` ends sessions and checkpoints; `immediate` kills every process, like a crash, and recovers. */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const run = promisify(execFile);
const commandTimeoutMs = 30_000;
const postgresRoot = '/usr/lib/postgresql';
const runuserCandidates = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser', '/bin/runuser'];

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinaries();
  const runuser = runuserBinary();
  const osUser = await postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-pg-'));
  chownSync(dir, osUser.uid, osUser.gid);
  const server = { bin, runuser, dir, data: join(dir, 'data'), log: join(dir, 'postgres.log') };
  try {
    await asPostgres(server, 'initdb', ['-D', server.data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const port = await freePort();
    // `-l` matters: without a log file the server keeps pg_ctl's output pipes and the call never returns.
    await asPostgres(server, 'pg_ctl', ['-D', server.data, '-l', server.log, '-o', serverOptions(port, dir), '-w', 'start']);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      restart: (mode) => asPostgres(server, 'pg_ctl', ['-D', server.data, '-l', server.log, '-m', mode, '-w', 'restart']),
      stop: () => stopAndRemove(server),
    };
  } catch (error) {
    await stopAndRemove(server);
    throw error;
  }
}

interface ServerFiles {
  bin: string;
  runuser: string;
  dir: string;
  data: string;
  log: string;
}

/** The newest installed major version's binaries; a machine without them fails loudly rather than skipping. */
function postgresBinaries(): string {
  const versions = existsSync(postgresRoot) ? readdirSync(postgresRoot).filter((name) => existsSync(join(postgresRoot, name, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(`No PostgreSQL server binaries under ${postgresRoot}/*/bin (install the postgresql package).`);
  return join(postgresRoot, newest, 'bin');
}

/** initdb and postgres refuse to run as root, so they run as the `postgres` user. */
function runuserBinary(): string {
  const found = runuserCandidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`runuser is missing (looked in ${runuserCandidates.join(', ')}); install util-linux, it runs PostgreSQL as the postgres user.`);
  return found;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'], { timeout: commandTimeoutMs })).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch (error) {
    throw new Error('There is no `postgres` OS user to run the private PostgreSQL server as.', { cause: error });
  }
}

/** Sockets in the private directory and TCP on loopback only; no fsync, since a test's data need not survive the machine. */
function serverOptions(port: number, socketDir: string): string {
  return `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`;
}

/** Runs one of the server's programs as the `postgres` user; a failure carries the server log's tail. */
async function asPostgres(server: ServerFiles, program: string, args: readonly string[]): Promise<void> {
  try {
    await run(server.runuser, ['-u', 'postgres', '--', join(server.bin, program), ...args], { cwd: server.dir, timeout: commandTimeoutMs });
  } catch (error) {
    throw new Error(`${program} ${args.join(' ')} failed: ${failureText(error)}\n${logTail(server)}`, { cause: error });
  }
}

async function stopAndRemove(server: ServerFiles): Promise<void> {
  try {
    if (existsSync(join(server.data, 'postmaster.pid'))) await asPostgres(server, 'pg_ctl', ['-D', server.data, '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(server.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port was assigned'))));
    });
  });
}

function failureText(error: unknown): string {
  const failed = error as { stderr?: unknown; message?: unknown };
  return String(failed.stderr || failed.message || error).trim();
}

function logTail(server: ServerFiles): string {
  if (!existsSync(server.log)) return '(no server log)';
  return readFileSync(server.log, 'utf8').split('\n').slice(-20).join('\n');
}
