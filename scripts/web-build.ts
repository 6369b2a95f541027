// Builds the dashboard (web/ → web/dist) when it is missing or older than its sources. Safe to call
// from several processes at once (npm start, two browser test files): one builds under a lock, the
// others wait for it and find the result fresh. The output appears whole, by a rename.
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const webDir = fileURLToPath(new URL('../web/', import.meta.url));
export const distDir = join(webDir, 'dist');
const lockDir = join(webDir, '.build-lock');
const sources = ['index.html', 'vite.config.ts', 'tsconfig.json', 'src'];
const lockWaitMs = 5 * 60_000;

export type BuildResult = 'built' | 'fresh';

export async function ensureWebBuilt(options: { force?: boolean } = {}): Promise<BuildResult> {
  if (!options.force && !(await isStale())) return 'fresh';
  return withLock(async () => {
    if (!options.force && !(await isStale())) return 'fresh';
    await buildWeb();
    return 'built';
  });
}

export async function isStale(): Promise<boolean> {
  const built = await mtimeOf(join(distDir, 'index.html'));
  return built === null || (await newestSource()) > built;
}

async function newestSource(): Promise<number> {
  const times = await Promise.all(sources.map((name) => newestUnder(join(webDir, name))));
  return Math.max(0, ...times);
}

async function newestUnder(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestUnder(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

async function mtimeOf(path: string): Promise<number | null> {
  return (await stat(path).catch(() => null))?.mtimeMs ?? null;
}

/** Vite builds into a fresh folder that replaces web/dist only once it is complete. */
async function buildWeb(): Promise<void> {
  const started = new Date();
  const { build } = await import('vite');
  const { default: config } = await import('../web/vite.config.ts');
  const staging = join(webDir, `.dist-${process.pid}`);
  await build({ ...config, configFile: false, logLevel: 'warn', build: { ...config.build, outDir: staging, emptyOutDir: true } });
  // Stamped with the build's start: a source saved during the build still counts as newer.
  await utimes(join(staging, 'index.html'), started, started);
  const old = join(webDir, `.dist-old-${process.pid}`);
  await rename(distDir, old).catch(() => undefined);
  await rename(staging, distDir);
  await rm(old, { recursive: true, force: true });
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + lockWaitMs;
  while (!(await tryLock())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another dashboard build (remove ${lockDir} if no build is running).`);
    await delay(250);
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** mkdir is atomic: exactly one process creates the lock. A lock whose process is gone is taken over. */
async function tryLock(): Promise<boolean> {
  try {
    await mkdir(lockDir);
    await writeFile(join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (await holderIsGone()) await rm(lockDir, { recursive: true, force: true });
    return false;
  }
}

async function holderIsGone(): Promise<boolean> {
  const pid = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''));
  if (!pid) return (Date.now() - ((await mtimeOf(lockDir)) ?? Date.now())) > 10_000;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
