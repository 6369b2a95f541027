// Reads a V8 CPU profile (`node --cpu-prof`) and sums self time per function and per area of the
// code (a src/ folder, a package, Node's own modules, the garbage collector, idle time).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  area: string;
  ms: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time the thread was busy (not idle), which the shares are of. */
  busyMs: number;
  functions: SelfTime[];
  areas: { area: string; ms: number }[];
}

const repositoryRoot = new URL('..', import.meta.url).href;

function where(url: string, line: number): string {
  if (url === '') return 'native';
  const path = url.startsWith(repositoryRoot) ? url.slice(repositoryRoot.length) : url;
  return `${path}:${line + 1}`;
}

/** src/engine/step-commit.ts → "src/engine"; node_modules/kysely/… → "kysely"; node:… → "node:…". */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'native (V8 builtins, node:sqlite and other C++)';
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage?.[1]) return inPackage[1];
  const local = url.startsWith(repositoryRoot) ? url.slice(repositoryRoot.length) : url;
  const parts = local.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : local;
}

function selfTimes(profile: CpuProfile): Map<number, number> {
  const byNode = new Map<number, number>();
  profile.samples.forEach((node, i) => byNode.set(node, (byNode.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  return byNode;
}

export function summarizeProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const self = selfTimes(profile);
  const functions = new Map<string, SelfTime>();
  const areas = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const key = `${name} ${url}:${lineNumber}`;
    const entry = functions.get(key) ?? { name, where: where(url, lineNumber), area: areaOf(url, name), ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    areas.set(entry.area, (areas.get(entry.area) ?? 0) + ms);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const busyMs = totalMs - (areas.get('(idle)') ?? 0);
  const busy = (entry: { area: string }) => entry.area !== '(idle)';
  return {
    totalMs,
    busyMs,
    functions: [...functions.values()].filter(busy).sort((a, b) => b.ms - a.ms).slice(0, top),
    areas: [...areas].map(([area, ms]) => ({ area, ms })).filter(busy).sort((a, b) => b.ms - a.ms),
  };
}
