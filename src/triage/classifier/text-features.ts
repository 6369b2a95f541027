// The raw features of a message: word 1–2-grams, and character 3–5-grams taken inside each word
// (padded with spaces, so prefixes and suffixes count), which keeps misspelt words recognisable.
import { normaliseText, tokenise } from './text-normalise.ts';

export const charGramSizes = { min: 3, max: 5 } as const;

export function tokensOf(text: string): string[] {
  return tokenise(normaliseText(text));
}

export function wordGrams(tokens: readonly string[]): string[] {
  const grams = [...tokens];
  for (let i = 1; i < tokens.length; i++) grams.push(`${tokens[i - 1]} ${tokens[i]}`);
  return grams;
}

export function charGrams(token: string): string[] {
  const padded = ` ${token} `;
  const grams: string[] = [];
  for (let size = charGramSizes.min; size <= charGramSizes.max; size++) {
    for (let start = 0; start + size <= padded.length; start++) grams.push(padded.slice(start, start + size));
    // A short word contributes itself once instead of nothing at the larger sizes.
    if (size >= padded.length) break;
  }
  return grams;
}
