// Edge labels that do not cover each other or a node: each label, in turn, takes the first free
// spot along its edge (the middle first), nudged up or down a little if need be; where no spot is
// free, the one it covers least of.
import type { Box, Point } from './edge-routes.ts';

export interface EdgeLabelText {
  /** Where it may go along its edge, best first. */
  spots: readonly Point[];
  lines: string[];
}

export const labelLine = { height: 12, charWidth: 6 };

const nudges = [0, 0.5, -0.5, 1, -1].map((n) => n * labelLine.height);

export function spreadLabels(labels: readonly EdgeLabelText[], obstacles: readonly Box[]): Point[] {
  const taken: Box[] = [...obstacles];
  return labels.map(({ spots, lines }) => {
    const candidates = spots.flatMap((spot) => nudges.map((dy) => ({ x: spot.x, y: spot.y + dy })));
    const covered = candidates.map((at) => taken.reduce((sum, box) => sum + overlapArea(box, labelBox(at, lines)), 0));
    const at = candidates[covered.indexOf(Math.min(...covered))] ?? { x: 0, y: 0 };
    taken.push(labelBox(at, lines));
    return at;
  });
}

function labelBox(at: Point, lines: readonly string[]): Box {
  const width = Math.max(...lines.map((line) => line.length)) * labelLine.charWidth + 4;
  const height = lines.length * labelLine.height + 2;
  return { x: at.x - width / 2, y: at.y - height / 2, width, height };
}

function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}
