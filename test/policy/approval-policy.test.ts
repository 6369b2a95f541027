import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { PolicyBook } from '../../src/policy/approval-policy.ts';
import { defineTool } from '../../src/tools/tool.ts';
import { ToolRegistry } from '../../src/tools/tool-registry.ts';

const noop = async () => null;
const tools = new ToolRegistry([
  defineTool({ name: 'issue_refund', description: 'refund', risk: 'money', input: z.object({ amount_cents: z.number() }), execute: noop }),
  defineTool({ name: 'lookup_order', description: 'read', risk: 'read', input: z.object({ order_id: z.string() }), execute: noop }),
  defineTool({ name: 'suspend_account', description: 'suspend', risk: 'destructive', input: z.object({}), execute: noop }),
  defineTool({ name: 'apply_credit', description: 'credit', risk: 'money', input: z.object({ amount_cents: z.number() }), approval: (args) => args.amount_cents > 1000, execute: noop }),
]);
const input = (args: Record<string, unknown>, session: Record<string, unknown> = {}, moneyOut = 0) => ({ args, session, run: { money_out_cents: moneyOut } });

describe('approval policy', () => {
  it('gates money and destructive tiers by default and lets read tools through', () => {
    const book = new PolicyBook(tools);
    assert.equal(book.get('issue_refund').decide(input({ amount_cents: 1 })).required, true);
    assert.equal(book.get('suspend_account').decide(input({})).required, true);
    assert.equal(book.get('lookup_order').decide(input({ order_id: 'x' })).required, false);
  });

  it("keeps a tool's own predicate when no rule is configured", () => {
    const book = new PolicyBook(tools);
    assert.equal(book.get('apply_credit').decide(input({ amount_cents: 500 })).required, false);
    assert.equal(book.get('apply_credit').decide(input({ amount_cents: 5000 })).required, true);
  });

  it('applies a configured CEL rule over the arguments, the session and the run', () => {
    const book = new PolicyBook(tools, { issue_refund: { approval: 'args.amount_cents + run.money_out_cents > 2500 || user.frustration_detected' } });
    const policy = book.get('issue_refund');
    assert.equal(policy.decide(input({ amount_cents: 2500 }, { user: { frustration_detected: false } })).required, false);
    assert.equal(policy.decide(input({ amount_cents: 2501 }, { user: { frustration_detected: false } })).required, true);
    assert.equal(policy.decide(input({ amount_cents: 100 }, { user: { frustration_detected: false } }, 2450)).required, true, 'what the run already paid out counts');
    assert.equal(policy.decide(input({ amount_cents: 100 }, { user: { frustration_detected: true } })).required, true);
  });

  it('fails closed when a rule cannot be evaluated', () => {
    const decision = new PolicyBook(tools, { issue_refund: { approval: 'args.amount > 10' } }).get('issue_refund').decide(input({ amount_cents: 1 }));
    assert.equal(decision.required, true);
    assert.match(decision.reason, /could not be evaluated/);
  });

  it('says which policies read the run, so the engine gathers its payouts only for those', () => {
    const book = new PolicyBook(tools, {
      issue_refund: { approval: 'args.amount_cents + run.money_out_cents > 2500' },
      apply_credit: { approval: 'args.amount_cents > 100', approval_chains: [{ when: 'run.money_out_cents > 0', steps: [{ name: 'lead' }] }] },
      suspend_account: { approval: 'always' },
    });
    assert.deepEqual(
      ['issue_refund', 'apply_credit', 'suspend_account', 'lookup_order'].map((tool) => book.get(tool).readsRun),
      [true, true, false, false],
    );
  });

  it('lets a configured tier change the default and refuses unknown tools', () => {
    const book = new PolicyBook(tools, { lookup_order: { risk: 'destructive' }, issue_refund: { approval: 'never' } });
    assert.equal(book.get('lookup_order').decide(input({ order_id: 'x' })).required, true);
    assert.equal(book.get('issue_refund').decide(input({ amount_cents: 99999 })).required, false);
    assert.throws(() => book.get('nope'), /No tool named "nope"/);
  });
});
