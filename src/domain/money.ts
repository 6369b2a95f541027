// Money is integer minor units plus an ISO currency code; never floats.

export interface Money {
  amountCents: number;
  currency: string;
}

const formats = new Map<string, Intl.NumberFormat>();

/** `$2,500.00`, `€30.00`, `¥500`: minor units per the currency (a yen has none). */
export function formatMoney(money: Money): string {
  if (!/^[A-Z]{3}$/.test(money.currency)) return `${(money.amountCents / 100).toFixed(2)} ${money.currency}`;
  const format = formatFor(money.currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amountCents / 10 ** digits);
}

function formatFor(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    formats.set(currency, format);
  }
  return format;
}

export function centsFromDecimal(text: string): number {
  const [whole = '0', fraction = ''] = text.replace(/,/g, '').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}
