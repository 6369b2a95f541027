// A content hash of what a model was asked: a replay reuses a recorded answer only when the question
// it would ask now hashes the same, so an answer is never carried over to a different prompt.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.ts';

export function promptHash(request: { system: string; prompt: string }): string {
  return createHash('sha256').update(canonicalJson({ system: request.system, prompt: request.prompt })).digest('hex').slice(0, 32);
}
