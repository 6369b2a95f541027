// Labels short enough to read inside a box or beside an edge: at most two lines, split where the
// longer line is shortest, and cut with an ellipsis beyond that (the full text stays in the node's
// accessible name and tooltip).
export function wrapText(text: string, maxChars: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const whole = words.join(' ');
  if (whole.length <= maxChars || words.length < 2) return [fit(whole, maxChars)];
  let best: [string, string] = [whole, ''];
  for (let split = 1; split < words.length; split += 1) {
    const lines: [string, string] = [words.slice(0, split).join(' '), words.slice(split).join(' ')];
    if (longest(lines) < longest(best)) best = lines;
  }
  return best.map((line) => fit(line, maxChars));
}

/** An edge's route keys read as words: `offer_human_handoff` → `offer human handoff`. */
export function routeWords(label: string): string {
  return label.replaceAll('_', ' ');
}

function longest(lines: readonly string[]): number {
  return Math.max(...lines.map((line) => line.length));
}

function fit(line: string, maxChars: number): string {
  return line.length <= maxChars ? line : `${line.slice(0, maxChars - 1).trimEnd()}…`;
}
