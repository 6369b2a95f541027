// `switchboard config validate` as an operator runs it: a separate process, one line per outcome.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { demoConfigPath } from '../../src/config/load-config.ts';
import { runCli } from '../support/cli-process.ts';

describe('switchboard config validate', () => {
  it('accepts the demo configuration and summarises it', async () => {
    const result = await runCli(['config', 'validate', demoConfigPath], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /switchboard\.yaml: valid/);
    assert.match(result.stdout, /12 intents, 3 support rules, 4 tool policies, 1 flows, 2 MCP servers/);
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

  it('checks the workflow files a configuration names, pointing into the flow file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-cli-'));
    writeFileSync(join(dir, 'refund.json'), '{\n  "nodes": [\n    { "id": "t1", "type": "trigger", "data": { "triggerType": "message_received" } },\n    { "id": "say", "type": "send_message", "data": { "message": "Order {{order.id}}" } }\n  ],\n  "edges": [{ "source": "t1", "target": "say" }]\n}\n');
    writeFileSync(join(dir, 'switchboard.yaml'), 'flows:\n  refund: refund.json\ndefault_workflow: refund\n');
    const result = await runCli(['config', 'validate', join(dir, 'switchboard.yaml')], {});
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /refund\.json:4:\d+ nodes\[1\]\.data\.message: unknown variable \{\{order\.id\}\}/);
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
  });

  it('refuses a default workflow that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-cli-'));
    writeFileSync(join(dir, 'switchboard.yaml'), 'default_workflow: refunds\n');
    const result = await runCli(['config', 'validate', join(dir, 'switchboard.yaml')], {});
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /switchboard\.yaml:1:\d+ default_workflow: no workflow named "refunds" \(known: support-triage\)/);
  });
});
