// Operators manage people and keys from the command line; a first start creates the admin.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/cli-process.ts';
import { onFreshDatabase } from '../support/fresh-database.ts';
import { getJson, postJson } from '../support/http.ts';
import { killSwitchboardProcesses, startServer } from '../support/server-process.ts';

describe('switchboard users and apikeys', () => {
  after(() => killSwitchboardProcesses());

  it('adds a person with a generated password and creates, lists and revokes a key', () =>
    onFreshDatabase('sqlite', async (database) => {
      const added = await runCli(['users', 'add', 'rita@example.com', '--role', 'reviewer'], database.env);
      assert.equal(added.code, 0, added.stderr);
      const password = /Password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
      assert.ok(password && password.length >= 12);

      const created = await runCli(['apikeys', 'create', '--name', 'helpdesk', '--role', 'agent'], database.env);
      assert.equal(created.code, 0, created.stderr);
      const key = /Key \(shown once\): (sbk_\S+)/.exec(created.stdout)?.[1] ?? '';
      const id = /Created API key (\S+)/.exec(created.stdout)?.[1] ?? '';
      const listed = await runCli(['apikeys', 'list'], database.env);
      assert.match(listed.stdout, new RegExp(`${id}\\s+sbk_\\S+…\\s+helpdesk\\s+agent`));
      assert.ok(!listed.stdout.includes(key), 'a list never shows the key');

      const server = await startServer({ ...database.env, SWITCHBOARD_ADMIN_PASSWORD: 'admin password from env' });
      const tickets = await fetch(`${server.url}/api/projects/default/tickets`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(tickets.status, 200);
      const login = await postJson(`${server.url}/auth/login`, { email: 'rita@example.com', password });
      assert.equal(login.status, 200);

      assert.equal((await runCli(['apikeys', 'revoke', id], database.env)).code, 0);
      const refused = await fetch(`${server.url}/api/projects/default/tickets`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(refused.status, 401);
    }));

  it('refuses a role that does not exist with one line and a non-zero exit', () =>
    onFreshDatabase('sqlite', async (database) => {
      const result = await runCli(['users', 'add', 'x@example.com', '--role', 'owner'], database.env);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /^switchboard: "owner" is not a role; use viewer, agent, reviewer, admin\. \(invalid_request\)\n$/);
    }));

  it('creates the first admin on the first start and prints a generated password once', () =>
    onFreshDatabase('sqlite', async (database) => {
      const first = await startServer(database.env);
      const line = await first.waitForLine(/^Admin password \(shown once\): (\S+)/);
      const login = await postJson(`${first.url}/auth/login`, { email: 'admin@localhost', password: line[1] });
      assert.equal(login.status, 200);
      assert.deepEqual(login.body, { ...(login.body as object), roles: { default: 'admin' } });
      await first.kill('SIGTERM');
      const second = await startServer(database.env);
      assert.ok(!second.transcript().includes('Admin password'), 'a later start creates nobody');
      assert.equal((await getJson(`${second.url}/healthz`)).status, 200);
    }));
});
