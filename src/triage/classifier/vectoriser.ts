// Turns a message into a TF-IDF vector with two views side by side, each L2-normalised and then
// weighted: words (uni- and bigrams, sublinear term frequency) and characters (n-grams inside each
// word, plain term frequency). Character features are linear in the words they come from, so a
// scorer can precompute each known word's contribution instead of visiting its dozen n-grams.
import { charGrams, tokensOf, wordGrams } from './text-features.ts';
import { SparseAccumulator } from './sparse-accumulator.ts';
import { scaleToNorm, type SparseVector } from './sparse-vector.ts';

export type ViewName = 'words' | 'chars';

export interface VocabularyView {
  terms: string[];
  idf: Float32Array;
  /** How much this view counts against the other once each is normalised. */
  weight: number;
}

export type VectoriserViews = Record<ViewName, VocabularyView>;

export interface VectoriserOptions {
  /** A feature seen in fewer training messages than this is noise, and model size. */
  minDocumentFrequency: number;
  viewWeights: Record<ViewName, number>;
}

/** A known word's character n-grams: feature indices (in the full vector), each with count × IDF. */
export interface WordCharGrams {
  indices: Int32Array;
  weights: Float64Array;
}

/**
 * A message split for fast scoring. Its vector equals `words` plus `charScale` times the sum of
 * every listed known word's character grams and of `otherChars` (raw count × IDF, unscaled).
 */
export interface FactoredMessage {
  words: SparseVector;
  knownWords: number[];
  otherChars: SparseVector;
  charScale: number;
}

export class Vectoriser {
  readonly views: VectoriserViews;
  readonly dimension: number;
  /** Words whose character grams are precomputed: the single-word terms of the word view. */
  readonly knownWords: readonly string[];
  readonly #wordIndex: Map<string, number>;
  readonly #charIndex: Map<string, number>;
  readonly #knownWordIds: Map<string, number>;
  readonly #knownWordGrams: WordCharGrams[];
  /** Scratch for merging a message's character counts without building n-gram strings. */
  readonly #charTotals: SparseAccumulator;

  constructor(views: VectoriserViews) {
    this.views = views;
    this.#wordIndex = indexOf(views.words.terms, 0);
    this.#charIndex = indexOf(views.chars.terms, views.words.terms.length);
    this.dimension = views.words.terms.length + views.chars.terms.length;
    this.knownWords = views.words.terms.filter((t) => !t.includes(' '));
    this.#knownWordIds = indexOf(this.knownWords, 0);
    this.#knownWordGrams = this.knownWords.map((w) => this.#gramsOf(w));
    this.#charTotals = new SparseAccumulator(this.dimension);
  }

  knownWordGrams(id: number): WordCharGrams {
    return this.#knownWordGrams[id] as WordCharGrams;
  }

  /** The message as one vector; what the models are trained on. */
  vectoriseTokens(tokens: readonly string[]): SparseVector {
    const words = this.#wordVector(tokens);
    const { knownWords, otherChars } = this.#splitChars(tokens);
    this.#sumChars(knownWords, otherChars);
    const chars = this.#charTotals.drain(this.views.chars.weight);
    return { indices: concat(Int32Array, words.indices, chars.indices), values: concat(Float32Array, words.values, chars.values) };
  }

  /** The same vector, factored for a scorer that has each known word's character rows summed already. */
  factorise(text: string): FactoredMessage {
    const tokens = tokensOf(text);
    const { knownWords, otherChars } = this.#splitChars(tokens);
    this.#sumChars(knownWords, otherChars);
    const squares = this.#charTotals.sumOfSquaresAndClear();
    return { words: this.#wordVector(tokens), knownWords, otherChars, charScale: squares > 0 ? this.views.chars.weight / Math.sqrt(squares) : 0 };
  }

  /** Known words by id; the character n-grams of the other words as count × IDF. */
  #splitChars(tokens: readonly string[]): { knownWords: number[]; otherChars: SparseVector } {
    const knownWords: number[] = [];
    const others = new Map<number, number>();
    for (const token of tokens) {
      const id = this.#knownWordIds.get(token);
      if (id === undefined) this.#addCharCounts(token, others);
      else knownWords.push(id);
    }
    return { knownWords, otherChars: { indices: Int32Array.from(others.keys()), values: Float32Array.from(others, ([index, count]) => count * this.#charIdf(index)) } };
  }

  /** Adds the message's character n-grams (count × IDF) to the scratch totals, without building n-gram strings for known words. */
  #sumChars(knownWords: readonly number[], otherChars: SparseVector): void {
    for (const id of knownWords) {
      const grams = this.knownWordGrams(id);
      this.#charTotals.addAll(grams.indices, grams.weights);
    }
    this.#charTotals.addAll(otherChars.indices, otherChars.values);
  }

  #wordVector(tokens: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const gram of wordGrams(tokens)) {
      const index = this.#wordIndex.get(gram);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys());
    const values = Float32Array.from(counts, ([index, count]) => (1 + Math.log(count)) * (this.views.words.idf[index] ?? 0));
    scaleToNorm(values, this.views.words.weight);
    return { indices, values };
  }

  #addCharCounts(token: string, counts: Map<number, number>): void {
    for (const gram of charGrams(token)) {
      const index = this.#charIndex.get(gram);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
  }

  #charIdf(index: number): number {
    return this.views.chars.idf[index - this.views.words.terms.length] ?? 0;
  }

  #gramsOf(word: string): WordCharGrams {
    const counts = new Map<number, number>();
    this.#addCharCounts(word, counts);
    return { indices: Int32Array.from(counts.keys()), weights: Float64Array.from(counts, ([index, count]) => count * this.#charIdf(index)) };
  }
}

function concat<T extends Int32Array | Float32Array>(type: { new (length: number): T }, a: T, b: T): T {
  const out = new type(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOf(terms: readonly string[], offset: number): Map<string, number> {
  return new Map(terms.map((term, index) => [term, index + offset]));
}
