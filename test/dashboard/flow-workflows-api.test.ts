// Flows are listed beside the built-in workflow and drawn from their own JSON.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { demoConfigPath, parseConfig } from '../../src/config/load-config.ts';
import { defineTool } from '../../src/tools/tool.ts';
import { apiApp } from '../support/api-app.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const flowFile = fileURLToPath(new URL('../../config/flows/refund-with-handoff.json', import.meta.url));

/** The flow's MCP tools, stood in for by code: drawing the graph calls none of them. */
const standIns = ['orders__get_order', 'stripe__create_refund'].map((name) =>
  defineTool({ name, description: `stand-in for ${name}`, risk: 'read', input: z.record(z.string(), z.unknown()), execute: async () => ({}) }),
);

function configWithFlow() {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('flows', { 'refund-with-handoff': flowFile });
  return parseConfig(document.toString(), { source: 'flow-graph-test.yaml', baseDir: dirname(demoConfigPath) });
}

for (const dialect of await dialectsUnderTest()) {
  describe(`flows in the workflow list (${dialect})`, () => {
    it('lists a flow with its file and draws it', async (t) => {
      const sb = await switchboardForTest(t, dialect, { config: configWithFlow(), tools: standIns });
      const app = await apiApp(sb, { role: 'viewer' });
      const list = (await (await app.request('/api/projects/default/workflows')).json()) as { workflows: unknown[] };
      assert.deepEqual(list.workflows, [
        { name: 'support-triage', kind: 'built-in', default: true, source: null },
        { name: 'refund-with-handoff', kind: 'flow', default: false, source: flowFile },
      ]);
      const response = await app.request('/api/projects/default/workflows/refund-with-handoff/graph');
      assert.equal(response.status, 200);
      const graph = (await response.json()) as { nodes: { id: string }[]; edges: { from: string; to: string; label: string | null }[] };
      assert.equal(graph.nodes.length, 12, 'ten flow nodes, start and end');
      assert.ok(graph.edges.some((e) => e.from === 'check' && e.to === 'handoff' && e.label === 'true'));
    });
  });
}
