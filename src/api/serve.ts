// Binds the HTTP app to a port with Node's HTTP server.
import { serve, type ServerType } from '@hono/node-server';
import type { Switchboard } from '../app/switchboard.ts';
import { createHttpApp, type HttpAppOptions } from './http-app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startHttpServer(sb: Switchboard, options: { port: number; host: string } & HttpAppOptions): Promise<RunningServer> {
  const app = createHttpApp(sb, options);
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
