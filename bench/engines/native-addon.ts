// LangGraph's SQLite saver loads better-sqlite3, a native addon. `npm ci` builds it for the Node.js
// that runs npm, which need not be the one the benchmark runs on (this project brings its own): when
// it does not load, it is rebuilt from the running Node's own headers, which its install ships: next
// to its binary, or, when npm's `node` package copied the binary out, in that package's platform package.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function ensureBetterSqlite3(log: (line: string) => void): void {
  if (loads()) return;
  const installed = dirname(dirname(realpathSync(process.execPath)));
  const candidates = [installed, join(installed, 'node_modules', `node-${process.platform}-${process.arch}`)];
  const nodedir = candidates.find((dir) => existsSync(join(dir, 'include', 'node', 'node_api.h')));
  if (!nodedir) throw new Error(`better-sqlite3 does not load in Node ${process.version}, and none of ${candidates.join(', ')} has headers to rebuild it with.`);
  log(`engines: rebuilding better-sqlite3 for Node ${process.version} (npm rebuild better-sqlite3 --nodedir=${nodedir})`);
  const rebuilt = spawnSync('npm', ['rebuild', 'better-sqlite3', `--nodedir=${nodedir}`], { stdio: 'inherit' });
  if (rebuilt.status !== 0 || !loads()) throw new Error('Rebuilding better-sqlite3 failed; LangGraph\'s SQLite side cannot run.');
}

function loads(): boolean {
  return spawnSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close()"], { stdio: 'ignore' }).status === 0;
}
