// Splits the training messages into folds that keep each intent's share, so every message can be
// scored by a model that never saw it (out-of-fold), from the training data alone.
import { seededRandom, shuffleInPlace } from './random.ts';

/** fold[i] is the fold that holds message i out. */
export function stratifiedFolds(targets: Int32Array, folds: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const assignment = new Int32Array(targets.length);
  let next = 0;
  for (const members of groupByTarget(targets)) {
    shuffleInPlace(members, random);
    // Continue the round-robin across intents, so small intents do not all start in fold 0.
    for (const index of members) assignment[index] = next++ % folds;
  }
  return assignment;
}

export function rowsWhere(assignment: Int32Array, keep: (fold: number) => boolean): Int32Array {
  const rows: number[] = [];
  assignment.forEach((fold, index) => {
    if (keep(fold)) rows.push(index);
  });
  return Int32Array.from(rows);
}

function groupByTarget(targets: Int32Array): Int32Array[] {
  const groups = new Map<number, number[]>();
  targets.forEach((target, index) => {
    const members = groups.get(target);
    if (members) members.push(index);
    else groups.set(target, [index]);
  });
  return [...groups.keys()].sort((a, b) => a - b).map((target) => Int32Array.from(groups.get(target) ?? []));
}
