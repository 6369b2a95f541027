// A layered drawing of a workflow graph, by hand and without a graph library: a column per rank (the
// end after everything that leads to it), each node placed level with the nodes that lead to it, and
// nodes no edge reaches (the escalation wait) in a band of their own below.
import type { GraphEdge, GraphNode, WorkflowGraph } from '../api/types.ts';
import { edgeKey } from './path-highlight.ts';
import { routeEdge, type Box, type Point } from './edge-routes.ts';
import { spreadLabels } from './label-placement.ts';
import { routeWords, wrapText } from './node-label.ts';

export interface PlacedNode extends Box {
  node: GraphNode;
  lines: string[];
}

export interface PlacedEdge {
  edge: GraphEdge;
  key: string;
  d: string;
  /** Where the label sits, and its lines; null for an edge without route keys. */
  label: { at: Point; lines: string[] } | null;
  back: boolean;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** The band of nodes drawn apart, with its caption above it. */
  apart: Box | null;
}

export const sizes = { nodeHeight: 44, rowGap: 22, columnGap: 88, margin: 24, topRoom: 36, bottomRoom: 20, apartGap: 44, charWidth: 7.4, padX: 16, minWidth: 72, labelChars: 14, edgeChars: 14 };

const pitch = sizes.nodeHeight + sizes.rowGap;

export function layoutGraph(graph: WorkflowGraph): GraphLayout {
  const columns = columnsOf(graph);
  const drawn = graph.nodes.map((node) => ({ node, lines: wrapText(node.label, sizes.labelChars) }));
  const inColumns = drawn.filter(({ node }) => columns.has(node.id));
  const centres = rowCentres(inColumns.map(({ node }) => node), columns, graph.edges);
  const xs = columnXs(inColumns, columns);
  const placed: PlacedNode[] = inColumns.map(({ node, lines }) => {
    const column = columns.get(node.id) ?? 0;
    return { node, lines, x: xs.left[column] ?? 0, y: (centres.get(node.id) ?? 0) - sizes.nodeHeight / 2, width: xs.width[column] ?? sizes.minWidth, height: sizes.nodeHeight };
  });
  const mainBottom = Math.max(sizes.topRoom, ...placed.map((p) => p.y + p.height)) + sizes.bottomRoom;
  const band = placeApart(drawn.filter(({ node }) => !columns.has(node.id)), mainBottom + sizes.apartGap);
  const nodes = [...placed, ...band.nodes];
  const width = Math.max(sizes.margin, ...nodes.map((n) => n.x + n.width), band.box ? band.box.x + band.box.width : 0) + sizes.margin;
  const height = (band.box ? band.box.y + band.box.height : mainBottom) + sizes.margin;
  return { width, height, nodes, edges: placeEdges(graph.edges, nodes), apart: band.box };
}

/** Column by rank, with the end after every node that leads to it; columns numbered without gaps. */
function columnsOf(graph: WorkflowGraph): Map<string, number> {
  const ranks = new Map(graph.nodes.filter((n) => n.rank !== null).map((n) => [n.id, n.rank ?? 0]));
  for (const node of graph.nodes) {
    if (node.kind !== 'end' || !ranks.has(node.id)) continue;
    const before = graph.edges.filter((e) => e.to === node.id && e.from !== node.id).map((e) => (ranks.get(e.from) ?? -1) + 1);
    ranks.set(node.id, Math.max(ranks.get(node.id) ?? 0, ...before));
  }
  const used = [...new Set(ranks.values())].sort((a, b) => a - b);
  return new Map([...ranks].map(([id, rank]) => [id, used.indexOf(rank)]));
}

/** Left to right, each node level with the average of the nodes before it that lead to it. */
function rowCentres(nodes: readonly GraphNode[], columns: ReadonlyMap<string, number>, edges: readonly GraphEdge[]): Map<string, number> {
  const centres = new Map<string, number>();
  const count = Math.max(0, ...columns.values()) + 1;
  for (let column = 0; column < count; column += 1) {
    const members = nodes.filter((n) => columns.get(n.id) === column);
    const wanted = members.map((n) => wantedCentre(n.id, column, columns, edges, centres));
    placeColumn(members, wanted, centres);
  }
  if (centres.size === 0) return centres;
  const top = Math.min(...centres.values()) - sizes.nodeHeight / 2;
  for (const [id, y] of centres) centres.set(id, y - top + sizes.topRoom);
  return centres;
}

