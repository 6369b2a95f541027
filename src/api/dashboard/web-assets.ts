// The built dashboard (web/dist) read from disk on each request, so a rebuild needs no restart:
// index.html for the app's pages, and the hashed files under assets/ with their content types.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const defaultWebDist = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface WebAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Vite puts a content hash in every name under assets/, so a name never changes meaning. */
  immutable: boolean;
}

export interface WebAssets {
  /** null while the dashboard has not been built. */
  index(): Promise<string | null>;
  asset(name: string): Promise<WebAsset | null>;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** A plain file name: no separators, no leading dot, so a request cannot leave assets/. */
const safeName = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
const hashedName = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export function webAssets(dir: string = defaultWebDist): WebAssets {
  return {
    index: () => readOrNull(join(dir, 'index.html')).then((bytes) => (bytes ? new TextDecoder().decode(bytes) : null)),
    asset: async (name) => {
      const contentType = contentTypes[extname(name)];
      if (!safeName.test(name) || !contentType) return null;
      const body = await readOrNull(join(dir, 'assets', name));
      return body ? { body, contentType, immutable: hashedName.test(name) } : null;
    },
  };
}

async function readOrNull(path: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
