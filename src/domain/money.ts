// Money is integer minor units plus an ISO currency code; never floats.

export interface Money {
  amountCents: number;
  currency: string;
}

const symbols: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

export function formatMoney(money: Money): string {
  const value = (money.amountCents / 100).toFixed(2);
  const symbol = symbols[money.currency];
  return symbol === undefined ? `${value} ${money.currency}` : `${symbol}${value}`;
}

export function centsFromDecimal(text: string): number {
  const [whole = '0', fraction = ''] = text.replace(/,/g, '').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}