function wantedCentre(id: string, column: number, columns: ReadonlyMap<string, number>, edges: readonly GraphEdge[], centres: ReadonlyMap<string, number>): number | null {
  const before = edges.filter((e) => e.to === id && (columns.get(e.from) ?? column) < column);
  return mean(before.flatMap((e) => centres.get(e.from) ?? []));
}

/** In order of wanted height, at least a row apart, the column then moved so it sits where wanted on average. */
function placeColumn(members: readonly GraphNode[], wanted: readonly (number | null)[], centres: Map<string, number>): void {
  const fallback = mean(wanted.flatMap((y) => y ?? [])) ?? 0;
  const rows = members.map((node, index) => ({ node, want: wanted[index] ?? fallback })).sort((a, b) => a.want - b.want);
  const ys: number[] = [];
  for (const { want } of rows) ys.push(Math.max(want, (ys.at(-1) ?? -Infinity) + pitch));
  const shift = (mean(rows.map((row) => row.want)) ?? 0) - (mean(ys) ?? 0);
  rows.forEach(({ node }, i) => centres.set(node.id, (ys[i] ?? 0) + shift));
}

function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

function nodeWidth(lines: readonly string[]): number {
  return Math.max(sizes.minWidth, Math.ceil(Math.max(0, ...lines.map((l) => l.length)) * sizes.charWidth + 2 * sizes.padX));
}

/** Every node of a column as wide as its widest label, so edges leave and arrive on one line. */
function columnXs(nodes: readonly { node: GraphNode; lines: string[] }[], columns: ReadonlyMap<string, number>): { left: number[]; width: number[] } {
  const width: number[] = [];
  for (const { node, lines } of nodes) {
    const column = columns.get(node.id) ?? 0;
    width[column] = Math.max(width[column] ?? 0, nodeWidth(lines));
  }
  const left: number[] = [];
  let x = sizes.margin;
  for (let column = 0; column < width.length; column += 1) {
    left[column] = x;
    x += (width[column] ?? sizes.minWidth) + sizes.columnGap;
  }
  return { left, width };
}

function placeApart(nodes: readonly { node: GraphNode; lines: string[] }[], top: number): { nodes: PlacedNode[]; box: Box | null } {
  if (nodes.length === 0) return { nodes: [], box: null };
  const inset = 14;
  let x = sizes.margin + inset;
  const placed = nodes.map(({ node, lines }) => {
    const width = nodeWidth(lines);
    const box = { node, lines, x, y: top + inset, width, height: sizes.nodeHeight };
    x += width + sizes.columnGap / 2;
    return box;
  });
  const right = Math.max(...placed.map((p) => p.x + p.width)) + inset;
  return { nodes: placed, box: { x: sizes.margin, y: top, width: right - sizes.margin, height: sizes.nodeHeight + 2 * inset } };
}

function placeEdges(edges: readonly GraphEdge[], nodes: readonly PlacedNode[]): PlacedEdge[] {
  const byId = new Map(nodes.map((n) => [n.node.id, n]));
  let lanes = 0;
  const routed = edges.flatMap((edge) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) return [];
    const route = routeEdge(from, to, edge.from === edge.to, { others: nodes, lanesBefore: lanes });
    if (route.lane) lanes += 1;
    return [{ edge, route, text: edge.label ? { spots: route.labelSpots, lines: wrapText(routeWords(edge.label), sizes.edgeChars) } : null }];
  });
  const texts = routed.flatMap(({ text }) => (text ? [text] : []));
  const spots = new Map(spreadLabels(texts, nodes).map((at, i) => [texts[i], at]));
  return routed.map(({ edge, route, text }) => {
    const at = text ? spots.get(text) : undefined;
    return { edge, key: edgeKey(edge.from, edge.to), d: route.d, label: text && at ? { at, lines: text.lines } : null, back: route.back };
  });
}
