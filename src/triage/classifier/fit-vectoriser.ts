// Builds the vocabularies from the training messages: the features seen in enough messages, each
// with its smoothed inverse document frequency.
import { charGrams, wordGrams } from './text-features.ts';
import { Vectoriser, type VectoriserOptions, type VocabularyView } from './vectoriser.ts';

export function fitVectoriser(documents: readonly (readonly string[])[], options: VectoriserOptions): Vectoriser {
  const words = fitVocabulary(documents.map(wordGrams), options.minDocumentFrequency, options.viewWeights.words);
  // Words repeat far more than messages do: take each distinct word's n-grams once.
  const gramsOfToken = new Map<string, string[]>();
  const tokenGrams = (token: string) => gramsOfToken.get(token) ?? gramsOfToken.set(token, charGrams(token)).get(token) ?? [];
  const chars = fitVocabulary(
    documents.map((tokens) => tokens.flatMap(tokenGrams)),
    options.minDocumentFrequency,
    options.viewWeights.chars,
  );
  return new Vectoriser({ words, chars });
}

function fitVocabulary(documents: readonly (readonly string[])[], minDocumentFrequency: number, weight: number): VocabularyView {
  const frequency = new Map<string, number>();
  for (const grams of documents) for (const gram of new Set(grams)) frequency.set(gram, (frequency.get(gram) ?? 0) + 1);
  const terms = [...frequency.keys()].filter((t) => (frequency.get(t) ?? 0) >= minDocumentFrequency).sort();
  // Smoothed IDF, as if one extra message contained every term: no division by zero, no negative weight.
  const idf = Float32Array.from(terms, (t) => Math.log((1 + documents.length) / (1 + (frequency.get(t) ?? 0))) + 1);
  return { terms, idf, weight };
}

