// The path a run took through its graph, from its own step records: one visit per node entered. A
// step that paused the run and the steps that resumed it are one visit, so consecutive visits are
// always an edge of the graph (or a detour through the engine's escalation wait).
import type { RunStatus } from '../domain/run.ts';
import type { StepStatus, StepWait } from '../domain/step.ts';
import { END, START } from './graph.ts';

/** `waiting`: paused here now; `running`: a worker is (or is about to be) executing it. */
export type VisitStatus = 'passed' | 'waiting' | 'running' | 'failed';

export interface PathVisit {
  node: string;
  status: VisitStatus;
  /** The steps of this visit, in order (none for the start, the end, or a node not yet executed). */
  seqs: number[];
  /** What the visit paused for, each time it did (a refund: `approval`; a callback: `customer`, `timer`). */
  waits: StepWait[];
  /** The decision of its last step. */
  decision: string | null;
}

export interface PathStep {
  seq: number;
  node: string;
  status: StepStatus;
  wait: StepWait | null;
  decision: string | null;
}

export interface RunPosition {
  status: RunStatus;
  currentNode: string | null;
}

export function runPath(run: RunPosition, steps: readonly PathStep[]): PathVisit[] {
  const visits: Visit[] = [visit(START)];
  for (const step of steps) addStep(visits, step);
  settle(visits, run);
  return visits.map(({ pausedLast: _pausedLast, ...shown }) => shown);
}

/** A visit while the path is built: whether its latest step paused the run decides what comes next. */
interface Visit extends PathVisit {
  pausedLast: boolean;
}

function visit(node: string, status: VisitStatus = 'passed'): Visit {
  return { node, status, seqs: [], waits: [], decision: null, pausedLast: false };
}

function addStep(visits: Visit[], step: PathStep): void {
  const last = visits.at(-1);
  const resumed = last?.node === step.node && last.pausedLast ? last : undefined;
  const target = resumed ?? visit(step.node);
  if (!resumed) visits.push(target);
  target.seqs.push(step.seq);
  if (step.wait) target.waits.push(step.wait);
  target.decision = step.decision;
  target.status = step.status === 'failed' ? 'failed' : 'passed';
  target.pausedLast = step.wait !== null;
}

/** The run's own state says how the last visit stands, and whether the end was reached. */
function settle(visits: Visit[], run: RunPosition): void {
  const last = visits.at(-1);
  if (run.status === 'completed') visits.push(visit(END));
  if (run.status === 'waiting' && last?.pausedLast) last.status = 'waiting';
  if ((run.status === 'running' || run.status === 'queued') && run.currentNode !== null) {
    if (last?.node === run.currentNode && last.pausedLast) last.status = 'running';
    else visits.push(visit(run.currentNode, 'running'));
  }
}
