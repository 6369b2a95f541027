// Finds money amounts in customer text: "$42.50", "30,50 €", "USD 42.50", "20 bucks", "¥500".
// A bare number is never money; a currency sign, code or word must sit right next to it.
import { centsFromDecimal, type Money } from '../domain/money.ts';

// Signs and codes may precede or follow the number; words ("bucks") only follow it.
const signs: Record<string, string> = { 'US$': 'USD', 'CA$': 'CAD', 'C$': 'CAD', 'AU$': 'AUD', 'A$': 'AUD', $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const codes = ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN'];
const words: Record<string, string> = {
  dollar: 'USD', dollars: 'USD', buck: 'USD', bucks: 'USD', euro: 'EUR', euros: 'EUR',
  pound: 'GBP', pounds: 'GBP', quid: 'GBP', franc: 'CHF', francs: 'CHF', yen: 'JPY',
};

// ISO 4217 minor-unit digits where they are not 2. Money.amountCents holds minor units (see
// domain/money.ts), and the yen has none, so ¥500 is amountCents 500, not 50000.
const minorDigits: Record<string, number> = { JPY: 0 };

const escape = (text: string): string => text.replace(/[$]/g, '\\$');
const signPattern = Object.keys(signs).sort((a, b) => b.length - a.length).map(escape).join('|');
const codePattern = `(?<![\\p{L}])(?:${codes.join('|')})(?![\\p{L}])`;
const wordPattern = `(?:${Object.keys(words).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`;

// "1,299.00", "1.299,00", "30,50", "42.50", "500": grouped thousands or plain digits, then
// an optional one- or two-digit decimal part with either separator.
const numberPattern = String.raw`\d{1,3}(?:[,.'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
// A number glued to letters, ids, dates or times ("ORD-1001", "03/11/2026", "v2.5") is not an amount.
const notAfter = String.raw`(?<![\p{L}\d/.,:#\-])(?<!\b(?:order|ord)\s*(?:#|no\.?|nr\.?|number)?\s*)`;
const notBefore = String.raw`(?![\d/:]|[.,]\d)`;

// "$42.50", "USD 42.50", "CHF 20"
const currencyFirst = `(?<before>${signPattern}|${codePattern})\\s?(?<leading>${numberPattern})${notBefore}`;
// "42.50 USD", "30,50 €", "20 bucks"; a sign followed by a number belongs to that number ("1002 €30").
const numberFirst = `${notAfter}(?<trailing>${numberPattern})${notBefore}\\s?(?<after>${signPattern}|${codePattern}|${wordPattern})(?!\\s?\\d)`;
const moneyPattern = new RegExp(`${currencyFirst}|${numberFirst}`, 'giu');

export function findMoney(text: string): Money[] {
  const found: Money[] = [];
  for (const match of text.matchAll(moneyPattern)) {
    const { before, leading, trailing, after } = match.groups ?? {};
    const number = leading ?? trailing;
    const currency = currencyOf(before ?? after);
    if (number !== undefined && currency !== null) found.push(toMoney(number, currency));
  }
  return found;
}

function currencyOf(token: string | undefined): string | null {
  if (token === undefined) return null;
  return signs[token] ?? words[token.toLowerCase()] ?? (codes.includes(token.toUpperCase()) ? token.toUpperCase() : null);
}

function toMoney(number: string, currency: string): Money {
  const decimal = canonicalDecimal(number);
  const digits = minorDigits[currency] ?? 2;
  const amountCents = digits === 2 ? centsFromDecimal(decimal) : Math.round(Number(decimal) * 10 ** digits);
  return { amountCents, currency };
}

// Rewrites a written number as "1299.00". A separator followed by exactly three digits groups
// thousands; a final separator followed by one or two digits is the decimal point, so "30,50"
// is thirty euros fifty and "1,200" is twelve hundred.
function canonicalDecimal(number: string): string {
  const decimal = /[.,](\d{1,2})$/.exec(number);
  const whole = decimal ? number.slice(0, decimal.index) : number;
  const digits = whole.replace(/[^\d]/g, '');
  return decimal ? `${digits}.${decimal[1]}` : digits;
}
