// The curve of one edge between two placed boxes, and where its label may sit (the curve's middle
// first, then further along either way): forward edges run from the right side of one box to the left
// side of a later one, round any box in between along a lane above or below; edges within a column
// bow out to the right; edges back to an earlier column return, offset below the way out; a node's
// edge to itself loops over its top.
export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

export interface Route {
  d: string;
  /** Where the label may go, best first. */
  labelSpots: Point[];
  back: boolean;
  /** It goes round boxes in its way along a lane. */
  lane: boolean;
}

/** Every placed box, so that a long edge goes round those in its way; lanes laid before, so that each lane runs apart. */
export interface Surroundings {
  others: readonly Box[];
  lanesBefore: number;
}

type Curve = [Point, Point, Point, Point];

const labelTs = [0.5, 0.36, 0.64, 0.22, 0.78, 0.12, 0.88];
const laneClearance = 16;
const laneSpacing = 6;
const laneBend = 22;

export function routeEdge(from: Box, to: Box, self: boolean, around: Surroundings): Route {
  if (self) return curveRoute(selfLoop(from), false, [{ x: from.x + from.width + 4, y: from.y - 18 }]);
  if (to.x >= from.x + from.width) return forwardRoute(from, to, around);
  if (to.x + to.width <= from.x) return curveRoute(backward(from, to), true);
  return curveRoute(sameColumn(from, to), false);
}

function curveRoute(curve: Curve, back: boolean, labelSpots: Point[] = labelTs.map((t) => pointAt(curve, t))): Route {
  const [a, b, c, d] = curve.map(pointText);
  return { d: `M ${a} C ${b}, ${c}, ${d}`, labelSpots, back, lane: false };
}

function forwardRoute(from: Box, to: Box, { others, lanesBefore }: Surroundings): Route {
  const direct = forward(from, to);
  const between = others.filter((box) => box.x > from.x + from.width && box.x + box.width < to.x);
  if (!between.some((box) => crosses(direct, box))) return curveRoute(direct, false);
  return laneRoute(direct[0], direct[3], laneY(direct[0], direct[3], between, laneClearance + (lanesBefore % 4) * laneSpacing));
}

function forward(from: Box, to: Box): Curve {
  const start = { x: from.x + from.width, y: centreY(from) };
  const end = { x: to.x, y: centreY(to) };
  const bend = Math.max(30, (end.x - start.x) / 2);
  return [start, { x: start.x + bend, y: start.y }, { x: end.x - bend, y: end.y }, end];
}

/** Above or below every box in the way, whichever is the shorter detour. */
function laneY(start: Point, end: Point, between: readonly Box[], clearance: number): number {
  const above = Math.min(...between.map((box) => box.y)) - clearance;
  const below = Math.max(...between.map((box) => box.y + box.height)) + clearance;
  const detour = (y: number) => Math.abs(start.y - y) + Math.abs(end.y - y);
  return detour(above) <= detour(below) ? above : below;
}

/** Bends onto the lane just after the source, runs along it, and bends off just before the target. */
function laneRoute(start: Point, end: Point, lane: number): Route {
  const onto = { x: start.x + 2 * laneBend, y: lane };
  const off = { x: end.x - 2 * laneBend, y: lane };
  const d = [
    `M ${pointText(start)}`,
    `C ${pointText({ x: start.x + laneBend, y: start.y })}, ${pointText({ x: start.x + laneBend, y: lane })}, ${pointText(onto)}`,
    `L ${pointText(off)}`,
    `C ${pointText({ x: end.x - laneBend, y: lane })}, ${pointText({ x: end.x - laneBend, y: end.y })}, ${pointText(end)}`,
  ].join(' ');
  const along = (t: number) => ({ x: onto.x + (off.x - onto.x) * t, y: lane });
  return { d, labelSpots: labelTs.map(along), back: false, lane: true };
}

/** Leaves the left side and arrives on the right side, a little below the centres the forward edges use. */
function backward(from: Box, to: Box): Curve {
  const offset = Math.min(12, from.height / 4);
  const start = { x: from.x, y: centreY(from) + offset };
  const end = { x: to.x + to.width, y: centreY(to) + offset };
  const bend = Math.max(30, (start.x - end.x) / 2);
  return [start, { x: start.x - bend, y: start.y }, { x: end.x + bend, y: end.y }, end];
}

/** Further apart, further out: nested arcs keep their labels apart. */
function sameColumn(from: Box, to: Box): Curve {
  const start = { x: from.x + from.width, y: centreY(from) };
  const end = { x: to.x + to.width, y: centreY(to) };
  const bow = Math.min(80, 24 + Math.abs(end.y - start.y) * 0.12) * (4 / 3);
  return [start, { x: start.x + bow, y: start.y }, { x: end.x + bow, y: end.y }, end];
}

function selfLoop(box: Box): Curve {
  const start = { x: box.x + box.width - 32, y: box.y };
  const end = { x: box.x + box.width, y: box.y + box.height / 3 };
  return [start, { x: start.x, y: start.y - 34 }, { x: end.x + 34, y: end.y }, end];
}

/** Whether the curve passes through the box (with a little margin), judged at points along it. */
function crosses(curve: Curve, box: Box): boolean {
  const margin = 4;
  return Array.from({ length: 33 }, (_, i) => pointAt(curve, i / 32)).some(
    ({ x, y }) => x > box.x - margin && x < box.x + box.width + margin && y > box.y - margin && y < box.y + box.height + margin,
  );
}

function pointAt([a, b, c, d]: Curve, t: number): Point {
  const u = 1 - t;
  const weights = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t] as const;
  return { x: weights[0] * a.x + weights[1] * b.x + weights[2] * c.x + weights[3] * d.x, y: weights[0] * a.y + weights[1] * b.y + weights[2] * c.y + weights[3] * d.y };
}

function centreY(box: Box): number {
  return box.y + box.height / 2;
}

function pointText({ x, y }: Point): string {
  return `${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10}`;
}
