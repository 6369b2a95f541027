// Part `profile`: where the time goes. A CPU profile (`node --cpu-prof`) of the Switchboard side of
// the sequential SQLite run, summed by self time per function and per area, and a census of what each
// engine sends PostgreSQL per refund thread (round trips and commits, which no CPU profile shows).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { markdownGrid } from './benchmarks-doc.ts';
import { writePartSection, type BenchContext } from './bench-context.ts';
import { runChild } from './child-process.ts';
import { summarizeProfile, type ProfileSummary } from './cpu-profile-summary.ts';
import { benchTempDir, removeDir } from './engines/bench-stores.ts';
import type { SideResult } from './engines/engine-side.ts';
import type { Census } from './engines/query-census.ts';
import { engineNames } from './engines/refund-engine.ts';
import { format } from './stats.ts';

export const profileSectionTitle = 'Where the time goes: profile of the hot path';

const censusThreads = 200;

async function profiledRun(threads: number): Promise<{ run: SideResult; profile: ProfileSummary }> {
  const dir = benchTempDir('profile');
  try {
    const args = ['--engine', 'switchboard', '--store', 'sqlite', '--threads', String(threads), '--concurrency', '1', '--warmup', '50'];
    const run = await runChild<SideResult>('engines/engine-side.ts', args, { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile.');
    return { run, profile: summarizeProfile(join(dir, file)) };
  } finally {
    removeDir(dir);
  }
}

export async function benchProfile(context: BenchContext): Promise<void> {
  const threads = context.sizes.threads;
  context.log(`profile: Switchboard on SQLite, ${threads} threads, under --cpu-prof`);
  const { run, profile } = await profiledRun(threads);
  const censusCount = Math.min(threads, censusThreads);
  const censuses: Census[] = [];
  for (const engine of engineNames) {
    context.log(`profile: counting ${engine}'s PostgreSQL statements over ${censusCount} threads`);
    censuses.push(await runChild<Census>('engines/query-census.ts', ['--engine', engine, '--threads', String(censusCount)]));
  }
  writePartSection(context, profileSectionTitle, [...profileLines(threads, run, profile), '', ...censusLines(censuses)]);
}

function share(ms: number, profile: ProfileSummary): string {
  return `${((ms / profile.busyMs) * 100).toFixed(1)}%`;
}

function profileLines(threads: number, run: SideResult, profile: ProfileSummary): string[] {
  const functions = profile.functions.map((f) => [`\`${f.name}\``, f.where, f.area, format.ms(f.ms), share(f.ms, profile)]);
  const areas = profile.areas.slice(0, 12).map((a) => [a.area, format.ms(a.ms), share(a.ms, profile)]);
  return [
    `The Switchboard side of the sequential SQLite run (${format.count(threads)} refund threads after the branch check and 50 warm-up threads; ${format.rate(run.threadsPerSecond)} threads/s under the profiler) in \`node --cpu-prof\`. The whole process is profiled, start-up included; ${format.ms(profile.totalMs)} in all, ${format.ms(profile.busyMs)} of it busy (not idle). Shares are of the busy time. Self time in native code (node:sqlite's \`run\`/\`all\`, where SQLite writes and fsyncs the WAL) shows under the native function's name.`,
    '',
    'Top 15 functions by self time:',
    '',
    ...markdownGrid(['Function', 'Where', 'Area', 'Self time', 'Share'], functions, 3),
    '',
    'Self time by area:',
    '',
    ...markdownGrid(['Area', 'Self time', 'Share'], areas),
  ];
}

function censusLines(censuses: readonly Census[]): string[] {
  const name = (c: Census) => (c.engine === 'switchboard' ? 'Switchboard' : 'LangGraph.js (PostgresSaver, durability "sync")');
  const rows = censuses.map((c) => [name(c), c.perThread.roundTrips.toFixed(1), c.perThread.commits.toFixed(1), c.perThread.commitsWaitingForDisk.toFixed(1)]);
  const switchboard = censuses.find((c) => c.engine === 'switchboard');
  const statements = (switchboard?.statements ?? []).slice(0, 20).map((s) => [s.perThread.toFixed(2), `\`${s.sql.replaceAll('|', '\\|')}\``]);
  return [
    `What each engine sends PostgreSQL per refund thread (start → pause, then resume → done), counted over ${censuses[0]?.threads ?? 0} threads after 10 warm-up threads. Every statement is a round trip; every transaction and every write outside one is a commit, which waits for the WAL flush unless its connection runs with \`synchronous_commit=off\` (Switchboard's commits of steps the call goes on from). LangGraph's PostgresSaver sends a checkpoint's writes on several pooled connections at once, so its round trips overlap; Switchboard's are one after another.`,
    '',
    ...markdownGrid(['Engine', 'Statements', 'Commits', 'Commits that wait for the disk'], rows),
    '',
    "Switchboard's statements per refund thread, most frequent first:",
    '',
    ...markdownGrid(['Per thread', 'Statement'], statements, 0).map((line, i) => (i === 1 ? '| ---: | --- |' : line)),
  ];
}
