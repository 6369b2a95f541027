// Writes `classifier.threshold` into switchboard.yaml text as a one-token edit: the value replaced
// where it stands, or one line added to the `classifier:` block (or a new block at the end). Every
// other byte, comments included, stays as written. When the edit would change anything else, or the
// file is laid out in a way the edit does not handle, it refuses rather than guess.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseDocument, type Document, type Node } from 'yaml';
import { SwitchboardError } from '../domain/errors.ts';

export function setClassifierThreshold(text: string, threshold: number, source: string): string {
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents) || document.contents.flow) throw cannotEdit(source, threshold, 'it is not a YAML mapping without errors');
  const edited = editedText(text, document, threshold, source);
  if (!isDeepStrictEqual(parseDocument(edited).toJS(), expectedValue(document, threshold))) throw cannotEdit(source, threshold, 'the edit would change more than the threshold');
  return edited;
}

function editedText(text: string, document: Document, threshold: number, source: string): string {
  const classifier = document.get('classifier', true);
  if (classifier === undefined) return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}classifier:\n  threshold: ${threshold}\n`;
  if (!isMap(classifier) || classifier.flow || classifier.items.length === 0) throw cannotEdit(source, threshold, 'its classifier section is not a block of settings');
  const current = classifier.get('threshold', true);
  if (current !== undefined) return replaceScalar(text, current, threshold, source);
  return insertLine(text, classifier.items, threshold);
}

function replaceScalar(text: string, node: unknown, threshold: number, source: string): string {
  if (!isScalar(node) || !node.range) throw cannotEdit(source, threshold, 'its classifier.threshold is not a plain value');
  const [start, end] = node.range;
  return `${text.slice(0, start)}${threshold}${text.slice(end)}`;
}

/** After the block's last setting (and its line's comment), indented like the block's first key. */
function insertLine(text: string, items: readonly { key: unknown; value: unknown }[], threshold: number): string {
  const firstKey = items[0]?.key as Node;
  const lastNode = (items.at(-1)?.value ?? items.at(-1)?.key) as Node;
  const keyStart = firstKey.range?.[0] ?? 0;
  const indent = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
  // A block value's range ends after its newline, a scalar's at its last character.
  const lineEnd = text.indexOf('\n', Math.max(0, (lastNode.range?.[1] ?? text.length) - 1));
  const at = lineEnd < 0 ? text.length : lineEnd + 1;
  const before = lineEnd < 0 ? `${text}\n` : text.slice(0, at);
  return `${before}${' '.repeat(indent)}threshold: ${threshold}\n${text.slice(at)}`;
}

function expectedValue(document: Document, threshold: number): unknown {
  const value = document.toJS() as Record<string, unknown>;
  const classifier = value['classifier'];
  return { ...value, classifier: { ...(typeof classifier === 'object' && classifier !== null ? classifier : {}), threshold } };
}

function cannotEdit(source: string, threshold: number, reason: string): SwitchboardError {
  return new SwitchboardError('invalid_config', `Cannot write the threshold into ${source} safely (${reason}); set classifier.threshold: ${threshold} by hand.`, { source });
}
