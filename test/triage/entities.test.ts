import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractEntities, extractMoney, extractOrderId } from '../../src/triage/entities.ts';

// Wednesday 18 March 2026, 10:00 in Berlin.
const now = new Date('2026-03-18T09:00:00Z');
const entities = (text: string, options: Parameters<typeof extractEntities>[1] = {}) => extractEntities(text, { now, timezone: 'Europe/Berlin', ...options });

describe('money in customer messages', () => {
  const cases: [string, number, string][] = [
    ['please refund $42.50', 4250, 'USD'],
    ['it was 42.50 USD', 4250, 'USD'],
    ['charged USD 42.50 twice', 4250, 'USD'],
    ['I paid €30', 3000, 'EUR'],
    ['I paid 30€', 3000, 'EUR'],
    ['the fee was 30,50 € for nothing', 3050, 'EUR'],
    ['that print cost 1.299,00 € in the end', 129900, 'EUR'],
    ['only £12', 1200, 'GBP'],
    ['I was charged 12 pounds', 1200, 'GBP'],
    ['the bundle was 1,299.00 dollars', 129900, 'USD'],
    ['shipping was CHF 20', 2000, 'CHF'],
    ["it came to 1'299.50 CHF", 129950, 'CHF'],
    ['give me my 20 bucks back', 2000, 'USD'],
    ['the camera was US$ 300', 30000, 'USD'],
  ];
  for (const [text, amountCents, currency] of cases) {
    it(`reads "${text}" as ${amountCents} ${currency} minor units`, () => assert.deepEqual(entities(text).amount, { amountCents, currency }));
  }

  it('keeps yen in whole yen, since JPY has no minor unit', () => {
    assert.deepEqual(entities('an extra ¥500 on my card').amount, { amountCents: 500, currency: 'JPY' });
    assert.deepEqual(entities('a ¥5,000 order').amount, { amountCents: 5000, currency: 'JPY' });
  });

  it('lists every amount in order and names the first', () => {
    const found = entities('I was charged €35.70 but the cart said €30, and shipping 5 euros');
    assert.deepEqual(found.amounts, [
      { amountCents: 3570, currency: 'EUR' },
      { amountCents: 3000, currency: 'EUR' },
      { amountCents: 500, currency: 'EUR' },
    ]);
    assert.deepEqual(found.amount, found.amounts[0]);
  });

  const notMoney = [
    'where is ORD-1001',
    'order 1002 has not arrived',
    'my order number 1003 is late',
    'I bought it in 2025',
    'it arrived on 03/11/2026 broken',
    'delivered on 2026-11-02',
    'call me on +44 20 7946 0958',
    'my number is 555-123-4567',
    'it took 12 days',
    'the eurostar was late',
    'a 40MB TIFF file',
  ];
  for (const text of notMoney) {
    it(`finds no money in "${text}"`, () => assert.deepEqual(entities(text).amounts, []));
  }

  it('does not take an order number for an amount next to a currency', () => {
    assert.deepEqual(entities('order 1002 EUR 30').amounts, [{ amountCents: 3000, currency: 'EUR' }]);
    assert.deepEqual(entities('ticket 1002 €30').amounts, [{ amountCents: 3000, currency: 'EUR' }]);
  });

  it('keeps extractMoney returning the first amount', () => {
    assert.deepEqual(extractMoney('refund $5 and 10 euros'), { amountCents: 500, currency: 'USD' });
    assert.equal(extractMoney('no amount here'), null);
  });
});

