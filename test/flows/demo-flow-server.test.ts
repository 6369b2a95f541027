// The demo as shipped: `switchboard serve` with the default configuration starts the shop's MCP
// servers and serves seed 003's refund flow next to the default workflow, with mails in the log.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { demoConfigPath } from '../../src/config/load-config.ts';
import { onFreshDatabase } from '../support/fresh-database.ts';
import { eventually } from '../support/eventually.ts';
import { postJson, type JsonResponse } from '../support/http.ts';
import { killSwitchboardProcesses, startServer } from '../support/server-process.ts';

const field = (response: JsonResponse, name: string): unknown => (response.body as Record<string, unknown>)[name];

describe('the shipped demo serves the seed 003 flow', () => {
  after(() => killSwitchboardProcesses());

  it('verifies a customer by a code written to the log and auto-refunds a small order', () =>
    onFreshDatabase('sqlite', async (database) => {
      const server = await startServer({ ...database.env, SWITCHBOARD_CONFIG: demoConfigPath, LOG_LEVEL: 'info' });
      const asked = await postJson(`${server.url}/chat`, { message: 'I want a refund', workflow: 'refund-with-handoff' });
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      const threadId = String(field(asked, 'thread_id'));
      assert.match(String(field(asked, 'reply')), /What email address is on your account/);
      await postJson(`${server.url}/chat`, { message: 'sam@example.com', thread_id: threadId });
      // Without an SMTP server the demo writes the mail to the log, where the person trying it reads the code.
      const code = await eventually(async () => /Your verification code is (\d{6})/.exec(server.transcript())?.[1], 'the mail in the log');
      const done = await postJson(`${server.url}/chat`, { message: code, thread_id: threadId });
      assert.equal(field(done, 'status'), 'DONE', JSON.stringify(done.body));
      assert.equal(field(done, 'reply'), 'Your refund of $120 for order #10234 has been processed.');
    }));

  it('answers an unknown workflow with 400 unknown_workflow', () =>
    onFreshDatabase('sqlite', async (database) => {
      const server = await startServer({ ...database.env, SWITCHBOARD_CONFIG: demoConfigPath });
      const response = await postJson(`${server.url}/chat`, { message: 'hello', workflow: 'nope' });
      assert.equal(response.status, 400);
      assert.equal((field(response, 'error') as { code: string }).code, 'unknown_workflow');
    }));
});
