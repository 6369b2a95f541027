// Puts customer text in one spelling before features are taken: case, accents, apostrophes,
// contractions and numbers vary between customers without changing what they ask for.

const contractions: readonly [RegExp, string][] = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bain'?t\b/g, 'is not'],
  [/n't\b/g, ' not'],
  [/'m\b/g, ' am'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/\b(i|you|we|they)'s\b/g, '$1 is'],
];

/** Lower case, no accents, straight apostrophes, contractions spelled out, every number written as `0`. */
export function normaliseText(text: string): string {
  let result = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  for (const [pattern, replacement] of contractions) result = result.replace(pattern, replacement);
  return result.replace(/\d+(?:[.,]\d+)*/g, '0');
}

/** Words of letters and digits; everything else separates them. */
export function tokenise(normalised: string): string[] {
  return normalised.match(/[a-z0-9]+/g) ?? [];
}
