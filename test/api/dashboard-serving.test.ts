// The dashboard comes from the API's own server: its page for every browser route, its hashed files
// with long caching, never an HTML page where the API answers, and a hint while it is not built.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { webAssets } from '../../src/api/dashboard/web-assets.ts';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { SwitchboardApp } from '../../src/api/auth/app-env.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

const indexHtml = '<!doctype html><html><head><script type="module" src="/assets/index-Abc123_x.js"></script></head><body><div id="root"></div></body></html>';
const browserRoutes = ['/', '/login', '/inbox', '/tasks/01ABC', '/tickets', '/tickets/TKT-1001', '/playground', '/config', '/numbers', '/approvals'];
const serverPaths = ['/api/projects/default/nothing', '/auth/nothing', '/chat/x/y/z', '/actions/a/b', '/hooks/nothing', '/docs/x', '/openapi.json/x', '/healthz/x', '/readyz/x', '/unknown'];

describe('serving the dashboard', () => {
  let env: TestSwitchboard;
  let dist: string;
  let app: SwitchboardApp;
  let unbuilt: SwitchboardApp;
  before(async () => {
    env = await testSwitchboard('sqlite');
    dist = await mkdtemp(join(tmpdir(), 'switchboard-web-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), indexHtml);
    await writeFile(join(dist, 'assets', 'index-Abc123_x.js'), 'console.log("dashboard")');
    await writeFile(join(dist, 'assets', 'index-Abc123_x.css'), 'body{}');
    app = createHttpApp(env.sb, { webAssets: webAssets(dist) });
    unbuilt = createHttpApp(env.sb, { webAssets: webAssets(join(dist, 'missing')) });
  });
  after(async () => {
    await env.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('answers every browser route with the app page, revalidated on each visit, under the strict CSP', async () => {
    for (const path of browserRoutes) {
      const response = await app.request(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/, path);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
      assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/, path);
      assert.equal(await response.text(), indexHtml, path);
    }
  });

  it('serves hashed files with their content type and a year of caching', async () => {
    const script = await app.request('/assets/index-Abc123_x.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await script.text(), 'console.log("dashboard")');
    const style = await app.request('/assets/index-Abc123_x.css');
    assert.equal(style.headers.get('content-type'), 'text/css; charset=utf-8');
  });

  it('serves nothing outside assets/ and nothing it does not know the type of', async () => {
    for (const path of ['/assets/..%2Findex.html', '/assets/.hidden.js', '/assets/missing-Abc123_x.js', '/assets/index-Abc123_x.exe']) {
      const response = await app.request(path);
      assert.equal(response.status, 404, path);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/, path);
    }
  });

  it('keeps answering 404 JSON on the API\'s paths and on unknown ones', async () => {
    for (const path of serverPaths) {
      const response = await app.request(path);
      assert.equal(response.status, 404, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found', path);
    }
  });

  it('says how to build the dashboard while it is not built', async () => {
    for (const path of ['/', '/inbox']) {
      const response = await unbuilt.request(path);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.match(html, /dashboard has not been built/);
      assert.match(html, /npm start/);
    }
  });
});
