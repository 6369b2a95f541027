import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileCondition, ConditionSyntaxError, translateKeywords } from '../../src/policy/condition.ts';

describe('CEL conditions', () => {
  it("accepts seed 001's AND / OR / NOT spelling outside string literals", () => {
    assert.equal(translateKeywords('a == 1 AND NOT b OR c'), 'a == 1 && ! b || c');
    assert.equal(translateKeywords('name == "AND OR"'), 'name == "AND OR"');
    const condition = compileCondition('check_change_eligibility.eligible == false AND user.insists == true');
    assert.deepEqual(condition.evaluate({ check_change_eligibility: { eligible: false }, user: { insists: true } }), { ok: true, value: true });
    assert.deepEqual(condition.evaluate({ check_change_eligibility: { eligible: true }, user: { insists: true } }), { ok: true, value: false });
  });

  it('compares JSON numbers with integer and decimal literals', () => {
    const condition = compileCondition('args.amount_cents > 2500 || refund_amount > 25.0');
    assert.deepEqual(condition.evaluate({ args: { amount_cents: 2600 }, refund_amount: 1 }), { ok: true, value: true });
    assert.deepEqual(condition.evaluate({ args: { amount_cents: 2500 }, refund_amount: 25 }), { ok: true, value: false });
  });

  it('reports a missing variable or a non-boolean result as an error, not as false', () => {
    const missing = compileCondition('user.frustration_detected').evaluate({});
    assert.equal(missing.ok, false);
    const number = compileCondition('1 + 2').evaluate({});
    assert.deepEqual(number.ok, false);
  });

  it('refuses expressions that do not parse', () => {
    assert.throws(() => compileCondition('a >'), ConditionSyntaxError);
  });
});
