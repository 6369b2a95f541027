// What the first page costs: the JavaScript web/dist/index.html loads before anything else (its
// module script and the chunks it preloads), gzipped as a server would send it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FirstPageScripts {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export async function firstPageScripts(dist: string): Promise<FirstPageScripts> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((match) => match[1] ?? '');
  const bodies = await Promise.all(files.map((file) => readFile(join(dist, file))));
  return { files, rawBytes: sum(bodies.map((body) => body.length)), gzipBytes: sum(bodies.map((body) => gzipSync(body, { level: 9 }).length)) };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
