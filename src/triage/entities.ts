// Entity extraction for the default flow: money amounts, order ids and email addresses.
import { centsFromDecimal, type Money } from '../domain/money.ts';

const currencyBySymbol: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };
const currencyByWord: Record<string, string> = { usd: 'USD', dollar: 'USD', dollars: 'USD', eur: 'EUR', euro: 'EUR', euros: 'EUR', gbp: 'GBP', pound: 'GBP', pounds: 'GBP' };

const symbolFirst = /([$€£])\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)/;
const wordAfter = /(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s?(usd|eur|gbp|dollars?|euros?|pounds?)\b/i;

export function extractMoney(text: string): Money | null {
  const symbol = symbolFirst.exec(text);
  if (symbol?.[1] && symbol[2]) return { amountCents: centsFromDecimal(symbol[2]), currency: currencyBySymbol[symbol[1]] ?? 'USD' };
  const word = wordAfter.exec(text);
  if (word?.[1] && word[2]) return { amountCents: centsFromDecimal(word[1]), currency: currencyByWord[word[2].toLowerCase()] ?? 'USD' };
  return null;
}

export function extractOrderId(text: string): string | null {
  const match = /\b(?:ORD|ORDER)[-\s]*#?\s*(\d{3,})\b/i.exec(text);
  return match?.[1] ? `ORD-${match[1]}` : null;
}

export function extractEmail(text: string): string | null {
  const match = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(text);
  return match ? match[0].toLowerCase() : null;
}
