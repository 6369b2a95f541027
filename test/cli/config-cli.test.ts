// `switchboard config validate` as an operator runs it: a separate process, one line per outcome.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli-process.ts';

describe('switchboard config validate', () => {
  it('accepts the demo configuration and summarises it', async () => {
    const result = await runCli(['config', 'validate'], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /switchboard\.yaml: valid/);
    assert.match(result.stdout, /12 intents, 3 support rules, 3 tool policies/);
    assert.match(result.stdout, /classifier threshold 0\.\d+ for 97% precision/);
  });

  it('reports a problem with its file, line and path on one line, and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-cli-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, ['intents:', '  refund:', '    category: refund', '    route: refund', 'tools:', '  issue_refund:', '    approval: "args.amount_cents >"'].join('\n'));
    const result = await runCli(['config', 'validate', path], {});
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, new RegExp(`^switchboard: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:15 tools\\.issue_refund\\.approval: not a valid CEL condition: .* \\(invalid_config\\)$`, 'm'));
  });

  it('names an unknown tool in the tool policies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-cli-'));
    const path = join(dir, 'unknown-tool.yaml');
    writeFileSync(path, ['intents:', '  refund: { category: refund, route: refund, examples: [refund please, money back] }', 'tools:', '  wire_money:', '    risk: money'].join('\n'));
    const result = await runCli(['config', 'validate', path], {});
    assert.equal(result.code, 1);
    assert.match(result.stderr, /:4:3 tools\.wire_money: no tool named "wire_money" is registered/);
  });
});
