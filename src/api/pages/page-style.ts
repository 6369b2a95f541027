// The server's own pages (the API reference, the start page) share one stylesheet, inlined; the CSP
// allows exactly this stylesheet by its hash and no script at all.
import { createHash } from 'node:crypto';

export const pageStyle = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{font-size:1.6rem}.op{border:1px solid #d8dce5;border-radius:8px;padding:.8rem 1rem;margin:.7rem 0}
.m{display:inline-block;min-width:4.2rem;font-weight:700;font-family:monospace}.GET{color:#1a7f37}.POST{color:#0969da}
code{font-size:.95rem}.d{color:#57606a;margin:.3rem 0 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
.msg{border-left:3px solid #d8dce5;padding:.2rem .7rem;margin:.4rem 0;white-space:pre-wrap}
textarea{width:100%;min-height:4rem;font:inherit}label{display:block;margin:.8rem 0 .3rem;font-weight:600}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border-radius:6px;border:0;color:#fff;cursor:pointer;margin-top:.8rem}
.approve{background:#1a7f37}.reject{background:#cf222e}.note{padding:.8rem 1rem;border-radius:8px;background:#f6f8fa}`;

export const pageStyleHash = `'sha256-${createHash('sha256').update(pageStyle).digest('base64')}'`;
