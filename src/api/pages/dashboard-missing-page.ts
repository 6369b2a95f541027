// What `/` and the dashboard's pages show while web/dist has not been built: how to build it, and
// the API meanwhile.
import { pageStyle } from './page-style.ts';

export function dashboardMissingPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Switchboard</title>
<style>${pageStyle}</style></head>
<body><h1>Switchboard</h1><p>The support triage autopilot is running, but the dashboard has not been built:
run <code>npm start</code> (it builds the dashboard first) or <code>node scripts/build-web.ts</code>, then reload. Meanwhile:</p>
<ul><li><a href="/docs">API reference</a> and <a href="/openapi.json">OpenAPI document</a></li>
<li><a href="/api/projects/default/human-tasks?status=pending">Pending approvals</a></li>
<li><a href="/api/projects/default/tickets">Tickets</a></li></ul></body></html>`;
}