describe('order ids', () => {
  it('reads the default forms and normalises them to ORD-nnnn', () => {
    const found = entities('ORD-1001, ORD 1002, order #1003, order number 1004, order no. 1005 and ord1006');
    assert.deepEqual(found.order_ids, ['ORD-1001', 'ORD-1002', 'ORD-1003', 'ORD-1004', 'ORD-1005', 'ORD-1006']);
    assert.equal(found.order_id, 'ORD-1001');
  });

  it('lists an id mentioned twice once', () => {
    assert.deepEqual(entities('ORD-1002 ... again, order 1002').order_ids, ['ORD-1002']);
  });

  it('does not read "ordered" or a bare number as an order id', () => {
    assert.deepEqual(entities('I ordered 1002 prints in 2025').order_ids, []);
  });

  it('uses the first capture group of a configured pattern as the id', () => {
    const pattern = /\b(?:invoice|inv)[\s-]*#?\s*(\d{5,})\b/i;
    assert.deepEqual(entities('about INV-55501 and invoice #55502', { orderIdPattern: pattern }).order_ids, ['55501', '55502']);
    assert.equal(extractOrderId('about INV-55501', pattern), '55501');
  });

  it('uses the whole match of a configured pattern without groups', () => {
    const pattern = /\b[A-Z]{2}\d{6}\b/;
    assert.deepEqual(entities('orders AB123456 and CD654321, not ORD-1001', { orderIdPattern: pattern }).order_ids, ['AB123456', 'CD654321']);
  });
});

describe('email addresses', () => {
  it('lists every address, lower-cased, without trailing punctuation', () => {
    const found = entities('Mail Sara.Lopez@Example.co.uk or tom+shop@mail.io.');
    assert.deepEqual(found.emails, ['sara.lopez@example.co.uk', 'tom+shop@mail.io']);
    assert.equal(found.email, 'sara.lopez@example.co.uk');
  });

  it('is null when there is none', () => assert.equal(entities('no address').email, null));
});

describe('dates relative to now', () => {
  const cases: [string, string[]][] = [
    ['it arrived yesterday', ['2026-03-17']],
    ['I ordered last Monday', ['2026-03-16']],
    ['I paid on March 3rd', ['2026-03-03']],
    ['delivery was due 2026-11-02', ['2026-11-02']],
    ['shipped on 03/11/2026', ['2026-03-11']],
    ['I sent it back 10 days ago', ['2026-03-08']],
    ['ordered yesterday, returned today', ['2026-03-17', '2026-03-18']],
  ];
  for (const [text, dates] of cases) {
    it(`reads "${text}" as ${dates.join(', ')}`, () => assert.deepEqual(entities(text).dates, dates));
  }

  it('reads day-first numeric dates when asked', () => {
    assert.deepEqual(entities('shipped on 03/11/2026', { dayFirst: true }).dates, ['2026-11-03']);
  });

  it('resolves "yesterday" on the customer\'s calendar, not the server\'s', () => {
    const lateEvening = new Date('2026-03-18T23:30:00Z');
    assert.deepEqual(extractEntities('it broke yesterday', { now: lateEvening, timezone: 'UTC' }).dates, ['2026-03-17']);
    assert.deepEqual(extractEntities('it broke yesterday', { now: lateEvening, timezone: 'Europe/Berlin' }).dates, ['2026-03-18']);
    assert.deepEqual(extractEntities('it broke yesterday', { now: lateEvening, timezone: 'America/New_York' }).dates, ['2026-03-17']);
  });

  const notDates = ['call me at 5pm', 'the tracking has not moved for 6 days', 'it hasn\'t updated in 4 days', 'is chat open 24/7?', 'where is ORD-1001', 'I paid $42.50', 'some time last month'];
  for (const text of notDates) {
    it(`finds no day in "${text}"`, () => assert.deepEqual(entities(text).dates, []));
  }
});

describe('a whole message', () => {
  it('extracts everything at once', () => {
    assert.deepEqual(entities('Hi, ORD-1002 arrived broken yesterday. I paid $42.50, please refund to sara@example.com'), {
      email: 'sara@example.com',
      emails: ['sara@example.com'],
      order_id: 'ORD-1002',
      order_ids: ['ORD-1002'],
      amount: { amountCents: 4250, currency: 'USD' },
      amounts: [{ amountCents: 4250, currency: 'USD' }],
      dates: ['2026-03-17'],
    });
  });
});
