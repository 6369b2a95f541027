// A self-contained API reference rendered from the OpenAPI document (no CDN, works offline).
import { html, raw } from 'hono/html';
import { pageStyle } from './pages/page-style.ts';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
}

export function renderDocsPage(document: { info: { title: string; version: string }; paths?: object }) {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${document.info.title} — API reference</title>
<style>${raw(pageStyle)}</style>
</head>
<body>
<h1>${document.info.title} <small>v${document.info.version}</small></h1>
<p>The machine-readable document is at <a href="/openapi.json">/openapi.json</a>; import it into any OpenAPI client.</p>
${raw(operations.map(({ path, method, op }) => `<div class="op"><span class="m ${method}">${method}</span> <code>${escape(path)}</code><div><strong>${escape(op.summary ?? '')}</strong></div>${op.description ? `<p class="d">${escape(op.description)}</p>` : ''}</div>`).join('\n'))}
</body>
</html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
