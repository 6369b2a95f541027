// Binds the HTTP app to a port with Node's HTTP server.
import { setMaxListeners } from 'node:events';
import { serve, type ServerType } from '@hono/node-server';
import type { Switchboard } from '../app/switchboard.ts';
import { createHttpApp, type HttpAppOptions } from './http-app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startHttpServer(sb: Switchboard, options: { port: number; host: string } & HttpAppOptions): Promise<RunningServer> {
  // Live event streams never end by themselves: closing ends them first, or close() would wait forever.
  const closing = new AbortController();
  setMaxListeners(0, closing.signal);
  const app = createHttpApp(sb, { ...options, closing: closing.signal });
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => {
          closing.abort();
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
    server.once('error', reject);
  });
}
