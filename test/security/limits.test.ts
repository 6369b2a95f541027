// Limits and hygiene: per-address, per-key and sign-in rate limits, a deadline per request, a step cap
// and a token budget per ticket, security headers with a strict CSP, and logs without secrets.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { pino } from 'pino';
import { createHttpApp } from '../../src/api/http-app.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { redactedLogPaths } from '../../src/cli/context.ts';
import type { WorkflowState } from '../../src/engine/graph.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { demoConfigWith, switchboardWithModel } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const limitsYaml = (lines: string[]) => demoConfigWith((text) => `${text}\nlimits:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);

/** A workflow that never finishes on its own: each step goes back to itself. */
const loop = workflow<WorkflowState>('loop')
  .node('again', { run: async () => ({ kind: 'next', record: { layer: 'specialist', source: 'test', decision: 'again', tokensIn: 400, tokensOut: 200 } }) })
  .edge('again', 'again')
  .build((input) => ({ message: input.message }));

async function openApp(t: TestContext, lines: string[]) {
  const sb = await switchboardForTest(t, 'sqlite', { config: limitsYaml(lines) });
  return { sb, app: createHttpApp(sb) };
}

describe('request limits', () => {
  it('answers 429 with Retry-After once an address without credentials passes its limit', async (t) => {
    const { app } = await openApp(t, ['requests_per_minute_per_ip: 3']);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await app.request('/chat/thr_nothing')).status);
    assert.deepEqual(statuses, [404, 404, 404, 429]);
    const limited = await app.request('/chat/thr_nothing');
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited');
  });

  it('counts each key on its own, and sign-in attempts more strictly', async (t) => {
    const { sb, app } = await openApp(t, ['requests_per_minute_per_key: 2', 'logins_per_minute_per_ip: 2']);
    const keyA = (await createApiKey(sb.identity, { projectId: 'default', name: 'a', role: 'viewer', createdBy: 't' })).key;
    const keyB = (await createApiKey(sb.identity, { projectId: 'default', name: 'b', role: 'viewer', createdBy: 't' })).key;
    const get = (key: string) => app.request('/api/projects/default/tickets', { headers: { authorization: `Bearer ${key}` } });
    assert.deepEqual([(await get(keyA)).status, (await get(keyA)).status, (await get(keyA)).status], [200, 200, 429]);
    assert.equal((await get(keyB)).status, 200, 'another key has its own allowance');
    const login = () => app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@example.com', password: 'guess' }) });
    assert.deepEqual([(await login()).status, (await login()).status, (await login()).status], [401, 401, 429]);
  });

  it('answers 504 when a request outlives its deadline, and the run goes on', async (t) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = workflow<WorkflowState>('slow')
      .node('wait', { run: async () => (await held, { kind: 'next', reply: 'done at last', record: { layer: 'specialist', source: 'test', decision: 'done' } }) })
      .build((input) => ({ message: input.message }));
    const sb = await switchboardForTest(t, 'sqlite', { config: limitsYaml(['request_timeout_ms: 1000']), workflows: [slow] });
    const app = createHttpApp(sb);
    const response = await app.request('/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'hi', workflow: 'slow' }) });
    assert.equal(response.status, 504);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'timeout');
    release();
    const [ticket] = await sb.tickets.list('default');
    const run = await sb.chat.status('default', ticket?.thread_id ?? '');
    const settled = run.status === 'DONE' ? run : await sb.chat.runResult(run.run_id);
    assert.equal(settled.reply, 'done at last');
  });
});

describe('runaway runs', () => {
  it('stops a run at the step cap and hands the ticket to a person', async (t) => {
    const sb = await switchboardForTest(t, 'sqlite', { config: limitsYaml(['max_steps_per_run: 5']), workflows: [loop] });
    const result = await sb.chat.postMessage({ projectId: 'default', message: 'go', workflow: 'loop' });
    assert.equal(result.status, 'FAILED');
    const run = await sb.engine.getRun(result.run_id);
    assert.match(run?.error ?? '', /limit of 5 steps/);
    assert.equal(run?.stepCount, 6, 'five steps, then the failed one');
    assert.equal((await sb.tickets.find('default', result.ticket)).status, 'with_human');
  });

  it('stops a ticket that used its model token budget', async (t) => {
    const { sb } = await switchboardWithModel(t, 'sqlite', { config: limitsYaml(['tokens_per_ticket: 1500']), workflows: [loop] });
    const result = await sb.chat.postMessage({ projectId: 'default', message: 'go', workflow: 'loop' });
    const run = await sb.engine.getRun(result.run_id);
    assert.match(run?.error ?? '', /budget of 1500 model tokens/);
    assert.equal(run?.stepCount, 4, 'three steps of 600 tokens cross the budget; the fourth is refused');
  });
});

describe('hygiene', () => {
  it('sends a strict CSP that allows the page\'s own stylesheet by hash and no script', async (t) => {
    const { app } = await openApp(t, []);
    const page = await app.request('/docs');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) assert.ok(csp.includes(directive), directive);
    const style = /<style>([\s\S]*?)<\/style>/.exec(await page.text())?.[1] ?? '';
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`), 'the inline stylesheet is allowed by its hash');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.ok((await app.request('/healthz')).headers.get('content-security-policy'), 'JSON answers carry the headers too');
  });

  it('keeps secrets and contact details out of the log', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const logger = pino({ redact: { paths: [...redactedLogPaths], censor: '[redacted]' } }, sink);
    logger.info({ password: 'hunter22', headers: { authorization: 'Bearer sbk_secret', cookie: 'sb_session=abc' }, to: 'dana@example.com', payload: { customer_email: 'dana@example.com', phone: '+49301234567' }, ticket: 'TKT-1001' }, 'event');
    const line = lines.join('');
    for (const secret of ['hunter22', 'sbk_secret', 'sb_session=abc', 'dana@example.com', '+49301234567']) assert.ok(!line.includes(secret), secret);
    assert.match(line, /TKT-1001/);
  });
});
