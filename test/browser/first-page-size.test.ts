// The built dashboard's first page stays light (under 300 KB of JavaScript gzipped) and within the
// CSP: no inline script, scripts and styles from the server itself.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { distDir, ensureWebBuilt } from '../../scripts/web-build.ts';
import { firstPageScripts } from '../../scripts/web-bundle-size.ts';

describe('the built dashboard', () => {
  it('loads under 300 KB of JavaScript, gzipped, on its first page', async () => {
    await ensureWebBuilt();
    const first = await firstPageScripts(distDir);
    assert.ok(first.files.length > 0, 'index.html loads a script');
    assert.ok(first.gzipBytes < 300 * 1024, `the first page loads ${first.gzipBytes} bytes gzipped`);
  });

  it('has no inline script or style for the CSP to refuse', async () => {
    await ensureWebBuilt();
    const html = await readFile(join(distDir, 'index.html'), 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script has a src');
    assert.doesNotMatch(html, /<style/);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'nothing loads from elsewhere');
  });
});
