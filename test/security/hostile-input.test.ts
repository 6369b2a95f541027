// Requests the fuzzer found answered with 500 once, kept as plain regressions: each is now a 4xx with
// a stable code, on both stores.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiApp, type ApiApp } from '../support/api-app.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`hostile input (${dialect})`, () => {
    let env: TestSwitchboard;
    let app: ApiApp;
    before(async () => {
      env = await testSwitchboard(dialect);
      app = await apiApp(env.sb);
    });
    after(() => env.close());

    const answer = async (response: Response) => [response.status, ((await response.json()) as { error?: { code: string } }).error?.code];

    it('answers a body that is not JSON with 415', async () => {
      assert.deepEqual(await answer(await app.request('/chat', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"message":"hi"}' })), [415, 'unsupported_media_type']);
    });

    it('gives a project id such as __proto__ no role', async () => {
      for (const project of ['__proto__', 'constructor', 'toString']) {
        assert.deepEqual(await answer(await app.request(`/api/projects/${project}/tickets`)), [403, 'forbidden'], project);
      }
    });

    it('refuses a NUL character in the address or in any text of the body', async () => {
      assert.deepEqual(await answer(await app.request('/chat/%00')), [400, 'invalid_request']);
      assert.deepEqual(await answer(await app.request('/api/projects/default/tickets?q=%00&before=%')), [400, 'invalid_request'], 'a malformed escape elsewhere hides no NUL');
      assert.deepEqual(await answer(await app.request('/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'hi\u0000there' }) })), [400, 'invalid_request']);
      assert.equal(await env.sb.db.kysely.selectFrom('tickets').select('id').executeTakeFirst(), undefined, 'nothing was stored');
    });

    it('answers a ticket number beyond any ticket with 404', async () => {
      assert.deepEqual(await answer(await app.request('/api/projects/default/tickets/TKT-2147483648')), [404, 'ticket_not_found']);
    });

    it('refuses JSON nested deeper than 64 levels before anything walks it', async () => {
      const deep = `{"type":"review","title":"t","reason":"r","context":{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`;
      assert.deepEqual(await answer(await app.request('/api/projects/default/human-tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep })), [400, 'invalid_request']);
    });
  });
}
