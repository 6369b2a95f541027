// List prices of well-known hosted models, so cost is reported without configuration; an operator
// sets SWITCHBOARD_MODEL_PRICE_* for anything else (or when prices change).

/** USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

// Keys are model-id prefixes, so dated snapshots ("gpt-4o-mini-2024-07-18") match their family;
// the longest matching prefix wins ("gpt-4o-mini" before "gpt-4o").
const knownPrices: Record<string, ModelPrice> = {
  'openai/gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'openai/gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'openai/gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'openai/gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'openai/gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'anthropic/claude-3-haiku': { inputPerMillion: 0.25, outputPerMillion: 1.25 },
  'anthropic/claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
  'anthropic/claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
  'anthropic/claude-3-5-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic/claude-3-7-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic/claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
};

/** The list price for `provider/model`, or null when the model is not a known hosted one. */
export function knownPrice(modelId: string): ModelPrice | null {
  const prefixes = Object.keys(knownPrices).filter((prefix) => modelId.startsWith(prefix));
  const longest = prefixes.sort((a, b) => b.length - a.length)[0];
  return longest === undefined ? null : (knownPrices[longest] ?? null);
}

/** Cost in USD, rounded to a millionth of a cent so stored sums stay exact enough to compare. */
export function costUsd(price: ModelPrice | null, inputTokens: number, outputTokens: number): number | null {
  if (price === null) return null;
  const raw = (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
  return Math.round(raw * 1e8) / 1e8;
}
